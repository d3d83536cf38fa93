// The file-system side of manifest.json: write it after a run's other files, and verify a folder
// against it. The decisions themselves live in manifest.ts (pure).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { RunReport } from "../model/report.js";
import { writeFileAtomic } from "../report/atomic.js";
import { gitInfo } from "./git.js";
import { parseReport } from "../report/load.js";
import {
  buildManifest,
  checkFiles,
  crossCheck,
  gitBlobId,
  MANIFEST_FILE,
  manifestSchema,
  renderManifest,
  sha256,
  type FileCheck,
  type Manifest,
} from "./manifest.js";

/** Hashes `files` (relative to dir) and the scenario inputs, writes dir/manifest.json, returns its name. */
export function writeManifest(
  dir: string,
  report: RunReport,
  files: string[],
  opts: { cwd?: string; now?: Date; reporters?: string[]; incomplete?: { reporter: string; error: string }[] } = {},
): string {
  const cwd = opts.cwd ?? process.cwd();
  const unique = [...new Set(files)].filter((f) => f !== MANIFEST_FILE);
  const entries = unique.map((f) => ({ path: f.split(sep).join("/"), bytes: readFileSync(join(dir, f)) }));
  const gitBlobs: Record<string, string> = {};
  for (const s of report.scenarios) {
    try {
      const bytes = readFileSync(resolve(cwd, s.file));
      // Only when the file on disk is still the one that ran; otherwise the blob id would mislead.
      if (sha256(bytes) === s.sha256) gitBlobs[s.file] = gitBlobId(bytes);
    } catch {
      /* moved or deleted since: the sha256 from the run remains */
    }
  }
  const git = report.scenarios.length ? gitInfo(resolve(cwd, report.scenarios[0].file)) : undefined;
  const manifest = buildManifest({
    report,
    files: entries,
    createdAt: (opts.now ?? new Date()).toISOString(),
    git,
    gitBlobs,
    ...(opts.reporters ? { reporters: opts.reporters } : {}),
    ...(opts.incomplete ? { incomplete: opts.incomplete } : {}),
  });
  writeFileAtomic(join(dir, MANIFEST_FILE), renderManifest(manifest));
  return MANIFEST_FILE;
}

export interface VerifyOutcome {
  status: "intact" | "tampered" | "invalid";
  message?: string;
  manifest?: Manifest;
  /** SHA-256 of manifest.json itself: compare it with the value recorded when the run was filed. */
  manifestSha256?: string;
  files: FileCheck[];
  problems: string[];
  inputs: { file: string; status: "matches" | "differs" | "absent" }[];
}

export function verifyFolder(dir: string, cwd = process.cwd()): VerifyOutcome {
  const none = { files: [], problems: [], inputs: [] };
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { status: "invalid", message: `${dir}: not a folder`, ...none };
  const mPath = join(dir, MANIFEST_FILE);
  if (!existsSync(mPath))
    return {
      status: "invalid",
      message: `${dir}: no ${MANIFEST_FILE} (not a report folder, or the run did not use --reporter manifest)`,
      ...none,
    };
  if (!statSync(mPath).isFile()) return { status: "invalid", message: `${mPath}: not a regular file`, ...none };
  const mBytes = readFileSync(mPath);
  let raw: unknown;
  try {
    raw = JSON.parse(mBytes.toString("utf8"));
  } catch (e) {
    return {
      status: "invalid",
      message: `${MANIFEST_FILE} is not valid JSON (${(e as Error).message})`,
      manifestSha256: sha256(mBytes),
      ...none,
    };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ");
    return {
      status: "invalid",
      message: `${MANIFEST_FILE} is not a tip-proof manifest (${why})`,
      manifestSha256: sha256(mBytes),
      ...none,
    };
  }
  const manifest = parsed.data;
  const read = (p: string) => {
    const f = join(dir, p);
    return existsSync(f) && statSync(f).isFile() ? readFileSync(f) : undefined;
  };
  const files = checkFiles(manifest, read, listFiles(dir));
  const problems: string[] = [];
  const reportEntry = files.find((f) => f.path === "report.json" && f.status === "ok");
  if (reportEntry) {
    const loaded = parseReport(read("report.json")!.toString("utf8"));
    if (loaded.ok) problems.push(...crossCheck(manifest, loaded.report));
    else problems.push(loaded.message);
  }
  const inputs = manifest.inputs.scenarios.map((s) => {
    const bytes = (() => {
      try {
        return readFileSync(resolve(cwd, s.file));
      } catch {
        return undefined;
      }
    })();
    return {
      file: s.file,
      status: !bytes ? ("absent" as const) : sha256(bytes) === s.sha256 ? ("matches" as const) : ("differs" as const),
    };
  });
  const status = files.some((f) => f.status !== "ok") || problems.length ? "tampered" : "intact";
  return { status, manifest, manifestSha256: sha256(mBytes), files, problems, inputs };
}

/** Every file under dir, relative with forward slashes (symlinks are reported as files, never followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

export interface InputCheck {
  /** intact: the manifest holds; unsigned: no manifest.json to check against; tampered / invalid: refuse. */
  status: "intact" | "unsigned" | "tampered" | "invalid";
  /** One line per modified, missing or extra file, or the reason the manifest is unusable. */
  problems: string[];
  /** The manifest, when it holds: the formats the run asked for and any it could not write. */
  manifest?: Manifest;
}

/**
 * For commands that read a run folder (`confirm`, `report diff`): is it what the run wrote? `path` is a
 * run folder, or a report.json inside one. A folder whose manifest does not hold must be refused: acting
 * on it (confirm re-signs what it rewrites) would launder the tampering.
 */
export function checkInputFolder(path: string, cwd = process.cwd()): InputCheck {
  let dir = path;
  try {
    if (!statSync(path).isDirectory()) dir = dirname(path);
  } catch {
    return { status: "unsigned", problems: [] };
  }
  if (dir !== path && basename(path) !== "report.json") return { status: "unsigned", problems: [] };
  if (!existsSync(join(dir, MANIFEST_FILE))) return { status: "unsigned", problems: [] };
  const v = verifyFolder(dir, cwd);
  if (v.status === "invalid") return { status: "invalid", problems: [v.message ?? "manifest.json is unusable"] };
  if (v.status === "intact") return { status: "intact", problems: [], ...(v.manifest ? { manifest: v.manifest } : {}) };
  return {
    status: "tampered",
    problems: [...v.files.filter((f) => f.status !== "ok").map((f) => `${f.status} ${f.path}`), ...v.problems],
  };
}
