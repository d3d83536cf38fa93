// `npm run bench`: 50 personas × 20 checks against the sandbox with a time-scaled latency profile (Athena
// queue + run time, CloudTrail delivery delay), once at default concurrency and once sequentially, plus
// once more at default concurrency with LookupEvents at AWS's unscaled quota. Prints wall times and
// ratio, LookupEvents calls, Athena polls per query, and peak RSS, each with its target.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { spawn } from "node:child_process";
import { runFromOptions } from "../src/index.js";
import type { Screen } from "../src/reporters/screen.js";
import { generateSuite } from "./suite.js";

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const flag = (name: string) => process.argv.includes(`--${name}`);
const PERSONAS = arg("personas", 50), CHECKS = arg("checks", 20);
// Real accounts: Athena ~3 s a query, CloudTrail ~5 min, LookupEvents 2 requests/s, StartQueryExecution
// 20/s (burst 80). Time is scaled 10× down: every duration ÷ 10 and, for the same physics, every rate
// × 10. Scaling the delays but not the LookupEvents quota would make reading CloudTrail 10× costlier
// relative to the wait than on AWS (12 s of reading against 30 s of delay instead of against 5 minutes);
// that case is measured separately.
const SCALE = 10, AWS_LOOKUP_RPS = 2, AWS_ATHENA_START = { rps: 20, burst: 80 };
const PROFILE = { athenaQueuedMs: 30, athenaRunningMs: 270, cloudtrailDelayMs: arg("ct-delay", 30_000), latencyMs: 5 };
const quiet: Screen = { write: () => undefined, isTTY: false, color: false };

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

/** The sandbox in its own process, as AWS is remote: the harness never shares its event loop. */
async function standaloneSandbox(fixture: string): Promise<{ env: Record<string, string>; stop: () => void }> {
  const child = spawn(process.execPath, ["bin/tip-proof.js", "sandbox", "--port", String(20000 + Math.floor(Math.random() * 12000)) /* below Linux's ephemeral range */, "--fixture", fixture, "--faults", JSON.stringify(PROFILE)], { env: { PATH: process.env.PATH ?? "" } });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => { out += d; if (out.includes("Ctrl-C stops")) resolve(); });
    child.on("exit", () => reject(new Error(`sandbox exited: ${out}`)));
  });
  const env: Record<string, string> = {};
  for (const m of out.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, "$1");
  return { env, stop: () => child.kill("SIGINT") };
}

async function once(label: string, concurrency: number | undefined, lookupRps: number) {
  const { fixture, scenario, env } = generateSuite(PERSONAS, CHECKS, lookupRps);
  const sb = await standaloneSandbox(fixture);
  const t0 = performance.now();
  const r = await runFromOptions({ paths: [scenario], concurrency, reporter: ["json"], cloudtrailDeadline: "60s", cloudtrailSettle: "0ms" }, { cwd: process.cwd(), screen: quiet, env: { PATH: process.env.PATH, ...env, ...sb.env, TIP_TARGET: "aws", TIP_ALLOWED_ACCOUNTS: sb.env.TIP_ACCOUNT_ID, TIP_LOOKUP_RPS: String(lookupRps), TIP_ATHENA_START_RPS: String(AWS_ATHENA_START.rps * SCALE), TIP_ATHENA_START_BURST: String(AWS_ATHENA_START.burst * SCALE) } });
  sb.stop();
  const wall = performance.now() - t0;
  const results = r.report!.results;
  const slowest = Math.max(...results.map((x) => x.timings.durationMs));
  const begin = Date.parse(r.report!.startedAt);
  const starts = results.map((x) => Date.parse(x.timings.startedAt) - begin), ends = results.map((x) => Date.parse(x.timings.startedAt) + x.timings.durationMs - begin);
  const stats = r.stats!;
  console.log(`  ${label}: first check at ${fmt(Math.min(...starts))}, last check done at ${fmt(Math.max(...ends))}, run ended at ${fmt(Date.parse(r.report!.finishedAt) - begin)}; LookupEvents ${stats.lookupCalls} calls for ${stats.lookupRecords} records`);
  // LookupEvents returns at most 50 records a request: whatever a harness does, reading the R records of
  // the event names it needs, delivered from `first delivery` on, cannot end before first delivery +
  // R ÷ (50 × rate) s, nor before the last check's records are delivered.
  const readFloor = Math.min(...starts) + PROFILE.cloudtrailDelayMs + (stats.lookupRecords / (50 * lookupRps)) * 1000;
  const floor = Math.max(slowest + PROFILE.cloudtrailDelayMs, Math.max(...ends) + PROFILE.cloudtrailDelayMs, readFloor);
  return { wall, slowest, floor, results: results.length, passed: r.report!.summary.passed, exit: r.exitCode, ...stats };
}

