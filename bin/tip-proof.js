#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, `prepare` and `npm start`) in this very
// process: no loader, no child process. Ctrl-C and a supervisor's SIGTERM reach the CLI exactly once,
// and nothing can be orphaned.
try {
  await import("../dist/cli/main.js");
} catch (e) {
  // Only a checkout that was never built lands here (a published package ships dist/).
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli/main.js")) throw e;
  process.stderr.write("tip-proof is not built (no dist/): run `npm run build` (npm install does it).\n");
  process.exitCode = 2;
}
