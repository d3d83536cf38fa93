// The persona × check matrix: rows are checks (per scenario), columns are personas; each cell links to
// its result's detail section, which works without JavaScript and opens a side panel with it.
import type { CheckResult, RunReport } from "../model/report.js";
import { cellLook, detailId, esc } from "./html-util.js";

function cell(r: CheckResult | undefined, persona: string): string {
  if (!r)
    return `<td class="cell none" data-persona="${esc(persona)}" data-verdict="none"><span class="na" title="not checked for this persona">—</span></td>`;
  const look = cellLook(r);
  const label = `${r.persona} × ${r.check}: ${look.word} ${look.note}`;
  return (
    `<td class="cell ${look.kind}" data-persona="${esc(r.persona)}" data-verdict="${r.verdict}" data-layer="${esc(r.action.layer)}">` +
    `<a href="#${esc(detailId(r))}" data-open="${esc(detailId(r))}" aria-label="${esc(label)}">` +
    `<span class="head"><span class="icon" aria-hidden="true">${look.icon}</span> <span class="word">${esc(look.word)}</span></span>` +
    `<span class="note">${esc(look.note)}</span></a></td>`
  );
}

export function renderMatrix(report: RunReport): string {
  const out: string[] = [];
  const names = [...new Set([...report.scenarios.map((s) => s.name), ...report.results.map((r) => r.scenario)])];
  for (const scenario of names) {
    const results = report.results.filter((r) => r.scenario === scenario);
    // Scenario order (results follow it: allowed personas first, the denied one last), then any persona without results.
    const declared = report.personas.filter((p) => p.scenario === scenario).map((p) => p.name);
    const personas = [...new Set([...results.map((r) => r.persona), ...declared])];
    const checks = [...new Set(results.map((r) => r.check))];
    if (names.length > 1) out.push(`<h3 class="scenario-name">${esc(scenario)}</h3>`);
    out.push(
      `<table class="matrix" data-scenario="${esc(scenario)}"><caption>Persona × check results for scenario ${esc(scenario)}: ${results.length} results</caption>`,
    );
    out.push(`<thead><tr><th scope="col" class="corner">check \\ persona</th>`);
    for (const p of personas) {
      const info = report.personas.find((x) => x.scenario === scenario && x.name === p);
      out.push(
        `<th scope="col" class="persona" data-persona="${esc(p)}"><span class="pname">${esc(p)}</span><span class="pclass">${esc(info?.class ?? "")}</span></th>`,
      );
    }
    out.push(`</tr></thead><tbody>`);
    for (const c of checks) {
      const row = results.filter((r) => r.check === c);
      const first = row[0];
      out.push(
        `<tr data-layer="${esc(first.action.layer)}"><th scope="row" class="check"><span class="cname">${esc(c)}</span>` +
          `<span class="layer">${esc(first.action.layer)}</span><span class="summary">${esc(first.action.summary)}</span></th>`,
      );
      for (const p of personas)
        out.push(
          cell(
            row.find((r) => r.persona === p),
            p,
          ),
        );
      out.push(`</tr>`);
    }
    out.push(`</tbody></table>`);
  }
  return out.join("\n");
}

/** What the colours and icons mean, always shown beside the matrix. */
export function renderLegend(): string {
  const items: [string, string, string, string][] = [
    ["allow", "✗", "ALLOWED", "a denial was expected and the action was allowed"],
    ["leak", "✗", "LEAK", "columns seen that must be hidden"],
    ["fail", "✗", "FAIL", "other wrong outcome or contradicting CloudTrail record"],
    ["error", "!", "ERROR", "no verdict possible (harness or AWS error)"],
    ["pending", "…", "PENDING", "held, CloudTrail record not yet delivered"],
    ["waived", "~", "WAIVED", "failed, covered by a live exception (owner, ticket, expiry)"],
    ["pass-allowed", "✓", "allowed", "allowed as expected"],
    ["pass-denied", "✓", "denied", "denied as expected"],
  ];
  return `<ul class="legend">${items.map(([k, i, w, d]) => `<li><span class="swatch ${k}"><span aria-hidden="true">${i}</span> ${w}</span> ${esc(d)}</li>`).join("")}</ul>`;
}
