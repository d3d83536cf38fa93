// The built-in file reporters by name (`--reporter json,md,…`).
import type { Reporter } from "../model/reporter.js";
import { FileReporter, renderJson } from "./files.js";
import { renderMarkdown } from "./markdown.js";

export const FILE_REPORTERS = {
  json: (dir: string) => new FileReporter("json", dir, "report.json", renderJson),
  md: (dir: string) => new FileReporter("md", dir, "report.md", renderMarkdown),
} as const;
export type ReporterName = keyof typeof FILE_REPORTERS;

export function buildFileReporters(names: ReporterName[], dir: string): Reporter[] {
  return names.map((n) => {
    const make = FILE_REPORTERS[n];
    if (!make) throw new Error(`unknown reporter "${n}" (known: ${Object.keys(FILE_REPORTERS).join(", ")})`);
    return make(dir);
  });
}
