// `npm run bench` (after scripts/build.mjs): bundles bench/run.ts with the CLI's esbuild options and runs
// it with plain node in a process of its own, arguments passed through.
//
// Why not `tsx bench/run.ts`: the benchmark measures the harness process (its CPU per check and peak
// RSS are rows of the table), and under tsx that process also carries the TypeScript loader. Measured
// 2026-11-30, 50 × 20, four interleaved pairs: peak RSS 207–240 MB under tsx against 162–176 MB
// bundled, harness CPU per check 6.1–7.3 ms against 5.0–5.5 ms. Users run the bundle (bin/tip-proof.js),
// so the bundle is what is measured. `npx tsx bench/run.ts` still works, for a quick look while editing.
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBundle } from "./node-bundle.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
// Two folders below the root, as dist/cli-bundle/main.js is: src/app/version.ts reads ../../package.json.
const out = `${root}/bench/.dist/run.js`;
let esbuild;
try {
  esbuild = await import(createRequire(import.meta.url).resolve("esbuild"));
} catch {
  console.error("bench: esbuild is not installed (npm install with dev dependencies)");
  process.exit(2);
}
let built;
try {
  built = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["bench/run.ts"],
    outfile: out,
    write: false,
    ...nodeBundle,
    logLevel: "error",
  });
} catch {
  process.exit(2); // esbuild printed the errors
}
// By temp name and rename: a bench (or its test) started meanwhile never loads a half-written file.
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.${process.pid}`, built.outputFiles[0].contents);
renameSync(`${out}.${process.pid}`, out);
await esbuild.stop?.();
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
