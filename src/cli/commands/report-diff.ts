// `report diff <old> <new>`: persona × check changes between two runs, new allows first, for nightly
// drift. Exit codes: 0 no new failures, 1 new allows or new failures, 2 unreadable input.
import { diffReports } from "../../report/diff.js";
import { renderDiffMarkdown, renderDiffText } from "../../report/diff-render.js";
import { loadReport } from "../../report/load.js";
import type { Screen } from "../../reporters/screen.js";

export async function reportDiffCommand(oldDir: string, newDir: string, opts: { format?: "text" | "markdown" }, screen: Screen): Promise<number> {
  const format = opts.format ?? "text";
  if (format !== "text" && format !== "markdown") {
    screen.write(`error: --format must be text or markdown, got "${String(format)}"\n`);
    return 2;
  }
  const a = loadReport(oldDir), b = loadReport(newDir);
  for (const r of [a, b]) if (!r.ok) screen.write(`error: ${r.message}\n`);
  if (!a.ok || !b.ok) return 2;
  const diff = diffReports(a.report, b.report);
  screen.write(format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff));
  return diff.regressed ? 1 : 0;
}
