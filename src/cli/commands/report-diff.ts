// `report diff <old> <new>`: persona × check changes between two runs, new allows first, for nightly
// drift. Exit codes: 0 no new failures, 1 new allows or new failures, 2 unreadable or tampered input.
import type { RunReport } from "../../model/report.js";
import { diffReports } from "../../diff/diff.js";
import { renderDiffMarkdown, renderDiffText } from "../../diff/render.js";
import { checkInputFolder } from "../../integrity/folder.js";
import { loadReport } from "../../report/load.js";
import type { Screen } from "../../reporters/screen.js";

export async function reportDiffCommand(
  oldDir: string,
  newDir: string,
  opts: { format?: "text" | "markdown" },
  screen: Screen,
  cwd = process.cwd(),
): Promise<number> {
  const format = opts.format ?? "text";
  if (format !== "text" && format !== "markdown") {
    screen.write(`error: --format must be text or markdown, got "${String(format)}"\n`);
    return 2;
  }
  // A diff of a tampered folder would report someone's edits as the run's results.
  let refused = false;
  for (const path of [oldDir, newDir]) {
    const c = checkInputFolder(path, cwd);
    if (c.status === "tampered" || c.status === "invalid") {
      screen.write(
        `error CFG_TAMPERED: ${path} does not match its manifest.json (${c.problems.join("; ")}); \`tip-proof verify ${path}\` shows the details.\n`,
      );
      refused = true;
    }
  }
  if (refused) return 2;
  const a = loadReport(oldDir),
    b = loadReport(newDir);
  for (const r of [a, b]) if (!r.ok) screen.write(`error: ${r.message}\n`);
  if (!a.ok || !b.ok) return 2;
  for (const w of comparability(a.report, b.report)) screen.write(`warning: ${w}\n`);
  const diff = diffReports(a.report, b.report);
  screen.write(format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff));
  return diff.regressed ? 1 : 0;
}

/** Differences that make a diff compare unlike things: it is still shown, with these warnings first. */
export function comparability(a: RunReport, b: RunReport): string[] {
  const out: string[] = [];
  if (a.target.accountId !== b.target.accountId)
    out.push(`the runs target different accounts (${a.target.accountId} → ${b.target.accountId})`);
  if (a.target.region !== b.target.region)
    out.push(`the runs target different Regions (${a.target.region} → ${b.target.region})`);
  if (a.target.kind !== b.target.kind)
    out.push(`the runs used different targets (${a.target.kind} → ${b.target.kind})`);
  const names = (r: RunReport) =>
    r.scenarios
      .map((s) => s.name)
      .sort()
      .join(", ");
  if (names(a) !== names(b))
    out.push(`the runs ran different scenario sets (${names(a) || "none"} → ${names(b) || "none"})`);
  else {
    const changed = a.scenarios
      .filter((s) => b.scenarios.some((t) => t.name === s.name && t.sha256 !== s.sha256))
      .map((s) => s.name);
    if (changed.length) out.push(`scenario files changed between the runs: ${changed.join(", ")}`);
  }
  if (a.tool.version !== b.tool.version)
    out.push(`the runs used different tip-proof versions (${a.tool.version} → ${b.tool.version})`);
  return out;
}
