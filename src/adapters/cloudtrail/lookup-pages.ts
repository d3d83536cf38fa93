// LookupEvents itself, for the poller: every delivered record with one attribute, newest first, page by
// page, each call through the adaptive rate gate (the account's 2 requests/s, shared with other tools:
// throttling slows it down and never spends the retry budget), with the counts the bench reports.
import { LookupEventsCommand, type CloudTrailClient, type LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";
import type { LookupAttribute, TrailRecord } from "../../core/evidence.js";
import { THROTTLING } from "../../core/judge/codes.js";
import { errorCode, isTransient } from "../aws/classify.js";
import type { RetryBudget } from "../aws/retry.js";
import { abortableSleep as sleep } from "../shared/sleep.js";
import { AdaptiveGate } from "./adaptive-gate.js";
import { projectedForeignPages } from "./lookup-strategy.js";

/** What one listing has read so far, for its caller's measurements. */
export interface ListingProgress {
  pages: number;
  truncated: boolean;
  unmatched: number;
  newest: number;
  oldest: number;
  /** Where it stopped, when it stopped before the oldest call still waited on. */
  from?: number;
}

export class LookupPages {
  calls = 0;
  pages = 0;
  throttles = 0;
  /** Distinct records LookupEvents returned: what any reader must page through, whatever its strategy. */
  readonly returned = new Set<string>();
  /** LookupEvents' own `Username` of each record read (the attribute a lookup matches on). */
  readonly listedUsername = new WeakMap<object, string | undefined>();
  private readonly gate;

  constructor(
    private readonly client: CloudTrailClient,
    private readonly o: { requestsPerSecond: number; retry: RetryBudget; clockSkewMs?: () => number },
  ) {
    this.gate = new AdaptiveGate(o.requestsPerSecond);
  }

  /** Every delivered record with one attribute since `since`, newest first, page by page. */
  async *records(
    attr: LookupAttribute,
    since: Date,
    signal: AbortSignal,
    giveUp: () => boolean,
    stopBefore = -Infinity,
    seen?: Set<string>,
    listing?: ListingProgress,
    maxPages = Infinity,
    costCap?: { pages: number; windowMs: number },
  ): AsyncGenerator<TrailRecord> {
    let token: string | undefined;
    // A NextToken is valid only with identical parameters, so the window is fixed for the whole listing.
    const until = new Date(Date.now() + (this.o.clockSkewMs?.() ?? 0) + 60_000);
    do {
      const page = await this.lookup(
        {
          LookupAttributes: [{ AttributeKey: attr.key, AttributeValue: attr.value }],
          StartTime: since,
          EndTime: until,
          MaxResults: 50,
          NextToken: token,
        },
        signal,
        giveUp,
      );
      this.pages++;
      if (listing) listing.pages++;
      // Judged before yielding: the consumer marks records seen as it reads them.
      const allSeen =
        !!seen && (page.Events ?? []).length > 0 && (page.Events ?? []).every((e) => e.EventId && seen.has(e.EventId));
      for (const e of page.Events ?? []) {
        if (e.EventId) this.returned.add(e.EventId);
        if (!e.CloudTrailEvent) continue;
        try {
          const record = JSON.parse(e.CloudTrailEvent) as TrailRecord;
          this.listedUsername.set(record, e.Username);
          yield record;
        } catch {
          /* a malformed record proves nothing */
        }
      }
      token = page.NextToken;
      const last = page.Events?.[page.Events.length - 1]?.EventTime;
      if (last && last.getTime() < stopBefore) {
        if (listing) listing.from = stopBefore;
        break;
      }
      if (allSeen) break;
      if (
        token &&
        listing &&
        (listing.pages >= maxPages ||
          (costCap && listing.pages >= 2 && projectedForeignPages(listing, costCap.windowMs) > costCap.pages))
      ) {
        listing.truncated = true;
        break;
      }
    } while (token && !signal.aborted);
  }

  /**
   * One LookupEvents call through the adaptive gate (every attempt, retries included, waits its turn).
   * Throttling only slows the poller down and does not spend the retry budget; other transient
   * failures (5xx, network) do, and past it the sweep fails and the next one tries again.
   */
  private async lookup(
    input: LookupEventsCommand["input"],
    signal: AbortSignal,
    giveUp: () => boolean,
  ): Promise<LookupEventsCommandOutput> {
    let failures = 0;
    for (;;) {
      await this.gate.wait(signal);
      this.calls++;
      try {
        const page = await this.client.send(new LookupEventsCommand(input), { abortSignal: signal });
        this.gate.succeeded();
        return page;
      } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (THROTTLING.has(errorCode(e)) || status === 429) {
          this.throttles++;
          this.gate.throttled();
          if (giveUp()) throw e;
          continue;
        }
        if (!isTransient(e) || failures++ >= this.o.retry.retries || signal.aborted) throw e;
        await sleep(Math.min(this.o.retry.maxTimeoutMs, this.o.retry.minTimeoutMs * 2 ** failures), signal);
      }
    }
  }
}
