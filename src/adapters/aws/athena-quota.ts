// Athena's active-query quota (queued + running DML queries per account and Region) differs by Region
// and is shared with every other workload in the account. When StartQueryExecution answers
// CONCURRENT_QUERY_LIMIT_EXCEEDED while this run has queries of its own in flight, the right wait is
// "until one of ours finishes", not a blind backoff that exhausts the retry budget and turns checks into
// errors. Finishes are handed to one waiter each, so a freed place is not fought over by all of them.
import { errorCode } from "./classify.js";

export const isQuotaFull = (e: unknown): boolean =>
  errorCode(e) === "TooManyRequestsException" && (e as { Reason?: string }).Reason === "CONCURRENT_QUERY_LIMIT_EXCEEDED";

/** Marks a quota refusal the caller will wait out itself (not retried as a transient error). */
export class QuotaFull extends Error {
  constructor(readonly original: unknown) { super("Athena active-query quota is full"); }
}

export class ActiveQueries {
  private n = 0;
  private readonly waiters: (() => void)[] = [];
  /** Quota refusals waited out (each one a StartQueryExecution AWS refused). */
  refusals = 0;

  get count(): number { return this.n; }

  started(): void { this.n++; }

  finished(): void {
    this.n--;
    this.waiters.shift()?.();
  }

  /** Resolves when one of the run's queries finishes, after `maxMs` (others' queries may end too), or on abort. */
  nextFinish(maxMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener("abort", done);
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      };
      const t = setTimeout(done, maxMs);
      signal.addEventListener("abort", done, { once: true });
      this.waiters.push(done);
    });
  }
}
