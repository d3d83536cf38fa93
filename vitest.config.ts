import { defineConfig } from "vitest/config";

// The workspace package @tip-proof/sandbox is imported from its TypeScript sources (the "source" export
// condition), so tests need no build; then Vitest's defaults for Node (not "module": dist-es builds
// of the AWS SDK are for bundlers). Vitest hands these to its workers as --conditions too.
const SOURCE_CONDITIONS = ["source", "node", "development|production"];

export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    hookTimeout: 30_000,
    // DuckDB and the sandbox's HTTP servers are per-file; two workers fit the 2-core CI machine.
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: "reports/.vitest/results.json" },
    // `npm test` runs both; `npm test -w @tip-proof/sandbox` (or --project sandbox) the emulator's alone.
    projects: [
      {
        extends: true,
        test: {
          name: "harness",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          // Child processes (the tip-proof bin, plain Node scripts) load the sandbox from its dist/.
          globalSetup: ["packages/sandbox/test/build-dist.ts"],
        },
      },
      "packages/sandbox",
    ],
  },
});