const scaledRps = AWS_LOOKUP_RPS * SCALE;
const fast = await once("default concurrency", arg("concurrency", 0) || undefined, scaledRps);
const unscaled = flag("skip-unscaled") ? undefined : await once(`default concurrency, LookupEvents at ${AWS_LOOKUP_RPS}/s`, arg("concurrency", 0) || undefined, AWS_LOOKUP_RPS);
const slow = flag("skip-sequential") ? undefined : await once("concurrency 1", 1, scaledRps);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const bound = 1.2 * (fast.slowest + PROFILE.cloudtrailDelayMs);
// The best any harness could do against this sequential baseline: the run cannot end before the slowest
// check's records are delivered.
const ceiling = slow ? slow.wall / (fast.slowest + PROFILE.cloudtrailDelayMs) : undefined;
const rows: [string, string, string, boolean | undefined][] = [
  ["results (all must pass)", `${fast.passed}/${fast.results}`, `${PERSONAS} × ${CHECKS}`, fast.passed === fast.results && (!unscaled || unscaled.passed === unscaled.results)],
  ["wall, default concurrency", fmt(fast.wall), `≤ 1.2 × (slowest check ${fmt(fast.slowest)} + CloudTrail delay ${fmt(PROFILE.cloudtrailDelayMs)}) = ${fmt(bound)}`, fast.wall <= bound],
  ["wall, default concurrency, floor", fmt(fast.wall), `≤ 1.2 × floor ${fmt(fast.floor)} (max of: slowest + delay, last check + delay, first delivery + ${fast.lookupRecords} records ÷ ${50 * scaledRps}/s)`, fast.wall <= 1.2 * fast.floor],
  [`wall, LookupEvents unscaled (${AWS_LOOKUP_RPS}/s)`, unscaled ? fmt(unscaled.wall) : "skipped", unscaled ? `≤ 1.2 × floor ${fmt(unscaled.floor)} (first delivery + ${unscaled.lookupRecords} records ÷ ${50 * AWS_LOOKUP_RPS}/s)` : "", unscaled ? unscaled.wall <= 1.2 * unscaled.floor : undefined],
  ["wall, concurrency 1", slow ? fmt(slow.wall) : "skipped", "", undefined],
  ["speed-up", slow ? `${(slow.wall / fast.wall).toFixed(1)}×` : "-", `≥ 10× (ceiling for this suite: sequential ÷ (slowest + delay) = ${ceiling ? `${ceiling.toFixed(1)}×` : "-"})`, slow ? slow.wall / fast.wall >= 10 : undefined],
  ["LookupEvents calls (default / sequential)", `${fast.lookupCalls} / ${slow?.lookupCalls ?? "-"}`, `grow with event names × pages, not checks (${fast.lookupRecords} records, ${Math.ceil(fast.lookupRecords / 50)} full pages)`, fast.lookupCalls < fast.results / 4],
  ["Athena polls per query", (fast.athenaPolls / Math.max(1, fast.athenaQueries)).toFixed(2), "adaptive polling", undefined],
  ["peak RSS", `${(peak / 1048576).toFixed(0)} MB`, "< 300 MB", peak < 300 * 1048576],
];
console.log(`\ntip-proof benchmark: ${PERSONAS} personas × ${CHECKS} checks, profile ${JSON.stringify({ ...PROFILE, lookupRequestsPerSecond: scaledRps, athenaStartsPerSecond: AWS_ATHENA_START.rps * SCALE })}\n`);
console.log("| measure | value | target | met |\n|---|---|---|---|");
for (const [m, v, t, ok] of rows) console.log(`| ${m} | ${v} | ${t} | ${ok === undefined ? "" : ok ? "yes" : "NO"} |`);
process.exit(rows.every(([, , , ok]) => ok !== false) ? 0 : 1);
