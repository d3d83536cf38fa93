// Vitest globalSetup: brings dist/ up to date before tests start child processes that run plain Node on
// the built package (the tip-proof bin, the examples). Incremental: about a second when nothing changed,
// so a test never exercises a stale build of sources it has just edited.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export default function buildDist() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", fileURLToPath(new URL("../tsconfig.build.json", import.meta.url))], {
    stdio: "inherit",
  });
}
