// A busy account's other users (fixture `cloudtrail.backgroundTraffic`): CloudTrail records at a steady
// rate, under the very event names a TIP harness looks for, made by people and tools that are not the
// harness. Each background "query" of another user leaves five records, in this order:
//   athena StartQueryExecution (the user's identity-enhanced session, onBehalfOf the user),
//   lakeformation GetDataAccess (Lake Formation's own credential vending, one per table per query, made
//     by the service with a key of its own, account-wide: facts §5.3),
//   s3 GetDataAccess (S3 Access Grants, the user's session), sso-oauth CreateTokenWithIAM and sts
//   AssumeRole (the other tool's application role signing the user in).
// Nothing is stored: record i happens at start + i × 1000 ÷ rate ms and is computed when LookupEvents
// returns it, so a rate of thousands a second costs no memory.
import type { Cursor } from "../services/cloudtrail/next-token.js";

export interface BackgroundTrafficConfig {
  eventsPerSecond: number;
  users: number;
}

/** A record as LookupEvents needs it (the same fields as a stored TrailEvent). */
export interface VirtualEvent {
  eventId: string;
  eventTime: number;
  seq: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  accessKeyId: string;
  username: string;
  resources: { ResourceType: string; ResourceName: string }[];
  record: Record<string, unknown>;
}

export type Attribute = { key: string; value: string } | undefined;

const SLOTS = [
  { eventSource: "athena.amazonaws.com", eventName: "StartQueryExecution", readOnly: false },
  { eventSource: "lakeformation.amazonaws.com", eventName: "GetDataAccess", readOnly: true },
  { eventSource: "s3.amazonaws.com", eventName: "GetDataAccess", readOnly: true },
  { eventSource: "sso-oauth.amazonaws.com", eventName: "CreateTokenWithIAM", readOnly: false },
  { eventSource: "sts.amazonaws.com", eventName: "AssumeRole", readOnly: true },
] as const;
/** Below every stored record's sequence number: within one millisecond, background records sort first. */
const SEQ_BASE = -(2 ** 52);
const pad = (n: number, w: number) => String(n).padStart(w, "0");

export class BackgroundTraffic {
  constructor(
    private readonly cfg: BackgroundTrafficConfig,
    private readonly startMs: number,
    private readonly account: string,
    private readonly region: string,
    private readonly identityStoreArn: string,
  ) {}

  private timeOf(i: number): number {
    return Math.floor(this.startMs + (i * 1000) / this.cfg.eventsPerSecond);
  }
  /** The last record index at or before `ms` (-1: none). */
  private lastAt(ms: number): number {
    return ms < this.startMs ? -1 : Math.floor(((ms - this.startMs + 1) * this.cfg.eventsPerSecond) / 1000 - 1e-9);
  }

  /** Up to `limit` records matching the attribute with times in [fromMs, toMs] and before the cursor, newest first. */
  newestFirst(
    attr: Attribute,
    fromMs: number,
    toMs: number,
    cursor: Cursor | undefined,
    limit: number,
  ): VirtualEvent[] {
    const out: VirtualEvent[] = [];
    if (!this.canMatch(attr)) return out;
    let i = this.lastAt(cursor ? Math.min(toMs, cursor.eventTime) : toMs);
    for (; i >= 0 && out.length < limit; i--) {
      const t = this.timeOf(i);
      if (t < fromMs) break;
      if (cursor && !(t < cursor.eventTime || (t === cursor.eventTime && SEQ_BASE + i < cursor.seq))) continue;
      const e = this.event(i);
      if (matches(e, attr)) out.push(e);
    }
    return out;
  }

  /** Cheap refusals, so a lookup by the harness's own key never walks the background at all. */
  private canMatch(a: Attribute): boolean {
    if (!a) return true;
    switch (a.key) {
      case "EventName":
        return SLOTS.some((s) => s.eventName === a.value);
      case "EventSource":
        return SLOTS.some((s) => s.eventSource === a.value);
      case "AccessKeyId":
        return a.value.startsWith("ASIABG");
      case "Username":
        return a.value.startsWith("bg-");
      case "EventId":
        return a.value.startsWith("bb000000-");
      default:
        return true;
    }
  }

