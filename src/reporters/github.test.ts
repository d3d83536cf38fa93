// The GitHub reporter: the job summary it appends, the workflow commands it prints (levels, file and
// line of the check, GitHub's escaping), its single note outside Actions, and that no secret of the
// environment it is given reaches either output.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import type { RunReport } from "../model/report.js";
import { ANNOTATIONS_PER_LEVEL, annotations, escapeData, escapeProperty, workflowCommand } from "./github.js";
import { buildFileReporters } from "./registry.js";

const SCENARIO = `version: 1
name: bank
checks:
  - id: select-all-columns
    athena: { table: t, columns: "*" }
  - id: select-pii-account-number
    athena: { table: t, columns: [a] }

  - id: datascience-prefix
    accessGrants: { target: "s3://b/p/*", permission: READ }
`;

/** A workspace holding the scenario the sample report names (same bytes, so lines can be trusted). */
function workspace(): { root: string; report: RunReport } {
  const root = mkdtempSync(join(tmpdir(), "tip-gh-"));
  mkdirSync(join(root, "scenarios"));
  writeFileSync(join(root, "scenarios/bank.yaml"), SCENARIO);
  const report = sampleReport();
  report.scenarios = [
    { file: "scenarios/bank.yaml", name: "bank", sha256: createHash("sha256").update(SCENARIO).digest("hex") },
  ];
  return { root, report };
}

function run(report: RunReport, env: Record<string, string>, cwd: string) {
  let out = "";
  const [reporter] = buildFileReporters(["github"], join(cwd, "reports/x"), {
    env,
    cwd,
    out: {
      write: (t) => {
        out += t;
      },
    },
  });
  return {
    reporter,
    end: async () => {
      await reporter.onEnd!(report);
      return out;
    },
  };
}

describe("workflow-command escaping (GitHub toolkit rules)", () => {
  it("escapes %, CR and LF in data, and also : and , in properties", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    expect(workflowCommand("error", { file: "s,1.yaml", line: 4, title: "x: y" }, "one\ntwo %")).toBe(
      "::error file=s%2C1.yaml,line=4,title=x%3A y::one%0Atwo %25",
    );
    expect(workflowCommand("warning", { file: undefined }, "m")).toBe("::warning::m");
  });
});

describe("--reporter github", () => {
  it("appends the job summary and prints an annotation per finding at the check's line", async () => {
    const { root, report } = workspace();
    const summary = join(root, "summary.md");
    writeFileSync(summary, "earlier step's summary\n");
    const out = await run(report, { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: root }, root).end();

    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("earlier step's summary\n## tip-proof: FAIL: 1 unexpected allow(s)")).toBe(true);
    expect(text).toContain("| 6 | 2 | 2 | 1 | 1 | 1 | 1 |");
    expect(text).toMatch(/- \*\*UNEXPECTED ALLOW wei × select-pii-account-number/);

    const lines = out.trimEnd().split("\n");
    expect(lines.every((l) => l.startsWith("::"))).toBe(true);
    // Two fails and one error are errors; the pending result is a warning. Most serious first.
    expect(lines.filter((l) => l.startsWith("::error ")).length).toBe(3);
    expect(lines.filter((l) => l.startsWith("::warning ")).length).toBe(1);
    expect(lines[0]).toMatch(
      /^::error file=scenarios\/bank\.yaml,line=6,title=tip-proof wei × select-pii-account-number::UNEXPECTED ALLOW wei × select-pii-account-number/,
    );
    expect(lines.find((l) => l.includes("dana × datascience-prefix"))).toMatch(
      /^::error file=scenarios\/bank\.yaml,line=9,/,
    );
    expect(lines.find((l) => l.startsWith("::warning"))).toMatch(
      /file=scenarios\/bank\.yaml,line=9,title=tip-proof arnav × datascience-prefix::PENDING EVIDENCE/,
    );
    // Every annotation is one line: the reasons are joined with an escaped newline.
    expect(lines[0]).toContain("%0Aexpected: denied by lakeformation (COLUMN_NOT_FOUND)%0Aobserved: allowed");
  });

  it("names the file without a line when the scenario changed since the run", async () => {
    const { root, report } = workspace();
    writeFileSync(join(root, "scenarios/bank.yaml"), "# edited\n" + SCENARIO);
    const out = await run(report, { GITHUB_STEP_SUMMARY: join(root, "s.md") }, root).end();
    expect(out.split("\n")[0]).toMatch(/^::error file=scenarios\/bank\.yaml,title=/);
  });

  it("escapes what a reason carries: %, CR and LF never break out of the command", async () => {
    const { root, report } = workspace();
    const wei = report.results.find((r) => r.unexpectedAllow)!;
    wei.reasons = ["UNEXPECTED ALLOW: 100% of rows", "a reason\r\n::error::forged"];
    const out = await run(report, { GITHUB_STEP_SUMMARY: join(root, "s.md") }, root).end();
    const first = out.split("\n")[0];
    expect(first).toContain("100%25 of rows%0A");
    expect(first).toContain("%0Aa reason%0D%0A::error::forged");
    expect(out.split("\n").filter((l) => l.startsWith("::error::forged"))).toEqual([]);
  });

  it("outside GitHub Actions: says so once and writes nothing else", async () => {
    const { root, report } = workspace();
    const r = run(report, {}, root);
    const out = await r.end();
    expect(out).toBe(
      "github reporter: GITHUB_STEP_SUMMARY is not set (not a GitHub Actions job), so no job summary or annotations were written.\n",
    );
    expect(existsSync(join(root, "reports"))).toBe(false);
  });

  it("never prints the environment's secrets", async () => {
    const { root, report } = workspace();
    const secrets = {
      TIP_IDP_PASSWORD_WEI: "s3cr3t-Pa55word!",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_SESSION_TOKEN: "FwoGZXIvYXdzEXAMPLETOKEN",
    };
    const summary = join(root, "s.md");
    const out = await run(report, { ...secrets, GITHUB_STEP_SUMMARY: summary }, root).end();
    for (const v of Object.values(secrets)) {
      expect(out).not.toContain(v);
      expect(readFileSync(summary, "utf8")).not.toContain(v);
    }
  });

  it("caps annotations at GitHub's 10 per level, most serious first, and counts the rest in a notice", () => {
    const report = sampleReport();
    const fail = report.results.find((r) => r.verdict === "fail" && !r.unexpectedAllow)!;
    report.results = Array.from({ length: 14 }, (_, i) => ({ ...fail, id: `bank/c${i}/wei`, check: `c${i}` }));
    const lines = annotations(report, () => ({}));
    expect(lines.filter((l) => l.startsWith("::error")).length).toBe(ANNOTATIONS_PER_LEVEL);
    expect(lines.at(-1)).toBe(
      "::notice title=tip-proof::4 more finding(s) than GitHub shows as annotations: see the job summary and report.md",
    );
  });
});
