// One CloudTrail poller per run. It asks LookupEvents once per event name and page (never per check),
// within the account's 2 requests/s quota, and matches records locally on request id, query execution
// id or access key, then judges onBehalfOf and errorCode. Records not delivered by the deadline are
// `pending`: CloudTrail is late on a real account (minutes), which is not the same as absent.
import { LookupEventsCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { AuditSource, EvidenceMatch } from "../../core/ports.js";
import { correlates, judge, type EvidenceRequest, type TrailRecord } from "../../core/evidence.js";
import { withRetry, type RetryBudget } from "../aws/retry.js";
import { rateGate } from "./rate.js";

export interface PollerOptions {
  requestsPerSecond: number;
  retry: RetryBudget;
  /** Pause between sweeps while records are missing: [first, max] ms. */
  sweepIntervalMs: [number, number];
  /** Look this far before the earliest call (clock skew between us and AWS). */
  windowPaddingMs: number;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

export class CloudTrailPoller implements AuditSource {
  private calls = 0;
  private pages = 0;
  private readonly gate;
  constructor(private readonly client: CloudTrailClient, private readonly o: PollerOptions) {
    this.gate = rateGate(o.requestsPerSecond);
  }

  stats() { return { lookupCalls: this.calls, pages: this.pages }; }

  async confirm(requests: EvidenceRequest[], opts: { deadlineMs: number; settleMs: number; signal: AbortSignal; onProgress?: (found: number, total: number) => void }): Promise<Map<string, EvidenceMatch>> {
    const results = new Map<string, EvidenceMatch>();
    const open = new Set(requests);
    const deadline = Date.now() + opts.deadlineMs;
    const since = new Date(Math.min(...requests.map((r) => r.correlation.startedAt)) - this.o.windowPaddingMs);
    const claimed = new Set<string>();
    if (opts.settleMs) await sleep(opts.settleMs, opts.signal);
    let pause = this.o.sweepIntervalMs[0];
    let failure: string | undefined;
    while (open.size && !opts.signal.aborted) {
      try {
      const names = [...new Set([...open].map((r) => r.eventName))];
      for (const name of names) {
        const wanted = [...open].filter((r) => r.eventName === name);
        for await (const record of this.records(name, since, opts.signal)) {
          for (const req of wanted) {
            if (!open.has(req) || claimed.has(record.eventID) || !correlates(req, record)) continue;
            const j = judge(req, record);
            claimed.add(record.eventID);
            results.set(req.key, { status: j.ok ? "confirmed" : "mismatch", events: [j.event], problems: j.problems });
            open.delete(req);
            break;
          }
          if (!wanted.some((r) => open.has(r))) break;
        }
      }
      } catch (e) {
        // LookupEvents itself refused (permissions, persistent throttling): evidence stays pending,
        // with the reason, rather than failing the run.
        failure = `LookupEvents failed: ${(e as Error).name}: ${(e as Error).message}`;
        break;
      }
      opts.onProgress?.(requests.length - open.size, requests.length);
      if (!open.size || Date.now() + pause > deadline) break;
      await sleep(pause, opts.signal);
      pause = Math.min(this.o.sweepIntervalMs[1], pause * 2);
    }
    for (const r of open) results.set(r.key, { status: "pending", events: [], problems: failure ? [failure] : [] });
    return results;
  }

  /** Every delivered record of one event name since `since`, newest first, page by page. */
  private async *records(eventName: string, since: Date, signal: AbortSignal): AsyncGenerator<TrailRecord> {
    let token: string | undefined;
    do {
      await this.gate();
      this.calls++;
      const page = await withRetry(() => this.client.send(new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
        StartTime: since, EndTime: new Date(Date.now() + 60_000), MaxResults: 50, NextToken: token,
      }), { abortSignal: signal }), this.o.retry, signal, () => { this.calls++; });
      this.pages++;
      for (const e of page.Events ?? []) {
        if (!e.CloudTrailEvent) continue;
        try { yield JSON.parse(e.CloudTrailEvent) as TrailRecord; } catch { /* a malformed record proves nothing */ }
      }
      token = page.NextToken;
    } while (token && !signal.aborted);
  }
}
