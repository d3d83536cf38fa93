// `report diff` as text (console, nightly logs) and as Markdown (a chat message or a ticket comment).
// Pure renderings of ReportDiff.
import { CHANGE_KINDS, type ChangeKind, type ReportDiff } from "./diff.js";

const TITLES: Record<ChangeKind, string> = {
  "new-allow": "NEW ALLOW",
  "new-failure": "NEW FAILURE",
  fixed: "FIXED",
  changed: "CHANGED",
  added: "ADDED",
  removed: "REMOVED",
};
const HEADINGS: Record<ChangeKind, string> = {
  "new-allow": "New allows (access a persona must not have)",
  "new-failure": "New failures",
  fixed: "Fixed",
  changed: "Other changes",
  added: "Added checks",
  removed: "Removed checks",
};

export function diffHeadline(d: ReportDiff): string {
  const c = d.counts;
  const f = d.runFindings;
  const run = f.added.length ? `; new run finding(s): ${f.added.join(", ")}` : "";
  const body = `${c["new-allow"]} new allow(s), ${c["new-failure"]} new failure(s), ${c.fixed} fixed, ${c.changed} changed, ${c.added} added, ${c.removed} removed; ${d.unchanged} unchanged${run}`;
  const changed = d.changes.length || f.added.length || f.removed.length;
  return `${d.regressed ? "REGRESSED" : changed ? "CHANGED" : "NO CHANGE"}: ${body}`;
}

export function renderDiffText(d: ReportDiff): string {
  const out = [
    `report diff ${d.old.runId} (${d.old.startedAt}) → ${d.new.runId} (${d.new.startedAt})`,
    diffHeadline(d),
    "",
  ];
  const width = Math.max(0, ...d.changes.map((c) => `${c.persona} × ${c.check}`.length));
  for (const c of d.changes) {
    out.push(`  ${TITLES[c.kind].padEnd(11)} ${`${c.persona} × ${c.check}`.padEnd(width)}  ${c.details[0]}`);
    for (const more of c.details.slice(1)) out.push(`  ${"".padEnd(11)} ${"".padEnd(width)}  ${more}`);
  }
  if (d.changes.length) out.push("");
  if (d.runFindings.added.length || d.runFindings.removed.length) {
    out.push("Run findings (they fail a run whatever its checks say):");
    for (const k of d.runFindings.added) out.push(`  ${"NEW".padEnd(11)} ${k}`);
    for (const k of d.runFindings.removed) out.push(`  ${"GONE".padEnd(11)} ${k}`);
    out.push("");
  }
  if (d.exceptions.length) {
    out.push("Exceptions:");
    for (const e of d.exceptions) out.push(`  ${e.kind.toUpperCase().padEnd(11)} ${e.id}  ${e.details}`);
    out.push("");
  }
  return out.join("\n");
}

const code = (s: string) => s.replace(/`/g, "'");
const md = (s: string) => s.replace(/([\\`*_|<>[\]])/g, "\\$1").replace(/\n/g, " ");

export function renderDiffMarkdown(d: ReportDiff): string {
  const out = [
    `**tip-proof report diff** \`${code(d.old.runId)}\` → \`${code(d.new.runId)}\``,
    "",
    `**${md(diffHeadline(d))}**`,
    "",
  ];
  for (const kind of CHANGE_KINDS) {
    const list = d.changes.filter((c) => c.kind === kind);
    if (!list.length) continue;
    out.push(`### ${kind === "new-allow" ? "🚨 " : ""}${HEADINGS[kind]} (${list.length})`, "");
    for (const c of list) {
      out.push(`- **${md(c.persona)} × ${md(c.check)}** (\`${code(c.scenario)}\`): ${md(c.details[0])}`);
      for (const more of c.details.slice(1)) out.push(`  - ${md(more)}`);
    }
    out.push("");
  }
  if (!d.changes.length) out.push("Every persona × check has the same verdict and observation as before.", "");
  const f = d.runFindings;
  if (f.added.length || f.removed.length) {
    out.push("### Run findings (they fail a run whatever its checks say)", "");
    for (const k of f.added) out.push(`- **new** ${md(k)}`);
    for (const k of f.removed) out.push(`- **gone** ${md(k)}`);
    out.push("");
  }
  if (d.exceptions.length) {
    out.push(`### Exceptions (${d.exceptions.length})`, "");
    for (const e of d.exceptions) out.push(`- **${e.kind}** \`${code(e.id)}\`: ${md(e.details)}`);
    out.push("");
  }
  return out.join("\n");
}
