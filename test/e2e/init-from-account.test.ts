// init --from-account on the bank fixture (issue 12 item 5 Done-when): the scaffolded scenario passes,
// and each seeded regression in the fixture makes it fail (exit 1) naming the regression.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";

let scenario: string;
beforeAll(async () => {
  scenario = join(tempDir("tip-init-"), "bank.yaml");
  const r = await runCli(["init", "--from-account", "-o", scenario]);
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
}, 120_000);

const REGRESSIONS: [string, (y: string) => string, RegExp][] = [
  ["a column grant widened", LEAK_EDIT, /wei × select-bankdata_icebergtbl/],
  [
    "a user added to a group",
    (y) =>
      y.replace(
        "displayName: DataScientists, members: [arnav, maria]",
        "displayName: DataScientists, members: [arnav, maria, erin]",
      ),
    /DIRECTORY DRIFT: group DataScientists .*user erin/,
  ],
  [
    "an LF-tag changed on a column",
    (y) =>
      y.replace(
        "{ name: initiator_name,      type: string, lfTags: { transactions: [secured] } }",
        "{ name: initiator_name,      type: string, lfTags: { transactions: [accessible] } }",
      ),
    /wei × select-bankdata_icebergtbl.*initiator_name|LEAKED COLUMNS +wei × select-bankdata_icebergtbl: initiator_name/,
  ],
  [
    "an unassigned user assigned to the application",
    (y) =>
      y.replace(
        "assignments: { groups: [DataScientists, MarketAnalytics], users: [dana] }\n      authorizedCallers: [arn",
        "assignments: { groups: [DataScientists, MarketAnalytics], users: [dana, erin] }\n      authorizedCallers: [arn",
      ),
    /the application's assignments .*user erin/,
  ],
  [
    "an access grant widened",
    (y) =>
      y.replace(
        'grantee: { group: MarketAnalytics }, permission: READWRITE, scope: "s3://tip-sandbox-data/marketing/*"',
        'grantee: { group: MarketAnalytics }, permission: READWRITE, scope: "s3://tip-sandbox-data/*"',
      ),
    /wei × access-grant/,
  ],
];

describe("init --from-account (sandbox, bank fixture)", () => {
  it("writes a scenario that passes", async () => {
    expect(readFileSync(scenario, "utf8")).toMatch(/directory:\n {2}groups:\n {4}DataScientists:/);
    const r = await runCli(["run", scenario, "-o", tempDir("tip-init-run-")]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it.each(REGRESSIONS)("%s: exit 1, named", async (_name, edit, named) => {
    const r = await runCli(["run", scenario, "--fixture", editedBankFixture(edit), "-o", tempDir("tip-init-reg-")]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(named);
  });

  it("--update on a changed account prints the diff and exits 1 without writing; unchanged exits 0", async () => {
    const before = readFileSync(scenario, "utf8");
    const same = await runCli(["init", "--from-account", "--update", "-o", scenario]);
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);
    const fixture = editedBankFixture((y) =>
      y.replace(
        "displayName: DataScientists, members: [arnav, maria]",
        "displayName: DataScientists, members: [arnav, maria, erin]",
      ),
    );
    const r = await runCli(["init", "--from-account", "--update", "--fixture", fixture, "-o", scenario]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^\+ +- erin$/m);
    expect(readFileSync(scenario, "utf8")).toBe(before);
  });
});
