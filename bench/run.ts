// `npm run bench`: generated suites against the sandbox in its own process, with a time-scaled profile
// (Athena queue + run time, CloudTrail delivery delay). Runs: 50 personas × 20 checks quiet; the same
// with 100× background CloudTrail traffic (other users' records under the same event names); 500 × 20
// (10,000 results); 50 × 20 sequentially, for information. Prints one table with each target and exits
// non-zero only when a stated target is missed; flags in USAGE below. `npm run bench` runs this file
// bundled as the CLI is (scripts/bench.mjs), so the harness measured is the one users run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runFromOptions } from "../src/index.js";
import type { Screen } from "../src/reporters/screen.js";
import { generateSuite, ownTrailRecords } from "./suite.js";
import { standaloneSandbox } from "./sandbox-process.js";

const USAGE = `usage: npm run bench -- [flags]
  --skip-busy, --skip-large, --skip-sequential   leave out the 100× traffic, 500 × 20 or concurrency-1 run
  --personas=N --checks=M                        the main suite's size (default 50 × 20)
  --ct-delay=MS                                  CloudTrail delivery delay (default 30000, AWS's 5 min ÷ 10)
  --athena-scale=K                               Athena queue and run time × K (10 is AWS's own)
  --timeline=FILE                                the main suite's checks as CSV (action, persona, check, start, end)
  BENCH_SANDBOX_PROF=DIR                         the sandbox process's V8 CPU profile into DIR
exit: 0 every target met, 1 a target missed, 2 bad flags`;
// Flags are checked: a mistyped one is an error (exit 2), never a silent run of something else.
const FLAGS = ["skip-sequential", "skip-large", "skip-busy"] as const;
const NUMBERS = { personas: 50, checks: 20, "ct-delay": 30_000, "athena-scale": 1 } as const;
/** The flags, checked; a bad one prints the usage and exits 2. */
function parseBenchArgs(): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({
      options: {
        ...Object.fromEntries(FLAGS.map((f) => [f, { type: "boolean" as const }])),
        ...Object.fromEntries(Object.keys(NUMBERS).map((n) => [n, { type: "string" as const }])),
        timeline: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    });
    for (const n of Object.keys(NUMBERS)) {
      const v = (values as Record<string, unknown>)[n];
      if (v !== undefined && !(Number(v) > 0)) throw new Error(`--${n}=${String(v)}: a positive number is needed`);
    }
    return values;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const parsed = parseBenchArgs();
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const arg = (name: keyof typeof NUMBERS) => Number(parsed[name] ?? NUMBERS[name]);
const flag = (name: (typeof FLAGS)[number]) => parsed[name] === true;
const PERSONAS = arg("personas"),
  CHECKS = arg("checks");
// Real accounts: Athena ~3 s a query, CloudTrail ~5 min, LookupEvents 2 requests/s, StartQueryExecution
// 20/s (burst 80). Time is scaled 10× down: every duration ÷ 10 and, for the same physics, every rate
// × 10 (LookupEvents 20/s, starts 200/s, background traffic too: it is a rate). Scaling the delays but
// not the rates would make reading CloudTrail 10× costlier relative to the wait than on AWS.
const SCALE = 10,
  LOOKUP_RPS = 2 * SCALE,
  ATHENA_START = { rps: 20 * SCALE, burst: 80 * SCALE },
  ATHENA_CONCURRENCY = 32;
// --athena-scale=k multiplies Athena's queue and run time (k = 10 is AWS's own): the harness's CPU per
// query stays the same, so it shows how much of the checks phase's excess over the floor is that CPU.
const ATHENA_SCALE = arg("athena-scale");
const PROFILE = {
  athenaQueuedMs: 30 * ATHENA_SCALE,
  athenaRunningMs: 270 * ATHENA_SCALE,
  cloudtrailDelayMs: arg("ct-delay"),
  latencyMs: 5,
};
const BACKGROUND_FACTOR = 100;
const quiet: Screen = { write: () => undefined, isTTY: false, color: false };
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (a: number, b: number) => `${(a / b).toFixed(3)}×`;

interface RunOptions {
  personas: number;
  checks: number;
  concurrency?: number;
  backgroundPerSecond?: number;
}

async function once(label: string, o: RunOptions) {
  const { fixture, scenario, env } = generateSuite(o.personas, o.checks, LOOKUP_RPS, o.backgroundPerSecond);
  const sb = await standaloneSandbox(fixture, PROFILE);
  // rss() alone: memoryUsage() also walks V8's heap statistics, ~1% of the harness's CPU at 20 Hz.
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now(),
    tStart = Date.now();
  const r = await runFromOptions(
    {
      paths: [scenario],
      concurrency: o.concurrency,
      reporter: ["json"],
      cloudtrailDeadline: "60s",
      cloudtrailSettle: "0ms",
    },
    {
      cwd: process.cwd(),
      screen: quiet,
      env: {
        PATH: process.env.PATH,
        ...env,
        ...sb.env,
        TIP_TARGET: "aws",
        TIP_ALLOWED_ACCOUNTS: sb.env.TIP_ACCOUNT_ID,
        TIP_LOOKUP_RPS: String(LOOKUP_RPS),
        TIP_ATHENA_START_RPS: String(ATHENA_START.rps),
        TIP_ATHENA_START_BURST: String(ATHENA_START.burst),
        TIP_ATHENA_CONCURRENCY: String(ATHENA_CONCURRENCY),
      },
    },
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  sb.stop();
  const report = r.report!;
  const results = report.results;
  // Times from the moment the run was asked for (loading, sign-ins and proofs included), like the wall time.
  const begin = tStart;
  const starts = results.map((x) => Date.parse(x.timings.startedAt) - begin),
    ends = results.map((x) => Date.parse(x.timings.startedAt) + x.timings.durationMs - begin);
  const slowest = Math.max(...results.map((x) => x.timings.durationMs));
  const stats = r.stats!;
  const timeline = parsed.timeline as string | undefined;
  if (timeline && label === MAIN_LABEL)
    writeFileSync(
      timeline,
      "action,persona,check,start_ms,end_ms\n" +
        results.map((x, i) => `${x.action.type},${x.persona},${x.check},${starts[i]},${ends[i]}\n`).join(""),
    );
  const firstStart = Math.min(...starts),
    lastEnd = Math.max(...ends);
  console.log(
    `  ${label}: ${results.length} results, checks ${fmt(firstStart)}–${fmt(lastEnd)}, run ended at ${fmt(Date.parse(report.finishedAt) - begin)}, wall ${fmt(wall)}; LookupEvents ${stats.lookupCalls} calls for ${stats.lookupRecords} records (by session name: ${stats.lookupByUsername})`,
  );
  // The run cannot end before the last check's records are delivered (nor the slowest check's), nor
  // before LookupEvents, at most 50 records a call, has returned the records read from first delivery on.
  const readFloor = firstStart + PROFILE.cloudtrailDelayMs + (stats.lookupRecords / (50 * LOOKUP_RPS)) * 1000;
  const floor = Math.max(slowest + PROFILE.cloudtrailDelayMs, lastEnd + PROFILE.cloudtrailDelayMs, readFloor);
  const queries = results.filter((x) => x.action.type === "athena").length;
  // Athena's concurrency floor for the checks, 32 queries at a time, each taking the latency any client
  // sees: the start request's trip (the profile's latencyMs, spent before the query is submitted), queue
  // and run time, and the status request's trip (spent after the end, before anyone can see it).
  const queryLatencyMs = PROFILE.athenaQueuedMs + PROFILE.athenaRunningMs + 2 * PROFILE.latencyMs;
  const athenaFloor = (queries * queryLatencyMs) / ATHENA_CONCURRENCY;
  // The same with queue and run time alone, as the floor was stated up to 2026-11-30 (information).
  const serviceTimeFloor = (queries * (PROFILE.athenaQueuedMs + PROFILE.athenaRunningMs)) / ATHENA_CONCURRENCY;
  // Steady state: the queries that ended in the middle half of the checks phase, against what 32 slots
  // at the floor's latency would end in that time. It leaves out the run's start, where both processes
  // are new (their code not yet compiled to optimized machine code) and the first batch waits for its
  // scouts, and the end, where the last round leaves slots idle.
  const athenaEnds = results.flatMap((r, i) => (r.action.type === "athena" ? [ends[i]] : []));
  const midFrom = firstStart + (lastEnd - firstStart) / 4,
    midTo = firstStart + (3 * (lastEnd - firstStart)) / 4;
  const endedInMiddle = athenaEnds.filter((t) => t >= midFrom && t < midTo).length;
  const steadyRatio = (((midTo - midFrom) / queryLatencyMs) * ATHENA_CONCURRENCY) / Math.max(1, endedInMiddle);
  return {
    wall,
    floor,
    checksPhase: lastEnd - firstStart,
    athenaFloor,
    serviceTimeFloor,
    steadyRatio,
    endedInMiddle,
    queryLatencyMs,
    // The same floor with the time the service says each query took: it tells whether the excess over
    // the floor is the service's (slower queries) or the harness's (ends seen, next queries started late).
    serviceFloor: stats.athenaExecutionMs / ATHENA_CONCURRENCY,
    meanQueryMs: stats.athenaExecutionMs / Math.max(1, stats.athenaQueries),
    queries,
    peak,
    cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / results.length,
    results: results.length,
    passed: report.summary.passed,
    confirmed: results.filter((x) => x.evidence.status === "confirmed").length,
    ...stats,
  };
}

type Row = [string, string, string, boolean | undefined];
const MAIN_LABEL = `${PERSONAS} × ${CHECKS}, quiet`;
const rows: Row[] = [];
const main = await once(MAIN_LABEL, { personas: PERSONAS, checks: CHECKS });
// 100× the run's own records of the watched event names (StartQueryExecution, both GetDataAccess,
// CreateTokenWithIAM, AssumeRole), spread over the quiet run's wall time: the lookup window.
const own = ownTrailRecords(PERSONAS, CHECKS);
const bgRate = Math.round((BACKGROUND_FACTOR * own) / (main.wall / 1000));
const busy = flag("skip-busy")
  ? undefined
  : await once(`${PERSONAS} × ${CHECKS}, ${BACKGROUND_FACTOR}× background traffic (${bgRate} records/s)`, {
      personas: PERSONAS,
      checks: CHECKS,
      backgroundPerSecond: bgRate,
    });
const large = flag("skip-large") ? undefined : await once("500 × 20, quiet", { personas: 500, checks: 20 });
const seq = flag("skip-sequential")
  ? undefined
  : await once(`${PERSONAS} × ${CHECKS}, concurrency 1`, { personas: PERSONAS, checks: CHECKS, concurrency: 1 });

const all = [main, busy, large].filter((r) => r !== undefined);
rows.push([
  "results pass, evidence confirmed",
  all.map((r) => `${r.passed}/${r.results}, ${r.confirmed}`).join("; "),
  "all, in every run",
  all.every((r) => r.passed === r.results && r.confirmed === r.results),
]);
rows.push([
  `wall, ${PERSONAS} × ${CHECKS}`,
  fmt(main.wall),
  `≤ 1.05 × floor ${fmt(main.floor)} (${x(main.wall, main.floor)})`,
  main.wall <= 1.05 * main.floor,
]);
rows.push([
  "checks phase (first start → last end)",
  fmt(main.checksPhase),
  `≤ 1.25 × Athena floor ${fmt(main.athenaFloor)} = ${main.queries} queries × ${main.queryLatencyMs} ms (${PROFILE.latencyMs} start trip + ${PROFILE.athenaQueuedMs + PROFILE.athenaRunningMs} queue and run + ${PROFILE.latencyMs} status trip) ÷ ${ATHENA_CONCURRENCY} (${x(main.checksPhase, main.athenaFloor)})`,
  main.checksPhase <= 1.25 * main.athenaFloor,
]);
// Queries are whole: with 32 slots, some slot runs ceil(queries ÷ 32) of them one after another, so no
// schedule ends sooner than that many query latencies (the formula above divides the remainder too).
const slotFloor = Math.ceil(main.queries / ATHENA_CONCURRENCY) * main.queryLatencyMs;
rows.push([
  "checks phase against whole queries per slot (information)",
  fmt(main.checksPhase),
  `${x(main.checksPhase, slotFloor)} of ${fmt(slotFloor)} = ⌈${main.queries} ÷ ${ATHENA_CONCURRENCY}⌉ queries × ${main.queryLatencyMs} ms, the least any schedule can take`,
  undefined,
]);
rows.push([
  "checks phase, middle half: queries ended against 32 slots at the floor (information)",
  `${main.endedInMiddle} queries`,
  `${x(main.steadyRatio, 1)} the floor's time for them: the start (new processes, first batch) and the last round left out`,
  undefined,
]);
rows.push([
  "checks phase against queue and run time alone (information)",
  fmt(main.checksPhase),
  `${x(main.checksPhase, main.serviceTimeFloor)} of ${fmt(main.serviceTimeFloor)} = ${main.queries} queries × ${PROFILE.athenaQueuedMs + PROFILE.athenaRunningMs} ms ÷ ${ATHENA_CONCURRENCY}`,
  undefined,
]);
rows.push([
  "checks phase against Athena's own query times (information)",
  fmt(main.checksPhase),
  `${x(main.checksPhase, main.serviceFloor)} of ${fmt(main.serviceFloor)} = Σ TotalExecutionTime ÷ ${ATHENA_CONCURRENCY} (a query took ${main.meanQueryMs.toFixed(0)} ms on average, the profile says ${PROFILE.athenaQueuedMs + PROFILE.athenaRunningMs})`,
  undefined,
]);
if (busy) {
  rows.push([
    `LookupEvents calls, quiet / ${BACKGROUND_FACTOR}× traffic`,
    `${main.lookupCalls} / ${busy.lookupCalls}`,
    `busy ≤ 1.1 × quiet (${x(busy.lookupCalls, main.lookupCalls)})`,
    busy.lookupCalls <= 1.1 * main.lookupCalls,
  ]);
  // For information: the records those calls returned. Looked up by the run's role session name they
  // are the run's own whatever the traffic (by event name a full sweep of the busy account pages
  // through ~88,000; see README "Performance").
  rows.push([
    `LookupEvents records read, quiet / ${BACKGROUND_FACTOR}× traffic`,
    `${main.lookupRecords} / ${busy.lookupRecords}`,
    "(information)",
    undefined,
  ]);
  rows.push([
    `wall, quiet / ${BACKGROUND_FACTOR}× traffic`,
    `${fmt(main.wall)} / ${fmt(busy.wall)}`,
    `busy ≤ 1.1 × quiet (${x(busy.wall, main.wall)})`,
    busy.wall <= 1.1 * main.wall,
  ]);
}
if (large) {
  rows.push([
    "wall, 500 × 20",
    fmt(large.wall),
    `≤ 1.05 × floor ${fmt(large.floor)} (${x(large.wall, large.floor)})`,
    large.wall <= 1.05 * large.floor,
  ]);
  rows.push([
    "peak RSS, 500 × 20 (harness process)",
    `${(large.peak / 1048576).toFixed(0)} MB`,
    "< 400 MB",
    large.peak < 400 * 1048576,
  ]);
  rows.push(["harness CPU per check, 500 × 20", `${large.cpuMsPerCheck.toFixed(2)} ms`, "", undefined]);
  rows.push([
    "checks phase, 500 × 20",
    fmt(large.checksPhase),
    `Athena floor ${fmt(large.athenaFloor)} (${x(large.checksPhase, large.athenaFloor)})`,
    undefined,
  ]);
}
rows.push([`peak RSS, ${PERSONAS} × ${CHECKS}`, `${(main.peak / 1048576).toFixed(0)} MB`, "", undefined]);
rows.push([`harness CPU per check, ${PERSONAS} × ${CHECKS}`, `${main.cpuMsPerCheck.toFixed(2)} ms`, "", undefined]);
rows.push(["Athena polls per query", (main.athenaPolls / Math.max(1, main.athenaQueries)).toFixed(2), "", undefined]);
rows.push([`wall, ${PERSONAS} × ${CHECKS} sequential (information)`, seq ? fmt(seq.wall) : "skipped", "", undefined]);

console.log(
  `\ntip-proof benchmark, time ÷${SCALE}: profile ${JSON.stringify({ ...PROFILE, lookupRequestsPerSecond: LOOKUP_RPS, athenaStartsPerSecond: ATHENA_START.rps, athenaConcurrency: ATHENA_CONCURRENCY })}\n`,
);
console.log("| measure | value | target | met |\n|---|---|---|---|");
for (const [m, v, t, ok] of rows) console.log(`| ${m} | ${v} | ${t} | ${ok === undefined ? "" : ok ? "yes" : "NO"} |`);
process.exit(rows.every(([, , , ok]) => ok !== false) ? 0 : 1);
