// LookupEvents is limited to two requests per second per account per Region (BC:cloudtrail). A token
// bucket on the sandbox clock: burst = rate, refilled continuously, so a third call within one second fails.
import type { Clock } from "../../clock.js";

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one token for the key; false when the caller must be throttled. */
  take(key: string): boolean {
    const now = this.clock.now();
    const capacity = Math.max(1, this.ratePerSecond);
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (Math.max(0, now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
