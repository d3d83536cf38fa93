// The differential oracle's driver: generates Worlds from a seed (world i from its own derived seed, so
// any world can be replayed alone), runs them a few at a time, counts cases (scenarios the harness ran),
// false passes and errors where the truth was decidable, and on a false pass asks fast-check to shrink
// the world to a minimal reproduction, written to a folder as fixture + scenario YAML.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { genomeArb, resolveWorld, type Genome, type World } from "./model.js";
import { runWorld, type TaskOutcome, type WorldOutcome } from "./run.js";
import { worldTruth } from "./truth.js";

export interface OracleOptions {
  cases: number;
  seed: number;
  /** Worlds run at once (each is one sandbox + one harness run). */
  concurrency?: number;
  /** Shrink false passes with fast-check and write a reproduction (default true). */
  shrink?: boolean;
  /** Time budget of one shrink (ms). */
  shrinkMs?: number;
  /** Where reproductions go (default: a new folder under the OS temp dir). */
  reproRoot?: string;
  onProgress?: (p: Progress) => void;
  onFalsePass?: (f: FalsePassReport) => void;
}

export interface Progress {
  cases: number;
  total: number;
  falsePasses: number;
  decidableErrors: number;
  invalid: number;
  elapsedMs: number;
}

export interface FalsePassReport {
  seed: number;
  world: number;
  /** Case numbers (1-based, in the run's count) of the world's scenarios. */
  cases: number[];
  tasks: TaskOutcome[];
  /** Folder with the shrunk fixture and scenarios (and README.txt). */
  reproduction?: string;
  shrunk?: { tasks: TaskOutcome[]; world: World };
}

export interface OracleSummary {
  seed: number;
  cases: number;
  worlds: number;
  tasks: number;
  falsePasses: FalsePassReport[];
  falsePassCount: number;
  decidableErrors: number;
  errorCategories: Map<string, { count: number; example: string }>;
  errors: number;
  verdicts: Record<string, number>;
  invalid: number;
  invalidExamples: string[];
  crashes: string[];
  truthDisagreements: string[];
  /** Observations the policy truth cannot explain (see run.ts TaskOutcome.mismatch). */
  mismatches: string[];
  mismatchCount: number;
  /** Verdicts pass/pending of a denial expectation (each one compared with the truth). */
  denialPasses: number;
  elapsedMs: number;
}

