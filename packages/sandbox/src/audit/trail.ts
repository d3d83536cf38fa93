// The sandbox's CloudTrail: every emulated call, allowed or denied, becomes a record shaped like AWS's.
// Records become visible to LookupEvents only after the delivery delay (and may be lost under a fault
// profile), so the harness meets the same "not yet delivered" state it meets on a real account.
import { randomUUID } from "node:crypto";
import type { FaultDice } from "../fault-dice.js";
import type { Lineage } from "../auth/credentials.js";
import type { Clock } from "../clock.js";
import type { SandboxRequest } from "../types.js";
import type { Cursor } from "../services/cloudtrail/next-token.js";
import type { Attribute, BackgroundTraffic, VirtualEvent } from "./background.js";

export interface TrailRecordInput {
  req: SandboxRequest;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  resources?: { type: string; ARN: string; accountId?: string }[];
  errorCode?: string;
  errorMessage?: string;
  /** Overrides the identity derived from the request (service-made calls such as Lake Formation's). */
  userIdentity?: Record<string, unknown>;
  /** Data events (S3 object calls) are recorded but never returned by LookupEvents. */
  managementEvent?: boolean;
  /** Override the caller lineage (e.g. a record made before authentication finished). */
  lineage?: Lineage;
}

export interface TrailEvent {
  eventId: string;
  eventTime: number;
  /** Recording order: with eventTime, the total order LookupEvents pages in. */
  seq: number;
  deliverAt: number;
  lost: boolean;
  managementEvent: boolean;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  accessKeyId?: string;
  username?: string;
  resources: { ResourceType: string; ResourceName: string }[];
  /** The full CloudTrail record (serialized as the CloudTrailEvent JSON string by LookupEvents). */
  record: Record<string, unknown>;
}

export interface TrailOptions {
  deliveryDelayMs: number;
  lossRate: number;
  random: () => number;
  dice?: FaultDice;
}

export class Trail {
  readonly events: TrailEvent[] = [];
  /** Events per LookupEvents attribute value, in recording order (= time order): a lookup reads its own list only. */
  private readonly index = new Map<string, TrailEvent[]>();
  /** Other users' records in a busy account (fixture cloudtrail.backgroundTraffic), computed, not stored. */
  background?: BackgroundTraffic;
  constructor(
    private readonly clock: Clock,
    private readonly account: string,
    private readonly region: string,
    public options: TrailOptions,
  ) {}

  record(input: TrailRecordInput): TrailEvent {
    // Never earlier than the last record: the lists stay in time order (a clock set back cannot reorder them).
    const now = Math.max(this.clock.now(), this.events[this.events.length - 1]?.eventTime ?? -Infinity);
    const lineage = input.lineage ?? input.req.lineage;
    const userIdentity =
      input.userIdentity ?? (lineage ? userIdentityOf(lineage, input.req.accessKeyId) : { type: "Unknown" });
    const eventId = randomUUID();
    const record: Record<string, unknown> = {
      eventVersion: "1.11",
      userIdentity,
      eventTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
      eventSource: input.eventSource,
      eventName: input.eventName,
      awsRegion: input.req.region || this.region,
      sourceIPAddress: input.req.sourceIp,
      userAgent: input.req.userAgent,
      ...(input.errorCode ? { errorCode: input.errorCode, errorMessage: input.errorMessage ?? "" } : {}),
      requestParameters: input.requestParameters ?? null,
      responseElements: input.responseElements ?? null,
      ...(input.additionalEventData ? { additionalEventData: input.additionalEventData } : {}),
      requestID: input.req.requestId,
      eventID: eventId,
      readOnly: input.readOnly,
      ...(input.resources ? { resources: input.resources.map((r) => ({ accountId: this.account, ...r })) } : {}),
      eventType: "AwsApiCall",
      managementEvent: input.managementEvent ?? true,
      recipientAccountId: this.account,
      eventCategory: input.managementEvent === false ? "Data" : "Management",
      tlsDetails: {
        tlsVersion: "TLSv1.3",
        cipherSuite: "TLS_AES_128_GCM_SHA256",
        clientProvidedHostHeader: input.req.headers.host ?? "",
      },
    };
    const ev: TrailEvent = {
      eventId,
      eventTime: now,
      seq: this.events.length,
      deliverAt: now + this.options.deliveryDelayMs,
      // Keyed on the request that made the record, so the same seed loses the same records every run.
      lost:
        this.options.lossRate > 0 &&
        (this.options.dice && input.req.faultKey
          ? this.options.dice.roll(`trail\u0000${input.eventName}\u0000${input.req.faultKey}`)
          : this.options.random()) < this.options.lossRate,
      managementEvent: input.managementEvent ?? true,
      eventName: input.eventName,
      eventSource: input.eventSource,
      readOnly: input.readOnly,
      accessKeyId: (userIdentity as { accessKeyId?: string }).accessKeyId,
      username: lineage ? usernameOf(lineage) : undefined,
      resources: (input.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
      record,
    };
    this.events.push(ev);
    if (ev.managementEvent)
      for (const k of attributeKeys(ev)) (this.index.get(k) ?? this.index.set(k, []).get(k)!).push(ev);
    return ev;
  }

