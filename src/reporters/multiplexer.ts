// Fans every hook out to each reporter; a reporter that throws is reported through the others'
// onError and never stops the other reporters (Playwright's multiplexer). Its failure is kept in
// `failures`, named, and turns the run's exit code into 74: evidence that was not written is not evidence.
import type { Reporter } from "../model/reporter.js";

/** Exit code of a run whose reports could not all be written (sysexits EX_IOERR; docs/error-codes.md). */
export const EXIT_REPORT_WRITE = 74;

export interface ReporterFailure {
  reporter: string;
  hook: keyof Reporter;
  error: Error;
}

/** The line a failure is printed as, naming the reporter: `error REPORT_WRITE: <reporter> reporter: <cause>`. */
export function reporterFailureLine(f: ReporterFailure): string {
  return `error REPORT_WRITE: ${f.reporter} reporter${f.hook === "onEnd" ? "" : ` (in ${f.hook})`}: ${f.error.message}`;
}

export class Multiplexer implements Reporter {
  readonly name = "multiplexer";
  readonly failures: ReporterFailure[] = [];
  readonly written: string[] = [];
  constructor(private readonly reporters: Reporter[]) {}

  private async each(hook: keyof Reporter, call: (r: Reporter) => unknown): Promise<void> {
    for (const r of this.reporters) {
      if (typeof r[hook] !== "function") continue;
      try {
        const out = await call(r);
        if (hook === "onEnd" && Array.isArray(out)) this.written.push(...(out as string[]));
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        this.failures.push({ reporter: r.name, hook, error });
        for (const o of this.reporters)
          if (o !== r)
            try {
              o.onError?.(new Error(`reporter ${r.name} failed in ${hook}: ${error.message}`));
            } catch {
              /* never cascade */
            }
      }
    }
  }

  /** The run's exit code given what the reporters did: 74 when any of them failed, else `runExitCode`. */
  exitCode(runExitCode: number): number {
    return this.failures.length ? EXIT_REPORT_WRITE : runExitCode;
  }

  onBegin: Reporter["onBegin"] = (i) => this.each("onBegin", (r) => r.onBegin!(i));
  onPersona: Reporter["onPersona"] = (p) => this.each("onPersona", (r) => r.onPersona!(p));
  onProgress: Reporter["onProgress"] = (m) => {
    void this.each("onProgress", (r) => r.onProgress!(m));
  };
  onResult: Reporter["onResult"] = (res) => this.each("onResult", (r) => r.onResult!(res));
  onEnd: Reporter["onEnd"] = async (rep) => {
    await this.each("onEnd", (r) => r.onEnd!(rep));
    return this.written;
  };
  onError: Reporter["onError"] = (e) => {
    void this.each("onError", (r) => r.onError!(e));
  };
}
