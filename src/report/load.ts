// Reads a report back (verify, diff, the vitest adapter): a run folder or a report.json path in,
// a validated RunReport or one clear message out. Never throws for bad input.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "../model/report.js";
import { REPORT_SCHEMA_VERSION } from "../model/report.js";
import { runReportSchema } from "../model/report-schema.js";

export type LoadResult = { ok: true; report: RunReport; file: string } | { ok: false; file: string; message: string };

/** `path` is a run folder (its report.json is read) or a report.json file. */
export function loadReport(path: string): LoadResult {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, "report.json");
  } catch {
    return { ok: false, file, message: `${path}: no such file or folder` };
  }
  // Only a regular file: a named pipe or /dev/zero would block or never end.
  try {
    if (!statSync(file).isFile()) return { ok: false, file, message: `${file}: not a regular file` };
  } catch {
    /* reported below */
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {
      ok: false,
      file,
      message: `${file}: cannot read it (a run folder must hold report.json; write it with --reporter json)`,
    };
  }
  return parseReport(text, file);
}

/** Pure: JSON text in, a validated report or the first problems out. */
export function parseReport(text: string, file = "report.json"): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, file, message: `${file}: not valid JSON (${(e as Error).message})` };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > REPORT_SCHEMA_VERSION)
    return {
      ok: false,
      file,
      message: `${file}: report schemaVersion ${version} is newer than this tool reads (${REPORT_SCHEMA_VERSION}); upgrade tip-proof`,
    };
  const parsed = runReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return { ok: false, file, message: `${file}: not a tip-proof report (${issues})` };
  }
  // Return the parsed input as written (zod strips unknown additive fields; keep them for renderers).
  return { ok: true, file, report: raw as RunReport };
}
