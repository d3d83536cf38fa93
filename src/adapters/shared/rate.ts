/**
 * A token bucket for call rates that AWS meters per account and Region (LookupEvents: 2 per second;
 * StartQueryExecution: 20 per second with a burst of 80). Each caller reserves a token and waits until
 * it is due, so concurrent callers queue in order instead of all retrying after a throttle.
 */
export function rateGate(perSecond: number, burst = 1, now: () => number = Date.now) {
  let tokens = burst;
  let at = now();
  return async (): Promise<void> => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - at) / 1000) * perSecond);
    at = t;
    tokens -= 1;
    if (tokens < 0) await new Promise((r) => setTimeout(r, (-tokens * 1000) / perSecond));
  };
}
