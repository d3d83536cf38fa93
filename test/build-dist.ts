// Vitest globalSetup of the integration project: brings both dist/ folders up to date (the harness's and
// the sandbox package's, `npm run build`) before tests start child processes that run plain Node on them
// (the tip-proof bin, the examples, the packed tarballs). Incremental: well under a second when nothing
// changed, so a test never exercises a stale build of sources it has just edited.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildDist() {
  execFileSync(process.execPath, [fileURLToPath(new URL("../scripts/build.mjs", import.meta.url))], {
    stdio: "inherit",
  });
}
