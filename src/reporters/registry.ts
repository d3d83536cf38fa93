// The built-in file reporters by name (`--reporter json,md,html,junit,manifest`). Every format is a pure
// rendering of the one report model; manifest hashes the others, so it always runs last whatever the
// order given, and sees exactly the files the other reporters of this run wrote.
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { FileReporter, renderJson } from "./files.js";
import { htmlReporter } from "./html.js";
import { junitReporter } from "./junit.js";
import { ManifestReporter } from "./manifest.js";
import { renderMarkdown } from "./markdown.js";

/** Files written so far by this run's file reporters (relative to the output folder). */
interface RunFiles { written: string[] }

export const FILE_REPORTERS = {
  json: (dir: string) => new FileReporter("json", dir, REPORT_FILES.json, renderJson),
  md: (dir: string) => new FileReporter("md", dir, REPORT_FILES.md, renderMarkdown),
  html: (dir: string) => htmlReporter(dir),
  junit: (dir: string) => junitReporter(dir),
  manifest: (dir: string, files?: RunFiles) => new ManifestReporter(dir, () => files?.written ?? []),
} as const;
export type ReporterName = keyof typeof FILE_REPORTERS;

/** Every format, in the order they are written (the manifest last). */
export const ALL_FILE_REPORTERS: ReporterName[] = ["json", "md", "html", "junit", "manifest"];

/** The file each format writes in the run folder. */
export const REPORT_FILES: Record<ReporterName, string> = { json: "report.json", md: "report.md", html: "report.html", junit: "junit.xml", manifest: "manifest.json" };

export function buildFileReporters(names: ReporterName[], dir: string): Reporter[] {
  for (const n of names) if (!Object.hasOwn(FILE_REPORTERS, n)) throw new Error(`unknown reporter "${n}" (known: ${Object.keys(FILE_REPORTERS).join(", ")})`);
  const files: RunFiles = { written: [] };
  const unique = [...new Set(names)];
  const others = unique.filter((n) => n !== "manifest").map((n) => recording(FILE_REPORTERS[n](dir), files));
  return unique.includes("manifest") ? [...others, FILE_REPORTERS.manifest(dir, files)] : others;
}

/** The same reporter, noting the files its onEnd reports as written (a reporter that throws wrote nothing trustworthy). */
function recording(r: Reporter, files: RunFiles): Reporter {
  if (!r.onEnd) return r;
  const onEnd = r.onEnd.bind(r);
  return Object.assign(Object.create(r) as Reporter, {
    onEnd: async (report: RunReport) => {
      const out = await onEnd(report);
      if (Array.isArray(out)) files.written.push(...out);
      return out;
    },
  });
}
