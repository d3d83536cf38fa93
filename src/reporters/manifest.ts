// manifest.json, written last: the SHA-256 of every file the other reporters of this run wrote, and of
// the scenario inputs. The registry runs it after them and hands it the list of what they wrote.
import type { RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { writeManifest } from "../integrity/folder.js";

/** What the run folder's reporters wrote, which failed, and which formats were asked for (for the manifest). */
export interface RunFiles {
  written: string[];
  failed: { reporter: string; error: string }[];
  configured: string[];
}

export class ManifestReporter implements Reporter {
  readonly name = "manifest";
  constructor(
    private readonly dir: string,
    /** Shared with the folder's other reporters (registry.ts `recording`): filled before onEnd runs. */
    readonly files: RunFiles,
  ) {}
  onEnd(report: RunReport): string[] {
    const { written, failed, configured } = this.files;
    return [writeManifest(this.dir, report, written, { reporters: configured, incomplete: failed })];
  }
}
