// Sharded runs merged into one verdict, as a CI matrix runs them: `run --shard i/3` three times against
// the sandbox, `report merge`, `verify`. The merged verdicts equal the unsharded run's per persona ×
// check; merges of folders that are not one run's shards exit 2 with the reason; a shard's facts.json
// holds no credential and no table value.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "@tip-proof/sandbox";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";
import { runCli } from "../helpers/run-cli.js";

const report = (dir: string) => JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport;
const verdicts = (r: RunReport) =>
  Object.fromEntries(
    r.results.map((x) => [
      `${x.scenario}/${x.persona}/${x.check}`,
      { verdict: x.verdict, outcome: x.observed.outcome, reasons: x.reasons },
    ]),
  );

describe("run --shard i/n and report merge", () => {
  it("3 shards on the sandbox, merged: the unsharded verdicts, and the merged folder verifies", async () => {
    const root = tempDir("tip-shard-");
    const dirs = [1, 2, 3].map((i) => join(root, `shard-${i}`));
    const [whole, ...shards] = await Promise.all([
      runCli(["run", "-o", join(root, "whole")], { timeoutMs: 90_000 }),
      ...dirs.map((d, i) =>
        runCli(["run", "--shard", `${i + 1}/3`, "--run-group", "e2e-1", "-o", d], { timeoutMs: 90_000 }),
      ),
    ]);
    expect(whole.exitCode, whole.stderr).toBe(0);
    for (const s of shards) expect(s.exitCode, s.stderr).toBe(0);
    // Every shard did part of the work, and all of it was done once.
    const parts = dirs.map((d) => report(d).results.length);
    expect(parts.every((n) => n > 0)).toBe(true);
    expect(parts.reduce((a, b) => a + b)).toBe(report(join(root, "whole")).results.length);
    for (const d of dirs) expect((await runCli(["verify", d])).exitCode).toBe(0);

    const summary = join(root, "step-summary.md");
    const merged = await runCli(
      ["report", "merge", ...dirs, "-o", join(root, "merged"), "--reporter", "json,md,html,junit,github,manifest"],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(merged.exitCode, merged.stderr).toBe(0);
    // The merge job of the example workflow writes the job summary, like a run does.
    expect(readFileSync(summary, "utf8")).toMatch(/^## tip-proof: PASS: all 18 checks/);
    expect(merged.stdout).toMatch(/Merged 1\/3 \(.+\), 2\/3 \(.+\), 3\/3 \(.+\): 18 checks judged together/);
    expect(merged.stdout.trimEnd().split("\n").pop()).toBe("18 passed, 0 failed");
    const m = report(join(root, "merged"));
    expect(verdicts(m)).toEqual(verdicts(report(join(root, "whole"))));
    expect(m.results.map((r) => r.id)).toEqual(report(join(root, "whole")).results.map((r) => r.id));

    const v = await runCli(["verify", join(root, "merged")]);
    expect(v.exitCode, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/ok +facts\.json/);
    expect(v.stdout).toMatch(/INTACT: all 5 files match manifest\.json/);

    // Refusals: a missing shard, a shard twice, a folder without facts, an edited shard, a bad --shard.
    const refuse = async (args: string[], why: RegExp) => {
      const r = await runCli(args);
      expect(r.exitCode, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    };
    await refuse(
      ["report", "merge", dirs[0], dirs[1], "-o", join(root, "m2")],
      /error CFG_MERGE: .*missing shard 3\/3/,
    );
    await refuse(
      ["report", "merge", dirs[0], dirs[1], dirs[1], dirs[2], "-o", join(root, "m3")],
      /error CFG_MERGE: .*shard 2\/3 is given twice/,
    );
    await refuse(
      ["report", "merge", ...dirs.slice(0, 2), join(root, "whole"), "-o", join(root, "m4")],
      /error CFG_NO_FACTS: .*only a run with --shard/,
    );
    for (const bad of ["0/3", "4/3", "x"])
      await refuse(["run", "--shard", bad, "--run-group", "e2e-1", "-o", join(root, "bad")], /error CFG_SHARD: /);
    await refuse(
      ["run", "--shard", "1/3", "-o", join(root, "bad")],
      /error CFG_SHARD: a sharded run needs a run group/,
    );
    const facts = join(dirs[2], "facts.json");
    writeFileSync(facts, readFileSync(facts, "utf8").replace(/"kind": "refused"/, '"kind": "allowed"'));
    await refuse(["report", "merge", ...dirs, "-o", join(root, "m5")], /error CFG_TAMPERED: .*modified facts\.json/);
  }, 120_000);

  it("a shard's facts.json holds no credential, password, token or table value (Wei wrongly granted the PII columns)", async () => {
    const dir = tempDir("tip-shard-redact-");
    let sb: Sandbox | undefined;
    // Shard 1 of 1 is the whole run: every persona, with the leaking grant's values really returned.
    const r = await runFromOptions(
      {
        paths: ["scenarios"],
        output: dir,
        fixture: editedBankFixture(LEAK_EDIT),
        shard: "1/1",
        runGroup: "e2e-redact",
      },
      {
        cwd: process.cwd(),
        screen: captureScreen(),
        env: { PATH: process.env.PATH },
        onSandbox: (s) => {
          sb = s;
        },
      },
    );
    expect(r.report.results.some((x) => x.leakedColumns?.includes("bank_account_number"))).toBe(true);
    const text = readFileSync(join(dir, "facts.json"), "utf8");
    const secrets = [
      ...sb!.credentials.allSecrets(),
      sb!.baseCredentials.secretAccessKey,
      ...sb!.users.map((u) => u.password),
    ].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(20);
    expect(secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 4)}…`)).toEqual([]);
    const [header, ...rows] = readFileSync("packages/sandbox/fixtures/bank/bank-transactions.csv", "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const cols = ["transaction_id", "bank_account_number", "initiator_name", "recipient_name"].map((c) =>
      header.indexOf(c),
    );
    const values = [...new Set(rows.flatMap((row) => cols.map((i) => row[i]).filter((x) => x && x.length >= 5)))];
    expect(values.length).toBeGreaterThan(200);
    expect(values.filter((x) => text.includes(x) || text.includes(JSON.stringify(x).slice(1, -1)))).toEqual([]);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    // The ids that tie the facts to AWS are there: the scan could have found things.
    expect(text).toContain(r.report.results.find((x) => x.observed.queryExecutionId)!.observed.queryExecutionId!);
  }, 60_000);
});
