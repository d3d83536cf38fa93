// File reporters: a pure render function per format, written by one small writer into the run folder.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";

export type Renderer = (report: RunReport) => string;

export class FileReporter implements Reporter {
  constructor(readonly name: string, private readonly dir: string, private readonly file: string, private readonly render: Renderer) {}
  onEnd(report: RunReport): string[] {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, this.file), this.render(report));
    return [this.file];
  }
}

export const renderJson: Renderer = (r) => JSON.stringify(r, null, 2) + "\n";
