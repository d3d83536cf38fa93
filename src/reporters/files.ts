// File reporters: a pure render function per format, written by one small writer into the run folder.
// Every file is written atomically; a failure throws a ReportWriteError naming the file, which the
// multiplexer records and the run turns into a non-zero exit.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { describeFsError, ReportWriteError, writeFileAtomic } from "../report/atomic.js";

export type Renderer = (report: RunReport) => string;

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

export const renderJson: Renderer = (r) => JSON.stringify(r, null, 2) + "\n";