  /**
   * What Event history shows: delivered management events with the attribute (all when undefined), times
   * in [fromMs, toMs], before the cursor, newest first, at most `limit`; the background's records merged in.
   */
  lookup(
    attr: Attribute,
    fromMs: number,
    toMs: number,
    cursor: Cursor | undefined,
    limit: number,
  ): (TrailEvent | VirtualEvent)[] {
    const now = this.clock.now();
    const list = attr ? (this.index.get(`${attr.key}\u0000${attr.value}`) ?? []) : this.events;
    const isBefore = (e: { eventTime: number; seq: number }) =>
      !cursor || e.eventTime < cursor.eventTime || (e.eventTime === cursor.eventTime && e.seq < cursor.seq);
    const own: TrailEvent[] = [];
    // The first index past the window's end, by binary search: lists are in time order.
    let lo = 0,
      hi = list.length;
    const end = cursor ? Math.min(toMs, cursor.eventTime) : toMs;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].eventTime <= end) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && own.length < limit; i--) {
      const e = list[i];
      if (e.eventTime < fromMs) break;
      if (e.managementEvent && !e.lost && e.deliverAt <= now && isBefore(e)) own.push(e);
    }
    const other =
      this.background?.newestFirst(attr, fromMs, Math.min(toMs, now - this.options.deliveryDelayMs), cursor, limit) ??
      [];
    if (!other.length) return own;
    return [...own, ...other].sort((a, b) => b.eventTime - a.eventTime || b.seq - a.seq).slice(0, limit);
  }
}

/** The LookupEvents attribute values an event can be found by. */
function attributeKeys(e: TrailEvent): string[] {
  const k = (key: string, value: string | undefined) => (value === undefined ? [] : [`${key}\u0000${value}`]);
  return [
    ...k("EventId", e.eventId),
    ...k("EventName", e.eventName),
    ...k("ReadOnly", String(e.readOnly)),
    ...k("Username", e.username),
    ...k("EventSource", e.eventSource),
    ...k("AccessKeyId", e.accessKeyId),
    ...[...new Set(e.resources.map((r) => r.ResourceType))].flatMap((t) => k("ResourceType", t)),
    ...[...new Set(e.resources.map((r) => r.ResourceName))].flatMap((n) => k("ResourceName", n)),
  ];
}

export function usernameOf(l: Lineage): string {
  return l.role ? l.role.sessionName : (l.principalArn.split("/").pop() ?? l.principalArn);
}

/** CloudTrail userIdentity derived from a credential's lineage (DOC-CT-UI, DOC-IESESS shapes). */
export function userIdentityOf(l: Lineage, accessKeyId?: string): Record<string, unknown> {
  if (l.kind === "iam-user") {
    return {
      type: "IAMUser",
      principalId: l.principalId,
      arn: l.principalArn,
      accountId: l.accountId,
      accessKeyId,
      userName: usernameOf(l),
    };
  }
  const role = l.role!;
  return {
    type: "AssumedRole",
    principalId: l.principalId,
    arn: l.callerArn,
    accountId: l.accountId,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: role.roleId,
        arn: role.arn,
        accountId: l.accountId,
        userName: role.name,
      },
      attributes: {
        creationDate: new Date(l.issuedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        mfaAuthenticated: "false",
      },
      ...(l.sourceIdentity ? { sourceIdentity: l.sourceIdentity } : {}),
    },
    ...(l.identityContext
      ? { onBehalfOf: { userId: l.identityContext.userId, identityStoreArn: l.identityContext.identityStoreArn } }
      : {}),
  };
}
