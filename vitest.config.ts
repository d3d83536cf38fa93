import { defineConfig } from "vitest/config";

// Two projects: `unit` (src/**/*.test.ts plus the repository-wide boundary and docs checks: no sandbox
// runs, no CLI processes; `npm run test:unit`, seconds) and `integration` (everything under test/).
// `npm test` runs both.
const UNIT_IN_TEST = ["test/boundaries.test.ts", "test/docs.test.ts"];

export default defineConfig({
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
      { extends: true, test: { name: "integration", include: ["test/**/*.test.ts"], exclude: ["**/node_modules/**", ...UNIT_IN_TEST] } },
    ],
  },
});
