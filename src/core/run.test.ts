// The orchestrator over fake ports: persona state, sign-in contrast, proofs, evidence and interrupts,
// decided by the real judge without a sandbox. (Rules of the judge itself: judge/judge.test.ts.)
import { describe, expect, it } from "vitest";
import { fakeScenarioYaml, PII_CHECK } from "../../test/helpers/fake-scenario.js";
import {
  allowed,
  errored,
  FakeActions,
  FakeAudit,
  FakeDirectory,
  FakeProofs,
  FakeSessions,
  failed,
  refusal,
  runFake,
  scenario,
} from "../../test/helpers/fake-ports.js";

const YAML = (extra = "", store = 'identityStoreId: "d-1"') => fakeScenarioYaml({ store, checks: PII_CHECK + extra });

const COLUMN_DENIED = failed({ engineCode: "COLUMN_NOT_FOUND", column: "pii", errorType: 1006 });
const NOT_ASSIGNED = refusal({ stage: "sign-in", serviceCode: "AccessDeniedException", httpStatus: 400 });
const ARNAV_SEES = allowed({ columns: ["pii"], rowCount: 3 });
const byId = (r: Awaited<ReturnType<typeof runFake>>) =>
  Object.fromEntries(r.report.results.map((x) => [`${x.check}/${x.persona}`, x]));

