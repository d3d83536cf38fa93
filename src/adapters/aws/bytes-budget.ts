// The run's Athena bytes-scanned budget, honoured under concurrency: a query starts only while what
// was spent plus what the queries in flight may still scan stays under the budget. A query's cost is
// unknown until it ends, so a query in flight is costed at the largest scan seen so far, or, in a
// workgroup with a per-query data limit (BytesScannedCutoffPerQuery, which Athena enforces by
// cancelling the query), at most that limit. Until one query has finished, a query with no such limit
// runs alone: nothing bounds what it may scan. Once the budget is spent nothing more starts.
import { abortableSleep } from "../shared/sleep.js";

/** The in-flight key of a query without a per-query limit. */
const UNBOUNDED = -1;

export class BytesBudget {
  spent = 0;
  /** Queries in flight, counted by their workgroup's per-query limit (UNBOUNDED: none). */
  private readonly inFlight = new Map<number, number>();
  private largest: number | undefined;
  constructor(readonly limit: number) {}

  /**
   * Waits for room; false when the budget is spent (the query must not start). `cutoff`: the
   * workgroup's BytesScannedCutoffPerQuery, when it has one. `release` must be given the same.
   */
  async acquire(signal: AbortSignal, cutoff?: number): Promise<boolean> {
    for (;;) {
      if (this.spent >= this.limit) return false;
      // Nothing bounds a query without a per-query limit until a cost is known: it runs alone, whatever
      // bounded queries are in flight.
      const alone = cutoff === undefined && this.largest === undefined;
      if (alone ? this.inFlight.size === 0 : this.spent + this.reserved() < this.limit) {
        const k = cutoff ?? UNBOUNDED;
        this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
        return true;
      }
      if (signal.aborted) return false;
      await abortableSleep(20, signal).catch(() => undefined);
    }
  }

  /**
   * `bytes`: what the query's runs scanned, whatever their end (failed and cancelled scans are billed
   * too); `succeeded`: whether it ran to its end. A refusal that scanned nothing says nothing about
   * what a query costs, so only a success or a scan teaches the largest cost.
   */
  release(bytes: number | undefined, cutoff?: number, succeeded = true): void {
    const k = cutoff ?? UNBOUNDED,
      n = this.inFlight.get(k) ?? 0;
    if (n <= 1) this.inFlight.delete(k);
    else this.inFlight.set(k, n - 1);
    if (bytes !== undefined) {
      this.spent += bytes;
      if (succeeded || bytes > 0) this.largest = Math.max(this.largest ?? 0, bytes);
    }
  }

  /** What the queries in flight may still scan. */
  private reserved(): number {
    let sum = 0;
    for (const [cutoff, n] of this.inFlight) {
      const each = cutoff === UNBOUNDED ? (this.largest ?? Infinity) : Math.min(cutoff, this.largest ?? cutoff);
      sum += n * each;
    }
    return sum;
  }
}
