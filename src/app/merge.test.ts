// `report merge` reads only shard folders whose manifest covers facts.json: a folder without a manifest
// would let a hand-edited facts.json be judged and then signed by the merged folder's new manifest.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeScenarioYaml } from "../../test/helpers/fake-scenario.js";
import {
  FakeActions,
  FakeAudit,
  FakeDirectory,
  FakeProofs,
  FakeSessions,
  allowed,
  failed,
  scenario,
} from "../../test/helpers/fake-ports.js";
import { tempDir } from "../../test/helpers/fixtures.js";
import { runWithFacts } from "../core/run.js";
import { judgeRun } from "../core/verdicts.js";
import { renderFacts } from "./facts-file.js";
import { mergeReports, registerMismatch } from "./merge.js";
import { sampleReport } from "../../test/helpers/sample-report.js";

const YAML = fakeScenarioYaml({
  accessGrants: false,
  tables: "",
  personas: "  erin: { identity: { userName: erin }, class: denied, token: { type: env, variable: E } }\n",
  checks: `  - id: pii
    athena: { table: t, columns: [a] }
    expect:
      - personas: [erin]
        denied: {}
`,
});

describe("report merge refuses a shard folder it cannot verify", () => {
  it("a folder with facts.json but no manifest.json (an edited blob, the manifest removed) is refused", async () => {
    // An honest run would have seen erin allowed (an UNEXPECTED ALLOW); the blob is edited to a denial.
    const { facts } = await runWithFacts({
      runId: "shard",
      scenarios: [scenario(YAML)],
      scenarioFiles: [{ file: "s.yaml", name: "s", sha256: "a".repeat(64) }],
      target: { kind: "sandbox", accountId: "111122223333", region: "us-east-1" },
      tool: { name: "tip-proof", version: "test" },
      sessions: new FakeSessions({}),
      actions: new FakeActions({ "pii/erin": allowed({ columns: ["a"], rowCount: 3 }) }),
      audit: new FakeAudit(),
      directory: new FakeDirectory(),
      proofs: new FakeProofs({ tables: { "d.t": ["a"] } }),
      reporter: { name: "none" },
      concurrency: { personas: 1, checks: 1 },
      cloudtrail: { deadlineMs: 0, settleMs: 0 },
      signal: new AbortController().signal,
      shard: { index: 1, total: 1 },
    });
    const edited = {
      ...facts,
      checks: facts.checks.map((c) => ({ ...c, observed: failed({ errorType: 234, namedResource: "d.t" }) })),
    };
    expect(judgeRun(edited).results[0].verdict).toBe("pass");
    const shard = tempDir("tip-merge-unsigned-");
    writeFileSync(join(shard, "facts.json"), renderFacts(edited));
    const out: string[] = [];
    await expect(
      mergeReports({
        dirs: [shard],
        output: join(tempDir("tip-merge-out-"), "m"),
        reporters: ["json", "manifest"],
        cwd: shard,
        env: {},
        screen: {
          write: (t) => {
            out.push(t);
          },
          isTTY: false,
          color: false,
        },
      }),
    ).rejects.toMatchObject({ code: "CFG_TAMPERED", message: expect.stringMatching(/no manifest\.json/) });
  });
});

describe("report merge refuses shards that ran with different exception registers (review s21b A4)", () => {
  const withRegister = (sha256?: string) => {
    const report = sampleReport();
    if (sha256) report.exceptions = { file: "exceptions.yaml", sha256, entries: [] };
    return { ok: true as const, report, file: "report.json" };
  };
  it("one register, or none anywhere: one run", () => {
    expect(
      registerMismatch([1, 2, 3].map((i) => ({ source: `s${i}`, loaded: withRegister("a".repeat(64)) }))),
    ).toBeUndefined();
    expect(registerMismatch([1, 2].map((i) => ({ source: `s${i}`, loaded: withRegister() })))).toBeUndefined();
  });
  it("another register, or none, in one shard: refused, naming each shard's", () => {
    const problem = registerMismatch([
      { source: "s1", loaded: withRegister("a".repeat(64)) },
      { source: "s2", loaded: withRegister() },
      { source: "s3", loaded: withRegister("b".repeat(64)) },
    ]);
    expect(problem).toBe(
      "the shards ran with different exception registers (s1: aaaaaaaaaaaa, s2: none, s3: bbbbbbbbbbbb): run every shard with the same --exceptions file",
    );
  });
});
