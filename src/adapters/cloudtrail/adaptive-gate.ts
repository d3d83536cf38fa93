// LookupEvents' 2 requests/s are per account and Region, shared with every other tool reading Event
// history there. The harness cannot see their calls, only the ThrottlingException they cost it, so it
// backs off the way TCP does: halve its own rate on a throttle, win it back a little per success.
// Callers queue in order (one slot each), so a retry storm never exceeds the current rate.
import { abortableSleep as sleep } from "../shared/sleep.js";

export class AdaptiveGate {
  private rate: number;
  private nextAt = 0;
  constructor(
    private readonly maxPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = maxPerSecond;
  }

  /** The rate granted now (calls per second). */
  get perSecond(): number {
    return this.rate;
  }

  /** Waits for the next slot at the current rate. */
  async wait(signal: AbortSignal): Promise<void> {
    const t = this.now();
    const at = Math.max(t, this.nextAt);
    this.nextAt = at + 1000 / this.rate;
    if (at > t) await sleep(at - t, signal);
  }

  /** Another tool holds the quota: halve the rate (down to one call in 30 s) and wait one slot more. */
  throttled(): void {
    this.rate = Math.max(this.maxPerSecond / 64, 1 / 30, this.rate / 2);
    this.nextAt = Math.max(this.nextAt, this.now()) + 1000 / this.rate;
  }

  /** A call went through: recover a tenth of the full rate. */
  succeeded(): void {
    this.rate = Math.min(this.maxPerSecond, this.rate + this.maxPerSecond / 10);
  }
}
