// `npm run build`, `prepare` (after npm install / npm ci at the root) and `npm start`: compiles
// packages/sandbox/src → packages/sandbox/dist and src → dist with tsc -b, which plain Node runs (the
// tip-proof bin, the examples, tip-sandbox). Incremental: when nothing changed, tsc -b only compares
// its .tsbuildinfo with the sources (about 0.4 s), so `npm start` can afford to run it every time.
//
// The sandbox is skipped when it was left out (npm ci --omit=optional): the harness builds without it
// (tsconfig.build.json does not type-check; `npm run typecheck` does). Nothing is built when TypeScript
// is absent (--omit=dev): a checkout then has no dist/, which the bin says.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const root = new URL("..", import.meta.url);
let tsc;
try {
  tsc = createRequire(root).resolve("typescript/bin/tsc");
} catch {
  console.log("build: TypeScript is not installed (--omit=dev): dist/ is not built");
  process.exit(0);
}
const withSandbox = existsSync(new URL("node_modules/@tip-proof/sandbox/package.json", root));
if (!withSandbox)
  console.log("build: @tip-proof/sandbox is not installed (--omit=optional): building the harness only");
const projects = [...(withSandbox ? ["packages/sandbox/tsconfig.build.json"] : []), "tsconfig.build.json"];
try {
  execFileSync(process.execPath, [tsc, "-b", ...projects], { cwd: root, stdio: "inherit" });
} catch {
  process.exit(1); // tsc printed the errors
}
