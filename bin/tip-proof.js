#!/usr/bin/env node
// Runs the compiled CLI in this very process: no loader, no child process. Ctrl-C and a supervisor's
// SIGTERM reach the CLI exactly once, and nothing can be orphaned. dist/cli-bundle is the fast start
// (esbuild); dist/cli is tsc's output, used when the bundle could not be built (scripts/build.mjs).
const missing = (e, file) => e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes(file);
try {
  await import("../dist/cli-bundle/main.js");
} catch (e) {
  if (!missing(e, "dist/cli-bundle/main.js")) throw e;
  try {
    await import("../dist/cli/main.js");
  } catch (e2) {
    // Only a checkout that was never built lands here (a published package ships dist/).
    if (!missing(e2, "dist/cli/main.js")) throw e2;
    process.stderr.write("tip-proof is not built (no dist/): run `npm run build` (npm install does it).\n");
    process.exitCode = 2;
  }
}
