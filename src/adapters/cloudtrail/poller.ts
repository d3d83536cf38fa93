// One CloudTrail poller per run. It starts with the run and takes evidence requests as checks finish,
// so waiting for CloudTrail overlaps with running checks. It asks LookupEvents once per event name and
// page per sweep (never per check), within the account's 2 requests/s quota, matches records locally on
// request id, query execution id or access key, then judges onBehalfOf and errorCode. Records not
// delivered by the deadline are `pending`: CloudTrail is late on a real account, which is not absent.
import { LookupEventsCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { AuditSession, AuditSource, EvidenceMatch } from "../../core/ports.js";
import { correlates, judge, type EvidenceRequest, type TrailRecord } from "../../core/evidence.js";
import { withRetry, type RetryBudget } from "../aws/retry.js";
import { rateGate } from "../shared/rate.js";
import { abortableSleep as sleep } from "../shared/sleep.js";

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
  /** Distinct records LookupEvents returned: what any reader must page through, whatever its strategy. */
  private readonly returned = new Set<string>();
  private readonly gate;
  constructor(private readonly client: CloudTrailClient, private readonly o: PollerOptions) {
    this.gate = rateGate(o.requestsPerSecond);
  }

  stats() { return { lookupCalls: this.calls, pages: this.pages, records: this.returned.size }; }

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
    const sweep = async (): Promise<number> => {
      // Most sweeps read only what was delivered since the last one (newest first, stopping at a page
      // already fully seen); a sweep a minute and the last one read the whole window, because
      // CloudTrail may deliver an older record after a newer one.
      const now = Date.now();
      const full = sweeps++ === 0 || now - lastFull >= FULL_SWEEP_EVERY_MS || lastChance();
      if (full) lastFull = now;
      const names = [...new Set([...open].map((r) => r.eventName))];
      const before = seen.size;
      for (const name of names) {
        const wanted = [...open].filter((r) => r.eventName === name);
        // Records come newest first: once past the oldest still-open call, nothing older can match.
        const skew = this.o.clockSkewMs?.() ?? 0;
        const oldestOpen = Math.min(...wanted.map((r) => r.correlation.startedAt)) - this.o.windowPaddingMs + skew;
        for await (const record of this.records(name, new Date(since + skew), opts.signal, oldestOpen, full ? undefined : seen)) {
          seen.add(record.eventID);
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

  /** Every delivered record of one event name since `since`, newest first, page by page. */
  private async *records(eventName: string, since: Date, signal: AbortSignal, stopBefore = -Infinity, seen?: Set<string>): AsyncGenerator<TrailRecord> {
    let token: string | undefined;
    // A NextToken is valid only with identical parameters, so the window is fixed for the whole listing.
    const until = new Date(Date.now() + (this.o.clockSkewMs?.() ?? 0) + 60_000);
    do {
      // Every attempt, retries included, passes the rate gate: a retry storm must not exceed the quota.
      const page = await withRetry(async () => { await this.gate(); this.calls++; return this.client.send(new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
        StartTime: since, EndTime: until, MaxResults: 50, NextToken: token,
      }), { abortSignal: signal }); }, this.o.retry, signal);
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
}
