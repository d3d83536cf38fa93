// report.html: one self-contained file (inline CSS and JS, no fonts, images or scripts from anywhere,
// and a Content-Security-Policy that forbids any load), readable without JavaScript as a static
// matrix and detail list, richer with it (filters, side panel). The report JSON is embedded whole.
import type { CheckResult, RunReport } from "../model/report.js";
import { FileReporter } from "./files.js";
import { renderDetail } from "./html-detail.js";
import { CSS, SCRIPT } from "./html-assets.js";
import { renderLegend, renderMatrix } from "./html-matrix.js";
import { cellLook, detailId, esc, selfContainedHead, VERDICT_LABEL } from "./html-util.js";
import { headline, ownershipLines, runFindings, runWarnings, sortFindings, verdictLine } from "./present.js";
import { describeCatalogProof } from "../core/proofs.js";
import { renderHistoryPanel, type HistoryOptions } from "./html-history.js";

/**
 * JSON safe inside <script type="application/json">: every "<" is escaped, which rules out both
 * "</script" and "<!--"; JSON.parse reads \u003c back as "<".
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** From the exit code, as the title: green only for a run that exited 0. */
function bannerKind(r: RunReport): "pass" | "fail" | "pending" {
  const s = r.summary;
  if (s.failed || s.errors || s.unexpectedAllows || r.interrupted) return "fail";
  return s.exitCode === 0 ? "pass" : s.exitCode === 3 ? "pending" : "fail";
}