/** The seed of world i of a run: a 32-bit mix, so worlds are independent and replayable one by one. */
export function worldSeed(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

export function genomeOf(seed: number, i: number, maxScenarios = 4): Genome {
  const g = fc.sample(genomeArb, { seed: worldSeed(seed, i), numRuns: 1 })[0];
  return { ...g, scenarios: g.scenarios.slice(0, Math.max(1, maxScenarios)) };
}

export const worldOf = (g: Genome): World => resolveWorld(g, worldTruth);

const scratch = () => mkdtempSync(join(tmpdir(), "tip-oracle-"));

export async function runOracle(o: OracleOptions): Promise<OracleSummary> {
  const t0 = performance.now();
  const concurrency = o.concurrency ?? 2;
  const s: OracleSummary = {
    seed: o.seed,
    cases: 0,
    worlds: 0,
    tasks: 0,
    falsePasses: [],
    falsePassCount: 0,
    decidableErrors: 0,
    errorCategories: new Map(),
    errors: 0,
    verdicts: {},
    invalid: 0,
    invalidExamples: [],
    crashes: [],
    truthDisagreements: [],
    mismatches: [],
    mismatchCount: 0,
    denialPasses: 0,
    elapsedMs: 0,
  };
  let planned = 0; // scenarios dispatched and not known to be invalid
  let next = 0;
  let lastReport = 0;
  const worker = async () => {
    for (;;) {
      const remaining = o.cases - planned;
      if (remaining <= 0) return;
      const i = next++;
      const genome = genomeOf(o.seed, i, remaining);
      planned += genome.scenarios.length;
      const world = worldOf(genome);
      const firstCase = s.cases + 1;
      const out = await runWorld(world, scratch());
      planned -= genome.scenarios.length - out.cases;
      record(s, out, i);
      if (out.falsePasses.length) {
        const report: FalsePassReport = {
          seed: o.seed,
          world: i,
          cases: Array.from({ length: out.cases }, (_, k) => firstCase + k),
          tasks: out.falsePasses,
        };
        if (o.shrink !== false) Object.assign(report, await shrinkAndWrite(genome, o, i));
        s.falsePasses.push(report);
        o.onFalsePass?.(report);
      }
      if (o.onProgress && (s.cases - lastReport >= 100 || s.cases >= o.cases)) {
        lastReport = s.cases;
        o.onProgress({
          cases: s.cases,
          total: o.cases,
          falsePasses: s.falsePassCount,
          decidableErrors: s.decidableErrors,
          invalid: s.invalid,
          elapsedMs: performance.now() - t0,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  s.elapsedMs = Math.round(performance.now() - t0);
  return s;
}

function record(s: OracleSummary, out: WorldOutcome, i: number): void {
  s.worlds++;
  s.cases += out.cases;
  s.invalid += out.invalid.length;
  for (const x of out.invalid)
    if (s.invalidExamples.length < 5) s.invalidExamples.push(`world ${i} ${x.scenario}: ${x.diagnostics[0]}`);
  if (out.crash) s.crashes.push(`world ${i}: ${out.crash}`);
  for (const d of out.truthDisagreements)
    if (s.truthDisagreements.length < 50) s.truthDisagreements.push(`world ${i}: ${d}`);
  s.tasks += out.tasks.length;
  s.falsePassCount += out.falsePasses.length;
  for (const t of out.tasks) {
    if (t.mismatch) {
      s.mismatchCount++;
      if (s.mismatches.length < 20)
        s.mismatches.push(`world ${i} ${t.scenario}/${t.check}/${t.persona}: ${t.mismatch}`);
    }
    s.verdicts[t.verdict] = (s.verdicts[t.verdict] ?? 0) + 1;
    if (t.expectation === "denied" && (t.verdict === "pass" || t.verdict === "pending")) s.denialPasses++;
    if (t.verdict !== "error") continue;
    s.errors++;
    if (!t.decidable) continue;
    s.decidableErrors++;
    const c = s.errorCategories.get(t.errorCategory!) ?? {
      count: 0,
      example: `world ${i} ${t.scenario}/${t.check}/${t.persona}: ${t.reason}`,
    };
    c.count++;
    s.errorCategories.set(t.errorCategory!, c);
  }
}

/**
 * fast-check shrinks the failing world: the property "no false pass", checked from the world's own seed
 * (its first generated value is exactly the world that failed), then shrunk within the time budget.
 */
async function shrinkAndWrite(
  genome: Genome,
  o: OracleOptions,
  i: number,
): Promise<Pick<FalsePassReport, "reproduction" | "shrunk">> {
  let last: { tasks: TaskOutcome[]; world: World } | undefined;
  const cap = genome.scenarios.length;
  const prop = fc.asyncProperty(genomeArb, async (g0) => {
    const world = worldOf({ ...g0, scenarios: g0.scenarios.slice(0, cap) });
    const out = await runWorld(world, scratch());
    if (out.falsePasses.length) {
      last = { tasks: out.falsePasses, world };
      return false;
    }
    return true;
  });
  await fc.check(prop, {
    seed: worldSeed(o.seed, i),
    numRuns: 1,
    interruptAfterTimeLimit: o.shrinkMs ?? 180_000,
    markInterruptAsFailure: false,
  });
  if (!last) return {};
  const root = o.reproRoot ?? mkdtempSync(join(tmpdir(), "tip-oracle-repro-"));
  const dir = join(root, `seed-${o.seed}-world-${i}`);
  mkdirSync(dir, { recursive: true });
  await runWorld(last.world, dir, { keep: true });
  writeFileSync(join(dir, "README.txt"), reproReadme(o.seed, i, last));
  writeFileSync(join(dir, "world.json"), JSON.stringify(last.world, null, 2));
  return { reproduction: dir, shrunk: last };
}

function reproReadme(seed: number, i: number, last: { tasks: TaskOutcome[]; world: World }): string {
  const t = last.world.causes.throttle;
  const faults = JSON.stringify({
    athenaQueuedMs: 0,
    athenaRunningMs: 0,
    ...(t ? { athenaQueryThrottleRate: t, seed: 7 } : {}),
  });
  return [
    `Differential oracle: false pass, seed ${seed}, world ${i} (shrunk by fast-check).`,
    "",
    ...last.tasks.map((x) => `FALSE PASS ${x.scenario}/${x.check}/${x.persona}: ${x.falsePass}`),
    "",
    "Reproduce (from the repository root):",
    `  node bin/tip-proof.js run ${"<this folder>"}/scenarios --fixture ${"<this folder>"}/fixture/fixture.yaml --no-cloudtrail --faults '${faults}'`,
    "",
    "fixture/        the sandbox fixture as run (with its causes)",
    "fixture-clean/  the same policy without non-policy causes (the ground truth's fixture)",
    "scenarios/      the scenarios",
    "world.json      the generated world (policy, causes, scenario specs)",
    "",
  ].join("\n");
}
