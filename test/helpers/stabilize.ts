// Masks what changes between two runs of the same scenario (times, durations, run/query/event ids,
// ports, masked key ids) so snapshot tests compare what a reader would call "the same report".
import type { RunReport } from "../../src/model/report.js";

// Not preceded by "hex-": Identity Center user ids (d-… store prefix + UUID) are stable and stay readable.
const UUID = /(?<![0-9a-f]-)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g;
const KEY_ID_MASK = /\b(AKIA|ASIA)…[A-Z0-9]{4}\b/g;
const LOCAL_PORT = /\b127\.0\.0\.1:\d+\b/g;

/** A deep copy with volatile values replaced by placeholders; pure. */
export function stabilize(report: RunReport): RunReport {
  // Session names and similar embed the tail of the run id (e.g. tip-747-38a2-wei).
  const runIdTail = report.runId.length > 8 ? report.runId.slice(-8) : undefined;
  const text = (s: string) => {
    let out = s.split(report.runId).join("<run-id>");
    if (runIdTail) out = out.split(runIdTail).join("<run>");
    return out
      .replace(ISO_TIME, "<time>")
      .replace(UUID, "<uuid>")
      .replace(KEY_ID_MASK, "$1…<key>")
      .replace(LOCAL_PORT, "127.0.0.1:<port>");
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") return text(v);
    if (typeof v === "number" && (key === "durationMs" || key === "dataScannedInBytes")) return 0;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(report) as RunReport;
}
