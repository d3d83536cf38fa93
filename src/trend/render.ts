// trend.html, trend.md and trend.json: renderings of the one trend model. trend.html is one
// self-contained page like report.html (inline CSS, inline SVG, no script, a Content-Security-Policy
// that forbids every load). The tables fragment is shared with report.html's history panel.
import { esc, selfContainedHead } from "../reporters/html-util.js";
import type { Trend, TrendFinding } from "./model.js";
import { renderTrendSvg, SEGMENTS } from "./svg.js";
import type { RefusedRun } from "./load.js";

const when = (s: { runId: string; startedAt: string }) => s.startedAt.slice(0, 19).replace("T", " ");

const CLASS_LABEL: Record<TrendFinding["class"], string> = {
  "unexpected-allow": "UNEXPECTED ALLOW",
  leak: "LEAKED COLUMNS",
  fail: "FAIL",
  error: "ERROR",
  pending: "PENDING EVIDENCE",
  waived: "WAIVED",
};

export function renderTrendJson(t: Trend): string {
  return JSON.stringify(t, null, 2) + "\n";
}

/** Per-run counts and the findings table, as HTML (used by trend.html and report.html's history panel). */
export function renderTrendTables(t: Trend, opts: { findingsLimit?: number } = {}): string {
  const runs =
    `<table class="plain trend-runs"><thead><tr><th>Run</th><th>Started (UTC)</th><th>Results</th>${SEGMENTS.map((s) => `<th>${esc(s.label)}</th>`).join("")}<th>Unexpected allows</th><th>Exit</th></tr></thead><tbody>` +
    [...t.runs]
      .reverse()
      .map(
        (r) =>
          `<tr><td><code>${esc(r.runId)}</code>${r.interrupted ? " (interrupted)" : ""}${r.runFindings.length ? ` <strong>run failed: ${esc(r.runFindings.join(", "))}</strong>` : ""}</td><td>${esc(r.startedAt.slice(0, 19).replace("T", " "))}</td><td>${r.counts.total}</td>` +
          SEGMENTS.map((s) => `<td>${r.counts[s.key]}</td>`).join("") +
          `<td>${r.unexpectedAllows ? `<strong>${r.unexpectedAllows}</strong>` : 0}</td><td>${r.exitCode}</td></tr>`,
      )
      .join("") +
    `</tbody></table>`;
  const limit = opts.findingsLimit ?? Infinity;
  const shown = t.findings.slice(0, limit);
  const findings = t.findings.length
    ? `<table class="plain trend-findings"><thead><tr><th>Status</th><th>Finding</th><th>Persona × check</th><th>Scenario</th><th>First seen</th><th>Last seen</th><th>Seen in</th></tr></thead><tbody>` +
      shown
        .map(
          (f) =>
            `<tr class="${f.open ? "open" : "gone"}"><td>${f.open ? (f.firstSeen.runId === t.runs.at(-1)?.runId ? "<strong>new</strong>" : "open") : "gone"}</td><td>${esc(CLASS_LABEL[f.class])}</td>` +
            `<td>${esc(f.persona)} × ${esc(f.check)}</td><td>${esc(f.scenario)}</td><td>${esc(when(f.firstSeen))}</td><td>${esc(when(f.lastSeen))}</td><td>${f.seenIn} of ${t.runs.length}</td></tr>`,
        )
        .join("") +
      `</tbody></table>${t.findings.length > shown.length ? `<p class="muted">… and ${t.findings.length - shown.length} more findings in trend.json.</p>` : ""}`
    : t.runs.some((r) => r.runFindings.length)
      ? `<p>No check findings; ${t.runs.filter((r) => r.runFindings.length).length} run(s) failed beyond their checks (see "run failed" above).</p>`
      : `<p>No findings in any of these runs.</p>`;
  return `<h3>Runs, newest first</h3>${runs}<h3>Findings: first appeared, last seen</h3>${findings}`;
}

