// `npm run bench`: 50 personas × 20 checks against the sandbox with a time-scaled latency profile (Athena
// queue + run time, CloudTrail delivery delay), once at default concurrency and once sequentially.
// Prints wall times and ratio, LookupEvents calls, Athena polls per query, and peak RSS, with targets.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { spawn } from "node:child_process";
import { runCommand } from "../src/cli/commands/run.js";
import type { Screen } from "../src/reporters/screen.js";
import { generateSuite } from "./suite.js";

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const PERSONAS = arg("personas", 50), CHECKS = arg("checks", 20);
// Real accounts: Athena ~3 s per query, CloudTrail ~5 min. Time-scaled 10× down, keeping the ratio.
const PROFILE = { athenaQueuedMs: 30, athenaRunningMs: 270, cloudtrailDelayMs: arg("ct-delay", 30_000), latencyMs: 5 };
const quiet: Screen = { write: () => undefined, isTTY: false, color: false };

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

/** The sandbox in its own process, as AWS is remote: the harness never shares its event loop. */
async function standaloneSandbox(fixture: string): Promise<{ env: Record<string, string>; stop: () => void }> {
  const child = spawn(process.execPath, ["bin/tip-proof.js", "sandbox", "--port", String(20000 + Math.floor(Math.random() * 20000)), "--fixture", fixture, "--faults", JSON.stringify(PROFILE)], { env: { PATH: process.env.PATH ?? "" } });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => { out += d; if (out.includes("Ctrl-C stops")) resolve(); });
    child.on("exit", () => reject(new Error(`sandbox exited: ${out}`)));
  });
  const env: Record<string, string> = {};
  for (const m of out.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, "$1");
  return { env, stop: () => child.kill("SIGINT") };
}

async function once(concurrency?: number) {
  const { fixture, scenario, env } = generateSuite(PERSONAS, CHECKS);
  const sb = await standaloneSandbox(fixture);
  const t0 = performance.now();
  const r = await runCommand([scenario], { concurrency, reporter: ["json"], cloudtrailDeadline: "60s", cloudtrailSettle: "0ms" }, { screen: quiet, env: { PATH: process.env.PATH, ...env, ...sb.env, TIP_TARGET: "aws", TIP_ALLOWED_ACCOUNTS: sb.env.TIP_ACCOUNT_ID } });
  sb.stop();
  const wall = performance.now() - t0;
  const results = r.report!.results;
  const slowest = Math.max(...results.map((x) => x.timings.durationMs));
  const begin = Date.parse(r.report!.startedAt);
  const starts = results.map((x) => Date.parse(x.timings.startedAt) - begin), ends = results.map((x) => Date.parse(x.timings.startedAt) + x.timings.durationMs - begin);
  console.log(`  timeline (concurrency ${concurrency ?? "default"}): first check at ${fmt(Math.min(...starts))}, last check done at ${fmt(Math.max(...ends))}, run ended at ${fmt(Date.parse(r.report!.finishedAt) - begin)}`);
  // LookupEvents reads at most 50 records a request at 2 requests/s: whatever a harness does, confirming
  // N records delivered from `firstDelivery` on cannot end before firstDelivery + N / 100 s.
  const quotaBound = Math.max(slowest + PROFILE.cloudtrailDelayMs, Math.min(...starts) + PROFILE.cloudtrailDelayMs + (results.length / 100) * 1000);
  return { wall, slowest, quotaBound, results: results.length, passed: r.report!.summary.passed, exit: r.exitCode, ...r.stats! };
}

const fast = await once(arg("concurrency", 0) || undefined);
const slow = process.argv.includes("--skip-sequential") ? undefined : await once(1);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const bound = 1.2 * (fast.slowest + PROFILE.cloudtrailDelayMs);
const rows: [string, string, string, boolean | undefined][] = [
  ["results (all must pass)", `${fast.passed}/${fast.results}`, `${PERSONAS} × ${CHECKS}`, fast.passed === fast.results],
  ["wall, default concurrency", fmt(fast.wall), `≤ 1.2 × (slowest check ${fmt(fast.slowest)} + CloudTrail delay ${fmt(PROFILE.cloudtrailDelayMs)}) = ${fmt(bound)}`, fast.wall <= bound],
  ["wall vs the LookupEvents quota floor", fmt(fast.wall), `≤ 1.2 × max(slowest + delay, first delivery + ${fast.results} records ÷ 100/s) = ${fmt(1.2 * fast.quotaBound)}`, fast.wall <= 1.2 * fast.quotaBound],
  ["wall, concurrency 1", slow ? fmt(slow.wall) : "skipped", "", undefined],
  ["speed-up", slow ? `${(slow.wall / fast.wall).toFixed(1)}×` : "-", "≥ 10×", slow ? slow.wall / fast.wall >= 10 : undefined],
  ["LookupEvents calls (default / sequential)", `${fast.lookupCalls} / ${slow?.lookupCalls ?? "-"}`, `grow with event names × pages, not checks (${fast.lookupPages} pages)`, fast.lookupCalls < fast.results / 4],
  ["Athena polls per query", (fast.athenaPolls / Math.max(1, fast.athenaQueries)).toFixed(2), "adaptive polling", undefined],
  ["peak RSS", `${(peak / 1048576).toFixed(0)} MB`, "< 300 MB", peak < 300 * 1048576],
];
console.log(`\ntip-proof benchmark: ${PERSONAS} personas × ${CHECKS} checks, profile ${JSON.stringify(PROFILE)}\n`);
console.log("| measure | value | target | met |\n|---|---|---|---|");
for (const [m, v, t, ok] of rows) console.log(`| ${m} | ${v} | ${t} | ${ok === undefined ? "" : ok ? "yes" : "NO"} |`);
process.exit(rows.filter(([m]) => !m.includes("quota floor")).every(([, , , ok]) => ok !== false) ? 0 : 1);
