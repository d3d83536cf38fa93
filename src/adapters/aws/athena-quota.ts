// Athena's active-query quota (queued + running DML queries per account and Region) differs by Region
// and is shared with every other workload in the account. When StartQueryExecution answers
// CONCURRENT_QUERY_LIMIT_EXCEEDED while this run has queries of its own in flight, the right wait is
// "until one of ours finishes", not a blind backoff that exhausts the retry budget and turns checks into
// errors. Finishes are handed to one waiter each, so a freed place is not fought over by all of them.
import { errorCode } from "./classify.js";
import { abortableSleep } from "../shared/sleep.js";

export const isQuotaFull = (e: unknown): boolean =>
  errorCode(e) === "TooManyRequestsException" &&
  (e as { Reason?: string }).Reason === "CONCURRENT_QUERY_LIMIT_EXCEEDED";

/** Marks a quota refusal the caller will wait out itself (not retried as a transient error). */
export class QuotaFull extends Error {
  constructor(readonly original: unknown) {
    super("Athena active-query quota is full");
  }
}

export class ActiveQueries {
  private n = 0;
  private readonly waiters: { fn?: () => void }[] = [];
  /** Quota refusals waited out (each one a StartQueryExecution AWS refused). */
  refusals = 0;

  get count(): number {
    return this.n;
  }

  started(): void {
    this.n++;
  }

  finished(): void {
    this.n--;
    this.waiters.shift()?.fn?.();
  }

  /** Resolves when one of the run's queries finishes, after `maxMs` (others' queries may end too), or on abort. */
  async nextFinish(maxMs: number, signal: AbortSignal): Promise<void> {
    const wake: { fn?: () => void } = {};
    this.waiters.push(wake);
    await abortableSleep(maxMs, signal, wake);
    // A waiter that timed out or was aborted must not swallow a later finish.
    const i = this.waiters.indexOf(wake);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
