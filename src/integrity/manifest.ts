// manifest.json: the SHA-256 of every report file of a run and of its scenario inputs, so a reader
// months later can tell whether a folder is exactly what the run wrote. Pure: bytes in, verdicts out.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { RunReport } from "../model/report.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_VERSION = 1 as const;
/** Files an operating system drops into folders it shows; never evidence, never "extra". */
export const IGNORED_FILES = new Set([".DS_Store", "Thumbs.db", "desktop.ini"]);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256");
// Relative, forward slashes, no "..": a manifest must never make verify read outside its folder.
const safePath = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith("/") &&
      !/^[A-Za-z]:/.test(p) &&
      !p.includes("\\") &&
      !p.split("/").some((s) => s === ".." || s === "." || s === ""),
    "a relative path inside the report folder",
  );

export const manifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  algorithm: z.literal("sha256"),
  tool: z.object({ name: z.string(), version: z.string() }),
  runId: z.string(),
  reportSchemaVersion: z.number(),
  createdAt: z.string(),
  files: z.array(z.object({ path: safePath, sha256: sha256Hex, bytes: z.number().int().nonnegative() })),
  inputs: z.object({
    scenarios: z.array(
      z.object({ file: z.string(), name: z.string(), sha256: sha256Hex, gitBlob: z.string().optional() }),
    ),
    git: z.object({ commit: z.string(), ref: z.string().optional() }).optional(),
    /** The exception register the run applied (docs/exceptions.md): an edited register is an edited input. */
    exceptions: z.object({ file: z.string(), sha256: sha256Hex }).optional(),
  }),
  /** The file formats the run was asked to write (`--reporter`): what `confirm` rewrites. */
  reporters: z.array(z.string()).optional(),
  /**
   * Reporters that failed: their files are not in the folder (the run exited 74). `verify` reports the
   * folder INCOMPLETE, and `confirm` writes them again.
   */
  incomplete: z.array(z.object({ reporter: z.string(), error: z.string() })).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = Manifest["files"][number];

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Git's object id for a file's bytes, so `git rev-parse <commit>:<path>` can be compared with it. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export interface ManifestInput {
  report: RunReport;
  files: { path: string; bytes: Uint8Array }[];
  createdAt: string;
  git?: { commit: string; ref?: string };
  /** Git blob ids of the scenario files, by file, when their current bytes are the ones that ran. */
  gitBlobs?: Record<string, string>;
  reporters?: string[];
  incomplete?: { reporter: string; error: string }[];
}

export function buildManifest(i: ManifestInput): Manifest {
  const files = [...i.files]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => ({ path: f.path, sha256: sha256(f.bytes), bytes: f.bytes.length }));
  return {
    manifestVersion: MANIFEST_VERSION,
    algorithm: "sha256",
    tool: i.report.tool,
    runId: i.report.runId,
    reportSchemaVersion: i.report.schemaVersion,
    createdAt: i.createdAt,
    files,
    inputs: {
      scenarios: i.report.scenarios.map((s) => ({
        ...s,
        ...(i.gitBlobs?.[s.file] ? { gitBlob: i.gitBlobs[s.file] } : {}),
      })),
      ...(i.git ? { git: i.git } : {}),
      ...(i.report.exceptions
        ? { exceptions: { file: i.report.exceptions.file, sha256: i.report.exceptions.sha256 } }
        : {}),
    },
    ...(i.reporters ? { reporters: i.reporters } : {}),
    ...(i.incomplete?.length ? { incomplete: i.incomplete } : {}),
  };
}

export const renderManifest = (m: Manifest): string => JSON.stringify(m, null, 2) + "\n";

export type FileStatus = "ok" | "modified" | "missing" | "extra";
export interface FileCheck {
  path: string;
  status: FileStatus;
  expected?: string;
  actual?: string;
}

/**
 * Compares the manifest with what the folder holds. `read(path)` returns the bytes or undefined when
 * the file is absent; `present` lists every file in the folder (relative, forward slashes).
 */
export function checkFiles(
  m: Manifest,
  read: (path: string) => Uint8Array | undefined,
  present: string[],
): FileCheck[] {
  const out: FileCheck[] = [];
  const listed = new Set(m.files.map((f) => f.path));
  for (const f of m.files) {
    const bytes = read(f.path);
    if (!bytes) {
      out.push({ path: f.path, status: "missing", expected: f.sha256 });
      continue;
    }
    const actual = sha256(bytes);
    out.push({
      path: f.path,
      status: actual === f.sha256 && bytes.length === f.bytes ? "ok" : "modified",
      expected: f.sha256,
      actual,
    });
  }
  for (const p of [...present].sort()) {
    if (p === MANIFEST_FILE || listed.has(p) || IGNORED_FILES.has(p.split("/").pop()!)) continue;
    out.push({ path: p, status: "extra" });
  }
  return out;
}

/** The manifest and report.json must describe the same run: a swapped report.json is tampering too. */
export function crossCheck(m: Manifest, report: RunReport | undefined): string[] {
  if (!report) return [];
  const problems: string[] = [];
  if (report.runId !== m.runId) problems.push(`report.json is run ${report.runId}, manifest.json is run ${m.runId}`);
  const want = m.inputs.scenarios
      .map((s) => `${s.file}@${s.sha256}`)
      .sort()
      .join(","),
    got = report.scenarios
      .map((s) => `${s.file}@${s.sha256}`)
      .sort()
      .join(",");
  if (want !== got) problems.push("report.json and manifest.json name different scenario inputs");
  const exc = (e?: { file: string; sha256: string }) => (e ? `${e.file}@${e.sha256}` : "none");
  if (exc(m.inputs.exceptions) !== exc(report.exceptions))
    problems.push("report.json and manifest.json name different exception registers");
  return problems;
}
