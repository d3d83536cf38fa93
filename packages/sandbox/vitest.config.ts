import { defineConfig } from "vitest/config";

// Imports of @tip-proof/sandbox resolve to the TypeScript sources (the "source" export condition): no
// build for tests. Then Vitest's defaults for Node (not "module": dist-es builds of the AWS SDK are for
// bundlers). Vitest hands these to its workers as --conditions too.
const SOURCE_CONDITIONS = ["source", "node", "development|production"];

export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    name: "sandbox",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // DuckDB and the HTTP servers are per-file; two workers fit a 2-core machine.
    maxWorkers: 2,
    // Plain Node children (examples/sandbox-api.mjs, the vitest example) load dist/: kept current.
    globalSetup: ["test/build-dist.ts"],
  },
});
