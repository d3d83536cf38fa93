// The reporter contract: optional hooks fed by the one report model (Playwright's Reporter shape).
import type { CheckResult, PersonaReport, ReportTarget, RunReport } from "./report.js";

type Awaitable<T> = T | Promise<T>;

export interface RunBeginInfo {
  runId: string;
  target: ReportTarget;
  taskCount: number;
  personas: string[];
  scenarios: string[];
}

export interface Reporter {
  readonly name: string;
  onBegin?(info: RunBeginInfo): Awaitable<void>;
  /** A persona's sign-in and directory state, before its checks. */
  onPersona?(persona: PersonaReport): Awaitable<void>;
  /** Long waits (Athena, CloudTrail): a short status line. */
  onProgress?(message: string): void;
  /** One persona × check with its final verdict. */
  onResult?(result: CheckResult): Awaitable<void>;
  /** The whole report; file reporters write here. Returns files written (relative to the output dir). */
  onEnd?(report: RunReport): Awaitable<string[] | void>;
  /** Something went wrong outside any result (a reporter failed, an unexpected exception). */
  onError?(error: Error): void;
}
