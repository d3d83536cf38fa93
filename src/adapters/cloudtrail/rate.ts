/** Spaces calls so at most `perSecond` start in any second (LookupEvents: 2 per second per account and Region). */
export function rateGate(perSecond: number, now: () => number = Date.now) {
  const interval = 1000 / perSecond;
  let next = 0;
  return async (): Promise<void> => {
    const t = now();
    const at = Math.max(t, next);
    next = at + interval;
    if (at > t) await new Promise((r) => setTimeout(r, at - t));
  };
}
