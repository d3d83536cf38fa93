// `report trend <dirs…> [-o out]`: the runs of several report folders, oldest first, as trend.html (an
// inline SVG chart, no network), trend.md and trend.json. Every folder is verified against its manifest
// first; one that does not verify is refused, and so is the whole command (exit 2): a trend with a
// silently missing night would misstate when a finding appeared.
// Exit codes: 0 written, 2 a folder refused or unreadable, no run given, or the output not writable.
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { TOOL } from "../../app/version.js";
import { describeFsError, ReportWriteError, writeFileAtomic } from "../../report/atomic.js";
import type { Screen } from "../../reporters/screen.js";
import { loadRuns } from "../../trend/load.js";
import { buildTrend } from "../../trend/model.js";
import { renderTrendHtml, renderTrendJson, renderTrendMarkdown } from "../../trend/render.js";

export interface ReportTrendOptions {
  output?: string;
}

/** Where `report trend` writes without -o. */
export const DEFAULT_TREND_DIR = "reports/trend";
export const TREND_FILES = ["trend.html", "trend.md", "trend.json"] as const;

export async function reportTrendCommand(
  dirs: string[],
  opts: ReportTrendOptions,
  screen: Screen,
  cwd = process.cwd(),
): Promise<number> {
  const out = resolve(cwd, opts.output ?? DEFAULT_TREND_DIR);
  const { inputs, refused } = loadRuns(dirs, cwd, { exclude: out });
  for (const r of refused)
    screen.write(`error CFG_TAMPERED: ${r.path}: ${r.reason}; \`tip-proof verify ${r.path}\` shows the details.\n`);
  if (refused.length) return 2;
  if (!inputs.length) {
    screen.write(`error: no report folders in ${dirs.join(", ")} (a run folder holds report.json and manifest.json)\n`);
    return 2;
  }
  const trend = buildTrend(inputs);
  try {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(join(out, "trend.json"), renderTrendJson(trend));
    writeFileAtomic(join(out, "trend.md"), renderTrendMarkdown(trend));
    writeFileAtomic(join(out, "trend.html"), renderTrendHtml(trend, { tool: TOOL }));
  } catch (e) {
    screen.write(
      `error: ${e instanceof ReportWriteError ? e.message : `could not write ${out}: ${describeFsError(e)}`}\n`,
    );
    return 2;
  }
  const open = trend.findings.filter((f) => f.open).length;
  screen.write(
    `${trend.runs.length} runs, ${trend.runs[0].startedAt} → ${trend.runs.at(-1)!.startedAt}; ${trend.findings.length} findings (${open} open in the latest run)\n`,
  );
  screen.write(
    `Trend: ${relative(cwd, join(out, "trend.html")) || join(out, "trend.html")} (+ trend.md, trend.json)\n`,
  );
  return 0;
}