describe("runScenarios over fake ports", () => {
  it("passes a proven column denial and a contrasted sign-in refusal; exit 0", async () => {
    const r = await runFake([scenario(YAML())], {
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
    });
    const x = byId(r);
    expect([x["pii/arnav"].verdict, x["pii/wei"].verdict, x["pii/erin"].verdict]).toEqual(["pass", "pass", "pass"]);
    expect(x["pii/erin"].observed).toMatchObject({ outcome: "denied", layer: "signin" });
    expect(r.report.summary.exitCode).toBe(0);
    expect(r.report.proofs).toMatchObject({
      catalog: [{ table: "t", status: "ok" }],
      workgroups: [{ name: "w", status: "ok" }],
    });
  });

  it("runs persona by persona, releases each session after its last check, and reports in plan order", async () => {
    const actions = new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES });
    const r = await runFake([scenario(YAML(PII_CHECK.replace("id: pii", "id: pii2")))], { actions });
    const personas = actions.log.filter((l) => !l.startsWith("release:")).map((id) => id.split("/").pop());
    // Each persona's checks together, then its release, before the next persona starts.
    expect(actions.log.filter((l) => l.startsWith("release:")).length).toBe(new Set(personas).size);
    for (const [i, line] of actions.log.entries())
      if (line.startsWith("release:")) {
        const p = line.slice("release:".length);
        expect(actions.log.slice(i + 1).some((l) => l.endsWith(`/${p}`))).toBe(false);
      }
    // The report keeps the plan's order: check by check.
    expect(r.report.results.map((x) => x.check)).toEqual([...r.report.results.map((x) => x.check)].sort());
  });

  it.each([
    [
      "every persona refused at sign-in: ambiguous, never a pass",
      { sessions: new FakeSessions({ arnav: NOT_ASSIGNED, wei: NOT_ASSIGNED, erin: NOT_ASSIGNED }) },
      "pii/erin",
      "error",
    ],
    [
      "results-write refusal for wei",
      { actions: new FakeActions({ "pii/wei": failed({ errorType: 401 }) }) },
      "pii/wei",
      "error",
    ],
    [
      "the catalog lost the column (renamed)",
      {
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
        proofs: new FakeProofs({ tables: { "d.t": ["a", "b", "pii_renamed"] } }),
      },
      "pii/wei",
      "error",
    ],
    [
      "the catalog cannot be read, another persona saw the column: denial by contrast, the run still fails",
      {
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
        proofs: new FakeProofs({ tables: { "d.t": "denied" } }),
      },
      "pii/wei",
      "pass",
    ],
    [
      "no proof reader at all",
      { actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }), proofs: null },
      "pii/wei",
      "error",
    ],
    [
      "a workgroup that is not Identity Center-enabled",
      {
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
        proofs: new FakeProofs({ tables: { "d.t": ["a", "b", "pii"] }, workgroups: { w: false } }),
      },
      "pii/arnav",
      "error",
    ],
    [
      "an STS refusal does not meet an Athena denied: {}",
      {
        sessions: new FakeSessions({
          erin: refusal({ stage: "assume-role", serviceCode: "AccessDenied", httpStatus: 403 }),
        }),
      },
      "pii/erin",
      "error",
    ],
    [
      "the directory cannot be read: identity unproven",
      {
        directory: new FakeDirectory({ wei: { error: "ThrottlingException" } }),
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
      },
      "pii/wei",
      "error",
    ],
    [
      "a token that signs in another user: IDENTITY_MISMATCH",
      {
        sessions: new FakeSessions({ wei: { userId: "u-dana" } }),
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
      },
      "pii/wei",
      "error",
    ],
    [
      "evidence on behalf of someone else",
      {
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
        audit: new FakeAudit((q) => (q.key.endsWith("/wei") ? "mismatch" : "confirmed")),
      },
      "pii/wei",
      "fail",
    ],
    [
      "evidence not delivered",
      {
        actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
        audit: new FakeAudit((q) => (q.key.endsWith("/wei") ? "pending" : "confirmed")),
      },
      "pii/wei",
      "pending",
    ],
    [
      "a network error is never a pass",
      { actions: new FakeActions({ "pii/wei": errored("network", "ECONNRESET") }) },
      "pii/wei",
      "error",
    ],
  ])("%s", async (_n, world, id, verdict) => {
    const r = await runFake([scenario(YAML())], {
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
      ...world,
    });
    expect(byId(r)[id].verdict, byId(r)[id].reasons.join("; ")).toBe(verdict);
    expect(r.report.summary.exitCode).not.toBe(0);
  });

  it("a scenario without an identity store proves no identity: nothing passes", async () => {
    const r = await runFake([scenario(YAML("", ""))], {
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(r.report.results.every((x) => x.verdict !== "pass")).toBe(true);
    expect(r.report.personas.every((p) => p.directoryError)).toBe(true);
  });

  it("directory drift is typed, reported before checks, and fails the run", async () => {
    const r = await runFake([scenario(YAML())], {
      directory: new FakeDirectory({ wei: { userId: "u-wei", groups: ["DS"] } }),
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(r.report.personas.find((p) => p.name === "wei")!.drift).toEqual({ expected: ["MA"], actual: ["DS"] });
    expect(r.report.summary.exitCode).toBe(1);
  });

  it("catalog drift is a run finding with the rename named, exit 1 even when every check holds", async () => {
    const r = await runFake([scenario(YAML())], {
      proofs: new FakeProofs({ tables: { "d.t": ["a", "b", "pii", "extra"] } }),
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(r.report.results.every((x) => x.verdict === "pass")).toBe(true);
    expect(r.report.summary).toMatchObject({ catalogDrift: 1, exitCode: 1 });
    expect(r.progress.join("\n")).toMatch(/catalog drift in d\.t: extra added/);
  });

  it("lists personas in declaration order, whatever order sign-ins finish in", async () => {
    const r = await runFake([scenario(YAML())], { sessions: new FakeSessions({ erin: NOT_ASSIGNED }) });
    expect(r.personas).toEqual(["arnav", "wei", "erin"]);
  });

  it("an interrupted run cancels what has not run and says so (exit 130)", async () => {
    const c = new AbortController();
    c.abort();
    const r = await runFake([scenario(YAML())], { signal: c.signal });
    expect(r.report.interrupted).toBe(true);
    expect(r.report.summary.exitCode).toBe(130);
    expect(r.report.results.every((x) => x.verdict === "error")).toBe(true);
  });

  it("the live line judges with what the run knows (proofs before checks)", async () => {
    const r = await runFake([scenario(YAML())], {
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(r.progress).toContain("observed wei × pii: denied by lakeformation (COLUMN_NOT_FOUND) → as expected");
  });

  it("a refused sign-in's evidence asks for the persona's directory user where AWS records one", async () => {
    const audit = new FakeAudit();
    await runFake([scenario(YAML())], {
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      audit,
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(audit.requests.find((q) => q.key.endsWith("/erin"))).toMatchObject({
      eventName: "CreateTokenWithIAM",
      userId: "u-erin",
      userIfRecorded: true,
      expectErrorCode: true,
    });
  });

  it("a table a check reads but the scenario does not declare is still proven in the catalog (not compared)", async () => {
    const y = YAML().replace("tables:\n  t: { columns: [a, b, pii] }\n", "");
    const r = await runFake([scenario(y)], {
      sessions: new FakeSessions({ erin: NOT_ASSIGNED }),
      actions: new FakeActions({ "pii/wei": COLUMN_DENIED, "pii/arnav": ARNAV_SEES }),
    });
    expect(r.report.proofs!.catalog).toEqual([{ database: "d", table: "t", status: "ok", columns: ["a", "b", "pii"] }]);
    expect(byId(r)["pii/wei"].verdict).toBe("pass");
  });
});
