// Which CloudTrail record proves each action, and whether a record found matches. Pure: the poller
// (an adapter) fetches records; this file decides.
import type { Correlation, Observed } from "../model/outcome.js";
import type { EvidenceEvent } from "../model/report.js";
import type { ActionSpec } from "./plan.js";

export interface EvidenceRequest {
  key: string;
  eventSource: string;
  eventName: string;
  correlation: Correlation;
  /** The Identity Center user the record must be on behalf of (undefined: user unknown, e.g. sign-in refused). */
  userId?: string;
  /**
   * The record of a refused sign-in may or may not name the user (UNVERIFIED on AWS): when it does, it
   * must be the persona's directory user; when it does not, nothing can be compared.
   */
  userIfRecorded?: boolean;
  /** Call refused at the API: the record must carry an errorCode. */
  expectErrorCode: boolean;
  /** Extra fields that must match (e.g. Access Grants target). */
  requestParameters?: Record<string, string>;
  /** How the poller finds the record (see lookupPlan); matching never depends on it. */
  lookup?: LookupPlan;
}

/** One LookupEvents attribute: AWS accepts exactly one per call. */
export interface LookupAttribute {
  key: "AccessKeyId" | "Username" | "EventName";
  value: string;
}
/**
 * `first` every sweep; `fallback` once more before the deadline for what `first` has not found, and
 * every sweep instead of a `first` Username once a record has shown Username is not the session name.
 */
export interface LookupPlan {
  first: LookupAttribute;
  fallback: LookupAttribute;
}

/**
 * Where a record is looked up. By event name, a sweep pages through every record of that name in the
 * account, other users' and Lake Formation's own GetDataAccess records included, so its cost grows
 * with the account's traffic. A persona's calls are looked up by `Username`, the role session name,
 * which every persona session of a run shares (`tip-<run id>`): one listing pages through the run's own
 * records only (about 2.5 per check: its polls are management events too), whatever the account's
 * traffic and however many personas (AWS's own CLI example shows an assumed-role record's Username as
 * its session name; the poller checks that on the first record of ours it reads and, if it does not
 * hold, looks these calls up by the session's access key instead, the fallback). Sign-ins (CreateTokenWithIAM,
 * AssumeRole) are the base principal's calls: by its access key, or by event name, chosen by measured
 * traffic (lookup-strategy.ts). Measured with `npm run bench` (50 personas × 20 checks, time ÷10): see
 * README "Performance". Whatever the attribute, a record still has to pass `correlates` and `judge` unchanged.
 */
export function lookupPlan(action: ActionSpec["type"], eventName: string, corr: Correlation): LookupPlan {
  const byName: LookupAttribute = { key: "EventName", value: eventName };
  if (!corr.accessKeyId) return { first: byName, fallback: byName };
  const byKey: LookupAttribute = { key: "AccessKeyId", value: corr.accessKeyId };
  if (action !== "signin" && corr.roleSessionName)
    return { first: { key: "Username", value: corr.roleSessionName }, fallback: byKey };
  return { first: byKey, fallback: byName };
}

/** A CloudTrail record as returned inside LookupEvents' CloudTrailEvent string. */
export type TrailRecord = Record<string, unknown> & {
  eventID: string;
  eventName: string;
  eventSource: string;
  eventTime: string;
  requestID?: string;
  errorCode?: string;
  userIdentity?: { accessKeyId?: string; onBehalfOf?: { userId?: string; identityStoreArn?: string } };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
};

export function evidenceRequestFor(
  key: string,
  action: ActionSpec,
  out: Observed,
  corr: Correlation,
  userId: string | undefined,
  apiRefused: boolean,
  userIfRecorded = false,
): EvidenceRequest {
  const req = evidenceRequestOf(key, action, out, corr, userId, apiRefused, userIfRecorded);
  return { ...req, lookup: lookupPlan(action.type, req.eventName, corr) };
}

function evidenceRequestOf(
  key: string,
  action: ActionSpec,
  out: Observed,
  corr: Correlation,
  userId: string | undefined,
  apiRefused: boolean,
  userIfRecorded: boolean,
): EvidenceRequest {
  const refusedAt = out.kind === "refused" ? out.facts.stage : undefined;
  switch (action.type) {
    case "athena":
      return {
        key,
        eventSource: "athena.amazonaws.com",
        eventName: "StartQueryExecution",
        correlation: corr,
        userId,
        expectErrorCode: apiRefused,
      };
    case "accessGrants":
      return {
        key,
        eventSource: "s3.amazonaws.com",
        eventName: "GetDataAccess",
        correlation: corr,
        userId,
        expectErrorCode: out.kind === "refused" && apiRefused,
        requestParameters: { target: action.target },
      };
    case "signin":
      if (refusedAt === "assume-role")
        return {
          key,
          eventSource: "sts.amazonaws.com",
          eventName: "AssumeRole",
          correlation: corr,
          expectErrorCode: apiRefused,
        };
      return {
        key,
        eventSource: "sso-oauth.amazonaws.com",
        eventName: "CreateTokenWithIAM",
        correlation: corr,
        userId,
        expectErrorCode: apiRefused,
        ...(userIfRecorded ? { userIfRecorded } : {}),
      };
  }
}

