// `npm run build`, `prepare` (after npm install / npm ci at the root) and `npm start`. Two outputs:
// - the library, tsc -b: packages/sandbox/src → packages/sandbox/dist and src → dist, JavaScript plus
//   .d.ts, for `import "tip-proof"`, the examples and tip-sandbox. Incremental: when nothing changed,
//   tsc -b only compares its .tsbuildinfo with the sources.
// - the CLI, esbuild: src/cli/main.ts → dist/cli/ (main.js plus one chunk per lazily loaded command),
//   which bin/tip-proof.js runs. One bundle loads in a fraction of the time of its ~200 modules (zod,
//   yaml, commander inlined): `validate` starts 20-25% sooner (bench/startup.ts). The AWS SDK, the
//   sandbox and Playwright stay outside it, loaded only by the commands that need them.
// Both together take about half a second when nothing changed, so `npm start` runs this every time.
//
// The sandbox is skipped when it was left out (npm ci --omit=optional): the harness builds without it
// (the build does not type-check; `npm run typecheck` does). Nothing is built when the dev tools are
// absent (--omit=dev): a checkout then has no dist/, which the bin says.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const require = createRequire(import.meta.url);
let tsc, esbuild;
try {
  tsc = require.resolve("typescript/bin/tsc");
  esbuild = await import("esbuild");
} catch {
  console.log("build: TypeScript or esbuild is not installed (--omit=dev): dist/ is not built");
  process.exit(0);
}

const withSandbox = existsSync(`${root}/node_modules/@tip-proof/sandbox/package.json`);
if (!withSandbox)
  console.log("build: @tip-proof/sandbox is not installed (--omit=optional): building the harness only");
const projects = [...(withSandbox ? ["packages/sandbox/tsconfig.build.json"] : []), "tsconfig.build.json"];
try {
  execFileSync(process.execPath, [tsc, "-b", ...projects], { cwd: root, stdio: "inherit" });
} catch {
  process.exit(1); // tsc printed the errors
}

// The CLI bundle. dist/cli/ sits where tsc would put src/cli, one folder under dist/, so a module's
// import.meta.url-relative reads (app/version.ts: ../../package.json) find the same files.
const OUT = `${root}/dist/cli`;
const META = `${OUT}/.inputs.json`;
if (!bundleIsCurrent()) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["src/cli/main.ts"],
    outdir: OUT,
    write: false,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["@tip-proof/sandbox", "@aws-sdk/*", "@smithy/*", "playwright-core"],
    // Inlined CommonJS packages (yaml, commander, dotenv) call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __cliRequire } from "node:module"; const require = __cliRequire(import.meta.url);',
    },
    metafile: true,
    logLevel: "warning",
  });
  replaceBundle(result.outputFiles);
  writeFileSync(META, JSON.stringify(Object.keys(result.metafile.inputs)));
}

/**
 * Other processes may be running the bundle while it is rebuilt (tests in a shared checkout): chunks
 * have content-hashed names, so they are written beside the old ones, main.js is swapped in by a
 * rename, and old chunks go once no process started before could still load them lazily (a packed
 * tarball gets none).
 */
function replaceBundle(files) {
  mkdirSync(OUT, { recursive: true });
  const main = files.find((f) => f.path === `${OUT}/main.js`);
  for (const f of files) if (f !== main) writeFileSync(f.path, f.contents);
  writeFileSync(`${main.path}.${process.pid}`, main.contents);
  renameSync(`${main.path}.${process.pid}`, main.path);
  const keep = new Set(files.map((f) => basename(f.path)));
  const packing = ["pack", "publish"].includes(process.env.npm_command ?? "");
  for (const name of readdirSync(OUT)) {
    if (keep.has(name) || !name.endsWith(".js")) continue;
    if (packing || Date.now() - statSync(`${OUT}/${name}`).mtimeMs > 10 * 60_000)
      rmSync(`${OUT}/${name}`, { force: true });
  }
}

/**
 * True when no input of the last bundle is newer than it (a changed import list means a changed
 * input). npm keeps a package's own file times, so an install is noticed by its lockfiles instead.
 */
function bundleIsCurrent() {
  if (!existsSync(META) || !existsSync(`${OUT}/main.js`)) return false;
  const built = statSync(META).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(META, "utf8")), "package-lock.json", "node_modules/.package-lock.json"];
  return inputs.every((f) => !existsSync(`${root}/${f}`) || statSync(`${root}/${f}`).mtimeMs < built);
}
