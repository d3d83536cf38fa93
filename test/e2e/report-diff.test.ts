// Nightly drift: `report diff` between a clean bundled run and one where MarketAnalytics was also
// granted transactions=secured lists Wei's new allows first and exits 1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { reportDiffCommand } from "../../src/cli/commands/report-diff.js";
import { runFromOptions } from "../../src/index.js";
import { diffReports } from "../../src/diff/diff.js";
import { renderDiffMarkdown } from "../../src/diff/render.js";
import { loadReport } from "../../src/report/load.js";
import { stabilize } from "../helpers/stabilize.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";
import { runCli } from "../helpers/run-cli.js";

const run = async (fixture?: string) => {
  const output = tempDir("tip-diff-");
  await runFromOptions(
    { paths: ["scenarios/bank-transactions.yaml"], output, fixture, reporter: ["json"] },
    { cwd: process.cwd(), screen: captureScreen(), env: { PATH: process.env.PATH } },
  );
  return output;
};

let clean: string, leak: string;
beforeAll(async () => {
  [clean, leak] = await Promise.all([run(), run(editedBankFixture(LEAK_EDIT))]);
});

describe("report diff <clean> <leak>", () => {
  it("lists Wei's new allows first, the denial turned allow before the newly visible columns, and exits 1", async () => {
    const s = captureScreen();
    expect(await reportDiffCommand(clean, leak, {}, s)).toBe(1);
    const lines = s.text().split("\n");
    expect(lines[1]).toBe(
      "REGRESSED: 2 new allow(s), 0 new failure(s), 0 fixed, 0 changed, 0 added, 0 removed; 16 unchanged",
    );
    expect(lines[3]).toMatch(
      /^ {2}NEW ALLOW {3}wei × select-pii-account-number +now allowed, a denial is expected by lakeformation \(COLUMN_NOT_FOUND\)$/,
    );
    const firstOther = lines.findIndex((l, i) => i > 3 && /^ {2}NEW ALLOW/.test(l));
    expect(lines[firstOther]).toMatch(
      /wei × select-all-columns +now sees column\(s\) that must be hidden: transaction_id, bank_account_number, initiator_name/,
    );
  });

  it("as Markdown for a chat message or ticket comment (snapshot after stabilize)", async () => {
    const s = captureScreen();
    expect(await reportDiffCommand(clean, leak, { format: "markdown" }, s)).toBe(1);
    expect(s.text()).toMatch(/^### 🚨 New allows \(access a persona must not have\) \(2\)$/m);
    const a = loadReport(clean),
      b = loadReport(leak);
    if (!a.ok || !b.ok) throw new Error("reports unreadable");
    expect(renderDiffMarkdown(diffReports(stabilize(a.report), stabilize(b.report)))).toMatchSnapshot();
  });

  it("the way back is fixed, not a regression: exit 0", async () => {
    const s = captureScreen();
    expect(await reportDiffCommand(leak, clean, {}, s)).toBe(0);
    expect(s.text()).toMatch(/^CHANGED: 0 new allow\(s\), 0 new failure\(s\), 2 fixed/m);
  });

  it("exits 2 on input that is not a report, saying which", async () => {
    const bad = tempDir("tip-bad-");
    writeFileSync(join(bad, "report.json"), "{ not json");
    const s = captureScreen();
    expect(await reportDiffCommand(clean, bad, {}, s)).toBe(2);
    expect(s.text()).toMatch(/^error: .*report\.json: not valid JSON/m);
    expect(await reportDiffCommand(clean, join(bad, "missing"), {}, captureScreen())).toBe(2);
  });

  it("works from the command line: `tip-proof report diff <old> <new> --format markdown`", async () => {
    const r = await runCli(["report", "diff", clean, join(leak, "report.json"), "--format", "markdown"]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\*\*wei × select-pii-account-number\*\*/);
  });
});
