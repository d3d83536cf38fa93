import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    hookTimeout: 30_000,
    // DuckDB and the sandbox's HTTP servers are per-file; two workers fit the 2-core CI machine.
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: "reports/.vitest/results.json" },
  },
});
