// `--reporter github`: inside a GitHub Actions job, appends a short Markdown summary of the run to the
// job summary (the file GITHUB_STEP_SUMMARY names) and prints workflow commands that annotate the
// scenario file at each check that failed, errored (::error) or is still pending evidence (::warning).
// Everything it knows about the job comes in through its options (the run's environment), never from
// process.env: outside a job it says so once and writes nothing else.
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { CheckResult, RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { describeFsError, ReportWriteError } from "../report/atomic.js";
import {
  findingKind,
  headline,
  observedSummary,
  expectedText,
  runFindings,
  runWarnings,
  sortFindings,
  verdictLine,
} from "./present.js";

export interface GithubReporterOptions {
  /** GITHUB_STEP_SUMMARY: the job summary file; unset outside GitHub Actions. */
  stepSummary?: string;
  /** GITHUB_WORKSPACE: annotation paths are relative to it (GitHub matches them against the repository). */
  workspace?: string;
  /** Where scenario paths in the report are relative to (the run's working folder). */
  cwd: string;
  /** Workflow commands go here (the run's stdout). */
  out: { write(text: string): void };
}

/**
 * GitHub shows at most 10 error and 10 warning annotations per step; more are dropped silently, so the
 * most serious come first (the one order of findings) and the rest are counted in a notice.
 */
export const ANNOTATIONS_PER_LEVEL = 10;
/** GitHub refuses a step summary over 1 MiB; the findings list is capped well below that. */
const SUMMARY_FINDINGS = 50;

/** Workflow-command data: `%`, CR and LF would end or corrupt the command (GitHub toolkit's escapeData). */
export const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** Workflow-command property values: also `:` and `,`, which separate properties (toolkit's escapeProperty). */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function workflowCommand(
  level: "error" | "warning" | "notice",
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${level}${p ? ` ${p}` : ""}::${escapeData(message)}`;
}

export class GithubReporter implements Reporter {
  readonly name = "github";
  constructor(private readonly o: GithubReporterOptions) {}

  onEnd(report: RunReport): void {
    if (!this.o.stepSummary) {
      this.o.out.write(
        "github reporter: GITHUB_STEP_SUMMARY is not set (not a GitHub Actions job), so no job summary or annotations were written.\n",
      );
      return;
    }
    try {
      appendFileSync(this.o.stepSummary, renderJobSummary(report));
    } catch (e) {
      throw new ReportWriteError(this.o.stepSummary, describeFsError(e), { cause: e });
    }
    const lines = annotations(report, (scenario, check) => this.locate(report, scenario, check));
    if (lines.length) this.o.out.write(lines.join("\n") + "\n");
  }

  private sources = new Map<string, ScenarioSource | undefined>();

  /** The scenario file (relative to the workspace) and the line of the check's `- id:` entry. */
  private locate(report: RunReport, scenario: string, check: string): { file?: string; line?: number } {
    const s = report.scenarios.find((x) => x.name === scenario);
    if (!s) return {};
    const abs = isAbsolute(s.file) ? s.file : resolve(this.o.cwd, s.file);
    const file = this.o.workspace ? relative(this.o.workspace, abs).split("\\").join("/") : s.file;
    if (!this.sources.has(abs)) this.sources.set(abs, readSource(abs, s.sha256));
    return { file, line: this.sources.get(abs)?.checkLines.get(check) };
  }
}

interface ScenarioSource {
  checkLines: Map<string, number>;
}

/** Line of each check id, only if the file still has the bytes that ran (an edited file would misplace them). */
function readSource(path: string, sha256: string): ScenarioSource | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) return undefined;
  const lines = new LineCounter();
  const doc = parseDocument(bytes.toString("utf8"), { lineCounter: lines });
  const checkLines = new Map<string, number>();
  const checks = isMap(doc.contents) ? doc.contents.get("checks", true) : undefined;
  if (isSeq(checks))
    for (const item of checks.items) {
      if (!isMap(item)) continue;
      const id = item.get("id", true);
      if (isScalar(id) && typeof id.value === "string" && id.range)
        checkLines.set(id.value, lines.linePos(id.range[0]).line);
    }
  return { checkLines };
}

/** The workflow commands for a report: errors for fails and errors, warnings for pending evidence, most serious first. */
export function annotations(
  report: RunReport,
  locate: (scenario: string, check: string) => { file?: string; line?: number },
): string[] {
  const out: string[] = [];
  const runLevel = runFindings(report);
  const findings = sortFindings(report.results.filter((r) => r.verdict !== "pass"));
  const errors = [
    ...runLevel.map((f) => ({ run: f })),
    ...findings.filter((r) => r.verdict !== "pending" && !r.waiver).map((r) => ({ result: r })),
  ];
  // Waived failures and the run's warnings (exceptions unmatched or expired, overdue reviews) warn, never fail.
  const warnings = [
    ...runWarnings(report).map((w) => ({ run: w })),
    ...findings.filter((r) => r.verdict === "pending" || r.waiver).map((r) => ({ result: r })),
  ];
  const one = (level: "error" | "warning", x: { run?: string; result?: CheckResult }) => {
    if (x.run)
      return workflowCommand(
        level,
        { title: level === "error" ? "tip-proof run finding" : "tip-proof warning" },
        x.run,
      );
    const r = x.result!;
    const where = locate(r.scenario, r.check);
    const body = [
      headline(r).replace(/\s{2,}/g, " "),
      `expected: ${expectedText(r.expected, "brief")}`,
      `observed: ${observedSummary(r)}`,
      ...r.reasons.slice(1),
    ];
    return workflowCommand(
      level,
      { file: where.file, line: where.line, title: `tip-proof ${r.persona} × ${r.check}` },
      body.join("\n"),
    );
  };
  out.push(...errors.slice(0, ANNOTATIONS_PER_LEVEL).map((x) => one("error", x)));
  out.push(...warnings.slice(0, ANNOTATIONS_PER_LEVEL).map((x) => one("warning", x)));
  const dropped =
    Math.max(0, errors.length - ANNOTATIONS_PER_LEVEL) + Math.max(0, warnings.length - ANNOTATIONS_PER_LEVEL);
  if (dropped)
    out.push(
      workflowCommand(
        "notice",
        { title: "tip-proof" },
        `${dropped} more finding(s) than GitHub shows as annotations: see the job summary and report.md`,
      ),
    );
  return out;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The job summary: the verdict, the counts, then the findings (capped), for the Actions run page. */
export function renderJobSummary(r: RunReport): string {
  const s = r.summary;
  const out = [`## tip-proof: ${verdictLine(r)}`, ""];
  out.push(
    `Run \`${r.runId}\` against ${r.target.kind === "sandbox" ? "the embedded sandbox" : "AWS"} (account ${r.target.accountId}, ${r.target.region}), ${r.startedAt} → ${r.finishedAt}, ${r.tool.name} ${r.tool.version}.`,
    "",
  );
  out.push(
    "| Results | Pass | Fail | Error | Pending | Unexpected allows | Exit code |",
    "|---|---|---|---|---|---|---|",
  );
  out.push(
    `| ${s.total} | ${s.passed} | ${s.failed} | ${s.errors} | ${s.pending} | ${s.unexpectedAllows} | ${s.exitCode} |`,
    "",
  );
  if (s.waived)
    out.push(
      `${s.waived} failure(s) waived by live exceptions (listed below with their owner, ticket and expiry).`,
      "",
    );
  const runLevel = runFindings(r);
  const findings = sortFindings(r.results.filter((x) => x.verdict !== "pass"));
  const warned = runWarnings(r);
  if (warned.length) out.push("### Warnings", "", ...warned.map((w) => `- ${cell(w)}`), "");
  if (runLevel.length || findings.length) {
    out.push("### Findings", "");
    for (const f of runLevel) out.push(`- **${cell(f)}**`);
    for (const f of findings.slice(0, SUMMARY_FINDINGS)) {
      const kind = findingKind(f);
      const text = cell(headline(f).replace(/\s{2,}/g, " "));
      out.push(kind === "unexpected-allow" || kind === "leak" ? `- **${text}**` : `- ${text}`);
    }
    if (findings.length > SUMMARY_FINDINGS)
      out.push(`- … and ${findings.length - SUMMARY_FINDINGS} more (report.md in the run's artifact lists them all)`);
    out.push("");
  } else out.push("No findings: every persona saw exactly what the scenarios expect.", "");
  return out.join("\n") + "\n";
}

export const githubReporter = (o: GithubReporterOptions): Reporter => new GithubReporter(o);
