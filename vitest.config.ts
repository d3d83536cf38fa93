import { defineConfig } from "vitest/config";

// Three projects: `unit` (src/**/*.test.ts plus the repository-wide boundary and docs checks: no sandbox
// runs, no CLI processes; `npm run test:unit`, seconds), `integration` (everything under test/) and the
// emulator's own, `sandbox` (packages/sandbox; `npm test -w @tip-proof/sandbox` runs it alone).
// `npm test` runs all three.
const UNIT_IN_TEST = ["test/boundaries.test.ts", "test/docs.test.ts", "test/lint-boundaries.test.ts"];
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
    projects: [
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts", ...UNIT_IN_TEST] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...UNIT_IN_TEST],
          // Child processes (the tip-proof bin, plain Node scripts) run the compiled harness and sandbox (dist/).
          globalSetup: ["test/build-dist.ts"],
        },
      },
      "packages/sandbox",
    ],
  },
});
