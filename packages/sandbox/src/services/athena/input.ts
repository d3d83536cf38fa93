// Request-body reading with the Athena model's constraints (botocore athena 2017-05-18). Violations are
// InvalidRequestException, as Athena answers them (message wording UNVERIFIED, see messages.ts).
import { AwsError } from "../../protocols/errors.js";
import { invalidRequest } from "./access.js";
import { apiText } from "./messages.js";

export type Body = Record<string, unknown>;

export function parseBody(raw: Buffer): Body {
  if (raw.length === 0) return {};
  try {
    const v: unknown = JSON.parse(raw.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Body;
  } catch {
    /* fall through */
  }
  throw new AwsError("SerializationException", apiText.serialization(), { messageKey: "Message" });
}

const fail = (member: string, constraint: string, value?: unknown): never => {
  throw invalidRequest(
    apiText.validation(member, constraint, value === undefined || value === null ? undefined : String(value)),
  );
};

interface StringRule {
  min?: number;
  max?: number;
  bytes?: boolean;
  pattern?: RegExp;
  required?: boolean;
}

export function str(body: Body, name: string, wire: string, rule: StringRule = {}): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return rule.required ? fail(wire, "Member must not be null") : undefined;
  if (typeof v !== "string")
    throw new AwsError("SerializationException", apiText.serialization(), { messageKey: "Message" });
  const len = rule.bytes ? Buffer.byteLength(v, "utf8") : [...v].length;
  // Long values are not echoed (a 256 KiB query in an error message helps nobody).
  const shown = v.length > 256 ? undefined : v;
  if (rule.min !== undefined && len < rule.min)
    fail(wire, `Member must have length greater than or equal to ${rule.min}`, shown);
  if (rule.max !== undefined && len > rule.max)
    fail(wire, `Member must have length less than or equal to ${rule.max}`, shown);
  if (rule.pattern && !rule.pattern.test(v))
    fail(wire, `Member must satisfy regular expression pattern: ${rule.pattern.source}`, shown);
  return v;
}

export function int(body: Body, name: string, wire: string, min: number, max?: number): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new AwsError("SerializationException", apiText.serialization(), { messageKey: "Message" });
  if (v < min) fail(wire, `Member must have value greater than or equal to ${min}`, v);
  if (max !== undefined && v > max) fail(wire, `Member must have value less than or equal to ${max}`, v);
  return v;
}

export function obj(body: Body, name: string): Body | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v))
    throw new AwsError("SerializationException", apiText.serialization(), { messageKey: "Message" });
  return v as Body;
}

export function strList(
  body: Body,
  name: string,
  wire: string,
  minItems: number,
  maxItems: number,
  itemMax: number,
): string[] | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new AwsError("SerializationException", apiText.serialization(), { messageKey: "Message" });
  if (v.length < minItems) fail(wire, `Member must have length greater than or equal to ${minItems}`);
  if (v.length > maxItems) fail(wire, `Member must have length less than or equal to ${maxItems}`);
  for (const x of v as string[])
    if (x.length < 1 || x.length > itemMax) fail(wire, `Member must have length less than or equal to ${itemMax}`);
  return v as string[];
}

export const WORKGROUP_PATTERN = /^[a-zA-Z0-9._-]{1,128}$/;
export const QUERY_ID_RULE: StringRule = { required: true, min: 1, max: 128, pattern: /^\S+$/ };
