// Runs one generated World through the real harness, in-process (runFromOptions: the CLI's library
// root, against the embedded sandbox started with the World's fixture), and compares every verdict
// with the policy truth (truth.ts). One sandbox start serves all the World's scenarios; a scenario the
// harness refuses as invalid is counted as such, not as a case.
//   false pass     a `pass` (or a `pending`: a pass still waiting for CloudTrail, which the oracle
//                  leaves off) of a denial expectation (`denied`, or a matrix cell not allowed) for data
//                  the persona could read under policy, or of an `allowed` expectation whose `hidden`
//                  columns (among those queried) the persona could read.
//   decidable error  an `error` where no cause, fault or rename touches the check.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { runFromOptions } from "../../src/index.js";
import { loadScenarios } from "../../src/app/load-scenarios.js";
import { validationEnv } from "../../src/app/scenarios.js";
import { loadEnv, ScenarioValidationError } from "../../src/index.js";
import type { CheckResult } from "../../src/model/report.js";
import { grantedTargets, loadFixture, readableColumns, type Fixture } from "@tip-proof/sandbox";
import { DATABASE, IDC_WORKGROUP, type Action, type Expect, type ScenarioSpec, type World } from "./model.js";
import { writeFixture, writeScenario } from "./render.js";
import { worldTruth } from "./truth.js";

export interface TaskOutcome {
  scenario: string;
  check: string;
  persona: string;
  verdict: CheckResult["verdict"];
  expectation: "denied" | "allowed";
  readable: boolean;
  falsePass?: string;
  /** Set for errors: whether the truth was decidable for this check (no cause, fault or rename touching it). */
  decidable?: boolean;
  errorCategory?: string;
  reason?: string;
  /** What the harness observed disagrees with the policy truth where no cause, fault or rename explains it. */
  mismatch?: string;
}

export interface WorldOutcome {
  /** Scenarios the harness ran (cases). */
  cases: number;
  invalid: { scenario: string; diagnostics: string[] }[];
  tasks: TaskOutcome[];
  falsePasses: TaskOutcome[];
  /** The sandbox's ground truth (readableColumns / grantedTargets on the cause-free fixture) disagreed with truth.ts. */
  truthDisagreements: string[];
  /** The harness threw (not a verdict): recorded, never counted as a pass. */
  crash?: string;
  ms: number;
}

const NON_POLICY = new Set(["default-describe", "kms", "data-location", "glue-iam", "results-write"]);

