// `npm run bench:startup`: whole-process wall time of the CLI's quick commands against a bare
// `node -e 0`, each run N times (--runs=N, default 10) in interleaved rounds so that a busy machine
// slows every command alike. Prints the median of each and its ratio to node; the target is
// `validate scenarios/` within 5× of node. Runs the built bin (dist/), so it builds first.
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 10);
const TARGET = 5;
const BIN = "bin/tip-proof.js";
const COMMANDS: Array<[label: string, args: string[]]> = [
  ["node -e 0", ["-e", "0"]],
  ["tip-proof --version", [BIN, "--version"]],
  ["tip-proof --help", [BIN, "--help"]],
  ["tip-proof validate scenarios/", [BIN, "validate", "scenarios/"]],
];

execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });

const times = new Map<string, number[]>(COMMANDS.map(([label]) => [label, []]));
for (let round = 0; round < RUNS + 1; round++) {
  for (const [label, args] of COMMANDS) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
    if (round > 0) times.get(label)!.push(ms); // round 0 warms the file system cache
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const base = median(times.get("node -e 0")!);
console.log(`startup, median of ${RUNS} runs (Node ${process.version}, whole process):`);
for (const [label] of COMMANDS) {
  const m = median(times.get(label)!);
  console.log(`  ${label.padEnd(32)} ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}×`);
}
const ratio = median(times.get("tip-proof validate scenarios/")!) / base;
console.log(`validate vs node -e 0: ${ratio.toFixed(2)}× (target ≤ ${TARGET}×) ${ratio <= TARGET ? "ok" : "MISSED"}`);
process.exitCode = ratio <= TARGET ? 0 : 1;
