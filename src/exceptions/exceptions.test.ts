// The exception register: parsing with positioned diagnostics, which results a pattern covers, expiry
// against the run's date, and what the report says about each exception.
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { formatDiagnostic } from "../scenario/diagnostics.js";
import { annotateRun, covers, isLive } from "./apply.js";
import { parseExceptions, patternMatches, type ExceptionTargets } from "./parse.js";
import type { ExceptionsFile } from "./schema.js";

const TARGETS: ExceptionTargets[] = [
  {
    scenario: "bank",
    personas: ["arnav", "maria", "wei", "dana"],
    checks: ["select-all-columns", "select-pii-account-number", "datascience-prefix", "payroll"],
  },
];
const entry = (more: string) => `version: 1
exceptions:
  - id: wei-legacy
${more}`;
const GOOD = `    personas: [wei]
    checks: [select-*]
    justification: legacy view, replaced in Q4
    owner: data-platform
    ticket: SEC-1234
    expires: 2026-09-30
`;
const diags = (text: string) => parseExceptions(text, "exceptions.yaml", TARGETS).diagnostics.map(formatDiagnostic);

describe("parseExceptions: every problem positioned, with the fix", () => {
  it("accepts a complete entry", () => {
    expect(parseExceptions(entry(GOOD), "exceptions.yaml", TARGETS)).toMatchObject({
      diagnostics: [],
      register: { exceptions: [{ id: "wei-legacy", expires: "2026-09-30" }] },
    });
  });
  it.each([
    [
      "unknown key",
      GOOD + "    expiry: 2026-01-01\n",
      'exceptions.yaml:10:5 EXC002 unknown key "expiry" in exceptions[0]',
    ],
    [
      "missing owner",
      GOOD.replace("    owner: data-platform\n", ""),
      'exceptions.yaml:3:5 EXC003 missing required field "owner" in exceptions[0]',
    ],
    [
      "missing expiry",
      GOOD.replace("    expires: 2026-09-30\n", ""),
      'exceptions.yaml:3:5 EXC003 missing required field "expires"',
    ],
    [
      "missing justification",
      GOOD.replace("    justification: legacy view, replaced in Q4\n", ""),
      'EXC003 missing required field "justification"',
    ],
    [
      "empty owner",
      GOOD.replace("owner: data-platform", 'owner: ""'),
      "exceptions.yaml:7:12 EXC004 exceptions[0].owner: owner must not be empty",
    ],
    [
      "a date that does not exist",
      GOOD.replace("2026-09-30", "2026-02-30"),
      "exceptions.yaml:9:14 EXC004 exceptions[0].expires: this date does not exist",
    ],
    [
      "not a date",
      GOOD.replace("2026-09-30", "next year"),
      "exceptions.yaml:9:14 EXC004 exceptions[0].expires: use a date such as 2026-09-30",
    ],
    [
      "a persona typo",
      GOOD.replace("[wei]", "[wie]"),
      'exceptions.yaml:4:16 EXC005 "wie" names no persona of the scenarios; did you mean "wei"?',
    ],
    [
      "a check typo",
      GOOD.replace("[select-*]", "[slect-all-columns]"),
      'exceptions.yaml:5:14 EXC006 "slect-all-columns" names no check of the scenarios; did you mean "select-all-columns"?',
    ],
    [
      "a pattern that matches nothing",
      GOOD.replace("[select-*]", "[insert-*]"),
      'exceptions.yaml:5:14 EXC006 "insert-*" names no check',
    ],
    [
      "an unknown scenario",
      "    scenario: bnak\n" + GOOD,
      'exceptions.yaml:4:15 EXC009 scenario "bnak" is not one of this run\'s scenarios (bank)',
    ],
    [
      "only one list",
      GOOD.replace("    checks: [select-*]\n", ""),
      'EXC008 exceptions[0] ("wei-legacy") needs both personas and checks, or a cell',
    ],
    ["YAML syntax", GOOD.replace("[wei]", "[wei"), "EXC001"],
  ])("%s", (_label, body, expected) => {
    expect(diags(entry(body)).join("\n")).toContain(expected);
  });
  it("a duplicate id", () => {
    expect(diags(entry(GOOD) + "  - id: wei-legacy\n" + GOOD)).toEqual([
      expect.stringContaining('exceptions.yaml:10:9 EXC007 exception id "wei-legacy" is used twice'),
    ]);
  });
  it("a matrix cell names a persona and a resource", () => {
    const cell = GOOD.replace(
      "    personas: [wei]\n    checks: [select-*]\n",
      "    cell: { persona: dana, resource: payroll }\n",
    );
    expect(diags(entry(cell))).toEqual([]);
    expect(diags(entry(cell.replace("payroll", "payrol")))).toEqual([
      expect.stringMatching(/^exceptions.yaml:4:38 EXC006 "payrol" names no matrix resource/),
    ]);
  });
});

describe("which results an exception covers", () => {
  it.each([
    ["*", "anything", true],
    ["select-*", "select-all-columns", true],
    ["select-*", "xselect-all", false],
    ["wei", "wei", true],
    ["wei", "weil", false],
    ["*-prefix", "datascience-prefix", true],
    ["a*b*c", "aXbYc", true],
  ])("%s matches %s: %s", (p, n, want) => expect(patternMatches(p, n)).toBe(want));
  it("scenario, persona and check must all match", () => {
    const e = { personas: ["wei"], checks: ["select-*"] };
    expect(covers(e, { scenario: "bank", persona: "wei", check: "select-all-columns" })).toBe(true);
    expect(covers(e, { scenario: "bank", persona: "maria", check: "select-all-columns" })).toBe(false);
    expect(covers({ ...e, scenario: "other" }, { scenario: "bank", persona: "wei", check: "select-all-columns" })).toBe(
      false,
    );
    expect(
      covers({ cell: { persona: "wei", resource: "payroll" } }, { scenario: "bank", persona: "wei", check: "payroll" }),
    ).toBe(true);
  });
  it("live through its expiry date, expired from the next day", () => {
    expect(isLive({ expires: "2026-09-30" }, "2026-09-30")).toBe(true);
    expect(isLive({ expires: "2026-09-30" }, "2026-10-01")).toBe(false);
  });
});

