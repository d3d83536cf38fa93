// Reads the runs of a trend from report folders, each verified against its manifest first: a trend
// built on a folder someone edited would show their edits as history. A folder that holds no
// report.json but report folders (reports/, a CI artifact download) stands for those folders.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { verifyFolder } from "../integrity/folder.js";
import { loadReport } from "../report/load.js";
import type { TrendInput } from "./model.js";

export interface RefusedRun {
  path: string;
  reason: string;
}
export interface LoadedRuns {
  inputs: TrendInput[];
  refused: RefusedRun[];
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Each path as a run folder, or, for a folder of run folders, its sub-folders holding a report.json (by
 * name). `parentsOnly`: every path is a folder of runs (a missing or empty one holds none).
 */
export function expandRunFolders(paths: string[], parentsOnly = false): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!parentsOnly && (!isDir(p) || existsSync(join(p, "report.json")) || existsSync(join(p, "manifest.json")))) {
      out.push(p);
      continue;
    }
    const runs = isDir(p)
      ? readdirSync(p, { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(p, e.name, "report.json")))
          .map((e) => join(p, e.name))
          .sort()
      : [];
    out.push(...(runs.length || parentsOnly ? runs : [p]));
  }
  return out;
}

/**
 * Verifies and reads every run folder. Refused: a folder that is tampered, has no (usable) manifest, or
 * whose report cannot be read, and a second folder of a run already read (a copy would count it twice).
 * `exclude` leaves out a folder (the run being written, when its siblings are its history);
 * `parentsOnly` reads every path as a folder of runs (expandRunFolders).
 */
export function loadRuns(
  paths: string[],
  cwd: string,
  opts: { exclude?: string; parentsOnly?: boolean } = {},
): LoadedRuns {
  const inputs: TrendInput[] = [],
    refused: RefusedRun[] = [];
  const seen = new Map<string, string>();
  const excluded = opts.exclude ? resolve(cwd, opts.exclude) : undefined;
  for (const path of expandRunFolders(
    paths.map((p) => resolve(cwd, p)),
    opts.parentsOnly,
  ).filter((p) => p !== excluded)) {
    const shown = relativeName(path, cwd);
    const v = verifyFolder(path, cwd);
    if (v.status === "invalid") {
      refused.push({ path: shown, reason: v.message ?? "not verifiable" });
      continue;
    }
    if (v.status === "tampered") {
      const what = [...v.files.filter((f) => f.status !== "ok").map((f) => `${f.status} ${f.path}`), ...v.problems];
      refused.push({ path: shown, reason: `does not match its manifest.json (${what.join("; ")})` });
      continue;
    }
    const loaded = loadReport(path);
    if (!loaded.ok) {
      refused.push({ path: shown, reason: loaded.message });
      continue;
    }
    const earlier = seen.get(loaded.report.runId);
    if (earlier) {
      refused.push({ path: shown, reason: `run ${loaded.report.runId} is already read from ${earlier}` });
      continue;
    }
    seen.set(loaded.report.runId, shown);
    inputs.push({ report: loaded.report, source: shown });
  }
  return { inputs, refused };
}

function relativeName(path: string, cwd: string): string {
  const base = resolve(cwd);
  return path.startsWith(base + "/") ? path.slice(base.length + 1) : path;
}
