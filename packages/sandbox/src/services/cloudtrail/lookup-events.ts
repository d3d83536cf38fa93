// LookupEvents over the sandbox trail: delivered management events only (data events such as S3
// GetObject never appear), newest first, at most one lookup attribute, MaxResults 1–50 (default 50),
// a 90-day default window, and a NextToken that must be reused with identical parameters.
import type { Trail } from "../../audit/trail.js";
import { cloudTrailErrors } from "./messages.js";
import { NextTokenCodec, type Cursor } from "./next-token.js";

const ATTRIBUTE_KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const;
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
      if (!a || typeof a.AttributeKey !== "string" || !ATTRIBUTE_KEYS.includes(a.AttributeKey as AttributeKey))
        throw cloudTrailErrors.invalidAttributeKey(String(a?.AttributeKey));
      if (typeof a.AttributeValue !== "string" || a.AttributeValue.length < 1 || a.AttributeValue.length > 2000)
        throw cloudTrailErrors.invalidAttributeValue();
      out.attribute = { key: a.AttributeKey as AttributeKey, value: a.AttributeValue };
    }
  }
  for (const [name, field] of [
    ["StartTime", "startTime"],
    ["EndTime", "endTime"],
  ] as const) {
    const v = body[name];
    if (v === undefined || v === null) continue;
    // The SDK sends epoch seconds (awsJson timestamps); anything else does not fit the shape.
    if (!isNum(v)) throw cloudTrailErrors.serialization(`${name} must be a timestamp in epoch seconds`);
    out[field] = v;
  }
  if (out.startTime !== undefined && out.endTime !== undefined && out.startTime > out.endTime)
    throw cloudTrailErrors.invalidTimeRange();
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

export function lookupEvents(
  trail: Trail,
  codec: NextTokenCodec,
  input: LookupEventsInput,
  nowMs: number,
): Record<string, unknown> {
  // The token binds every filter as sent (not the defaults, which move with the clock); MaxResults may change between pages.
  const hash = NextTokenCodec.paramsHash([
    input.attribute ?? null,
    input.startTime ?? null,
    input.endTime ?? null,
    input.eventCategory ?? null,
  ]);
  let cursor: Cursor | undefined;
  if (input.nextToken !== undefined) {
    cursor = codec.decode(input.nextToken, hash);
    if (!cursor) throw cloudTrailErrors.invalidNextToken();
  }
  // The sandbox records no Insights events.
  if (input.eventCategory === "insight") return { Events: [] };

  const endS = input.endTime ?? nowMs / 1000;
  const startS = input.startTime ?? endS - NINETY_DAYS_S;
  // Records carry whole seconds (eventTime "…:05Z"); the window compares at that resolution.
  const fromMs = Math.floor(startS) === startS ? startS * 1000 : Math.ceil(startS) * 1000;
  const toMs = Math.floor(endS) * 1000 + 999;
  const max = input.maxResults ?? DEFAULT_MAX_RESULTS;
  // One more than a page: whether there is a next page.
  const found = trail.lookup(input.attribute, fromMs, toMs, cursor, max + 1);
  const page = found.slice(0, max).map((e) => ({ e, c: { eventTime: e.eventTime, seq: e.seq } }));
  const more = found.length > max;
  return {
    Events: page.map(({ e }) => ({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly),
      ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
      EventTime: Math.floor(e.eventTime / 1000),
      EventSource: e.eventSource,
      ...(e.username ? { Username: e.username } : {}),
      Resources: e.resources.map((r) => ({ ResourceType: r.ResourceType, ResourceName: r.ResourceName })),
      // A JSON string, not an object: the SDK passes either through untouched, AWS sends a string.
      CloudTrailEvent: JSON.stringify(e.record),
    })),
    ...(more ? { NextToken: codec.encode(page[page.length - 1].c, hash) } : {}),
  };
}
