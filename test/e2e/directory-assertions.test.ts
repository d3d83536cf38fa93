// Directory assertions end to end on the sandbox (issue 12 item 4): a scenario that declares the exact
// members of DataScientists and the exact assignments of the application passes on the bank fixture,
// and exits 1 naming the user once a non-persona user joins the group or is assigned.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { editedBankFixture, editedBankScenario, tempDir } from "../helpers/fixtures.js";

const ASSERTIONS = `
directory:
  groups:
    DataScientists: { exactly: [arnav, maria] }
    MarketAnalytics: { exactly: [wei] }
  assignments:
    exactly: { groups: [DataScientists, MarketAnalytics], users: [dana] }
`;
const scenario = () => editedBankScenario((y) => y.replace("\ncheck", `${ASSERTIONS}\ncheck`));

describe("directory assertions (sandbox)", () => {
  it("hold on the bank fixture: exit 0", async () => {
    const r = await runCli(["run", scenario(), "-o", tempDir("tip-dir-ok-")]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it("a non-persona user added to DataScientists: exit 1, the user named before the checks, in every report format", async () => {
    const fixture = editedBankFixture((y) =>
      y.replace(
        "displayName: DataScientists, members: [arnav, maria]",
        "displayName: DataScientists, members: [arnav, maria, erin]",
      ),
    );
    const out = tempDir("tip-dir-drift-");
    const r = await runCli(["run", scenario(), "--fixture", fixture, "-o", out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    const line =
      "DIRECTORY DRIFT: group DataScientists (scenario bank-transactions): user erin (not a persona) is a member";
    expect(r.stdout + r.stderr).toContain(line);
    for (const f of ["report.md", "report.html", "junit.xml"])
      expect(readFileSync(join(out, f), "utf8"), f).toContain("user erin (not a persona) is a member");
    // Every check held, yet no headline may say PASS (review s22c F1): the title, the banner, the closing line.
    const title = "FAIL: directory assertion drift; all 18 checks held, but the run's premise did not";
    expect(readFileSync(join(out, "report.md"), "utf8").split("\n")[0]).toBe(`# ${title}`);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('<header class="banner fail">');
    expect(html).not.toMatch(/✓ PASS/);
    expect(r.stdout.trim().split("\n").at(-1)).toBe("18 passed, 0 failed; run failed: directory assertion drift");
    const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(json.proofs.directory.find((d: { group?: string }) => d.group === "DataScientists")).toMatchObject({
      status: "drift",
      unexpected: [{ type: "user", name: "erin" }],
    });
  });

  it("an unassigned user assigned to the application: exit 1 naming the user", async () => {
    const fixture = editedBankFixture((y) =>
      y.replace(
        "assignments: { groups: [DataScientists, MarketAnalytics], users: [dana] }\n      authorizedCallers: [arn",
        "assignments: { groups: [DataScientists, MarketAnalytics], users: [dana, erin] }\n      authorizedCallers: [arn",
      ),
    );
    const r = await runCli(["run", scenario(), "--fixture", fixture, "-o", tempDir("tip-dir-assign-")]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /DIRECTORY DRIFT: the application's assignments \(scenario bank-transactions\): user erin \(not a persona\) is assigned/,
    );
  });
});
