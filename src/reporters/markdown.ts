// report.md, for tickets: the verdict in one line, the findings that matter first (unexpected allows,
// then unexpected denials, errors, pending evidence), the persona × check table, then the evidence.
import type { EvidenceEvent, RunReport } from "../model/report.js";
import {
  eventLink,
  expectedText,
  headline,
  observedSummary,
  ownershipLines,
  runFindings,
  runWarnings,
  sortFindings,
  verdictLine,
  waiverText,
} from "./present.js";
import { describeCatalogProof } from "../core/proofs.js";

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** An event's short name, linked to the CloudTrail console where there is one (never for a sandbox run). */
function eventRef(e: EvidenceEvent, r: RunReport): string {
  const text = `${e.eventName} ${e.eventId.slice(0, 8)}`;
  const link = eventLink(r.target, e.eventId);
  return link ? `[${text}](${link})` : text;
}

export function renderMarkdown(r: RunReport): string {
  const out: string[] = [];
  const target =
    r.target.kind === "sandbox"
      ? `embedded sandbox (account ${r.target.accountId}, ${r.target.region})`
      : `AWS account ${r.target.accountId}, ${r.target.region}`;
  out.push(`# ${verdictLine(r)}`, "");
  // Who answers for this evidence, first: an auditor reads the owner before the verdicts.
  const owners = ownershipLines(r);
  if (owners.length) out.push(...owners.map((o) => `**Owner** ${esc(o)}  `), "");
  out.push(`Run \`${r.runId}\` against ${target}, ${r.startedAt} → ${r.finishedAt}, ${r.tool.name} ${r.tool.version}.`);
  if (r.basePrincipalArn) out.push(`Base principal: \`${r.basePrincipalArn}\`.`);
  if (r.clock)
    out.push(
      `Clock: AWS minus this machine ${r.clock.skewMs} ms (median of ${r.clock.samples} response Date headers); CloudTrail lookups used AWS's time.`,
    );
  out.push(
    `Scenarios: ${r.scenarios.map((s) => `\`${s.file}\` (sha256 \`${s.sha256.slice(0, 12)}…\`)`).join(", ")}.`,
    "",
  );

  const findings = sortFindings(r.results.filter((x) => x.verdict !== "pass"));
  const runLevel = runFindings(r);
  out.push("## Findings", "");
  for (const f of runLevel) out.push(`- **${esc(f)}**`);
  if (runLevel.length) out.push("");
  if (!findings.length && !runLevel.length)
    out.push(
      "None: every persona saw exactly what the scenario expects, and every call is on record in CloudTrail.",
      "",
    );
  for (const f of findings) {
    out.push(`- **${esc(headline(f))}**`);
    for (const reason of f.reasons.slice(1)) out.push(`  - ${esc(reason)}`);
  }
  if (findings.length) out.push("");

  const warnings = runWarnings(r);
  if (warnings.length) out.push("## Warnings", "", ...warnings.map((w) => `- ${esc(w)}`), "");

  if (r.exceptions) {
    out.push(
      "## Exceptions",
      "",
      `Register \`${r.exceptions.file}\` (sha256 \`${r.exceptions.sha256.slice(0, 12)}…\`), judged as of ${r.asOf ?? "the run's date"}.`,
      "",
      "| Exception | Personas × checks | Owner | Ticket | Expires | Status | Waived | Justification |",
      "|---|---|---|---|---|---|---|---|",
    );
    for (const e of r.exceptions.entries)
      out.push(
        `| ${esc(e.id)} | ${esc(`${e.personas.join(", ")} × ${e.checks.join(", ")}`)}${e.scenario ? ` (${esc(e.scenario)})` : ""} | ${esc(e.owner)} | ${esc(e.ticket)} | ${e.expires} | ${e.status}${e.status === "live" && !e.waived.length ? " (unmatched)" : ""} | ${e.status === "live" ? e.waived.length : `lapsed: ${e.lapsed.length}`} | ${esc(e.justification)} |`,
      );
    out.push("");
  }

  if (r.proofs) {
    out.push("## Proofs (base principal, before any check)", "", "| What | Status | Detail |", "|---|---|---|");
    for (const c of r.proofs.catalog)
      out.push(
        `| Glue table \`${c.database}.${c.table}\` | ${c.status} | ${esc(c.status === "ok" ? `${c.columns?.length ?? 0} columns` : (describeCatalogProof(c) ?? ""))} |`,
      );
    for (const w of r.proofs.workgroups)
      out.push(
        `| Athena workgroup \`${w.name}\` | ${w.status} | ${esc(w.identityCenterApplicationArn ? `Identity Center application \`${w.identityCenterApplicationArn}\`` : (w.error ?? ""))} |`,
      );
    for (const o of r.proofs.objects) out.push(`| S3 \`${o.uri}\` | ${o.status} | ${esc(o.error ?? "")} |`);
    out.push("");
  }

  out.push(
    "## Personas",
    "",
    "| Persona | Class | Identity Center user | Expected groups | Resolved groups | Sign-in | Note |",
    "|---|---|---|---|---|---|---|",
  );
  for (const p of r.personas)
    out.push(
      `| ${p.name} | ${p.class} | \`${p.identityCenterUserId ?? "-"}\` | ${p.expectedGroups.join(", ") || "(none)"} | ${p.resolvedGroups ? p.resolvedGroups.join(", ") || "(none)" : "-"} | ${p.signIn} | ${esc(p.note ?? "")} |`,
    );
  out.push("");

  out.push(
    "## Results",
    "",
    "| Verdict | Persona | Check | Expected | Observed | CloudTrail |",
    "|---|---|---|---|---|---|",
  );
  for (const x of r.results) {
    const ev =
      x.evidence.cloudtrail.map((e) => `${eventRef(e, r)}${e.errorCode ? ` ${e.errorCode}` : ""}`).join("<br>") ||
      x.evidence.status;
    out.push(
      `| ${x.waiver ? `WAIVED (fail, ${esc(x.waiver.exception)})` : x.verdict.toUpperCase()} | ${x.persona} | ${x.check} | ${esc(expectedText(x.expected, "brief"))} | ${esc(observedSummary(x))}${x.leakedColumns ? ` **leaked: ${x.leakedColumns.join(", ")}**` : ""} | ${ev} |`,
    );
  }
  out.push("");

  out.push("## Evidence", "");
  for (const x of r.results) {
    out.push(`### ${x.persona} × ${x.check}: ${x.verdict}${x.waiver ? ` (waived)` : ""}`, "");
    if (x.waiver) out.push(`- Waived by exception \`${x.waiver.exception}\`: ${esc(waiverText(x.waiver))}`);
    out.push(`- Action: ${esc(x.action.summary)}`);
    if (x.identityCenterUserId) out.push(`- Identity Center user: \`${x.identityCenterUserId}\``);
    if (x.observed.queryExecutionId)
      out.push(
        `- Athena query execution id: \`${x.observed.queryExecutionId}\`${x.observed.dataScannedInBytes !== undefined ? `, ${x.observed.dataScannedInBytes} bytes scanned` : ""}`,
      );
    if (x.observed.columns) out.push(`- Columns returned: ${x.observed.columns.join(", ")}`);
    if (x.observed.code)
      out.push(
        `- Observed: ${x.observed.outcome} ${x.observed.layer ?? x.observed.errorKind ?? ""} \`${x.observed.code}\``,
      );
    for (const e of x.evidence.cloudtrail) {
      const link = eventLink(r.target, e.eventId);
      out.push(
        `- CloudTrail \`${e.eventSource}\` \`${e.eventName}\` event \`${e.eventId}\` at ${e.eventTime}, on behalf of \`${e.onBehalfOfUserId ?? "-"}\`${e.errorCode ? `, errorCode \`${e.errorCode}\`` : ""}${link ? ` ([console](${link}))` : ""}`,
      );
    }
    if (x.evidence.status !== "confirmed")
      out.push(`- Evidence: ${x.evidence.status}${x.evidence.note ? ` (${x.evidence.note})` : ""}`);
    for (const n of x.reasons.filter((r) => r.startsWith("note: "))) out.push(`- Note: ${esc(n.slice(6))}`);
    out.push("");
  }
  return out.join("\n");
}