describe("annotateRun", () => {
  // sampleReport: scenario "bank"; a fail and an unexpected allow of wei, an error and a pending result.
  const rep = sampleReport();
  const failing = rep.results.filter((r) => r.verdict === "fail");
  const errored = rep.results.find((r) => r.verdict === "error")!;
  const register = (exceptions: ExceptionsFile["exceptions"]) => ({
    file: "exceptions.yaml",
    sha256: "a".repeat(64),
    register: { version: 1 as const, exceptions },
  });
  const exc = (id: string, personas: string[], checks: string[], expires = "2026-12-31") => ({
    id,
    personas,
    checks,
    justification: "accepted",
    owner: "team",
    ticket: "SEC-1",
    expires,
  });

  it("waives every covered fail (verdict and reasons kept), counts it as waived, and the run passes when nothing else fails", () => {
    const onlyFails = { ...rep, results: rep.results.filter((r) => r.verdict !== "error" && r.verdict !== "pending") };
    const out = annotateRun(onlyFails, { asOf: "2026-10-01", register: register([exc("all-fails", ["*"], ["*"])]) });
    const waived = out.results.filter((r) => r.waiver);
    expect(waived.map((r) => r.id).sort()).toEqual(failing.map((r) => r.id).sort());
    for (const r of waived) {
      expect(r.verdict).toBe("fail");
      expect(r.reasons).toEqual(failing.find((f) => f.id === r.id)!.reasons);
      expect(r.waiver).toEqual({
        exception: "all-fails",
        justification: "accepted",
        owner: "team",
        ticket: "SEC-1",
        expires: "2026-12-31",
      });
    }
    expect(out.summary).toMatchObject({ failed: 0, waived: failing.length, unexpectedAllows: 0, exitCode: 0 });
    expect(out.exceptions!.entries[0]).toMatchObject({ status: "live", waived: waived.map((r) => r.id) });
    expect(out.warnings).toBeUndefined();
  });

  it("never waives an error: it still fails the run, and an exception naming only errors is unmatched", () => {
    const out = annotateRun(rep, {
      asOf: "2026-10-01",
      register: register([exc("errors", [errored.persona], [errored.check])]),
    });
    expect(out.results.find((r) => r.id === errored.id)!.waiver).toBeUndefined();
    expect(out.summary.exitCode).toBe(1);
    expect(out.warnings).toEqual([
      expect.stringMatching(/^EXCEPTION UNMATCHED: errors \(team, SEC-1\) matched no failing result/),
    ]);
  });

  it("an expired exception covers nothing; its failures are listed with it", () => {
    const f = failing[0];
    const out = annotateRun(rep, { asOf: "2027-01-01", register: register([exc("old", [f.persona], [f.check])]) });
    const r = out.results.find((x) => x.id === f.id)!;
    expect(r.waiver).toBeUndefined();
    expect(r.lapsedWaiver).toMatchObject({ exception: "old", expires: "2026-12-31" });
    expect(r.reasons.at(-1)).toBe("exception old expired 2026-12-31 (team, SEC-1): it no longer waives this failure");
    expect(out.summary.failed).toBe(rep.summary.failed);
    expect(out.exceptions!.entries[0]).toMatchObject({ status: "expired", waived: [], lapsed: [f.id] });
    expect(out.warnings).toEqual([
      `EXCEPTION EXPIRED: old expired 2026-12-31 (team, SEC-1) and no longer waives 1 failure(s): ${f.id}. Fix them, or renew the exception with a new date.`,
    ]);
  });

  it("annotating again starts from the judged result (a merge re-applies the register)", () => {
    const once = annotateRun(rep, { asOf: "2027-01-01", register: register([exc("old", ["*"], ["*"])]) });
    const again = annotateRun(once, { asOf: "2026-10-01", register: register([exc("old", ["*"], ["*"])]) });
    expect(again.results.every((r) => !r.lapsedWaiver && !r.reasons.some((x) => x.startsWith("exception ")))).toBe(
      true,
    );
    expect(again.summary.waived).toBe(failing.length);
  });

  it("ownership on the scenarios; a scenario past its reviewBy date is a warning", () => {
    const out = annotateRun(rep, {
      asOf: "2026-10-01",
      ownership: [{ name: "bank", owner: "data-platform", ticket: "GOV-7", reviewBy: "2026-09-01" }],
    });
    expect(out.scenarios[0]).toMatchObject({ owner: "data-platform", ticket: "GOV-7", reviewBy: "2026-09-01" });
    expect(out.asOf).toBe("2026-10-01");
    expect(out.warnings).toEqual([
      "REVIEW OVERDUE: bank: the scenario was due for review by 2026-09-01 (owner data-platform). Review it and set a new reviewBy.",
    ]);
    expect(
      annotateRun(rep, { asOf: "2026-09-01", ownership: [{ name: "bank", reviewBy: "2026-09-01" }] }).warnings,
    ).toBeUndefined();
  });
});
