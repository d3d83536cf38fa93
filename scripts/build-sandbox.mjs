// `prepare` (runs after npm install / npm ci at the root): builds packages/sandbox/dist, which plain Node
// loads (the tip-proof bin under tsx, the examples, tip-sandbox). Skipped when the optional sandbox was
// left out (npm ci --omit=optional) or TypeScript is absent (--omit=dev): nothing then needs dist.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const root = new URL("..", import.meta.url);
if (!existsSync(new URL("node_modules/@tip-proof/sandbox/package.json", root))) {
  console.log("prepare: @tip-proof/sandbox is not installed (--omit=optional): nothing to build");
  process.exit(0);
}
let tsc;
try { tsc = createRequire(root).resolve("typescript/bin/tsc"); } catch {
  console.log("prepare: TypeScript is not installed (--omit=dev): the sandbox's dist/ is not built");
  process.exit(0);
}
execFileSync(process.execPath, [tsc, "-p", "packages/sandbox/tsconfig.build.json"], { cwd: root, stdio: "inherit" });
