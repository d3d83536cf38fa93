// How far AWS's clock is from ours, measured from the `Date` header of every response (one-second
// resolution, so the median of many). CloudTrail's eventTime is AWS's clock while the harness times its
// calls with its own: with the skew known, lookups search AWS's time window, not ours, and the report
// says how far off the machine was.
export class ClockSkew {
  private readonly samples: number[] = [];
  private cached: number | undefined;

  /** One response: its Date header, and when the request left and the answer came back (our clock). */
  observe(dateHeader: string | undefined, sentAt: number, receivedAt: number): void {
    const t = dateHeader ? Date.parse(dateHeader) : NaN;
    if (!Number.isFinite(t)) return;
    // The header has one-second resolution and names the second the server answered in: +500 ms centres it.
    this.samples.push(t + 500 - (sentAt + receivedAt) / 2);
    if (this.samples.length > 201) this.samples.splice(0, this.samples.length - 201);
    this.cached = undefined;
  }

  /** AWS minus us, in ms (median of the samples); 0 before any response. */
  get ms(): number {
    if (this.cached !== undefined) return this.cached;
    if (!this.samples.length) return 0;
    const s = [...this.samples].sort((a, b) => a - b);
    this.cached = Math.round(s[Math.floor(s.length / 2)]);
    return this.cached;
  }

  get count(): number {
    return this.samples.length;
  }
}

type Stack = {
  middlewareStack: { add: (mw: unknown, opts: { step: string; name: string; priority?: string }) => void };
};

/** Adds the measuring middleware to an SDK client; errors with a response are measured too. */
export function measureSkew<C>(client: C, skew: ClockSkew | undefined): C {
  if (!skew) return client;
  (client as unknown as Stack).middlewareStack.add(
    (next: (args: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>) =>
      async (args: unknown) => {
        const sentAt = Date.now();
        try {
          const out = await next(args);
          skew.observe(out.response?.headers?.date, sentAt, Date.now());
          return out;
        } catch (e) {
          skew.observe(
            (e as { $response?: { headers?: Record<string, string> } }).$response?.headers?.date,
            sentAt,
            Date.now(),
          );
          throw e;
        }
      },
    { step: "deserialize", name: "tipProofClockSkew", priority: "low" },
  );
  return client;
}
