// manifest.json, written last: the SHA-256 of every file the other reporters of this run wrote, and of
// the scenario inputs. The registry runs it after them and hands it the list of what they wrote.
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { writeManifest } from "../integrity/folder.js";

export class ManifestReporter implements Reporter {
  readonly name = "manifest";
  constructor(
    private readonly dir: string,
    private readonly written: () => string[],
  ) {}
  onEnd(report: RunReport): string[] {
    return [writeManifest(this.dir, report, this.written())];
  }
}
