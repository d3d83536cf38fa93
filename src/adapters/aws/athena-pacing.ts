// When to ask Athena first whether a query is done. Asking at once and then backing off costs several
// GetQueryExecution calls a query on a real account, where even a tiny query takes seconds; the run's
// own recent queries tell how long the next one will probably take. Athena's server-side
// TotalExecutionTimeInMillis is the measure, not our poll times, which would drift upward with every
// late first poll.
// Before anything is known, a few scout queries poll at once and the rest wait for a scout's answer:
// queries started together take about as long as each other, and the first batch of a run (32 queries
// at once) polling every 25 ms cost about 150 status calls in its first half second, on the account
// and on the harness, exactly when both were busiest (measured on the sandbox, `npm run bench`).
import { abortableSleep } from "../shared/sleep.js";

const WINDOW = 32;
/** Until this many queries have finished, poll at once: nothing is known yet about this workgroup. */
const MIN_SAMPLES = 4;
/** Queries that poll at once while fewer than MIN_SAMPLES are known; the others wait for one of them. */
const SCOUTS = MIN_SAMPLES;
/**
 * A scout's polls back off more gently than the policy's (1.6×): the whole first batch waits for a
 * scout to see its query end, so each step of its backoff is late for every one of them. At 1.25× a
 * scout is at most a quarter late (a 3 s query: about 10 polls instead of 7; measured on the sandbox,
 * 300 ms queries were seen ended at 516 ms at 1.6×, at 381 ms at 1.25×).
 */
export const SCOUT_POLL_FACTOR = 1.25;

/** A scout's answer: its polls back off by SCOUT_POLL_FACTOR, its first wait scaled by factor^phase. */
export interface Scout {
  scout: true;
  /**
   * 0, 1/4, 2/4, 3/4 for the scouts in turn. Each scout's poll times are one geometric series; offset by
   * a quarter step each, the scouts together look about every 6% of the elapsed time instead of every
   * 25%, so the batch learns a query's end that much sooner (a 300 ms query was seen ended at 381 ms by
   * every scout alike, in the benchmark; 3 s queries on AWS alike) for no more polls.
   */
  phase: number;
}

export class QueryPacing {
  private readonly recent: number[] = [];
  private next = 0;
  private scouts = 0;
  private scoutSeq = 0;
  private readonly waiting = new Set<{ fn?: () => void }>();

  /** Records one finished query (succeeded or failed) by Athena's own execution time. */
  observe(totalExecutionMs: number | undefined): void {
    if (totalExecutionMs === undefined || !Number.isFinite(totalExecutionMs) || totalExecutionMs < 0) return;
    if (this.recent.length < WINDOW) this.recent.push(totalExecutionMs);
    else this.recent[this.next] = totalExecutionMs;
    this.next = (this.next + 1) % WINDOW;
    for (const w of this.waiting) w.fn?.();
  }

  /** The wait before the first status poll: the median of recent queries, at most `maxMs`. */
  firstWaitMs(maxMs: number): number {
    if (this.recent.length < MIN_SAMPLES) return 0;
    return Math.min(maxMs, this.median());
  }

  /**
   * Waits until a just-started query's first status poll is worth making, and says when the query is
   * over (`done`, whatever its end). A scout (while too little is known) returns at once; any other
   * query waits for the first execution time to be known (at most `maxMs`), then for the median less
   * the time already waited.
   */
  async beforeFirstPoll(maxMs: number, signal: AbortSignal): Promise<{ done: () => void } & Partial<Scout>> {
    if (this.recent.length < MIN_SAMPLES && this.scouts < SCOUTS) {
      this.scouts++;
      let ended = false;
      return {
        scout: true,
        phase: (this.scoutSeq++ % SCOUTS) / SCOUTS,
        done: () => {
          if (!ended) this.scouts--;
          ended = true;
        },
      };
    }
    const t0 = Date.now();
    if (this.recent.length === 0) {
      const wake: { fn?: () => void } = {};
      this.waiting.add(wake);
      await abortableSleep(maxMs, signal, wake);
      this.waiting.delete(wake);
    }
    const rest = Math.min(maxMs, this.recent.length ? this.median() : 0) - (Date.now() - t0);
    if (rest > 0 && !signal.aborted) await abortableSleep(rest, signal);
    return { done: () => undefined };
  }

  private median(): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}
