// One CloudTrail poller per run. It starts with the run and takes evidence requests as checks finish,
// so waiting for CloudTrail overlaps with running checks. Per sweep it asks LookupEvents once per
// lookup attribute and page (never per check): the access key that made the calls (a persona's
// session, or the base principal for sign-ins), so other users' traffic in the account costs nothing;
// an event name only for requests without one (see core/evidence.ts lookupPlan). It keeps within the
// account's 2 requests/s, backs off when other tools throttle it, matches records locally on request
// id, query execution id or access key, then judges onBehalfOf and errorCode. Records not delivered by
// the deadline are `pending`: CloudTrail is late on a real account, which is not absent.
import { LookupEventsCommand, type CloudTrailClient, type LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";
import type { AuditSession, AuditSource, EvidenceMatch } from "../../core/ports.js";
import { correlates, judge, lookupPlan, type EvidenceRequest, type LookupAttribute, type TrailRecord } from "../../core/evidence.js";
import { THROTTLING } from "../../core/judge/codes.js";
import { errorCode, isTransient } from "../aws/classify.js";
import type { RetryBudget } from "../aws/retry.js";
import { abortableSleep as sleep } from "../shared/sleep.js";
import { AdaptiveGate } from "./adaptive-gate.js";

export interface PollerOptions {
  requestsPerSecond: number;
  retry: RetryBudget;
  /** Pause between sweeps while records are missing: [first, max] ms. */
  sweepIntervalMs: [number, number];
  /** Look this far before the earliest call (clock skew between us and AWS). */
  windowPaddingMs: number;
  /** AWS's clock minus ours (ms), measured from response Date headers: CloudTrail times are AWS's. */
  clockSkewMs?: () => number;
}

type Progress = (found: number, total: number) => void;
/** How often a sweep re-reads the whole window (late, out-of-order deliveries); the last one always does. */
const FULL_SWEEP_EVERY_MS = 60_000;

export class CloudTrailPoller implements AuditSource {
  private calls = 0;
  private pages = 0;
  private throttles = 0;
  /** Distinct records LookupEvents returned: what any reader must page through, whatever its strategy. */
  private readonly returned = new Set<string>();
  private readonly gate;
  constructor(private readonly client: CloudTrailClient, private readonly o: PollerOptions) {
    this.gate = new AdaptiveGate(o.requestsPerSecond);
  }

  stats() { return { lookupCalls: this.calls, pages: this.pages, records: this.returned.size, throttled: this.throttles }; }

  async confirm(requests: EvidenceRequest[], opts: { deadlineMs: number; settleMs: number; signal: AbortSignal; onProgress?: Progress }): Promise<Map<string, EvidenceMatch>> {
    const session = this.begin(opts);
    for (const r of requests) session.add(r);
    return session.finish({ deadlineMs: opts.deadlineMs });
  }

  begin(opts: { settleMs: number; signal: AbortSignal; onProgress?: Progress }): AuditSession {
    const results = new Map<string, EvidenceMatch>();
    const open = new Set<EvidenceRequest>();
    const claimed = new Set<string>();
    let total = 0, since = Infinity, closed = false, deadlineAt = Infinity, failure: string | undefined;
    let pause = this.o.sweepIntervalMs[0];
    let sweeps = 0, lastFull = 0;
    const seen = new Set<string>();
    const wake: { fn?: () => void } = {};

    // The sweep before the deadline reads everything once more: a late, older record must not be missed.
    const lastChance = () => closed && Date.now() + pause >= deadlineAt;
    /** Records already read per lookup attribute: an incremental sweep stops at a page it has read. */
    const seenBy = new Map<string, Set<string>>();
    const sweep = async (): Promise<number> => {
      // Most sweeps read only what was delivered since the last one (newest first, stopping at a page
      // already fully seen); a sweep a minute and the last one read the whole window, because
      // CloudTrail may deliver an older record after a newer one. The last one also tries each open
      // request's fallback attribute (a renewed access key, see lookupPlan).
      const now = Date.now();
      const last = lastChance();
      const full = sweeps++ === 0 || now - lastFull >= FULL_SWEEP_EVERY_MS || last;
      if (full) lastFull = now;
      const groups = new Map<string, { attr: LookupAttribute; reqs: EvidenceRequest[] }>();
      for (const r of open) {
        const plan = r.lookup ?? lookupPlan("signin", r.eventName, { startedAt: 0, finishedAt: 0 });
        for (const attr of last && plan.fallback.key !== plan.first.key ? [plan.first, plan.fallback] : [plan.first]) {
          const id = `${attr.key}\u0000${attr.value}`;
          const g = groups.get(id) ?? groups.set(id, { attr, reqs: [] }).get(id)!;
          g.reqs.push(r);
        }
      }
      // Oldest calls first: their records are the likeliest to have been delivered.
      const ordered = [...groups].map(([id, g]) => ({ id, ...g, oldest: Math.min(...g.reqs.map((r) => r.correlation.finishedAt)) })).sort((a, b) => a.oldest - b.oldest);
      const before = seen.size;
      for (const { id, attr, reqs } of ordered) {
        const wanted = reqs.filter((r) => open.has(r));
        if (!wanted.length) continue;
        // Records come newest first: once past the oldest still-open call, nothing older can match.
        const skew = this.o.clockSkewMs?.() ?? 0;
        const oldestOpen = Math.min(...wanted.map((r) => r.correlation.startedAt)) - this.o.windowPaddingMs + skew;
        const read = seenBy.get(id) ?? seenBy.set(id, new Set()).get(id)!;
        for await (const record of this.records(attr, new Date(since + skew), opts.signal, giveUp, oldestOpen, full ? undefined : read)) {
          seen.add(record.eventID);
          read.add(record.eventID);
          if (claimed.has(record.eventID)) continue;
          for (const req of wanted) {
            if (!open.has(req) || !correlates(req, record, skew)) continue;
            const j = judge(req, record);
            results.set(req.key, { status: j.ok ? "confirmed" : "mismatch", events: [j.event], problems: j.problems });
            open.delete(req);
            // A record matched by its exact request id may prove several results (one refused sign-in
            // stands for every check of that persona); one matched by time window proves one only.
            if (!(req.correlation.requestId && record.requestID === req.correlation.requestId)) { claimed.add(record.eventID); break; }
          }
          if (!wanted.some((r) => open.has(r))) break;
        }
      }
      return seen.size - before;
    };
    // Throttling by other tools is waited out (at a falling rate) until the deadline, never given up on.
    const giveUp = () => opts.signal.aborted || (closed && Date.now() >= deadlineAt);

    const loop = (async () => {
      // The settle (records take minutes to arrive) is cut short once the run has finished and nothing is
      // left to look up, and never outlasts the deadline: finish() wakes this wait.
      const settleEnd = Date.now() + opts.settleMs;
      while (!opts.signal.aborted && Date.now() < settleEnd) {
        if (closed && (!open.size || Date.now() >= deadlineAt)) break;
        await sleep(Math.min(settleEnd, deadlineAt) - Date.now(), opts.signal, wake);
      }
      while (!opts.signal.aborted) {
        if (open.size) {
          try {
            // Delivery has begun: more records are likely on their way, so the pauses start short again.
            if (await sweep() > 0) pause = this.o.sweepIntervalMs[0];
            failure = undefined;
          } catch (e) {
            // LookupEvents itself refused after its retries (permissions, persistent throttling, an
            // outage): evidence stays pending with the reason, and the next sweep tries again until the
            // deadline, since an outage of a minute must not cost the rest of the run its evidence.
            if (opts.signal.aborted) break;
            failure = `LookupEvents failed: ${(e as Error).name}: ${(e as Error).message}`;
          }
          if (!failure) opts.onProgress?.(total - open.size, total);
        }
        if (closed && (!open.size || Date.now() >= deadlineAt)) break;
        const wait = pause;
        pause = Math.min(this.o.sweepIntervalMs[1], pause * 2);
        await sleep(closed ? Math.min(wait, Math.max(0, deadlineAt - Date.now())) : wait, opts.signal, wake);
      }
    })();

    return {
      add: (req) => {
        open.add(req);
        total++;
        since = Math.min(since, req.correlation.startedAt - this.o.windowPaddingMs);
        pause = this.o.sweepIntervalMs[0];
      },
      finish: async ({ deadlineMs }) => {
        closed = true;
        deadlineAt = Date.now() + deadlineMs;
        pause = this.o.sweepIntervalMs[0];
        wake.fn?.();
        await loop;
        for (const r of open) results.set(r.key, { status: "pending", events: [], problems: failure ? [failure] : [] });
        return results;
      },
    };
  }

  /** Every delivered record with one attribute since `since`, newest first, page by page. */
  private async *records(attr: LookupAttribute, since: Date, signal: AbortSignal, giveUp: () => boolean, stopBefore = -Infinity, seen?: Set<string>): AsyncGenerator<TrailRecord> {
    let token: string | undefined;
    // A NextToken is valid only with identical parameters, so the window is fixed for the whole listing.
    const until = new Date(Date.now() + (this.o.clockSkewMs?.() ?? 0) + 60_000);
    do {
      const page = await this.lookup({
        LookupAttributes: [{ AttributeKey: attr.key, AttributeValue: attr.value }],
        StartTime: since, EndTime: until, MaxResults: 50, NextToken: token,
      }, signal, giveUp);
      this.pages++;
      // Judged before yielding: the consumer marks records seen as it reads them.
      const allSeen = !!seen && (page.Events ?? []).length > 0 && (page.Events ?? []).every((e) => e.EventId && seen.has(e.EventId));
      for (const e of page.Events ?? []) {
        if (e.EventId) this.returned.add(e.EventId);
        if (!e.CloudTrailEvent) continue;
        try { yield JSON.parse(e.CloudTrailEvent) as TrailRecord; } catch { /* a malformed record proves nothing */ }
      }
      token = page.NextToken;
      const last = page.Events?.[page.Events.length - 1]?.EventTime;
      if (last && last.getTime() < stopBefore) break;
      if (allSeen) break;
    } while (token && !signal.aborted);
  }

  /**
   * One LookupEvents call through the adaptive gate (every attempt, retries included, waits its turn).
   * Throttling only slows the poller down and does not spend the retry budget; other transient
   * failures (5xx, network) do, and past it the sweep fails and the next one tries again.
   */
  private async lookup(input: LookupEventsCommand["input"], signal: AbortSignal, giveUp: () => boolean): Promise<LookupEventsCommandOutput> {
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
