// One CloudTrail poller per run. It starts with the run and takes evidence requests as checks finish,
// so waiting for CloudTrail overlaps with running checks. Per sweep it asks LookupEvents once per
// lookup attribute and page (never per check): a persona's calls by the role session name all of the
// run's sessions share (`Username`), which reads the run's own records whatever the account's
// traffic; sign-ins by the base principal's access key or by event name, whichever measured traffic
// makes cheaper (lookup-strategy.ts, core/evidence.ts lookupPlan). It keeps within the account's
// 2 requests/s, backs off when other tools throttle it, matches records locally on request id, query
// execution id or access key, then judges onBehalfOf and errorCode. Records not delivered by the
// deadline are `pending`: CloudTrail is late on a real account, which is not absent.
// Measured (`npm run bench`, 50 × 20, time ÷10): 67 calls quiet and 67 with 100× background traffic
// by session name; before, by event name or key, 81 quiet and 99 busy (one listing per session).
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { AuditSession, AuditSource, EvidenceMatch } from "../../core/ports.js";
import {
  correlates,
  judge,
  type EvidenceRequest,
  type LookupAttribute,
  type TrailRecord,
} from "../../core/evidence.js";
import { safeErrorText } from "../aws/classify.js";
import type { RetryBudget } from "../aws/retry.js";
import { abortableSleep as sleep } from "../shared/sleep.js";
import { LookupStrategy } from "./lookup-strategy.js";
import { LookupPages } from "./lookup-pages.js";
import { UsernameCheck } from "./username-check.js";

export interface PollerOptions {
  requestsPerSecond: number;
  retry: RetryBudget;
  /** Pause between sweeps while records are missing: [first, max] ms. */
  sweepIntervalMs: [number, number];
  /** Look this far before the earliest call (clock skew between us and AWS). */
  windowPaddingMs: number;
  /**
   * How far before the oldest call still waited on a listing reads before it stops (default
   * windowPaddingMs). Once the skew is measured a few seconds do: a record's eventTime is its call's
   * time on AWS's clock to the second. The last sweep before the deadline always reads windowPaddingMs.
   * Otherwise the sweep a minute that re-reads the window pages through the whole run: 251 calls,
   * 12.5 s, in the last seconds of a 500 × 20 run.
   */
  stopPaddingMs?: () => number;
  /** AWS's clock minus ours (ms), measured from response Date headers: CloudTrail times are AWS's. */
  clockSkewMs?: () => number;
}

type Progress = (found: number, total: number) => void;
/** How often a sweep re-reads the whole window (late, out-of-order deliveries); the last one always does. */
const FULL_SWEEP_EVERY_MS = 60_000;

export class CloudTrailPoller implements AuditSource {
  /** LookupEvents itself: paging, the rate gate, throttling and the counts. */
  private readonly lookups;
  /** Shared by the run's sessions: what one sweep measured serves the next, and `confirm`'s too. */
  private readonly strategy = new LookupStrategy();
  /** Whether `Username` finds a persona session's records by its session name (username-check.ts). */
  private readonly username = new UsernameCheck();
  constructor(
    client: CloudTrailClient,
    private readonly o: PollerOptions,
  ) {
    this.lookups = new LookupPages(client, o);
  }

  stats() {
    return {
      lookupCalls: this.lookups.calls,
      pages: this.lookups.pages,
      records: this.lookups.returned.size,
      throttled: this.lookups.throttles,
      usernameLookups: this.username.state,
    };
  }

  async confirm(
    requests: EvidenceRequest[],
    opts: { deadlineMs: number; settleMs: number; signal: AbortSignal; onProgress?: Progress },
  ): Promise<Map<string, EvidenceMatch>> {
    const session = this.begin(opts);
    for (const r of requests) session.add(r);
    return session.finish({ deadlineMs: opts.deadlineMs });
  }