/** Ids that say which user a record is about: onBehalfOf, or CreateTokenWithIAM's additionalEventData. */
export function userOf(r: TrailRecord): string | undefined {
  return r.userIdentity?.onBehalfOf?.userId ?? (r.additionalEventData?.["identitystore:UserId"] as string | undefined);
}

/** Is this record the one the request is about? (identity checks come after, in `judge`). */
/** `skewMs`: AWS's clock minus ours; record times are AWS's, call times are ours. */
export function correlates(req: EvidenceRequest, r: TrailRecord, skewMs = 0): boolean {
  if (r.eventName !== req.eventName || r.eventSource !== req.eventSource) return false;
  const c = req.correlation;
  if (c.requestId && r.requestID) return c.requestId === r.requestID;
  if (c.queryExecutionId)
    return (r.responseElements as { queryExecutionId?: string } | null)?.queryExecutionId === c.queryExecutionId;
  if (c.accessKeyId && r.userIdentity?.accessKeyId !== c.accessKeyId) return false;
  for (const [k, v] of Object.entries(req.requestParameters ?? {}))
    if ((r.requestParameters as Record<string, unknown> | null)?.[k] !== v) return false;
  const t = Date.parse(r.eventTime) - skewMs;
  // CloudTrail times have second precision; allow a little clock skew around the call.
  return t >= c.startedAt - 5_000 && t <= c.finishedAt + 5_000;
}

export interface Judgement {
  ok: boolean;
  problems: string[];
  event: EvidenceEvent;
}

export function judge(req: EvidenceRequest, r: TrailRecord): Judgement {
  const problems: string[] = [];
  const user = userOf(r);
  if (req.userId && user !== req.userId && !(req.userIfRecorded && user === undefined))
    problems.push(`CloudTrail record ${r.eventID} is on behalf of ${user ?? "nobody"}, expected ${req.userId}`);
  if (req.expectErrorCode && !r.errorCode)
    problems.push(`CloudTrail record ${r.eventID} has no errorCode although the call was refused`);
  if (!req.expectErrorCode && r.errorCode)
    problems.push(`CloudTrail record ${r.eventID} has errorCode ${r.errorCode} although the call succeeded`);
  return { ok: problems.length === 0, problems, event: toEvidenceEvent(r) };
}

const HIDDEN_KEYS = /token|secret|password|assertion|credentials|sessiontoken|querystring/i;

/** A trimmed copy for the report: identity fields kept, anything secret-shaped or data-bearing dropped. */
export function trimRecord(r: TrailRecord): Record<string, unknown> {
  const scrub = (v: unknown, depth: number): unknown => {
    if (depth > 4) return "…";
    if (Array.isArray(v)) return v.slice(0, 10).map((x) => scrub(x, depth + 1));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        out[k] = HIDDEN_KEYS.test(k)
          ? "(omitted)"
          : k === "accessKeyId" && typeof x === "string"
            ? maskKeyId(x)
            : scrub(x, depth + 1);
      return out;
    }
    return v;
  };
  const keep = [
    "eventVersion",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "userIdentity",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "errorCode",
    "errorMessage",
    "requestID",
    "eventID",
    "readOnly",
    "resources",
    "eventType",
    "managementEvent",
    "recipientAccountId",
  ];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (r[k] !== undefined) out[k] = scrub(r[k], 0);
  return out;
}

export function toEvidenceEvent(r: TrailRecord): EvidenceEvent {
  return {
    eventId: r.eventID,
    eventName: r.eventName,
    eventSource: r.eventSource,
    eventTime: r.eventTime,
    ...(userOf(r) ? { onBehalfOfUserId: userOf(r) } : {}),
    ...(r.userIdentity?.onBehalfOf?.identityStoreArn
      ? { onBehalfOfIdentityStoreArn: r.userIdentity.onBehalfOf.identityStoreArn }
      : {}),
    ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    ...(r.requestID ? { requestId: r.requestID } : {}),
    record: trimRecord(r),
  };
}

/** Access key ids are identifiers, but evidence never carries a whole one: the last four characters suffice to tell sessions apart. */
export function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** The request's keys as stored in the report (for `confirm`), and back. */
export function toLookup(r: EvidenceRequest): import("../model/report.js").EvidenceLookup {
  const c = r.correlation;
  return {
    eventSource: r.eventSource,
    eventName: r.eventName,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    expectErrorCode: r.expectErrorCode,
    ...(c.requestId ? { requestId: c.requestId } : {}),
    ...(c.queryExecutionId ? { queryExecutionId: c.queryExecutionId } : {}),
    ...(r.userId ? { userId: r.userId } : {}),
    ...(r.userIfRecorded ? { userIfRecorded: true } : {}),
    ...(r.requestParameters ? { requestParameters: r.requestParameters } : {}),
  };
}

export function fromLookup(key: string, l: import("../model/report.js").EvidenceLookup): EvidenceRequest {
  return {
    key,
    eventSource: l.eventSource,
    eventName: l.eventName,
    userId: l.userId,
    ...(l.userIfRecorded ? { userIfRecorded: true } : {}),
    expectErrorCode: l.expectErrorCode,
    requestParameters: l.requestParameters,
    correlation: {
      startedAt: l.startedAt,
      finishedAt: l.finishedAt,
      ...(l.requestId ? { requestId: l.requestId } : {}),
      ...(l.queryExecutionId ? { queryExecutionId: l.queryExecutionId } : {}),
    },
  };
}