function meta(r: RunReport): string {
  const t = r.target;
  const rows: [string, string][] = [
    ["Run", `<code>${esc(r.runId)}</code>${r.interrupted ? " <strong>(interrupted: partial report)</strong>" : ""}`],
    [
      "Target",
      t.kind === "sandbox"
        ? `embedded sandbox (account <code>${esc(t.accountId)}</code>, ${esc(t.region)})`
        : `AWS account <code>${esc(t.accountId)}</code>, ${esc(t.region)}`,
    ],
    [
      "Identity Center instance",
      t.identityCenterInstanceArn ? `<code>${esc(t.identityCenterInstanceArn)}</code>` : "not recorded",
    ],
    ["Base principal", r.basePrincipalArn ? `<code>${esc(r.basePrincipalArn)}</code>` : "not recorded"],
    ["When", `${esc(r.startedAt)} → ${esc(r.finishedAt)}`],
    ["Tool", `${esc(r.tool.name)} ${esc(r.tool.version)} (report schemaVersion ${esc(r.schemaVersion)})`],
    [
      "Scenarios",
      r.scenarios
        .map((s) => `<code>${esc(s.file)}</code> (${esc(s.name)}) sha256 <code>${esc(s.sha256)}</code>`)
        .join("<br>"),
    ],
  ];
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

/** Warnings (unmatched or expired exceptions, overdue reviews) and the exception register the run applied. */
function exceptions(r: RunReport): string {
  const warnings = runWarnings(r);
  const list = warnings.length
    ? `<h2 id="warnings">Warnings</h2><ul class="findings">${warnings.map((w) => `<li class="warning">${esc(w)}</li>`).join("")}</ul>`
    : "";
  if (!r.exceptions) return list;
  return (
    list +
    `<h2 id="exceptions">Exceptions</h2><p>Register <code>${esc(r.exceptions.file)}</code> sha256 <code>${esc(r.exceptions.sha256)}</code>, as of ${esc(r.asOf ?? "")}.</p>` +
    `<table class="plain"><thead><tr><th>Exception</th><th>Personas × checks</th><th>Owner</th><th>Ticket</th><th>Expires</th><th>Status</th><th>Covers</th><th>Justification</th></tr></thead><tbody>` +
    r.exceptions.entries
      .map(
        (e) =>
          `<tr><td><code>${esc(e.id)}</code></td><td>${esc(`${e.personas.join(", ")} × ${e.checks.join(", ")}`)}${e.scenario ? ` (${esc(e.scenario)})` : ""}</td><td>${esc(e.owner)}</td><td>${esc(e.ticket)}</td><td>${esc(e.expires)}</td>` +
          `<td>${esc(e.status === "live" && !e.waived.length ? "live (unmatched)" : e.status)}</td><td>${esc((e.status === "live" ? e.waived : e.lapsed).join(", ") || "nothing")}</td><td>${esc(e.justification)}</td></tr>`,
      )
      .join("") +
    `</tbody></table>`
  );
}

function findings(r: RunReport): string {
  const list = sortFindings(r.results.filter((x) => x.verdict !== "pass"));
  const runLevel = runFindings(r);
  const top = runLevel.length
    ? `<ul class="findings">${runLevel.map((f) => `<li class="fail">${esc(f)}</li>`).join("")}</ul>`
    : "";
  if (!list.length && runLevel.length) return top;
  if (list.length)
    return (
      top +
      `<ol class="findings">${list.map((x) => `<li class="${cellLook(x).kind}"><a href="#${esc(detailId(x))}" data-open="${esc(detailId(x))}">${esc(headline(x).replace(/\s{2,}/g, " "))}</a></li>`).join("")}</ol>`
    );
  return `<p>None: every persona saw exactly what the scenarios expect${r.summary.pending ? "" : ", and every call is on record in CloudTrail"}.</p>`;
}

/** What the base principal proved before any check: tables and columns, workgroups, S3 objects. */
function proofs(r: RunReport): string {
  if (!r.proofs) return "<p>This report predates proofs.</p>";
  const row = (what: string, status: string, detail: string) =>
    `<tr><td>${what}</td><td>${esc(status)}</td><td>${detail}</td></tr>`;
  return (
    `<table class="plain"><thead><tr><th>What</th><th>Status</th><th>Detail</th></tr></thead><tbody>` +
    r.proofs.catalog
      .map((c) =>
        row(
          `Glue table <code>${esc(`${c.database}.${c.table}`)}</code>`,
          c.status,
          esc(c.status === "ok" ? `${c.columns?.length ?? 0} columns` : (describeCatalogProof(c) ?? "")),
        ),
      )
      .join("") +
    r.proofs.workgroups
      .map((w) =>
        row(
          `Athena workgroup <code>${esc(w.name)}</code>`,
          w.status,
          w.identityCenterApplicationArn
            ? `Identity Center application <code>${esc(w.identityCenterApplicationArn)}</code>`
            : esc(w.error ?? ""),
        ),
      )
      .join("") +
    r.proofs.objects.map((o) => row(`S3 <code>${esc(o.uri)}</code>`, o.status, esc(o.error ?? ""))).join("") +
    `</tbody></table>`
  );
}

function personas(r: RunReport): string {
  return (
    `<table class="plain"><thead><tr><th>Persona</th><th>Scenario</th><th>Class</th><th>Identity Center user</th><th>Expected groups</th><th>Resolved groups</th><th>Sign-in</th><th>Note</th></tr></thead><tbody>` +
    r.personas
      .map(
        (p) =>
          `<tr><td>${esc(p.name)}</td><td>${esc(p.scenario)}</td><td>${esc(p.class)}</td><td><code>${esc(p.identityCenterUserId ?? "-")}</code></td>` +
          `<td>${esc(p.expectedGroups.join(", ") || "(none)")}</td><td>${esc(p.resolvedGroups ? p.resolvedGroups.join(", ") || "(none)" : "-")}</td><td>${esc(p.signIn)}</td><td>${esc(p.note ?? "")}</td></tr>`,
      )
      .join("") +
    `</tbody></table>`
  );
}

function filters(r: RunReport): string {
  const opt = (v: string, label: string) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const names = [...new Set(r.results.map((x) => x.persona))];
  const layers = [...new Set(r.results.map((x) => x.action.layer))];
  const verdicts: CheckResult["verdict"][] = ["fail", "error", "pending", "pass"];
  return (
    `<div class="filters" role="search" aria-label="Filter results">` +
    `<label>Persona <select id="f-persona">${opt("", "all")}${names.map((n) => opt(n, n)).join("")}</select></label>` +
    `<label>Verdict <select id="f-verdict">${opt("", "all")}${opt("findings", "findings (not pass)")}${verdicts.map((v) => opt(v, VERDICT_LABEL[v])).join("")}</select></label>` +
    `<label>Layer <select id="f-layer">${opt("", "all")}${layers.map((l) => opt(l, l)).join("")}</select></label>` +
    `<span id="f-count" aria-live="polite"></span></div>`
  );
}

/** `history`: the rendered history panel (`--history`), placed after the findings; none by default. */
export function renderHtml(report: RunReport, history?: string): string {
  const s = report.summary;
  const kind = bannerKind(report);
  return `${selfContainedHead({
    css: CSS,
    script: SCRIPT,
    title: `${verdictLine(report)} · ${report.runId}`,
    extraHead: `<meta name="generator" content="${esc(report.tool.name)} ${esc(report.tool.version)}">`,
  })}
<main>
<header class="banner ${kind}">
<h1>${esc(kind === "pass" ? "✓" : kind === "pending" ? "…" : "✗")} ${esc(verdictLine(report))}</h1>
<div class="counts">${esc(s.total)} results: ${esc(s.passed)} pass, ${esc(s.failed)} fail, ${esc(s.errors)} error, ${esc(s.pending)} pending${s.waived ? `, ${esc(s.waived)} waived` : ""}${s.unexpectedAllows ? `, <strong>${esc(s.unexpectedAllows)} unexpected allow(s)</strong>` : ""} · exit code ${esc(s.exitCode)}</div>
</header>
${ownershipLines(report)
  .map((o) => `<p class="owner">Owner: ${esc(o)}</p>`)
  .join("\n")}
${meta(report)}
<h2 id="findings">Findings</h2>
${findings(report)}
${exceptions(report)}
${history ?? ""}
<h2 id="matrix">Persona × check matrix</h2>
${filters(report)}
<div class="matrix-wrap">${renderMatrix(report)}</div>
${renderLegend()}
<h2 id="personas">Personas</h2>
${personas(report)}
<h2 id="proofs">Proofs (base principal, before any check)</h2>
${proofs(report)}
<h2 id="details">Results in detail</h2>
<div class="details-list">
${report.results.map((r) => renderDetail(r, report)).join("\n")}
</div>
<footer>Generated by ${esc(report.tool.name)} ${esc(report.tool.version)}. The complete report.json is embedded in this file (script element <code>#tip-report</code>); manifest.json beside it holds this file's SHA-256.</footer>
</main>
<aside id="panel" hidden tabindex="-1" aria-label="Result detail"><button type="button" id="panel-close">Close ✕</button><div id="panel-body"></div></aside>
<script type="application/json" id="tip-report">${embedJson(report)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const htmlReporter = (dir: string, history?: HistoryOptions) =>
  new FileReporter("html", dir, "report.html", (r) =>
    renderHtml(r, history ? renderHistoryPanel(r, { ...history, outputDir: dir }) : undefined),
  );