export async function runWorld(w: World, dir: string, opts: { keep?: boolean } = {}): Promise<WorldOutcome> {
  const t0 = performance.now();
  const out: WorldOutcome = { cases: 0, invalid: [], tasks: [], falsePasses: [], truthDisagreements: [], ms: 0 };
  try {
    const fixtureFile = writeFixture(w, join(dir, "fixture"));
    const cleanFile = writeFixture(w, join(dir, "fixture-clean"), true);
    const files = w.scenarios.map((s) => ({ s, file: writeScenario(w, s, join(dir, "scenarios")) }));
    const valid: typeof files = [];
    for (const f of files) {
      const diags = loadScenarios(
        [f.file],
        validationEnv(loadEnv(dir, { PATH: process.env.PATH }), "sandbox"),
        dir,
      ).diagnostics.filter((d) => d.severity === "error");
      if (!f.s.checks.length && !f.s.matrix)
        out.invalid.push({
          scenario: f.s.name,
          diagnostics: ["CFG_NO_CHECKS the scenario plans no persona × check (exit 2)"],
        });
      else if (diags.length)
        out.invalid.push({ scenario: f.s.name, diagnostics: diags.map((d) => `${d.code} ${d.message}`) });
      else valid.push(f);
    }
    const truth = worldTruth(w);
    const applied = loadFixture(fixtureFile),
      clean = loadFixture(cleanFile);
    out.truthDisagreements = crossCheck(w, truth, clean);
    if (!valid.length) return out;

    const screen = { write: () => {}, isTTY: false, color: false };
    const faults = {
      athenaQueuedMs: 0,
      athenaRunningMs: 0,
      ...(w.causes.throttle ? { athenaQueryThrottleRate: w.causes.throttle, seed: 7 } : {}),
    };
    let report;
    try {
      const r = await runFromOptions(
        {
          paths: valid.map((f) => f.file),
          fixture: fixtureFile,
          output: join(dir, "out"),
          cloudtrail: false,
          reporter: ["json"],
          faults: JSON.stringify(faults),
        },
        { screen, cwd: dir, env: { PATH: process.env.PATH } },
      );
      report = r.report;
    } catch (e) {
      if (e instanceof ScenarioValidationError) {
        for (const f of valid)
          out.invalid.push({ scenario: f.s.name, diagnostics: e.diagnostics.map((d) => `${d.code} ${d.message}`) });
        return out;
      }
      out.crash = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      out.cases = valid.length;
      return out;
    }
    out.cases = valid.length;
    if (!report) {
      out.crash = "the run returned no report";
      return out;
    }
    for (const r of report.results) {
      const s = valid.find((f) => f.s.name === r.scenario)!.s;
      const t = judgeTask(w, s, r, truth, applied);
      out.tasks.push(t);
      if (t.falsePass) out.falsePasses.push(t);
    }
    return out;
  } finally {
    out.ms = Math.round(performance.now() - t0);
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The expectation and action of one persona × check (or matrix cell) of a scenario. */
export function taskSpec(s: ScenarioSpec, check: string, persona: string): { action: Action; exp: Expect } {
  const c = s.checks.find((x) => x.id === check);
  if (c) return { action: c.action, exp: c.expect.find((e) => e.personas.includes(persona))!.exp };
  const m = s.matrix!.resources.find((r) => r.name === check)!;
  return { action: m.action, exp: (s.matrix!.allow[persona] ?? []).includes(check) ? { allowed: {} } : { denied: {} } };
}

export function judgeTask(
  w: World,
  s: ScenarioSpec,
  r: CheckResult,
  truth: ReturnType<typeof worldTruth>,
  applied: Fixture,
): TaskOutcome {
  const { action, exp } = taskSpec(s, r.check, r.persona);
  const readable = truth.readable(r.persona, action);
  const t: TaskOutcome = {
    scenario: r.scenario,
    check: r.check,
    persona: r.persona,
    verdict: r.verdict,
    expectation: "denied" in exp ? "denied" : "allowed",
    readable,
  };
  const passed = r.verdict === "pass" || r.verdict === "pending";
  if (passed && "denied" in exp && readable)
    t.falsePass = `${r.verdict} of a denial expectation ${JSON.stringify(exp.denied)}, but ${r.persona} could read ${describeAction(action)} under policy`;
  if (passed && "allowed" in exp && action.kind === "athena" && exp.allowed.columns?.hidden) {
    const queried = action.columns === "*" ? w.declared[action.table] : action.columns;
    const current = (c: string) => w.causes.renames.find((x) => x.table === action.table && x.from === c)?.to ?? c;
    const cols = truth.columns(r.persona, action.table);
    const leaked = exp.allowed.columns.hidden.filter((h) => queried.includes(h) && cols.includes(current(h)));
    if (leaked.length)
      t.falsePass = `${r.verdict} of allowed with hidden [${exp.allowed.columns.hidden.join(", ")}], but ${r.persona} could read ${leaked.map((h) => (current(h) === h ? h : `${h} (now ${current(h)})`)).join(", ")}`;
  }
  const clear = decidable(w, s, action, exp, r.persona, applied);
  if (r.observed.outcome === "allowed" && !readable && s.workgroup === IDC_WORKGROUP)
    t.mismatch = `observed an allow of ${describeAction(action)}, but the policy truth denies ${r.persona}`;
  if (r.observed.outcome === "denied" && readable && clear && r.observed.layer !== "signin")
    t.mismatch = `observed a denial (${r.observed.layer} ${r.observed.code}) of ${describeAction(action)}, but the policy truth allows ${r.persona}`;
  if (r.verdict === "error") {
    t.decidable = clear;
    t.errorCategory =
      r.observed.outcome === "error"
        ? `${r.observed.errorKind}${r.observed.code ? `/${r.observed.code}` : ""}`
        : `verdict-error(${r.observed.outcome})`;
    t.reason = r.reasons[0];
  }
  return t;
}

function decidable(w: World, s: ScenarioSpec, action: Action, exp: Expect, persona: string, applied: Fixture): boolean {
  if (action.kind === "ag") return true;
  if (w.causes.throttle > 0 || s.workgroup !== IDC_WORKGROUP) return false;
  const r = readableColumns(applied, {
    userName: persona,
    workgroup: s.workgroup,
    database: DATABASE,
    table: action.table,
  });
  if ("denied" in r && NON_POLICY.has(r.denied)) return false;
  const renamed = w.causes.renames.filter((x) => x.table === action.table).map((x) => x.from);
  if (!renamed.length) return true;
  const cols = "allowed" in exp ? exp.allowed.columns : undefined;
  const referenced = [
    ...(action.columns === "*" ? [] : action.columns),
    ...(cols?.visible === "all" ? w.declared[action.table] : (cols?.visible ?? [])),
    ...(cols?.hidden ?? []),
  ];
  return !referenced.some((c) => renamed.includes(c));
}

function describeAction(a: Action): string {
  return a.kind === "ag"
    ? `Access Grants target ${a.target}`
    : `${a.table} ${a.columns === "*" ? "(SELECT *)" : `columns ${a.columns.join(", ")}`}`;
}

/** truth.ts against the sandbox's own ground truth on the cause-free fixture. */
function crossCheck(w: World, truth: ReturnType<typeof worldTruth>, clean: Fixture): string[] {
  const problems: string[] = [];
  for (const u of w.users) {
    if (!truth.signIn(u)) continue;
    for (const t of w.tables) {
      const mine = truth.columns(u, t.name);
      const theirs = readableColumns(clean, {
        userName: u,
        workgroup: IDC_WORKGROUP,
        database: DATABASE,
        table: t.name,
      });
      const cols = "columns" in theirs ? theirs.columns : [];
      if ("denied" in theirs && NON_POLICY.has(theirs.denied))
        problems.push(`${u} ${t.name}: the clean fixture still has cause ${theirs.denied}`);
      else if (mine.join(",") !== cols.join(","))
        problems.push(`${u} ${t.name}: oracle [${mine.join(", ")}], sandbox ${JSON.stringify(theirs)}`);
    }
    const scopes = grantedTargets(clean, u).map((x) => x.replace(/\*$/, ""));
    for (const p of w.prefixes) {
      const target = `s3://oracle-data/${p.name}/*`;
      const theirs = scopes.some((sc) => target.startsWith(sc));
      if (theirs !== truth.readable(u, { kind: "ag", target }))
        problems.push(`${u} ${target}: oracle ${!theirs}, sandbox grantedTargets ${theirs}`);
    }
  }
  return problems;
}