  begin(opts: { settleMs: number; signal: AbortSignal; onProgress?: Progress }): AuditSession {
    const results = new Map<string, EvidenceMatch>();
    const open = new Set<EvidenceRequest>();
    const claimed = new Set<string>();
    let total = 0,
      since = Infinity,
      closed = false,
      deadlineAt = Infinity,
      failure: string | undefined;
    let pause = this.o.sweepIntervalMs[0];
    let sweeps = 0,
      lastFull = 0;
    const seen = new Set<string>();
    const wake: { fn?: () => void } = {};

    // The sweep before the deadline reads everything once more: a late, older record must not be missed.
    const lastChance = () => closed && Date.now() + pause >= deadlineAt;
    /** The run's session keys and directory users: what tells its own records from the account's traffic. */
    const ourKeys = new Set<string>(),
      ourUsers = new Set<string>();
    const primary = (r: EvidenceRequest) => this.username.primary(r);
    const ours = (r: TrailRecord) =>
      (!!r.userIdentity?.accessKeyId && ourKeys.has(r.userIdentity.accessKeyId)) ||
      (!!r.userIdentity?.onBehalfOf?.userId && ourUsers.has(r.userIdentity.onBehalfOf.userId));
    /** Records already read per lookup attribute: an incremental sweep stops at a page it has read. */
    const seenBy = new Map<string, Set<string>>();
    /** When each event name was last listed in full or incrementally, and names whose last listing was cut short. */
    const listedAt = new Map<string, number>();
    const cutShort = new Set<string>();
    /** Newest event time (our clock) of any record read: how far CloudTrail's delivery has come. */
    let deliveredTo = -Infinity;
    const strategy = this.strategy;

    /**
     * The requests a record could prove, in `wanted`'s order: a record with a request id can only prove
     * requests with that id or with none (correlates compares ids whenever both have one), so a
     * listing looks them up instead of trying every open request on every record.
     */
    const candidatesOf = (wanted: EvidenceRequest[]) => {
      const byId = new Map<string, number[]>();
      const withoutId: number[] = [];
      wanted.forEach((r, i) => {
        const id = r.correlation.requestId;
        if (id) (byId.get(id) ?? byId.set(id, []).get(id)!).push(i);
        else withoutId.push(i);
      });
      return (record: TrailRecord): EvidenceRequest[] => {
        if (!record.requestID) return wanted;
        const same = byId.get(record.requestID) ?? [];
        const order = withoutId.length ? [...same, ...withoutId].sort((a, b) => a - b) : same;
        return order.map((i) => wanted[i]);
      };
    };

    /** Matches one record; returns how many requests it resolved. */
    const match = (record: TrailRecord, candidates: EvidenceRequest[], skew: number): number => {
      if (claimed.has(record.eventID)) return 0;
      let found = 0;
      for (const req of candidates) {
        if (!open.has(req) || !correlates(req, record, skew)) continue;
        const j = judge(req, record);
        results.set(req.key, { status: j.ok ? "confirmed" : "mismatch", events: [j.event], problems: j.problems });
        open.delete(req);
        found++;
        // A record matched by its exact request id may prove several results (one refused sign-in
        // stands for every check of that persona); one matched by time window proves one only.
        if (!(req.correlation.requestId && record.requestID === req.correlation.requestId)) {
          claimed.add(record.eventID);
          break;
        }
      }
      return found;
    };

    /** One listing of one attribute for `wanted`: what it read, what matched nothing, and whether more pages were left. */
    const list = async (
      attr: LookupAttribute,
      wanted: EvidenceRequest[],
      full: boolean,
      o: { maxPages?: number; remember?: boolean; costCap?: { pages: number; windowMs: number } } = {},
    ) => {
      const id = `${attr.key}\u0000${attr.value}`;
      const skew = this.o.clockSkewMs?.() ?? 0;
      // Records come newest first: once past the oldest still-open call, nothing older can match.
      const padding = lastChance() ? this.o.windowPaddingMs : (this.o.stopPaddingMs?.() ?? this.o.windowPaddingMs);
      const oldestOpen = Math.min(...wanted.map((r) => r.correlation.startedAt)) - padding + skew;
      const read = seenBy.get(id) ?? seenBy.set(id, new Set()).get(id)!;
      const listing = {
        records: 0,
        unmatched: 0,
        newest: -Infinity,
        oldest: Infinity,
        pages: 0,
        truncated: false,
        from: undefined as number | undefined,
      };
      const candidates = candidatesOf(wanted);
      let stillOpen = wanted.filter((r) => open.has(r)).length;
      for await (const record of this.lookups.records(
        attr,
        new Date(since + skew),
        opts.signal,
        giveUp,
        oldestOpen,
        full ? undefined : read,
        listing,
        o.maxPages,
        o.costCap,
      )) {
        seen.add(record.eventID);
        this.username.observe(record, this.lookups.listedUsername.get(record));
        if (o.remember !== false) read.add(record.eventID);
        listing.records++;
        const t = Date.parse(record.eventTime);
        if (Number.isFinite(t)) {
          listing.newest = Math.max(listing.newest, t);
          listing.oldest = Math.min(listing.oldest, t);
          deliveredTo = Math.max(deliveredTo, t - skew);
        }
        const found = match(record, candidates(record), skew);
        // Records this run caused without waiting on them (Lake Formation's GetDataAccess for our
        // queries, an already confirmed call) are not the account's traffic: counting them as such
        // would send a quiet account's lookups to keys.
        if (!found && !ours(record)) listing.unmatched++;
        if ((stillOpen -= found) <= 0) break;
      }
      return listing;
    };

    /**
     * The traffic a name listing saw: over the window it covered when it reached its end; when pages
     * were left, over the seconds its records span (event times have second precision), which can only
     * underestimate, so it never lowers an earlier figure.
     */
    const observe = (name: string, l: Awaited<ReturnType<typeof list>>, windowMs: number) => {
      if (l.records)
        strategy.observeName(
          name,
          l.unmatched,
          // A listing that stopped before the oldest open call (stopPaddingMs) covered only from there.
          l.truncated
            ? l.newest - l.oldest + 1_000
            : l.from !== undefined
              ? Math.min(windowMs, Math.max(1_000, Date.now() - l.from))
              : windowMs,
          l.truncated ? { pages: l.pages } : undefined,
        );
    };

    const sweep = async (): Promise<number> => {
      // Most sweeps read only what was delivered since the last one (newest first, stopping at a page
      // already fully seen); a sweep a minute and the last one read the whole window, because
      // CloudTrail may deliver an older record after a newer one. The last one also tries each open
      // request by the other attribute of its plan (see lookupPlan).
      const now = Date.now();
      const last = lastChance();
      const full = sweeps++ === 0 || now - lastFull >= FULL_SWEEP_EVERY_MS || last;
      if (full) lastFull = now;
      const before = seen.size;
      // Per event name: the open requests, and the distinct session keys they could be looked up by.
      // Persona calls by their run's session name apart: one listing each, whatever the traffic.
      const byName = new Map<string, { reqs: EvidenceRequest[]; keys: Set<string> }>();
      const byUsername = new Map<string, EvidenceRequest[]>();
      /** The attribute each request is looked up by in this sweep (the last chance tries the other one). */
      const via = new Map<EvidenceRequest, LookupAttribute>();
      for (const r of open) {
        const a = primary(r);
        if (a) via.set(r, a);
        if (a?.key === "Username") {
          (byUsername.get(a.value) ?? byUsername.set(a.value, []).get(a.value)!).push(r);
          continue;
        }
        const g = byName.get(r.eventName) ?? byName.set(r.eventName, { reqs: [], keys: new Set() }).get(r.eventName)!;
        g.reqs.push(r);
        if (a?.key === "AccessKeyId") g.keys.add(a.value);
      }
      const names: { name: string; reqs: EvidenceRequest[]; cap?: number; keys: number }[] = [];
      const keyed = new Set<EvidenceRequest>();
      for (const [name, g] of byName) {
        const whole = full || cutShort.has(name) || !listedAt.has(name);
        const mode = strategy.choose(name, g.keys.size, whole ? now - since : now - listedAt.get(name)!, whole);
        if (mode === "keys") {
          for (const r of g.reqs)
            if (primary(r)?.key === "AccessKeyId") keyed.add(r);
            else
              (names.find((n) => n.name === name) ?? names[names.push({ name, reqs: [], keys: 0 }) - 1]).reqs.push(r);
        } else {
          // Never measured: the first listing is the measurement, and stops once it has cost what the keys would.
          names.push({
            name,
            reqs: g.reqs,
            keys: g.keys.size,
            ...(strategy.namePages(name, 0) === undefined ? { cap: strategy.nameCap(g.keys.size) } : {}),
          });
        }
      }
      // Oldest calls first: their records are the likeliest to have been delivered.
      const oldest = (rs: EvidenceRequest[]) => Math.min(...rs.map((r) => r.correlation.finishedAt));
      let byUsernameRead = 0;
      for (const [value, reqs] of [...byUsername].sort(([, a], [, b]) => oldest(a) - oldest(b))) {
        const wanted = reqs.filter((r) => open.has(r));
        if (wanted.length) byUsernameRead += (await list({ key: "Username", value }, wanted, full)).records;
      }
      // Until a record of ours has shown what Username matches: one page by a session's key now and then.
      const probe = byUsernameRead
        ? undefined
        : this.username.probe(
            [...byUsername.values()].flat().filter((r) => open.has(r)),
            sweeps,
          );
      if (probe) await list(probe.lookup!.fallback, [probe], false, { maxPages: 1, remember: false });
      names.sort((a, b) => oldest(a.reqs) - oldest(b.reqs));
      for (const n of names) {
        const wanted = n.reqs.filter((r) => open.has(r));
        if (!wanted.length) continue;
        const t = Date.now(),
          whole = full || cutShort.has(n.name);
        const windowMs = whole || !listedAt.has(n.name) ? t - since : t - listedAt.get(n.name)!;
        // Any name listing stops once what it has read shows the whole of it would cost more than the
        // keys (traffic can surge after the first measurement: CloudTrail delivers minutes of it at once).
        const l = await list({ key: "EventName", value: n.name }, wanted, whole, {
          maxPages: n.cap,
          ...(n.keys ? { costCap: { pages: strategy.nameCap(n.keys), windowMs: t - since } } : {}),
        });
        listedAt.set(n.name, t);
        if (l.truncated) cutShort.add(n.name);
        else cutShort.delete(n.name);
        // Stopped at the keys' price: what it has not found is looked up by key in this same sweep (in
        // the last one nothing comes after, and the records may well be there).
        if (l.truncated) for (const r of wanted) if (open.has(r) && primary(r)?.key === "AccessKeyId") keyed.add(r);
        observe(n.name, l, windowMs);
      }
      // By key: a session's listing is worth a call once delivery has passed its newest waited-on call
      // (one listing then finds them all), or before the deadline. Until then one page by event name,
      // newest first, shows how far delivery has come (and measures the traffic again).
      const keys = new Map<string, EvidenceRequest[]>();
      for (const r of keyed)
        if (open.has(r))
          (keys.get(via.get(r)!.value) ?? keys.set(via.get(r)!.value, []).get(via.get(r)!.value)!).push(r);
      // A session's newest waited-on call; event times have second precision, so a record stamped in
      // the same second as that call shows delivery has reached it.
      const callAt = (r: EvidenceRequest) => r.correlation.recordedBy ?? r.correlation.finishedAt;
      const newestOf = (rs: EvidenceRequest[]) => rs.reduce((n, r) => (callAt(r) > callAt(n) ? r : n));
      const due = [...keys].filter(([, rs]) => last || callAt(newestOf(rs)) - 1_000 <= deliveredTo);
      if (keys.size && !due.length) {
        // Probe the event name of the newest call of the session due next: in a quiet account the
        // newest record of another name may be older than that call, and would never show it delivered.
        const probe = [...keys.values()].map(newestOf).sort((a, b) => callAt(a) - callAt(b))[0];
        observe(
          probe.eventName,
          await list({ key: "EventName", value: probe.eventName }, [probe], false, { maxPages: 1, remember: false }),
          Date.now() - since,
        );
      }
      due.sort(([, a], [, b]) => oldest(a) - oldest(b));
      for (const [key, rs] of due) {
        const wanted = rs.filter((r) => open.has(r));
        if (!wanted.length) continue;
        const l = await list({ key: "AccessKeyId", value: key }, wanted, full);
        strategy.observeKey(l.pages);
      }
      // Before the deadline: each request still open that was looked up by session name or by key, once
      // more by the other attribute of its plan: its session's key (Username not what this account
      // records), or a sign-in's event name.
      if (last) {
        const fallbacks = new Map<string, { attr: LookupAttribute; reqs: EvidenceRequest[] }>();
        for (const r of [...keyed, ...[...byUsername.values()].flat()]) {
          const used = via.get(r);
          if (!open.has(r) || !r.lookup || !used) continue;
          // The plan's other attribute than the one this sweep used (a probe in this very sweep may have
          // disproven Username after the requests were grouped: those still get their key).
          const other = used === r.lookup.first ? r.lookup.fallback : r.lookup.first;
          if (other.key === used.key || (other.key === "Username" && this.username.state === "disproven")) continue;
          const id = `${other.key}\u0000${other.value}`;
          (fallbacks.get(id) ?? fallbacks.set(id, { attr: other, reqs: [] }).get(id)!).reqs.push(r);
        }
        for (const { attr, reqs } of fallbacks.values()) {
          const wanted = reqs.filter((r) => open.has(r));
          if (wanted.length) await list(attr, wanted, true);
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
            if ((await sweep()) > 0) pause = this.o.sweepIntervalMs[0];
            failure = undefined;
          } catch (e) {
            // LookupEvents itself refused after its retries (permissions, persistent throttling, an
            // outage): evidence stays pending with the reason, and the next sweep tries again until the
            // deadline, since an outage of a minute must not cost the rest of the run its evidence.
            if (opts.signal.aborted) break;
            failure = `LookupEvents failed: ${(e as Error).name}: ${safeErrorText(e)}`;
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
        if (req.correlation.accessKeyId) ourKeys.add(req.correlation.accessKeyId);
        this.username.expect(req);
        if (req.userId) ourUsers.add(req.userId);
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
}
