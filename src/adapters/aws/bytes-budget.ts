// The run's Athena bytes-scanned budget, honoured under concurrency: a query starts only while what
// was spent plus what the queries in flight may still scan stays under the budget. A query's cost is
// unknown until it ends, so queries in flight are costed at the largest scan seen so far, and until one
// query has finished only one runs at a time. Once the budget is spent nothing more starts.
import { abortableSleep } from "../shared/sleep.js";

export class BytesBudget {
  spent = 0;
  private inFlight = 0;
  private largest: number | undefined;
  constructor(readonly limit: number) {}

  /** Waits for room; false when the budget is spent (the query must not start). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (this.spent >= this.limit) return false;
      const reserved = this.inFlight === 0 ? 0 : this.largest === undefined ? Infinity : this.inFlight * this.largest;
      if (this.spent + reserved < this.limit) {
        this.inFlight++;
        return true;
      }
      if (signal.aborted) return false;
      await abortableSleep(20, signal).catch(() => undefined);
    }
  }

  release(bytes: number | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (bytes !== undefined) {
      this.spent += bytes;
      this.largest = Math.max(this.largest ?? 0, bytes);
    }
  }
}
