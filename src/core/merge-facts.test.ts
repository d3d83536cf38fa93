// `report merge` over fake ports: the merged verdicts of 3 shards equal the unsharded run's, including
// denials whose contrast comes from a persona in another shard (alone, each shard says error), and
// merges of folders that are not one run's shards are refused with the reason.
import { describe, expect, it } from "vitest";
import { fakeScenarioYaml, PII_CHECK } from "../../test/helpers/fake-scenario.js";
import {
  FakeActions,
  FakeAudit,
  FakeDirectory,
  FakeProofs,
  FakeSessions,
  allowed,
  failed,
  refusal,
  scenario,
} from "../../test/helpers/fake-ports.js";
import { runFactsSchema, type RunFacts } from "../model/facts-blob.js";
import type { RunReport } from "../model/report.js";
import { consistency, mergeFacts, mergeProofs } from "./merge-facts.js";
import { runWithFacts, type RunOptions } from "./run.js";
import type { ShardSpec } from "./shard.js";
import { judgeRun } from "./verdicts.js";

const YAML = fakeScenarioYaml({
  checks: `${PII_CHECK}  - id: finance
    accessGrants: { target: "s3://bank-data/finance/*", permission: READ }
    expect:
      - personas: [arnav]
        allowed: {}
      - personas: [wei, erin]
        denied: {}
  - id: regions
    athena: { query: "SELECT a FROM u" }
    expect:
      - personas: [arnav, wei]
        allowed: {}
      - personas: [erin]
        denied: {}
`,
});

// wei's Athena refusal is a Lake Formation error that names no table: a denial only if another persona
// read the table in this run (and a query of wei's own succeeded in the workgroup: regions); erin's sign-in refusal only if another persona signed in; wei's Access Grants
// refusal only if someone was granted something through the account. arnav provides all three.
const world = () => ({
  sessions: new FakeSessions({
    erin: refusal({ stage: "sign-in", serviceCode: "AccessDeniedException", httpStatus: 400 }),
  }),
  actions: new FakeActions({
    "pii/arnav": allowed({ columns: ["pii"], rowCount: 3 }),
    "pii/wei": failed({ errorType: 234 }),
    "regions/arnav": allowed({ columns: ["a"], rowCount: 3 }),
    "regions/wei": allowed({ columns: ["a"], rowCount: 3 }),
    "finance/arnav": allowed({ grantedScope: "s3://bank-data/finance/*", granteeType: "DIRECTORY_GROUP" }),
    "finance/wei": refusal({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 }),
  }),
});

async function run(
  shard?: ShardSpec,
  runId = shard ? `shard-${shard.index}` : "whole",
  personas?: string[],
): Promise<{ report: RunReport; facts: RunFacts }> {
  const w = world();
  const o: RunOptions = {
    runId,
    scenarios: [scenario(YAML)],
    scenarioFiles: [{ file: "s.yaml", name: "s", sha256: "a".repeat(64), targetSha256: "b".repeat(64) }],
    target: { kind: "sandbox", accountId: "111122223333", region: "us-east-1" },
    basePrincipalArn: "arn:aws:iam::111122223333:user/runner",
    tool: { name: "tip-proof", version: "test" },
    sessions: w.sessions,
    actions: w.actions,
    audit: new FakeAudit(),
    directory: new FakeDirectory(),
    proofs: new FakeProofs({ tables: { "d.t": ["a", "b", "pii"] } }),
    reporter: { name: "none" },
    concurrency: { personas: 2, checks: 4 },
    cloudtrail: { deadlineMs: 0, settleMs: 0 },
    signal: new AbortController().signal,
    ...(shard ? { shard } : {}),
    ...(personas ? { personas } : {}),
  };
  return runWithFacts(o);
}

const verdicts = (r: RunReport) =>
  Object.fromEntries(
    r.results.map((x) => [
      `${x.persona} × ${x.check}`,
      { verdict: x.verdict, reasons: x.reasons, evidence: x.evidence.status },
    ]),
  );
const shards = () => Promise.all([1, 2, 3].map((index) => run({ index, total: 3, group: "nightly-1" })));
const inputs = (fs: RunFacts[]) => fs.map((facts, i) => ({ source: `dir${i + 1}`, facts }));
const merge = (fs: RunFacts[]) =>
  mergeFacts(inputs(fs), { runId: "merged", tool: { name: "tip-proof", version: "test" } });

