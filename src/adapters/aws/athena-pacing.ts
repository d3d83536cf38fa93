// When to ask Athena first whether a query is done. Asking at once and then backing off costs several
// GetQueryExecution calls a query on a real account, where even a tiny query takes seconds; the run's
// own recent queries tell how long the next one will probably take. Athena's server-side
// TotalExecutionTimeInMillis is the measure, not our poll times, which would drift upward with every
// late first poll.

const WINDOW = 32;
/** Until this many queries have finished, poll at once: nothing is known yet about this workgroup. */
const MIN_SAMPLES = 4;

export class QueryPacing {
  private readonly recent: number[] = [];
  private next = 0;

  /** Records one finished query (succeeded or failed) by Athena's own execution time. */
  observe(totalExecutionMs: number | undefined): void {
    if (totalExecutionMs === undefined || !Number.isFinite(totalExecutionMs) || totalExecutionMs < 0) return;
    if (this.recent.length < WINDOW) this.recent.push(totalExecutionMs);
    else this.recent[this.next] = totalExecutionMs;
    this.next = (this.next + 1) % WINDOW;
  }

  /** The wait before the first status poll: the median of recent queries, at most `maxMs`. */
  firstWaitMs(maxMs: number): number {
    if (this.recent.length < MIN_SAMPLES) return 0;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return Math.min(maxMs, sorted[Math.floor(sorted.length / 2)]);
  }
}
