// Doctor's two outputs: one line per check grouped for a terminal, and a JSON document for tools.
import type { CheckResult } from "./result.js";
import { statusLabel } from "./result.js";

const MARK = { ok: "ok", problem: "PROBLEM", "cannot-tell": "?" } as const;

export function renderConsole(results: CheckResult[]): string {
  const lines: string[] = [];
  let group = "";
  for (const r of results) {
    if (r.group !== group) {
      group = r.group;
      lines.push(`${lines.length ? "\n" : ""}${group}`);
    }
    lines.push(
      `  ${MARK[r.status].padEnd(7)} ${r.id}: ${r.status === "ok" ? r.detail : `${statusLabel(r)}: ${r.detail}`}`,
    );
    if (r.status !== "ok") lines.push(`          fix: ${r.fix}`, `          docs: ${r.doc}`);
  }
  const n = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  lines.push(
    "",
    `${results.length} checks: ${n("ok")} ok, ${n("problem")} problem(s), ${n("cannot-tell")} cannot tell`,
  );
  return lines.join("\n") + "\n";
}

export function renderJson(
  results: CheckResult[],
  meta: { tool: string; version: string; target: string; scenarios: string[] },
): string {
  return (
    JSON.stringify(
      {
        ...meta,
        ok: !results.some((r) => r.status === "problem"),
        checks: results.map((r) => ({ ...r, result: statusLabel(r) })),
      },
      null,
      2,
    ) + "\n"
  );
}

/** The blocking subset's problems, as the message `run` stops with (CFG_PREFLIGHT). */
export function preflightMessage(results: CheckResult[]): string | undefined {
  const blocking = results.filter((r) => r.blocking && r.status === "problem");
  if (!blocking.length) return undefined;
  return `the target is not set up for trusted identity propagation:\n${blocking.map((r) => `  ${r.id}: ${r.detail}\n    fix: ${r.fix}\n    docs: ${r.doc}`).join("\n")}\n(run \`tip-proof doctor\` for every check)`;
}

/** The blocking checks `run` could not make (a refused read): they do not stop the run, and the console says so. */
export function preflightNotes(results: CheckResult[]): string[] {
  return results
    .filter((r) => r.blocking && r.status === "cannot-tell")
    .map(
      (r) =>
        `preflight: ${r.id} could not be checked: ${statusLabel(r)}; the run continues (run \`tip-proof doctor\` with that permission to check it)`,
    );
}