describe("report merge: the shards of one run judged as one run", () => {
  it("3 shards merged give the unsharded verdicts and reasons, per persona × check, in plan order", async () => {
    const whole = await run();
    const parts = await shards();
    // Each persona ran alone: the preconditions of the cross-shard cases.
    expect(parts.map((p) => p.facts.personas.map((x) => x.report.name))).toEqual([["arnav"], ["erin"], ["wei"]]);
    const m = merge(parts.map((p) => p.facts));
    if (!m.ok) throw new Error(m.problems.join("; "));
    const merged = judgeRun(m.facts);
    expect(verdicts(merged)).toEqual(verdicts(whole.report));
    expect(merged.results.map((r) => r.id)).toEqual(whole.report.results.map((r) => r.id));
    expect(merged.summary).toEqual(whole.report.summary);
    expect(merged.personas).toEqual(whole.report.personas);
    expect(merged.summary.exitCode).toBe(0);
  });

  it("contrast from another shard: alone, wei's and erin's shards say error; merged, they pass as unsharded", async () => {
    const whole = verdicts((await run()).report);
    const [, erinShard, weiShard] = await shards();
    const erin = verdicts(erinShard.report),
      wei = verdicts(weiShard.report);
    expect(erin["erin × pii"].verdict).toBe("error");
    expect(erin["erin × pii"].reasons[0]).toMatch(/no persona of scenario "s" got through sign-in/);
    expect(wei["wei × pii"].verdict).toBe("error");
    expect(wei["wei × finance"].verdict).toBe("error");
    for (const k of ["erin × pii", "wei × pii", "wei × finance"]) expect(whole[k].verdict).toBe("pass");
    const m = merge((await shards()).map((p) => p.facts));
    expect(m.ok && verdicts(judgeRun(m.facts))).toMatchObject({
      "erin × pii": { verdict: "pass" },
      "wei × pii": { verdict: "pass" },
      "wei × finance": { verdict: "pass" },
    });
  });

  it("the facts are what the schema says, and survive JSON", async () => {
    const { facts, report } = await run({ index: 2, total: 3 });
    const back = runFactsSchema.parse(JSON.parse(JSON.stringify(facts)));
    expect(verdicts(judgeRun(back))).toEqual(verdicts(report));
  });

  describe("refusals", () => {
    it.each<[string, (fs: RunFacts[]) => RunFacts[], RegExp]>([
      ["a missing shard", (fs) => fs.slice(0, 2), /missing shard 3\/3/],
      ["a shard given twice", (fs) => [fs[0], fs[1], fs[1]], /shard 2\/3 is given twice \(dir2, dir3\)/],
      [
        "other scenarios",
        (fs) => [fs[0], fs[1], { ...fs[2], scenarios: [{ file: "s.yaml", name: "s", sha256: "b".repeat(64) }] }],
        /dir3 ran other scenarios/,
      ],
      [
        "another account",
        (fs) => [fs[0], { ...fs[1], target: { ...fs[1].target, accountId: "999999999999" } }, fs[2]],
        /dir2 targets sandbox account 999999999999/,
      ],
      [
        "another Region",
        (fs) => [fs[0], fs[1], { ...fs[2], target: { ...fs[2].target, region: "eu-west-1" } }],
        /in eu-west-1/,
      ],
      [
        "different splits",
        (fs) => [fs[0], fs[1], { ...fs[2], shard: { index: 3, total: 4, group: "nightly-1" } }],
        /different splits/,
      ],
      // Monday's shard 1 must not lend arnav's successful read (the contrast of wei's refusal) to Tuesday's run.
      [
        "shards of different runs",
        (fs) => [{ ...fs[0], shard: { ...fs[0].shard, group: "nightly-0" } }, fs[1], fs[2]],
        /shards of different runs \(run groups dir1: nightly-0, dir2: nightly-1/,
      ],
      [
        "a shard without a run group",
        (fs) => [fs[0], { ...fs[1], shard: { index: 2, total: 3 } }, fs[2]],
        /dir2 was written without a run group/,
      ],
      [
        "checks that do not add up",
        (fs) => [fs[0], fs[1], { ...fs[2], checks: fs[2].checks.slice(1) }],
        /do not add up to the plan of 9/,
      ],
      // Review s24a F1: a shard whose base principal may not sign anyone in must not borrow another
      // shard's successful sign-in as the contrast of its refusals, nor one run against another application.
      [
        "a shard run as another base principal",
        (fs) => [fs[0], { ...fs[1], basePrincipalArn: "arn:aws:iam::111122223333:user/runner2" }, fs[2]],
        /dir2 ran as arn:aws:iam::111122223333:user\/runner2, dir1 as arn:aws:iam::111122223333:user\/runner: shards must run as the same base principal/,
      ],
      [
        "a shard whose principal is not on record",
        (fs) => [fs[0], fs[1], { ...fs[2], basePrincipalArn: undefined }],
        /dir3 ran as an unrecorded principal/,
      ],
      [
        "a shard whose scenario variables resolved to another target",
        (fs) => [
          fs[0],
          { ...fs[1], scenarios: fs[1].scenarios.map((x) => ({ ...x, targetSha256: "c".repeat(64) })) },
          fs[2],
        ],
        /dir2 resolved the scenarios' targets otherwise than dir1/,
      ],
      // Review s24c 1: the same principal against another fixture (one without sso-oauth:CreateTokenWithIAM).
      [
        "a shard against another sandbox world",
        (fs) => [fs[0], { ...fs[1], target: { ...fs[1].target, sandboxSha256: "d".repeat(64) } }, fs[2]],
        /dir2 ran against another sandbox world than dir1/,
      ],
      [
        "review s24d: shards against two standalone sandboxes (kind aws, two endpoints)",
        (fs) =>
          fs.map((f, i) => ({
            ...f,
            target: { ...f.target, kind: "aws" as const, endpoint: `http://127.0.0.1:${4599 + (i === 1 ? 1 : 0)}` },
          })),
        /dir2 ran against http:\/\/127\.0\.0\.1:4600, dir1 against http:\/\/127\.0\.0\.1:4599: shards must run against the same endpoint/,
      ],
      [
        "review s24c 2: AWS shards that did not record their principal",
        (fs) => fs.map((f) => ({ ...f, target: { ...f.target, kind: "aws" as const }, basePrincipalArn: undefined })),
        /dir1, dir2, dir3 did not record their base principal/,
      ],
      ["nothing", () => [], /no shard folders given/],
    ])("%s", async (_name, tamper, why) => {
      const fs = (await shards()).map((p) => p.facts);
      const m = merge(tamper(fs));
      expect(m.ok).toBe(false);
      expect(!m.ok && m.problems.join("; ")).toMatch(why);
    });

    it("shards of different plans of the same size (--persona arnav,wei and --persona arnav,erin) are not one run", async () => {
      // Each split gives arnav shard 1 and the other persona shard 2, at the same plan positions: the
      // checks add up to 6, yet wei, who ran in no shard, would silently drop out of the merged run.
      const a = await run({ index: 1, total: 2, group: "g" }, "a", ["arnav", "wei"]),
        b = await run({ index: 2, total: 2, group: "g" }, "b", ["arnav", "erin"]);
      expect([...a.facts.checks, ...b.facts.checks].map((c) => c.planIndex).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const m = merge([a.facts, b.facts]);
      expect(m.ok).toBe(false);
      expect(!m.ok && m.problems.join("; ")).toMatch(/planned other checks/);
    });

    it("review s24c 2: shards of one role with per-job session names are one principal", async () => {
      const role = (job: number) => `arn:aws:sts::111122223333:assumed-role/tip-runner/ci-job-${job}`;
      const fs = (await shards()).map((p, i) => ({ ...p.facts, basePrincipalArn: role(100 + i) }));
      expect(merge(fs).ok).toBe(true);
      const other = [
        ...fs.slice(0, 2),
        { ...fs[2], basePrincipalArn: "arn:aws:sts::111122223333:assumed-role/other/ci-job-102" },
      ];
      expect(!merge(other).ok && (merge(other) as { problems: string[] }).problems.join("; ")).toMatch(
        /must run as the same base principal/,
      );
    });

    it("a merged folder is one run (1/1) and merges alone", async () => {
      const m = merge((await shards()).map((p) => p.facts));
      expect(m.ok && consistency([{ source: "merged", facts: m.facts }])).toEqual([]);
    });
  });

  it("proofs the shards disagree on: the less proven one is kept", () => {
    const p = mergeProofs([
      {
        catalog: [{ database: "d", table: "t", status: "ok", columns: ["a"] }],
        workgroups: [{ name: "w", status: "ok" }],
        objects: [{ uri: "s3://b/x", status: "exists" }],
      },
      {
        catalog: [{ database: "D", table: "T", status: "unavailable", error: "throttled" }],
        workgroups: [{ name: "w", status: "unavailable" }],
        objects: [
          { uri: "s3://b/x", status: "missing" },
          { uri: "s3://b/y", status: "exists" },
        ],
      },
    ]);
    expect(p.catalog).toEqual([{ database: "D", table: "T", status: "unavailable", error: "throttled" }]);
    expect(p.workgroups.map((w) => w.status)).toEqual(["unavailable"]);
    expect(p.objects.map((o) => `${o.uri} ${o.status}`)).toEqual(["s3://b/x missing", "s3://b/y exists"]);
    expect(p.accessGrants).toBeUndefined();
  });

  it("which instance governs a target: every shard's answers are kept, the less proven one where they disagree, and they survive facts.json (review s21b A2)", () => {
    const arn = "arn:aws:s3:us-east-1:111122223333:access-grants/default";
    const base = { catalog: [], workgroups: [], objects: [] };
    const p = mergeProofs([
      {
        ...base,
        accessGrants: [
          { accountId: "111122223333", target: "s3://b/p/*", status: "governed", instanceArn: arn },
          { accountId: "111122223333", target: "s3://b/q/*", status: "governed", instanceArn: arn },
        ],
      },
      {
        ...base,
        accessGrants: [{ accountId: "111122223333", target: "s3://b/q/*", status: "no-instance" }],
        accessGrantsLocations: [
          {
            accountId: "111122223333",
            status: "ok",
            locations: [{ scope: "s3://", roleArn: "arn:aws:iam::1:role/L" }],
          },
        ],
      },
      { ...base, accessGrantsLocations: [{ accountId: "111122223333", status: "unavailable", error: "throttled" }] },
      base,
    ]);
    expect(p.accessGrantsLocations).toEqual([{ accountId: "111122223333", status: "unavailable", error: "throttled" }]);
    const joined = mergeProofs([
      {
        ...base,
        accessGrantsLocations: [
          { accountId: "1", status: "ok", locations: [{ scope: "s3://", roleArn: "arn:aws:iam::1:role/A" }] },
        ],
      },
      {
        ...base,
        accessGrantsLocations: [
          {
            accountId: "1",
            status: "ok",
            locations: [
              { scope: "s3://", roleArn: "arn:aws:iam::1:role/A" },
              { scope: "s3://b/m/", roleArn: "arn:aws:iam::1:role/B" },
            ],
          },
        ],
      },
    ]);
    expect(joined.accessGrantsLocations![0].locations).toEqual([
      { scope: "s3://", roleArn: "arn:aws:iam::1:role/A" },
      { scope: "s3://b/m/", roleArn: "arn:aws:iam::1:role/B" },
    ]);
    expect(p.accessGrants!.map((g) => `${g.target} ${g.status}`)).toEqual([
      "s3://b/p/* governed",
      "s3://b/q/* no-instance",
    ]);
    const blob = runFactsSchema.shape.proofs.parse(JSON.parse(JSON.stringify(p)));
    expect(blob.accessGrants).toEqual(p.accessGrants);
    expect(blob.accessGrantsLocations).toEqual(p.accessGrantsLocations);
  });

  it("IAM grants: every shard's lists are joined, one unreadable list makes the account's unreadable, and they survive facts.json (review s21c D1)", () => {
    const base = { catalog: [], workgroups: [], objects: [] };
    const g = (scope: string) => ({ grantee: "arn:aws:iam::1:role/C", scope, permission: "READ" });
    const ok = (...grants: ReturnType<typeof g>[]) => ({
      ...base,
      accessGrantsIam: [{ accountId: "1", status: "ok" as const, grants }],
    });
    const joined = mergeProofs([ok(g("s3://b/p/*")), ok(g("s3://b/p/*"), g("s3://b/q/*")), base]);
    expect(joined.accessGrantsIam).toEqual([
      { accountId: "1", status: "ok", grants: [g("s3://b/p/*"), g("s3://b/q/*")] },
    ]);
    const unreadable = mergeProofs([
      ok(g("s3://b/p/*")),
      { ...base, accessGrantsIam: [{ accountId: "1", status: "unavailable", error: "throttled" }] },
      ok(),
    ]);
    expect(unreadable.accessGrantsIam).toEqual([{ accountId: "1", status: "unavailable", error: "throttled" }]);
    expect(runFactsSchema.shape.proofs.parse(JSON.parse(JSON.stringify(joined))).accessGrantsIam).toEqual(
      joined.accessGrantsIam,
    );
  });

  it("two ok reads of a table with different columns: only the columns both shards saw are proven", () => {
    // Without tables: in the scenario both reads are "ok". Shard 1 read t before pii was renamed, shard 2
    // after; wei (shard 2) got COLUMN_NOT_FOUND pii. Keeping shard 1's columns would prove pii exists and
    // turn that rename into a Lake Formation denial (a pass); shard 2 alone says COLUMN_NOT_IN_CATALOG.
    const p = mergeProofs([
      {
        catalog: [{ database: "d", table: "t", status: "ok", columns: ["a", "b", "pii"] }],
        workgroups: [],
        objects: [],
      },
      {
        catalog: [{ database: "d", table: "t", status: "ok", columns: ["a", "b", "pii_v2"] }],
        workgroups: [],
        objects: [],
      },
    ]);
    expect(p.catalog).toHaveLength(1);
    expect(p.catalog[0].columns).toEqual(["a", "b"]);
  });
});