const CSS = `
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1f24;background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px 24px 64px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
.chart{overflow-x:auto;border:1px solid #d0d7de;border-radius:6px;padding:8px;background:#f6f8fa}
table.plain{border-collapse:collapse}table.plain th,table.plain td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
tr.gone td{color:#57606a}.muted{color:#57606a}.refused{border-left:6px solid #cf222e;background:#ffe4e1;padding:6px 10px}
footer{margin-top:40px;color:#57606a;font-size:12px}
`;

export function renderTrendHtml(
  t: Trend,
  meta: { tool: { name: string; version: string }; refused?: RefusedRun[] },
): string {
  const last = t.runs.at(-1);
  const open = t.findings.filter((f) => f.open).length;
  return `${selfContainedHead({ css: CSS, title: `tip-proof trend · ${t.runs.length} runs` })}
<main>
<h1>tip-proof trend: ${t.runs.length} run${t.runs.length === 1 ? "" : "s"}${last ? `, ${esc(t.runs[0].startedAt.slice(0, 10))} → ${esc(last.startedAt.slice(0, 10))}` : ""}</h1>
<p>${open} open finding${open === 1 ? "" : "s"} in the latest run; ${t.findings.length - open} seen earlier and gone since. Every run folder was verified against its manifest.json before it was read.</p>
${meta.refused?.length ? `<div class="refused"><strong>Not included</strong><ul>${meta.refused.map((r) => `<li><code>${esc(r.path)}</code>: ${esc(r.reason)}</li>`).join("")}</ul></div>` : ""}
<h2 id="chart">Results per run</h2>
<div class="chart">${renderTrendSvg(t)}</div>
${renderTrendTables(t)}
<footer>Generated by ${esc(meta.tool.name)} ${esc(meta.tool.version)} from ${t.runs.map((r) => `<code>${esc(r.source)}</code>`).join(", ")}. trend.json beside this file holds the same data.</footer>
</main>
</body>
</html>
`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function renderTrendMarkdown(t: Trend, meta: { refused?: RefusedRun[] } = {}): string {
  const out = [`# tip-proof trend: ${t.runs.length} run${t.runs.length === 1 ? "" : "s"}`, ""];
  if (meta.refused?.length) {
    out.push("Not included:", "");
    for (const r of meta.refused) out.push(`- \`${r.path}\`: ${cell(r.reason)}`);
    out.push("");
  }
  out.push(
    "## Runs",
    "",
    `| Run | Started (UTC) | Results | ${SEGMENTS.map((s) => s.label).join(" | ")} | Unexpected allows | Exit |`,
    `|---|---|---|${SEGMENTS.map(() => "---|").join("")}---|---|`,
  );
  for (const r of t.runs)
    out.push(
      `| \`${r.runId}\`${r.runFindings.length ? ` **run failed: ${cell(r.runFindings.join(", "))}**` : ""} | ${r.startedAt.slice(0, 19).replace("T", " ")} | ${r.counts.total} | ${SEGMENTS.map((s) => r.counts[s.key]).join(" | ")} | ${r.unexpectedAllows} | ${r.exitCode} |`,
    );
  out.push("", "## Findings", "");
  const failedRuns = t.runs.filter((r) => r.runFindings.length).length;
  if (!t.findings.length)
    out.push(
      failedRuns
        ? `No check findings; ${failedRuns} run(s) failed beyond their checks (see "run failed" above).`
        : "No findings in any of these runs.",
    );
  else {
    out.push(
      "| Status | Finding | Persona × check | Scenario | First seen | Last seen | Seen in |",
      "|---|---|---|---|---|---|---|",
    );
    for (const f of t.findings)
      out.push(
        `| ${f.open ? (f.firstSeen.runId === t.runs.at(-1)?.runId ? "**new**" : "open") : "gone"} | ${CLASS_LABEL[f.class]} | ${cell(`${f.persona} × ${f.check}`)} | ${cell(f.scenario)} | ${when(f.firstSeen)} (\`${f.firstSeen.runId}\`) | ${when(f.lastSeen)} (\`${f.lastSeen.runId}\`) | ${f.seenIn} of ${t.runs.length} |`,
      );
  }
  return out.join("\n") + "\n";
}
