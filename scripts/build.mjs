// `npm run build`, `prepare` (after npm install / npm ci at the root) and `npm start`. Two outputs:
// - tsc -b: packages/sandbox/src → packages/sandbox/dist and src → dist, JavaScript plus .d.ts, for
//   `import "tip-proof"`, the examples, tip-sandbox, and the CLI's fallback (dist/cli/main.js).
// - esbuild: src/cli/main.ts → dist/cli-bundle/ (main.js plus one chunk per lazily loaded command),
//   which bin/tip-proof.js runs. One bundle loads faster than its ~200 modules (zod, yaml, commander
//   inlined): `validate` starts 20-25% sooner (bench/startup.ts). The AWS SDK, the sandbox and
//   Playwright stay outside it, loaded only by the commands that need them.
// Both are incremental (about half a second when nothing changed), so `npm start` runs this every time.
//
// Neither type-checks (`npm run typecheck` does). tsc emits even a module with a broken import, but
// esbuild refuses the whole bundle: then the bin runs tsc's output (only that command fails), so a bad
// import in one command does not break `npm install` or every other command; `npm pack` fails instead.
// The sandbox is skipped when it was left out (npm ci --omit=optional). Nothing is built when the dev
// tools are absent (--omit=dev): a checkout then has no dist/, which the bin says.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { nodeBundle } from "./node-bundle.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const require = createRequire(import.meta.url);
const packing = ["pack", "publish"].includes(process.env.npm_command ?? "");
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

// One folder under dist/, as tsc's dist/cli is: import.meta.url-relative reads (app/version.ts reads
// ../../package.json) find the same files from either.
const OUT = `${root}/dist/cli-bundle`;
const META = `${OUT}/.inputs.json`;
if (packing || !bundleIsCurrent()) {
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["src/cli/main.ts"],
      outdir: OUT,
      write: false,
      ...nodeBundle,
      splitting: true,
      metafile: true,
      logLevel: "silent",
    });
  } catch (e) {
    rmSync(`${OUT}/main.js`, { force: true });
    rmSync(META, { force: true });
    const errors = (e.errors ?? []).map(
      (m) => `  ${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ""}${m.text}`,
    );
    console.error(
      `build: the CLI bundle failed; the bin runs the unbundled dist/cli (slower start):\n${errors.join("\n") || e}`,
    );
    process.exit(packing ? 1 : 0);
  }
  replaceBundle(result.outputFiles);
  writeFileSync(META, JSON.stringify(Object.keys(result.metafile.inputs)));
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

/**
 * Other processes may be running the bundle while it is rebuilt (tests in a shared checkout): chunks
 * have content-hashed names, so new ones land beside the old ones; every file is swapped in by a
 * rename; and old chunks go once no process started before could still load them lazily (a packed
 * tarball gets none).
 */
function replaceBundle(files) {
  mkdirSync(OUT, { recursive: true });
  const main = files.find((f) => f.path === `${OUT}/main.js`);
  // Every file by temp name and rename, and not at all when the same bytes are there: writing a chunk
  // in place truncates it first, and a process loading it at that moment (a shard started while
  // `npm pack`'s prepare rebuilt) found it empty ("TipSessionProvider is not a constructor").
  const install = (f) => {
    if (existsSync(f.path) && readFileSync(f.path).equals(f.contents)) return;
    writeFileSync(`${f.path}.${process.pid}`, f.contents);
    renameSync(`${f.path}.${process.pid}`, f.path);
  };
  for (const f of files) if (f !== main) install(f);
  install(main);
  const keep = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(OUT)) {
    if (keep.has(name) || !name.endsWith(".js")) continue;
    const old = Date.now() - statSync(`${OUT}/${name}`).mtimeMs > 10 * 60_000;
    if (packing || old) rmSync(`${OUT}/${name}`, { force: true });
  }
}
