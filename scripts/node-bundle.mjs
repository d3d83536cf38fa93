// esbuild options shared by the CLI bundle (scripts/build.mjs) and the benchmark's (scripts/bench.mjs),
// so the benchmark measures the harness compiled exactly as the bin runs it.
export const nodeBundle = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Loaded from node_modules as installed: the SDK (large, and only some commands need it), the
  // sandbox (its own package) and Playwright.
  external: ["@tip-proof/sandbox", "@aws-sdk/*", "@smithy/*", "playwright-core"],
  // Inlined CommonJS packages (yaml, commander, dotenv) call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __cliRequire } from "node:module"; const require = __cliRequire(import.meta.url);',
  },
};
