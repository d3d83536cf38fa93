// The built-in reporters by name (`--reporter json,md,html,junit,manifest,github`). Every format is a pure
// rendering of the one report model; manifest hashes the others, so it always runs last whatever the
// order given, and sees exactly the files the other reporters of this run wrote. `github` writes no file
// in the folder (the job summary and annotations of a GitHub Actions job), so it is not a default.
import type { Env } from "../config/env.js";
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { FileReporter, renderJson } from "./files.js";
import { githubReporter } from "./github.js";
import { htmlReporter } from "./html.js";
import { junitReporter } from "./junit.js";
import { ManifestReporter, type RunFiles } from "./manifest.js";
import { renderMarkdown } from "./markdown.js";

/** Files written so far by this run's file reporters (relative to the output folder). */
export type { RunFiles };

/**
 * What reporters may take from the run besides the folder, handed over when they are built: the run's
 * environment (never process.env), its working folder, where workflow commands go, and the folder of
 * earlier runs for report.html's history panel.
 */
export interface ReporterContext {
  env?: Env;
  cwd?: string;
  out?: { write(text: string): void };
  history?: string;
  /** Failures of an earlier write that this one does not redo (confirm): the manifest keeps them. */
  stillMissing?: { reporter: string; error: string }[];
}

export const FILE_REPORTERS = {
  json: (dir: string) => new FileReporter("json", dir, REPORT_FILES.json, renderJson),
  md: (dir: string) => new FileReporter("md", dir, REPORT_FILES.md, renderMarkdown),
  html: (dir: string, _files?: RunFiles, ctx: ReporterContext = {}) =>
    htmlReporter(dir, ctx.history ? { historyDir: ctx.history, cwd: ctx.cwd ?? process.cwd() } : undefined),
  junit: (dir: string) => junitReporter(dir),
  manifest: (dir: string, files?: RunFiles) =>
    new ManifestReporter(dir, files ?? { written: [], failed: [], configured: [] }),
  github: (_dir: string, _files?: RunFiles, ctx: ReporterContext = {}) =>
    githubReporter({
      stepSummary: ctx.env?.GITHUB_STEP_SUMMARY || undefined,
      workspace: ctx.env?.GITHUB_WORKSPACE || undefined,
      cwd: ctx.cwd ?? process.cwd(),
      out: ctx.out ?? { write: () => {} },
    }),
} as const;
export type ReporterName = keyof typeof FILE_REPORTERS;

/** Every name `--reporter` accepts. */
export const REPORTER_NAMES = Object.keys(FILE_REPORTERS) as ReporterName[];

/** The formats written into the run folder, in the order they are written (the manifest last): the default. */
export const ALL_FILE_REPORTERS = [
  "json",
  "md",
  "html",
  "junit",
  "manifest",
] as const satisfies readonly ReporterName[];
export type FileFormat = (typeof ALL_FILE_REPORTERS)[number];

/** The file each format writes in the run folder. */
export const REPORT_FILES: Record<FileFormat, string> = {
  json: "report.json",
  md: "report.md",
  html: "report.html",
  junit: "junit.xml",
  manifest: "manifest.json",
};

export function buildFileReporters(names: readonly ReporterName[], dir: string, ctx: ReporterContext = {}): Reporter[] {
  for (const n of names)
    if (!Object.hasOwn(FILE_REPORTERS, n))
      throw new Error(`unknown reporter "${n}" (known: ${REPORTER_NAMES.join(", ")})`);
  const unique = [...new Set(names)];
  const inFolder = (n: string) => (ALL_FILE_REPORTERS as readonly string[]).includes(n);
  const files: RunFiles = { written: [], failed: [...(ctx.stillMissing ?? [])], configured: unique.filter(inFolder) };
  const others = unique
    .filter((n) => n !== "manifest")
    // Only what belongs in the folder is on its record: the github reporter writes elsewhere.
    .map((n) =>
      inFolder(n) ? recording(FILE_REPORTERS[n](dir, files, ctx), files) : FILE_REPORTERS[n](dir, files, ctx),
    );
  return unique.includes("manifest") ? [...others, FILE_REPORTERS.manifest(dir, files)] : others;
}

/**
 * The same reporter, noting the files its onEnd reports as written, or its failure (a reporter that
 * throws wrote nothing trustworthy, and the manifest says so).
 */
export function recording(r: Reporter, files: RunFiles): Reporter {
  if (!r.onEnd) return r;
  const onEnd = r.onEnd.bind(r);
  return Object.assign(Object.create(r) as Reporter, {
    onEnd: async (report: RunReport) => {
      let out;
      try {
        out = await onEnd(report);
      } catch (e) {
        files.failed.push({ reporter: r.name, error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      if (Array.isArray(out)) files.written.push(...out);
      return out;
    },
  });
}