  event(i: number): VirtualEvent {
    const slot = SLOTS[i % SLOTS.length],
      query = Math.floor(i / SLOTS.length),
      u = query % this.cfg.users;
    const eventTime = this.timeOf(i);
    const userId = `bb00000000-${pad(u, 8)}-0000-4000-8000-000000000000`;
    const onBehalfOf = { userId, identityStoreArn: this.identityStoreArn };
    const role = (name: string, session: string, key: string) => ({
      type: "AssumedRole",
      principalId: `AROABACKGROUND${pad(name.length, 6)}:${session}`,
      arn: `arn:aws:sts::${this.account}:assumed-role/${name}/${session}`,
      accountId: this.account,
      accessKeyId: key,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: `AROABACKGROUND${pad(name.length, 6)}`,
          arn: `arn:aws:iam::${this.account}:role/${name}`,
          accountId: this.account,
          userName: name,
        },
        attributes: {
          creationDate: new Date(eventTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
          mfaAuthenticated: "false",
        },
      },
    });
    const userSession = `bg-user-${pad(u, 4)}`,
      userKey = `ASIABGUSER${pad(u, 10)}`,
      appKey = `ASIABGAPP${pad(u % 3, 11)}`;
    const table = `arn:aws:glue:${this.region}:${this.account}:table/analytics/events_${query % 7}`;
    let identity: Record<string, unknown>,
      params: Record<string, unknown>,
      response: Record<string, unknown> | null = null,
      extra: Record<string, unknown> | undefined,
      resources: { type: string; ARN: string }[] = [];
    switch (slot.eventName === "GetDataAccess" ? slot.eventSource : slot.eventName) {
      case "StartQueryExecution":
        identity = { ...role("DataLakeAnalyst", userSession, userKey), onBehalfOf };
        params = {
          queryString: `SELECT * FROM events_${query % 7} LIMIT 10`,
          queryExecutionContext: { database: "analytics" },
          workGroup: "analysts",
        };
        response = { queryExecutionId: `bb000000-${pad(query, 4).slice(-4)}-4000-8000-${pad(query, 12)}` };
        break;
      case "lakeformation.amazonaws.com":
        identity = {
          ...role("AthenaExecutionRole", `AWSLF-00-AT-${this.account}-${pad(query, 10)}`, `ASIABGLF${pad(query, 12)}`),
          invokedBy: "athena.amazonaws.com",
          onBehalfOf,
        };
        params = { tableArn: table, durationSeconds: 3600 };
        extra = {
          requesterService: "ATHENA",
          lakeFormationPrincipal: `arn:aws:identitystore:::user/${userId}`,
          LakeFormationTrustedCallerInvocation: "true",
        };
        resources = [{ type: "AWS::Glue::Table", ARN: table }];
        break;
      case "s3.amazonaws.com":
        identity = { ...role("DataLakeAnalyst", userSession, userKey), onBehalfOf };
        params = { target: `s3://analytics-data/users/${userSession}/*`, permission: "READ", durationSeconds: 900 };
        resources = [
          {
            type: "AWS:S3::AccessGrantsInstance",
            ARN: `arn:aws:s3:${this.region}:${this.account}:access-grants/default`,
          },
        ];
        break;
      case "CreateTokenWithIAM":
        identity = role("AnalyticsPortalApp", `portal-${pad(u % 3, 2)}`, appKey);
        params = {
          clientId: `arn:aws:sso::${this.account}:application/ssoins-bbbbbbbbbbbbbbbb/apl-bbbbbbbbbbbbbbbb`,
          grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer",
          assertion: "HIDDEN_DUE_TO_SECURITY_REASONS",
        };
        response = {
          accessToken: "HIDDEN_DUE_TO_SECURITY_REASONS",
          expiresIn: 3600,
          tokenType: "Bearer",
          issuedTokenType: "urn:ietf:params:oauth:token-type:access_token",
        };
        extra = { "identitystore:UserId": userId, "identitystore:IdentityStoreArn": this.identityStoreArn };
        break;
      default:
        identity = role("AnalyticsPortalApp", `portal-${pad(u % 3, 2)}`, appKey);
        params = { roleArn: `arn:aws:iam::${this.account}:role/DataLakeAnalyst`, roleSessionName: userSession };
        response = {
          assumedRoleUser: { arn: `arn:aws:sts::${this.account}:assumed-role/DataLakeAnalyst/${userSession}` },
        };
    }
    const eventId = `bb000000-0000-4000-8000-${pad(i, 12)}`;
    const record: Record<string, unknown> = {
      eventVersion: "1.11",
      userIdentity: identity,
      eventTime: new Date(eventTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
      eventSource: slot.eventSource,
      eventName: slot.eventName,
      awsRegion: this.region,
      sourceIPAddress: "198.51.100.7",
      userAgent: "background-traffic",
      requestParameters: params,
      responseElements: response,
      ...(extra ? { additionalEventData: extra } : {}),
      requestID: `bb-${pad(i, 14)}`,
      eventID: eventId,
      readOnly: slot.readOnly,
      ...(resources.length ? { resources: resources.map((r) => ({ accountId: this.account, ...r })) } : {}),
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: this.account,
      eventCategory: "Management",
    };
    return {
      eventId,
      eventTime,
      seq: SEQ_BASE + i,
      eventName: slot.eventName,
      eventSource: slot.eventSource,
      readOnly: slot.readOnly,
      accessKeyId: (identity as { accessKeyId: string }).accessKeyId,
      username: String((identity as { arn: string }).arn.split("/").pop()),
      resources: resources.map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
      record,
    };
  }
}

function matches(e: VirtualEvent, a: Attribute): boolean {
  if (!a) return true;
  switch (a.key) {
    case "EventId":
      return e.eventId === a.value;
    case "EventName":
      return e.eventName === a.value;
    case "ReadOnly":
      return String(e.readOnly) === a.value;
    case "Username":
      return e.username === a.value;
    case "ResourceType":
      return e.resources.some((r) => r.ResourceType === a.value);
    case "ResourceName":
      return e.resources.some((r) => r.ResourceName === a.value);
    case "EventSource":
      return e.eventSource === a.value;
    case "AccessKeyId":
      return e.accessKeyId === a.value;
    default:
      return false;
  }
}
