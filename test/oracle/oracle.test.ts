// The differential oracle in CI: a small fixed-seed slice of `npm run oracle` (random fixtures and
// scenarios, the real harness in-process against the sandbox, every verdict compared with the policy
// truth), plus self-tests that the comparison does flag a false pass and that truth.ts agrees with the
// sandbox's own ground truth. The full run is `npm run oracle` (2,000 cases, random seed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/model/report.js";
import { loadFixture } from "@tip-proof/sandbox";
import type { World } from "./model.js";
import { genomeOf, runOracle, worldOf } from "./oracle.js";
import { writeFixture } from "./render.js";
import { judgeTask, taskSpec } from "./run.js";
import { worldTruth } from "./truth.js";

const SEED = 20261129;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("differential oracle", () => {
  it(`fixed-seed slice: 30 cases (seed ${SEED}), no false pass, truth.ts agrees with the sandbox`, async () => {
    const s = await runOracle({ cases: 30, seed: SEED, concurrency: 2, shrink: false });
    expect(
      s.falsePasses.flatMap((f) =>
        f.tasks.map((t) => `world ${f.world} ${t.scenario}/${t.check}/${t.persona}: ${t.falsePass}`),
      ),
    ).toEqual([]);
    expect(s.cases).toBe(30);
    expect(s.crashes).toEqual([]);
    expect(s.truthDisagreements).toEqual([]);
    expect(s.mismatches).toEqual([]);
    // The slice must compare something: denial expectations that passed, and verdicts of every kind.
    expect(s.denialPasses).toBeGreaterThan(0);
    expect(s.tasks).toBeGreaterThan(100);
  }, 120_000);

  /** A generated world with a check whose persona could read the data, and the applied fixture. */
  function worldWithReadableCheck(): {
    w: World;
    applied: ReturnType<typeof loadFixture>;
    scenario: World["scenarios"][number];
    check: string;
    persona: string;
  } {
    for (let i = 0; i < 200; i++) {
      const w = worldOf(genomeOf(SEED, i));
      const truth = worldTruth(w);
      for (const s of w.scenarios)
        for (const c of s.checks)
          if (c.action.kind === "athena" && c.action.columns === "*")
            for (const e of c.expect)
              for (const p of e.personas) {
                if (!truth.readable(p, c.action)) continue;
                const dir = mkdtempSync(join(tmpdir(), "tip-oracle-self-"));
                dirs.push(dir);
                return { w, applied: loadFixture(writeFixture(w, dir)), scenario: s, check: c.id, persona: p };
              }
    }
    throw new Error("no world with a readable SELECT * check in 200 worlds");
  }
  const fakeResult = (
    scenario: string,
    check: string,
    persona: string,
    verdict: CheckResult["verdict"],
    observed: CheckResult["observed"],
  ) => ({ scenario, check, persona, verdict, observed, reasons: ["(self-test)"] }) as unknown as CheckResult;

  it("self-test: a pass of a denial expectation for readable data is a false pass; a fail or an error is not", () => {
    const { w, applied, scenario, check, persona } = worldWithReadableCheck();
    const c = scenario.checks.find((x) => x.id === check)!;
    const s = { ...scenario, checks: [{ ...c, expect: [{ personas: [persona], exp: { denied: {} } }] }] };
    const truth = worldTruth(w);
    const denied = {
      outcome: "denied",
      layer: "lakeformation",
      code: "INSUFFICIENT_PERMISSIONS",
      message: "",
    } as CheckResult["observed"];
    expect(judgeTask(w, s, fakeResult(s.name, check, persona, "pass", denied), truth, applied).falsePass).toMatch(
      /could read/,
    );
    expect(judgeTask(w, s, fakeResult(s.name, check, persona, "pending", denied), truth, applied).falsePass).toMatch(
      /could read/,
    );
    expect(
      judgeTask(w, s, fakeResult(s.name, check, persona, "fail", denied), truth, applied).falsePass,
    ).toBeUndefined();
    expect(
      judgeTask(
        w,
        s,
        fakeResult(s.name, check, persona, "error", {
          outcome: "error",
          errorKind: "ambiguous-denial",
          message: "",
        } as CheckResult["observed"]),
        truth,
        applied,
      ).falsePass,
    ).toBeUndefined();
    expect(taskSpec(s, check, persona).exp).toEqual({ denied: {} });
  });

  it("self-test: a pass of `allowed` whose hidden columns the persona could read is a false pass", () => {
    const { w, applied, scenario, check, persona } = worldWithReadableCheck();
    const c = scenario.checks.find((x) => x.id === check)!;
    const table = (c.action as { table: string }).table;
    const readable = worldTruth(w).columns(persona, table);
    const declaredName =
      w.tables.find((t) => t.name === table)!.columns.find((x) => x.name === readable[0])!.renamedFrom ?? readable[0];
    const s = {
      ...scenario,
      checks: [{ ...c, expect: [{ personas: [persona], exp: { allowed: { columns: { hidden: [declaredName] } } } }] }],
    };
    const allowed = { outcome: "allowed", columns: [] } as unknown as CheckResult["observed"];
    expect(
      judgeTask(w, s, fakeResult(s.name, check, persona, "pass", allowed), worldTruth(w), applied).falsePass,
    ).toMatch(/hidden/);
  });
});
