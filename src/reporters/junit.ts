// junit.xml for CI (GitHub Actions test-report actions, GitLab, Jenkins): a testsuite per scenario
// file, a testcase per persona × check. failure = wrong verdict, error = harness/AWS error,
// skipped = CloudTrail evidence pending. Valid against Jenkins xUnit's junit-10.xsd, which allows
// <properties> only on testsuites: persona and per-result identifiers are suite properties, and each
// testcase repeats its own in <system-out>. Pure.
import type { CheckResult, RunReport } from "../model/report.js";
import { FileReporter } from "./files.js";
import { expectedText, observedSummary, runFindings, runWarnings, waiverText } from "./present.js";

// XML 1.0 forbids most control characters even when escaped; AWS error texts may contain them.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export const xmlText = (s: string) =>
  s.replace(INVALID_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const xmlAttr = (s: string) =>
  xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const prop = (name: string, value: string) => `      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`;

/** Key: value lines a CI page shows under the testcase: who, what, and where the evidence is. */
function details(r: CheckResult): string {
  const o = r.observed;
  const lines: [string, string | number | undefined][] = [
    ["persona", `${r.persona} (${r.personaClass})`],
    ["identityCenterUserId", r.identityCenterUserId],
    ["verdict", r.verdict],
    ["action", r.action.summary],
    ["expected", expectedText(r.expected, "listed")],
    ["observed", observedSummary(r)],
    ["observedColumns", o.columns?.join(", ")],
    ["leakedColumns", r.leakedColumns?.join(", ")],
    ["athenaQueryExecutionId", o.queryExecutionId],
    ["dataScannedInBytes", o.dataScannedInBytes],
    ["grantedScope", o.grantedScope],
    ["waivedBy", r.waiver && `${r.waiver.exception}: ${waiverText(r.waiver)}`],
    ["lapsedException", r.lapsedWaiver && `${r.lapsedWaiver.exception} expired ${r.lapsedWaiver.expires}`],
    ["retries", r.retries],
    ["cloudtrailEvidence", r.evidence.status + (r.evidence.note ? ` (${r.evidence.note})` : "")],
    ...r.evidence.cloudtrail.map((e): [string, string] => [
      "cloudtrailEvent",
      `${e.eventId} ${e.eventSource} ${e.eventName} ${e.eventTime} onBehalfOf=${e.onBehalfOfUserId ?? "-"}${e.errorCode ? ` errorCode=${e.errorCode}` : ""}`,
    ]),
  ];
  return lines
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

function outcomeElement(r: CheckResult): string {
  // A waived failure is skipped, with the exception that covers it: CI stays green and shows why.
  if (r.verdict === "fail" && r.waiver)
    return `      <skipped message="${xmlAttr(`waived: ${waiverText(r.waiver)}`)}">${xmlText(`exception ${r.waiver.exception}\n${r.reasons.join("\n")}`)}</skipped>\n`;
  if (r.verdict === "fail") {
    const type = r.unexpectedAllow
      ? "UnexpectedAllow"
      : r.leakedColumns?.length
        ? "LeakedColumns"
        : r.evidence.status === "mismatch"
          ? "EvidenceMismatch"
          : "WrongVerdict";
    return `      <failure type="${type}" message="${xmlAttr(r.reasons[0] ?? "failed")}">${xmlText(r.reasons.join("\n"))}</failure>\n`;
  }
  if (r.verdict === "error") {
    const type = r.observed.errorKind ?? "error";
    return `      <error type="${xmlAttr(type)}" message="${xmlAttr(r.reasons[0] ?? r.observed.message ?? "error")}">${xmlText(r.reasons.join("\n"))}</error>\n`;
  }
  if (r.verdict === "pending")
    return `      <skipped message="${xmlAttr(`CloudTrail evidence pending: ${r.evidence.note ?? "record not yet delivered"}; run tip-proof confirm later`)}"/>\n`;
  return "";
}

function testcase(r: CheckResult): string {
  return (
    `    <testcase name="${xmlAttr(`${r.persona} × ${r.check}`)}" classname="${xmlAttr(`${r.scenario}.${r.check}`)}" time="${seconds(r.timings.durationMs)}">\n` +
    outcomeElement(r) +
    `      <system-out>${xmlText(details(r))}</system-out>\n` +
    `    </testcase>\n`
  );
}

function suiteProperties(
  report: RunReport,
  scenario: RunReport["scenarios"][number],
  results: CheckResult[],
): string[] {
  const t = report.target;
  const props = [
    prop("tip-proof.runId", report.runId),
    prop("tip-proof.version", `${report.tool.name} ${report.tool.version}`),
    prop("scenario.file", scenario.file),
    prop("scenario.sha256", scenario.sha256),
    prop("target.kind", t.kind),
    prop("target.accountId", t.accountId),
    prop("target.region", t.region),
    ...(t.identityCenterInstanceArn ? [prop("target.identityCenterInstanceArn", t.identityCenterInstanceArn)] : []),
    ...(report.basePrincipalArn ? [prop("basePrincipalArn", report.basePrincipalArn)] : []),
  ];
  for (const p of report.personas.filter((x) => x.scenario === scenario.name)) {
    props.push(
      prop(`persona.${p.name}.class`, p.class),
      prop(`persona.${p.name}.identityCenterUserId`, p.identityCenterUserId ?? "unknown"),
      prop(`persona.${p.name}.groups`, (p.resolvedGroups ?? p.expectedGroups).join(", ") || "(none)"),
    );
  }
  for (const r of results) {
    const ids = r.evidence.cloudtrail.map((e) => e.eventId);
    if (ids.length) props.push(prop(`result.${r.persona}.${r.check}.cloudtrailEventIds`, ids.join(", ")));
    if (r.observed.queryExecutionId)
      props.push(prop(`result.${r.persona}.${r.check}.athenaQueryExecutionId`, r.observed.queryExecutionId));
  }
  return props;
}

export function renderJunit(report: RunReport): string {
  const suites: string[] = [];
  const timestamp = report.startedAt.replace(/Z$/, "");
  // A scenario with no results still gets a suite: "0 tests" is information too.
  const listed = new Set(report.scenarios.map((s) => s.name));
  const orphans = [...new Set(report.results.map((r) => r.scenario).filter((n) => !listed.has(n)))].map((name) => ({
    file: "",
    name,
    sha256: "",
  }));
  for (const s of [...report.scenarios, ...orphans]) {
    const rs = report.results.filter((r) => r.scenario === s.name);
    const n = (v: CheckResult["verdict"]) => rs.filter((r) => r.verdict === v && !r.waiver).length;
    const waived = rs.filter((r) => r.verdict === "fail" && r.waiver).length;
    const time = seconds(rs.reduce((sum, r) => sum + r.timings.durationMs, 0));
    suites.push(
      `  <testsuite name="${xmlAttr(s.name)}" tests="${rs.length}" failures="${n("fail")}" errors="${n("error")}" skipped="${n("pending") + waived}" time="${time}" timestamp="${xmlAttr(timestamp)}" file="${xmlAttr(s.file)}">\n` +
        `    <properties>\n${suiteProperties(report, s, rs).join("\n")}\n    </properties>\n` +
        rs.map(testcase).join("") +
        `  </testsuite>\n`,
    );
  }
  // Findings about the run itself (catalog or directory drift, unproven identities) fail it even when
  // every check held: CI must see them as failures, not as a green suite with exit code 1.
  const runLevel = runFindings(report);
  if (runLevel.length) {
    suites.push(
      `  <testsuite name="tip-proof run" tests="${runLevel.length}" failures="${runLevel.length}" errors="0" skipped="0" time="0.000" timestamp="${xmlAttr(timestamp)}">\n` +
        runLevel
          .map(
            (f) =>
              `    <testcase name="${xmlAttr(f.split(":")[0])}" classname="tip-proof.run" time="0.000">\n      <failure type="RunFinding" message="${xmlAttr(f)}">${xmlText(f)}</failure>\n    </testcase>\n`,
          )
          .join("") +
        `  </testsuite>\n`,
    );
  }
  // Warnings (exceptions that matched nothing or expired, overdue reviews) do not fail the run: skipped
  // testcases, so a CI page lists them without turning red.
  const warnings = runWarnings(report);
  if (warnings.length) {
    suites.push(
      `  <testsuite name="tip-proof warnings" tests="${warnings.length}" failures="0" errors="0" skipped="${warnings.length}" time="0.000" timestamp="${xmlAttr(timestamp)}">\n` +
        warnings
          .map(
            (w) =>
              `    <testcase name="${xmlAttr(w.split(" ").slice(0, 3).join(" ").replace(/:$/, ""))}" classname="tip-proof.warnings" time="0.000">\n      <skipped message="${xmlAttr(`warning: ${w}`)}"/>\n    </testcase>\n`,
          )
          .join("") +
        `  </testsuite>\n`,
    );
  }
  const total = report.summary;
  const time = seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt) || 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`tip-proof ${report.runId}`)}" tests="${report.results.length + runLevel.length + warnings.length}" failures="${total.failed + runLevel.length}" errors="${total.errors}" time="${time}">\n` +
    suites.join("") +
    `</testsuites>\n`
  );
}

export const junitReporter = (dir: string) => new FileReporter("junit", dir, "junit.xml", renderJunit);
