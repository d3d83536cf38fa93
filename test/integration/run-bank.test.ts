// The whole bundled scenario, in-process, against the embedded sandbox: the walking skeleton's proof.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";

const run = (opts: Parameters<typeof runFromOptions>[0], paths = ["scenarios/bank-transactions.yaml"]) => {
  const screen = captureScreen();
  return runFromOptions(
    { paths: paths, output: tempDir("tip-report-"), ...opts },
    { cwd: process.cwd(), screen, env: { PATH: process.env.PATH } },
  ).then((r) => ({ ...r, console: screen.text() }));
};

describe("bank-transactions against the sandbox", () => {
  it("passes, and every result carries a CloudTrail event on behalf of its persona", async () => {
    const r = await run({});
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(r.outputDir!, "report.json"), "utf8")) as RunReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.target.kind).toBe("sandbox");
    expect(report.results).toHaveLength(18);
    for (const res of report.results) {
      expect(res.verdict, res.id).toBe("pass");
      expect(res.identityCenterUserId).toMatch(/^9067c2a1f3-/);
      expect(
        res.evidence.cloudtrail.some((e) => e.onBehalfOfUserId === res.identityCenterUserId),
        res.id,
      ).toBe(true);
      if (res.observed.outcome === "denied" && res.action.type === "accessGrants")
        expect(res.evidence.cloudtrail[0].errorCode).toBe("AccessDenied");
    }
    expect(existsSync(join(r.outputDir!, "report.md"))).toBe(true);
    expect(r.console).toMatch(/^18 passed, 0 failed$/m);
  });

  it("fails with the leaked columns named when MarketAnalytics is also granted transactions=secured", async () => {
    const r = await run({ fixture: editedBankFixture(LEAK_EDIT) });
    expect(r.exitCode).toBe(1);
    const wei = r.report!.results.filter((x) => x.persona === "wei" && x.verdict === "fail");
    expect(wei.map((x) => x.check).sort()).toEqual(["select-all-columns", "select-pii-account-number"]);
    expect(wei.find((x) => x.check === "select-all-columns")!.leakedColumns).toEqual([
      "transaction_id",
      "bank_account_number",
      "initiator_name",
    ]);
    expect(wei.find((x) => x.check === "select-pii-account-number")!.unexpectedAllow).toBe(true);
    expect(r.console).toMatch(
      /LEAKED COLUMNS +wei × select-all-columns: transaction_id, bank_account_number, initiator_name/,
    );
    const md = readFileSync(join(r.outputDir!, "report.md"), "utf8");
    expect(md).toMatch(/^# FAIL: 1 unexpected allow/);
    expect(md).toContain("leaked: transaction_id, bank_account_number, initiator_name");
  });

  it("gives an error verdict, never a pass, when the denied persona's check names a table that does not exist", async () => {
    const dir = tempDir("tip-scn-");
    const text = readFileSync("scenarios/bank-transactions.yaml", "utf8").replace(
      "athena: { table: bankdata_icebergtbl, columns: [bank_account_number] }",
      'athena: { query: "SELECT bank_account_number FROM bankdata_icebergtbl_typo" }',
    );
    writeFileSync(join(dir, "bank.yaml"), text);
    const r = await run({}, [join(dir, "bank.yaml")]);
    const dana = r.report!.results.find((x) => x.persona === "dana" && x.check === "select-pii-account-number")!;
    expect(dana.verdict).toBe("error");
    expect(dana.observed).toMatchObject({ outcome: "error", errorKind: "not-found", code: "TABLE_NOT_FOUND" });
    expect(r.exitCode).toBe(1);
  });
});
