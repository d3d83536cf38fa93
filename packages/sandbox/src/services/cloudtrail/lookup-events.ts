// LookupEvents over the sandbox trail: delivered management events only (data events such as S3
// GetObject never appear), newest first, at most one lookup attribute, MaxResults 1–50 (default 50),
// a 90-day default window, and a NextToken that must be reused with identical parameters.
import type { TrailEvent } from "../../audit/trail.js";
import type { Trail } from "../../audit/trail.js";
import { cloudTrailErrors } from "./messages.js";
import { NextTokenCodec, type Cursor } from "./next-token.js";

const ATTRIBUTE_KEYS = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];
const DEFAULT_MAX_RESULTS = 50;
const NINETY_DAYS_S = 90 * 24 * 3600;

export interface LookupEventsInput {
  attribute?: { key: AttributeKey; value: string };
  startTime?: number;
  endTime?: number;
  eventCategory?: string;
  maxResults?: number;
  nextToken?: string;
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Validates the JSON body against the input shape and the documented limits. */
export function parseLookupInput(body: Record<string, unknown>): LookupEventsInput {
  const out: LookupEventsInput = {};
  const attrs = body.LookupAttributes;
  if (attrs !== undefined && attrs !== null) {
    if (!Array.isArray(attrs)) throw cloudTrailErrors.serialization("LookupAttributes must be a list");
    if (attrs.length > 1) throw cloudTrailErrors.tooManyAttributes();
    if (attrs.length === 1) {
      const a = attrs[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | null;
      if (!a || typeof a.AttributeKey !== "string" || !ATTRIBUTE_KEYS.includes(a.AttributeKey as AttributeKey)) throw cloudTrailErrors.invalidAttributeKey(String(a?.AttributeKey));
      if (typeof a.AttributeValue !== "string" || a.AttributeValue.length < 1 || a.AttributeValue.length > 2000) throw cloudTrailErrors.invalidAttributeValue();
      out.attribute = { key: a.AttributeKey as AttributeKey, value: a.AttributeValue };
    }
  }
  for (const [name, field] of [["StartTime", "startTime"], ["EndTime", "endTime"]] as const) {
    const v = body[name];
    if (v === undefined || v === null) continue;
    // The SDK sends epoch seconds (awsJson timestamps); anything else does not fit the shape.
    if (!isNum(v)) throw cloudTrailErrors.serialization(`${name} must be a timestamp in epoch seconds`);
    out[field] = v;
  }
  if (out.startTime !== undefined && out.endTime !== undefined && out.startTime > out.endTime) throw cloudTrailErrors.invalidTimeRange();
  if (body.EventCategory !== undefined && body.EventCategory !== null) {
    if (body.EventCategory !== "insight") throw cloudTrailErrors.invalidEventCategory();
    out.eventCategory = "insight";
  }
  if (body.MaxResults !== undefined && body.MaxResults !== null) {
    const m = body.MaxResults;
    if (!isNum(m) || !Number.isInteger(m) || m < 1 || m > 50) throw cloudTrailErrors.invalidMaxResults();
    out.maxResults = m;
  }
  if (body.NextToken !== undefined && body.NextToken !== null) {
    if (typeof body.NextToken !== "string") throw cloudTrailErrors.serialization("NextToken must be a string");
    out.nextToken = body.NextToken;
  }
  return out;
}

function matches(e: TrailEvent, a: LookupEventsInput["attribute"]): boolean {
  if (!a) return true;
  switch (a.key) {
    case "EventId": return e.eventId === a.value;
    case "EventName": return e.eventName === a.value;
    case "ReadOnly": return String(e.readOnly) === a.value;
    case "Username": return e.username === a.value;
    case "ResourceType": return e.resources.some((r) => r.ResourceType === a.value);
    case "ResourceName": return e.resources.some((r) => r.ResourceName === a.value);
    case "EventSource": return e.eventSource === a.value;
    case "AccessKeyId": return e.accessKeyId === a.value;
  }
}

/** Newest first; events of the same millisecond in reverse recording order (a total, stable order). */
function before(a: Cursor, b: Cursor): boolean {
  return a.eventTime < b.eventTime || (a.eventTime === b.eventTime && a.seq < b.seq);
}

export function lookupEvents(trail: Trail, codec: NextTokenCodec, input: LookupEventsInput, nowMs: number): Record<string, unknown> {
  // The token binds every filter as sent (not the defaults, which move with the clock); MaxResults may change between pages.
  const hash = NextTokenCodec.paramsHash([input.attribute ?? null, input.startTime ?? null, input.endTime ?? null, input.eventCategory ?? null]);
  let cursor: Cursor | undefined;
  if (input.nextToken !== undefined) {
    cursor = codec.decode(input.nextToken, hash);
    if (!cursor) throw cloudTrailErrors.invalidNextToken();
  }
  // The sandbox records no Insights events.
  if (input.eventCategory === "insight") return { Events: [] };

  const endS = input.endTime ?? nowMs / 1000;
  const startS = input.startTime ?? endS - NINETY_DAYS_S;
  const seqOf = new Map(trail.events.map((e, i) => [e, i] as const));
  const candidates = trail.delivered()
    .map((e) => ({ e, c: { eventTime: e.eventTime, seq: seqOf.get(e) ?? 0 } }))
    .filter(({ e, c }) => {
      // Records carry whole seconds (eventTime "…:05Z"); the window compares at that resolution.
      const s = Math.floor(e.eventTime / 1000);
      return s >= startS && s <= endS && matches(e, input.attribute) && (!cursor || before(c, cursor));
    })
    .sort((x, y) => (before(x.c, y.c) ? 1 : before(y.c, x.c) ? -1 : 0));
  const max = input.maxResults ?? DEFAULT_MAX_RESULTS;
  const page = candidates.slice(0, max);
  const more = candidates.length > max;
  return {
    Events: page.map(({ e }) => ({
      EventId: e.eventId, EventName: e.eventName, ReadOnly: String(e.readOnly),
      ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
      EventTime: Math.floor(e.eventTime / 1000), EventSource: e.eventSource,
      ...(e.username ? { Username: e.username } : {}),
      Resources: e.resources.map((r) => ({ ResourceType: r.ResourceType, ResourceName: r.ResourceName })),
      // A JSON string, not an object: the SDK passes either through untouched, AWS sends a string.
      CloudTrailEvent: JSON.stringify(e.record),
    })),
    ...(more ? { NextToken: codec.encode(page[page.length - 1].c, hash) } : {}),
  };
}
