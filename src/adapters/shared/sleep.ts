/**
 * Waits `ms`, or less if the signal aborts (resolving, not rejecting: the caller checks the signal). The
 * abort listener is removed when the timer fires: a run-wide signal otherwise collects one listener per
 * wait, and adding to a long listener list costs more with every wait.
 */
export function abortableSleep(ms: number, signal: AbortSignal, wake?: { fn?: () => void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      if (wake?.fn === done) wake.fn = undefined;
      resolve();
    };
    const t = setTimeout(done, ms);
    if (wake) wake.fn = done;
    signal.addEventListener("abort", done, { once: true });
  });
}
