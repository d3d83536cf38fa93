// The trend chart: one stacked bar per run (pass, waived, pending, error, fail from the bottom up), as
// inline SVG with presentation attributes only (no style attributes, no fonts, nothing to load), so it
// renders under report.html's Content-Security-Policy and offline. Each bar carries a <title> with its
// counts, read by screen readers and shown as a tooltip.
import type { Trend, TrendCounts, TrendRun } from "./model.js";

export const SEGMENTS: { key: keyof Omit<TrendCounts, "total">; label: string; fill: string }[] = [
  { key: "pass", label: "pass", fill: "#2da44e" },
  { key: "waived", label: "waived", fill: "#8c959f" },
  { key: "pending", label: "pending", fill: "#d4a72c" },
  { key: "error", label: "error", fill: "#8250df" },
  { key: "fail", label: "fail", fill: "#cf222e" },
];

const esc = (s: string | number) =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A short label for a run's start: MM-DD, with the time when several runs share a day. */
function labels(runs: TrendRun[]): string[] {
  const day = (r: TrendRun) => r.startedAt.slice(5, 10);
  const perDay = new Map<string, number>();
  for (const r of runs) perDay.set(day(r), (perDay.get(day(r)) ?? 0) + 1);
  return runs.map((r) => (perDay.get(day(r))! > 1 ? `${day(r)} ${r.startedAt.slice(11, 16)}` : day(r)));
}

/** The axis top: four gridline steps of 1, 2 or 5 × a power of ten, reaching at least the largest total. */
function axisMax(n: number): number {
  const need = Math.max(1, n / 4);
  const p = 10 ** Math.floor(Math.log10(need));
  return 4 * [1, 2, 5, 10].map((m) => m * p).find((m) => m >= need)!;
}

export function renderTrendSvg(trend: Trend, opts: { title?: string } = {}): string {
  const runs = trend.runs;
  const left = 44,
    top = 30,
    bottom = 44,
    right = 12,
    plotH = 180;
  const slot = runs.length ? Math.max(6, Math.min(56, Math.floor(720 / runs.length))) : 56;
  const barW = Math.max(4, Math.round(slot * 0.7));
  const width = left + right + Math.max(1, runs.length) * slot;
  const height = top + plotH + bottom;
  const max = axisMax(Math.max(0, ...runs.map((r) => r.counts.total)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const text = labels(runs);
  // Label every k-th bar so that labels (about 6.5 px a character) never overlap.
  const labelWidth = Math.max(0, ...text.map((t) => t.length)) * 6.5 + 8;
  const every = Math.max(1, Math.ceil(labelWidth / slot));
  const title = opts.title ?? `Results per run, ${runs.length} run${runs.length === 1 ? "" : "s"}`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" role="img" aria-labelledby="trend-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<title id="trend-title">${esc(title)}</title>`);
  // Legend along the top.
  let lx = left;
  for (const s of SEGMENTS) {
    out.push(
      `<rect x="${lx}" y="8" width="10" height="10" fill="${s.fill}"/><text x="${lx + 14}" y="17" fill="#57606a">${esc(s.label)}</text>`,
    );
    lx += 22 + s.label.length * 7;
  }
  // Y axis: four gridlines.
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4,
      yy = y(v);
    out.push(
      `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="#d0d7de" stroke-width="1"/><text x="${left - 6}" y="${yy + 4}" text-anchor="end" fill="#57606a">${v}</text>`,
    );
  }
  runs.forEach((r, i) => {
    const x = left + i * slot + Math.round((slot - barW) / 2);
    const counts = SEGMENTS.map((s) => `${r.counts[s.key]} ${s.label}`).join(", ");
    out.push(
      `<g class="bar" data-run-id="${esc(r.runId)}" data-total="${r.counts.total}"><title>${esc(`${r.runId} (${r.startedAt}): ${r.counts.total} results: ${counts}${r.unexpectedAllows ? `; ${r.unexpectedAllows} unexpected allow(s)` : ""}`)}</title>`,
    );
    let base = 0;
    for (const s of SEGMENTS) {
      const v = r.counts[s.key];
      if (!v) continue;
      out.push(
        `<rect class="seg ${s.key}" x="${x}" y="${y(base + v).toFixed(1)}" width="${barW}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${s.fill}"/>`,
      );
      base += v;
    }
    // A thin outline keeps an empty run (0 results) visible as a bar.
    out.push(
      `<rect x="${x}" y="${y(base).toFixed(1)}" width="${barW}" height="${(y(0) - y(base)).toFixed(1)}" fill="none" stroke="#1b1f24" stroke-opacity="0.25"/>`,
    );
    if (r.unexpectedAllows)
      out.push(
        `<text x="${x + barW / 2}" y="${y(base) - 3}" text-anchor="middle" fill="#cf222e" font-weight="bold">!</text>`,
      );
    out.push(`</g>`);
    if (i % every === 0)
      out.push(
        `<text x="${x + barW / 2}" y="${top + plotH + 16}" text-anchor="middle" fill="#57606a">${esc(text[i])}</text>`,
      );
  });
  out.push(`<line x1="${left}" x2="${width - right}" y1="${y(0)}" y2="${y(0)}" stroke="#57606a" stroke-width="1"/>`);
  out.push(`<text x="${left}" y="${height - 6}" fill="#57606a">run start (UTC), oldest left</text>`);
  out.push(`</svg>`);
  return out.join("");
}
