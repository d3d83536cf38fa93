// Shared bits of the HTML report: escaping, and how each result looks in a cell (an icon and a word
// as well as a colour, so the matrix reads the same in greyscale or to a colour-blind reader).
import { createHash } from "node:crypto";
import type { CheckResult } from "../model/report.js";
import { findingKind } from "./present.js";

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export const esc = (s: string | number | boolean | undefined | null): string =>
  String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** DOM id of a result's detail section (HTML5 ids may hold "/"; spaces are the only forbidden character). */
export const detailId = (r: CheckResult): string => `r-${r.id.replace(/\s/g, "_")}`;

export type CellKind = "allow" | "leak" | "fail" | "error" | "pending" | "waived" | "pass-allowed" | "pass-denied";

export interface CellLook {
  kind: CellKind;
  icon: string;
  word: string;
  note: string;
}

/** Unexpected allows and leaked columns are their own kinds: they are the findings that matter most. */
export function cellLook(r: CheckResult): CellLook {
  const o = r.observed;
  switch (findingKind(r)) {
    case "unexpected-allow":
      return {
        kind: "allow",
        icon: "✗",
        word: "ALLOWED",
        note: `must be denied${r.expected.layer ? ` by ${r.expected.layer}` : ""}`,
      };
    case "leak":
      return {
        kind: "leak",
        icon: "✗",
        word: "LEAK",
        note: `sees ${r.leakedColumns!.length} hidden column${r.leakedColumns!.length === 1 ? "" : "s"}`,
      };
    case "fail":
      return { kind: "fail", icon: "✗", word: "FAIL", note: short(r.reasons[0] ?? "") };
    case "error":
      return {
        kind: "error",
        icon: "!",
        word: "ERROR",
        note: `${o.errorKind ?? "error"}${o.code ? ` ${o.code}` : ""}`,
      };
    case "pending":
      return { kind: "pending", icon: "…", word: "PENDING", note: "CloudTrail record not yet delivered" };
    case "waived":
      return {
        kind: "waived",
        icon: "~",
        word: "WAIVED",
        note: short(`fail waived by ${r.waiver!.exception} until ${r.waiver!.expires}`),
      };
  }
  if (o.outcome === "denied")
    return {
      kind: "pass-denied",
      icon: "✓",
      word: "denied",
      note: `${o.layer ?? ""}${o.code ? ` ${o.code}` : ""}`.trim(),
    };
  return { kind: "pass-allowed", icon: "✓", word: "allowed", note: allowedNote(r) };
}

function allowedNote(r: CheckResult): string {
  const o = r.observed;
  const parts = [
    o.columns ? `${o.columns.length} col${o.columns.length === 1 ? "" : "s"}` : "",
    o.rowCount !== undefined ? `${o.rowCount} rows` : "",
    o.grantedScope ? "scope ok" : "",
  ].filter(Boolean);
  return parts.join(" · ");
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Verdict words used by the legend and filters. */
export const VERDICT_LABEL: Record<CheckResult["verdict"], string> = {
  pass: "✓ pass",
  fail: "✗ fail",
  error: "! error",
  pending: "… pending",
};

/**
 * The Content-Security-Policy of a self-contained page (report.html, trend.html): nothing loads from
 * anywhere; only the page's own inline style (and script, if any) runs, pinned by hash.
 */
export function selfContainedCsp(css: string, script?: string): string {
  const hash = (x: string) => `'sha256-${createHash("sha256").update(x, "utf8").digest("base64")}'`;
  return `default-src 'none'; style-src ${hash(css)}; script-src ${script === undefined ? "'none'" : hash(script)}; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;
}

/**
 * The opening of a self-contained page, up to and including `<body>`: charset, its CSP, viewport,
 * `extraHead` (already escaped), the title (escaped here) and the inline style.
 */
export function selfContainedHead(o: { css: string; script?: string; title: string; extraHead?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${selfContainedCsp(o.css, o.script)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.extraHead ? `${o.extraHead}\n` : ""}<title>${esc(o.title)}</title>
<style>${o.css}</style>
</head>
<body>`;
}
