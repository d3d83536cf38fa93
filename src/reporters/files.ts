// File reporters: a pure render function per format, written by one small writer into the run folder.
// Every file is written atomically; a failure throws a ReportWriteError naming the file, which the
// multiplexer records and the run turns into a non-zero exit.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { describeFsError, ReportWriteError, writeFileAtomic } from "../report/atomic.js";

/** A file's text, whole or in chunks (written as they come: a 10,000-result report.json is about 40 MB). */
export type Renderer = (report: RunReport) => string | Iterable<string>;

export class FileReporter implements Reporter {
  constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly file: string,
    private readonly render: Renderer,
  ) {}
  onEnd(report: RunReport): string[] {
    const path = join(this.dir, this.file);
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      throw new ReportWriteError(path, describeFsError(e), { cause: e });
    }
    writeFileAtomic(path, this.render(report));
    return [this.file];
  }
}

/** report.json: byte for byte JSON.stringify(r, null, 2) + "\n", rendered result by result. */
export const renderJson: Renderer = (r) => jsonChunks(r, "results");

/**
 * JSON.stringify(value, null, 2) + "\n" in chunks: the top-level object key by key, and the array under
 * `streamed` element by element. Re-indenting an element's own text is exact, because JSON text never
 * holds a raw line break (one inside a string is written as \n).
 */
export function* jsonChunks(value: object, streamed: string): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
  const indent = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);
  if (!entries.length) return yield "{}\n";
  yield "{";
  for (const [i, [k, v]] of entries.entries()) {
    yield `${i ? "," : ""}\n  ${JSON.stringify(k)}: `;
    if (k === streamed && Array.isArray(v) && v.length) {
      yield "[";
      for (const [j, el] of v.entries()) {
        const text = el === undefined || typeof el === "function" ? "null" : JSON.stringify(el, null, 2);
        yield `${j ? "," : ""}\n    ${indent(text, "    ")}`;
      }
      yield "\n  ]";
    } else yield indent(JSON.stringify(v, null, 2), "  ");
  }
  yield "\n}\n";
}
