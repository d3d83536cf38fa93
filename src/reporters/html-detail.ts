// One result's detail: verdict and reasons, expected vs observed side by side, the ids a reader needs
// to find the call again (Athena query, CloudTrail events), and each trimmed CloudTrail record with the
// identity fields (onBehalfOf, the role session, error codes) highlighted.
import type { CheckResult, EvidenceEvent, RunReport } from "../model/report.js";
import { eventLink } from "./present.js";
import { cellLook, detailId, esc } from "./html-util.js";

/** Keys whose values prove who made the call and how it ended: highlighted in record excerpts. */
const IDENTITY_KEYS = new Set([
  "onBehalfOf",
  "userId",
  "identityStoreArn",
  "arn",
  "principalId",
  "errorCode",
  "errorMessage",
]);

/** Pretty-printed JSON as escaped HTML, identity keys wrapped in <mark>. */
export function highlightJson(value: unknown, indent = 0, key?: string): string {
  const pad = "  ".repeat(indent);
  let body: string;
  if (Array.isArray(value)) {
    body = value.length
      ? `[\n${value.map((v) => `${pad}  ${highlightJson(v, indent + 1)}`).join(",\n")}\n${pad}]`
      : "[]";
  } else if (value && typeof value === "object") {
    const entries = Object.entries(value);
    body = entries.length
      ? `{\n${entries.map(([k, v]) => `${pad}  <span class="k">${esc(JSON.stringify(k))}</span>: ${highlightJson(v, indent + 1, k)}`).join(",\n")}\n${pad}}`
      : "{}";
  } else body = `<span class="v">${esc(JSON.stringify(value))}</span>`;
  return key && IDENTITY_KEYS.has(key) ? `<mark class="identity">${body}</mark>` : body;
}

function list(xs: string[] | undefined, mark?: Set<string>): string {
  if (!xs) return "";
  if (!xs.length) return "<em>none</em>";
  return xs.map((x) => (mark?.has(x) ? `<mark class="leaked">${esc(x)}</mark>` : `<code>${esc(x)}</code>`)).join(" ");
}

function comparison(r: CheckResult): string {
  const e = r.expected,
    o = r.observed;
  const leaked = new Set(r.leakedColumns ?? []);
  const rows: [string, string, string][] = [
    [
      "outcome",
      esc(e.outcome) + (e.layer ? ` by ${esc(e.layer)}` : "") + (e.code ? ` (<code>${esc(e.code)}</code>)` : ""),
      esc(o.outcome) +
        (o.layer ? ` by ${esc(o.layer)}` : "") +
        (o.errorKind ? ` (${esc(o.errorKind)})` : "") +
        (o.code ? ` (<code>${esc(o.code)}</code>)` : ""),
    ],
  ];
  if (e.columns || o.columns)
    rows.push([
      "columns",
      [
        e.columns?.visible ? `visible: ${list(e.columns.visible)}` : "",
        e.columns?.hidden ? `hidden: ${list(e.columns.hidden)}` : "",
      ]
        .filter(Boolean)
        .join("<br>") || "—",
      list(o.columns, leaked) || "—",
    ]);
  if (e.rows || o.rowCount !== undefined)
    rows.push([
      "rows",
      e.rows
        ? esc(
            Object.entries(e.rows)
              .map(([k, v]) => `${k} ${v}`)
              .join(", "),
          )
        : "—",
      o.rowCount !== undefined ? esc(o.rowCount) : "—",
    ]);
  if (e.predicates || o.predicateViolations)
    rows.push([
      "every row",
      e.predicates ? e.predicates.map((p) => `<code>${esc(p)}</code>`).join(" and ") : "—",
      o.predicateViolations
        ? o.predicateViolations
            .map((p) => `<code>${esc(p.predicate)}</code>: ${esc(p.violations)} violation(s)`)
            .join("<br>")
        : "—",
    ]);
  if (e.scope || o.grantedScope)
    rows.push([
      "Access Grants scope",
      e.scope ? `<code>${esc(e.scope)}</code>` : "—",
      o.grantedScope ? `<code>${esc(o.grantedScope)}</code>` : "—",
    ]);
  if (o.message) rows.push(["message", "", esc(o.message)]);
  return (
    `<table class="compare"><thead><tr><th></th><th scope="col">Expected</th><th scope="col">Observed</th></tr></thead><tbody>` +
    rows.map(([k, a, b]) => `<tr><th scope="row">${esc(k)}</th><td>${a}</td><td>${b}</td></tr>`).join("") +
    `</tbody></table>`
  );
}

