// report.html's history panel (`run --history <dir>`): the trend chart of the last runs found in a
// folder of earlier report folders, this run included, with the findings' first and last appearance.
// Earlier folders are verified like `report trend` does; one that does not verify is left out and named.
import type { RunReport } from "../model/report.js";
import { loadRuns } from "../trend/load.js";
import { buildTrend, lastRuns } from "../trend/model.js";
import { renderTrendTables } from "../trend/render.js";
import { renderTrendSvg } from "../trend/svg.js";
import { esc } from "./html-util.js";

/** How many runs the panel shows, this one included. */
export const HISTORY_RUNS = 30;

export interface HistoryOptions {
  historyDir: string;
  cwd: string;
}

export function renderHistoryPanel(report: RunReport, o: HistoryOptions & { outputDir: string }): string {
  // This run's own folder may sit among its history (reports/<run-id>/): it is the report being written.
  const { inputs, refused } = loadRuns([o.historyDir], o.cwd, { exclude: o.outputDir, parentsOnly: true });
  const earlier = inputs.filter((i) => i.report.runId !== report.runId);
  const trend = buildTrend(lastRuns([...earlier, { report, source: "this run" }], HISTORY_RUNS));
  const isNew = trend.findings.filter((f) => f.firstSeen.runId === report.runId).length;
  const gone = trend.findings.filter((f) => !f.open).length;
  return `<h2 id="history">History: the last ${trend.runs.length} run${trend.runs.length === 1 ? "" : "s"}</h2>
<p class="muted">From <code>${esc(o.historyDir)}</code> (each folder verified against its manifest.json) and this run, oldest left. ${isNew} finding${isNew === 1 ? "" : "s"} first seen in this run; ${gone} seen before and gone now.</p>
${refused.length ? `<ul class="findings">${refused.map((r) => `<li class="fail">Not included: <code>${esc(r.path)}</code>: ${esc(r.reason)}</li>`).join("")}</ul>` : ""}
<div class="trend">${renderTrendSvg(trend, { title: `Results of the last ${trend.runs.length} runs` })}</div>
<details class="trend-tables"><summary>Runs and findings over time</summary>${renderTrendTables(trend, { findingsLimit: 50 })}</details>`;
}
