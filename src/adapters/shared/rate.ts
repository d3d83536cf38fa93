/**
 * A token bucket for call rates that AWS meters per account and Region (LookupEvents: 2 per second;
 * StartQueryExecution: 20 per second with a burst of 80). Each caller reserves a token and waits until
 * it is due, so concurrent callers queue in order instead of all retrying after a throttle.
 */
export function rateGate(
  perSecond: number,
  burst = 1,
  now: () => number = Date.now,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
) {
  let tokens = burst;
  let at = now();
  return async (): Promise<void> => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - at) / 1000) * perSecond);
    at = t;
    tokens -= 1;
    if (tokens >= 0) return;
    // Node starts a timer from the event loop's cached time, which lags the clock by however long the
    // current tick has run: on a loaded machine a timer can fire tens of ms early. The gate promises a
    // rate by the clock, so it waits until the due time has really passed.
    const due = t + (-tokens * 1000) / perSecond;
    for (let left = due - now(); left > 0; left = due - now()) await wait(Math.max(1, Math.ceil(left)));
  };
}