function facts(r: CheckResult): string {
  const o = r.observed;
  const items: [string, string][] = [
    ["Identity Center user", r.identityCenterUserId ? `<code>${esc(r.identityCenterUserId)}</code>` : "unknown"],
    ["Persona class", esc(r.personaClass)],
    ["Action", `${esc(r.action.type)} · <code>${esc(r.action.summary)}</code>`],
  ];
  if (o.queryExecutionId) items.push(["Athena query execution id", `<code>${esc(o.queryExecutionId)}</code>`]);
  if (o.dataScannedInBytes !== undefined) items.push(["Data scanned", `${esc(o.dataScannedInBytes)} bytes`]);
  if (o.probes?.length)
    items.push([
      "S3 probes",
      o.probes
        .map(
          (p) =>
            `<code>${esc(p.operation)} ${esc(p.uri)}</code> → ${esc(p.result)}${p.code ? ` (${esc(p.code)})` : ""}`,
        )
        .join("<br>"),
    ]);
  items.push(
    ["Started", esc(r.timings.startedAt)],
    ["Duration", `${esc(r.timings.durationMs)} ms`],
    ["Retries", esc(r.retries)],
  );
  items.push([
    "CloudTrail evidence",
    `${esc(r.evidence.status)}${r.evidence.note ? ` — ${esc(r.evidence.note)}` : ""}`,
  ]);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function event(e: EvidenceEvent, report: RunReport): string {
  const href = eventLink(report.target, e.eventId);
  const link = href ? ` · <a href="${esc(href)}" rel="noreferrer">open in the CloudTrail console</a>` : "";
  return (
    `<li class="event"><p><code>${esc(e.eventSource)}</code> <strong>${esc(e.eventName)}</strong> event <code>${esc(e.eventId)}</code> at ${esc(e.eventTime)}, ` +
    `on behalf of <mark class="identity">${esc(e.onBehalfOfUserId ?? "nobody")}</mark>${e.errorCode ? `, errorCode <mark class="identity">${esc(e.errorCode)}</mark>` : ""}` +
    `${e.requestId ? `, request <code>${esc(e.requestId)}</code>` : ""}${link}</p>` +
    (e.record
      ? `<details><summary>CloudTrail record (trimmed: secrets and query text omitted)</summary><pre class="json">${highlightJson(e.record)}</pre></details>`
      : "") +
    `</li>`
  );
}

export function renderDetail(r: CheckResult, report: RunReport): string {
  const look = cellLook(r);
  return (
    `<section class="detail ${look.kind}" id="${esc(detailId(r))}" data-persona="${esc(r.persona)}" data-verdict="${r.verdict}" data-layer="${esc(r.action.layer)}">` +
    `<h3><span class="badge ${look.kind}"><span aria-hidden="true">${look.icon}</span> ${esc(look.word)}</span> ${esc(r.persona)} × ${esc(r.check)} <small>${esc(r.scenario)}</small></h3>` +
    (r.description ? `<p class="description">${esc(r.description)}</p>` : "") +
    (r.waiver
      ? `<p class="waiver"><strong>Waived</strong> by exception <code>${esc(r.waiver.exception)}</code>: ${esc(r.waiver.justification)} (${esc(r.waiver.owner)}, ${esc(r.waiver.ticket)}, expires ${esc(r.waiver.expires)}). The verdict below stays <code>fail</code>.</p>`
      : "") +
    `<ul class="reasons">${r.reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` +
    comparison(r) +
    facts(r) +
    `<h4>CloudTrail</h4>` +
    (r.evidence.cloudtrail.length
      ? `<ul class="events">${r.evidence.cloudtrail.map((e) => event(e, report)).join("")}</ul>`
      : `<p class="muted">No CloudTrail record attached (${esc(r.evidence.status)}).</p>`) +
    `</section>`
  );
}
