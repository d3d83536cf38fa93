// Validates a raw sandbox response (status, headers, body bytes) against the operation's output schema,
// or an error response against the error shape, from the installed @aws-sdk/client-* package
// (model-source.ts). The SDK itself is a weak oracle: it drops unknown members, lets unknown enum values
// and objects-instead-of-JSON-strings through (emulator-anchors §5), so these checks read the wire.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { NormalizedSchema } from "@smithy/core/schema";
import { serviceModel, type ServiceId, type ServiceModel } from "./model-source.js";
import { HARNESS_REQUIRED, JSON_STRING_MEMBERS } from "./model-extras.js";

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
export type Rule =
  "unknown-member" | "type" | "required" | "harness-required" | "enum" | "json-string" | "envelope" | "error-status";
export interface Violation {
  path: string;
  rule: Rule;
  detail: string;
}

interface Ctx {
  model: ServiceModel;
  xml: boolean;
  out: Violation[];
}
const add = (c: Ctx, path: string, rule: Rule, detail: string): void => {
  c.out.push({ path, rule, detail });
};

// ---- primitive formats -------------------------------------------------------------------------
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const NUM_TEXT = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Timestamp wire format: the schema's own format, else the protocol default for where it travels. */
function tsFormat(m: NormalizedSchema, where: "json" | "xml" | "header"): "epoch" | "iso" | "http" {
  const code = m.getSchema() as number;
  if (code === 5) return "iso";
  if (code === 6) return "http";
  if (code === 7) return "epoch";
  return where === "json" ? "epoch" : where === "xml" ? "iso" : "http";
}

function kind(m: NormalizedSchema): string {
  return m.isStructSchema()
    ? "structure"
    : m.isListSchema()
      ? "list"
      : m.isMapSchema()
        ? "map"
        : m.isTimestampSchema()
          ? "timestamp"
          : m.isBlobSchema()
            ? "blob"
            : m.isBooleanSchema()
              ? "boolean"
              : m.isNumericSchema() || m.isBigIntegerSchema() || m.isBigDecimalSchema()
                ? "number"
                : m.isDocumentSchema()
                  ? "document"
                  : "string";
}

/** Checks a scalar given as text (an XML element's content or a header value). */
function scalarText(c: Ctx, text: string, m: NormalizedSchema, path: string, where: "xml" | "header"): void {
  const k = kind(m);
  if (k === "number" && !NUM_TEXT.test(text)) add(c, path, "type", `expected a number, got ${JSON.stringify(text)}`);
  if (k === "boolean" && text !== "true" && text !== "false")
    add(c, path, "type", `expected true|false, got ${JSON.stringify(text)}`);
  if (k === "blob" && !BASE64.test(text)) add(c, path, "type", "expected base64 (blob)");
  if (k === "timestamp") {
    const f = tsFormat(m, where);
    const ok = f === "iso" ? ISO.test(text) : f === "http" ? HTTP_DATE.test(text) : NUM_TEXT.test(text);
    if (!ok) add(c, path, "type", `expected a ${f} timestamp, got ${JSON.stringify(text)}`);
  }
}

function stringChecks(c: Ctx, v: string, parent: string | undefined, member: string, path: string): void {
  const allowed = parent ? c.model.enumOf(parent, member) : undefined;
  if (allowed && !allowed.includes(v)) add(c, path, "enum", `${JSON.stringify(v)} is not one of ${allowed.join("|")}`);
  if (parent && JSON_STRING_MEMBERS.has(`${parent}.${member}`)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      /* reported below */
    }
    if (!parsed || typeof parsed !== "object") add(c, path, "json-string", "must be a string holding a JSON object");
  }
}

/** Required members: the schema's required count (the first N members) plus the harness list. */
function requiredMissing(c: Ctx, s: NormalizedSchema, present: (member: string) => boolean, path: string): void {
  const names = [...s.structIterator()].map(([n]) => n);
  const count = (s.getSchema() as unknown[])[6];
  for (const n of names.slice(0, typeof count === "number" ? count : 0))
    if (!present(n)) add(c, `${path}.${n}`, "required", "required by the model, missing");
  for (const n of HARNESS_REQUIRED[c.model.id]?.[s.getName() ?? ""] ?? [])
    if (!present(n)) add(c, `${path}.${n}`, "harness-required", "the harness relies on it (model-extras.ts), missing");
}

const bound = (m: NormalizedSchema) => {
  const t = m.getMergedTraits() as Record<string, unknown>;
  return !!(t.httpHeader || t.httpPrefixHeaders || t.httpResponseCode || t.httpQuery || t.httpLabel);
};

// ---- JSON --------------------------------------------------------------------------------------
function jsonValue(c: Ctx, v: unknown, m: NormalizedSchema, path: string, parent?: string, member = ""): void {
  const k = kind(m);
  if (v === null) return void add(c, path, "type", `null where a ${k} is expected`);
  if (k === "document") return;
  if (k === "structure") {
    if (typeof v !== "object" || Array.isArray(v))
      return void add(c, path, "type", `expected an object (${m.getName()})`);
    const members = new Map<string, [string, NormalizedSchema]>();
    for (const [n, ms] of m.structIterator())
      if (!bound(ms)) members.set((ms.getMergedTraits() as { jsonName?: string }).jsonName ?? n, [n, ms]);
    for (const [key, val] of Object.entries(v as Record<string, unknown>)) {
      const hit = members.get(key);
      if (!hit) add(c, `${path}.${key}`, "unknown-member", `not a member of ${m.getName()}`);
      else jsonValue(c, val, hit[1], `${path}.${key}`, m.getName(), hit[0]);
    }
    if (m.isUnionSchema() && Object.keys(v as object).length !== 1)
      add(c, path, "type", `union ${m.getName()} must set exactly one member`);
    return requiredMissing(c, m, (n) => (v as Record<string, unknown>)[n] !== undefined, path);
  }
  if (k === "list") {
    if (!Array.isArray(v)) return void add(c, path, "type", "expected an array");
    return v.forEach((x, i) => jsonValue(c, x, m.getValueSchema(), `${path}[${i}]`, parent, member));
  }
  if (k === "map") {
    if (typeof v !== "object" || Array.isArray(v)) return void add(c, path, "type", "expected an object (map)");
    for (const [key, val] of Object.entries(v as object)) jsonValue(c, val, m.getValueSchema(), `${path}{${key}}`);
    return;
  }
  const problem = jsonScalarProblem(k, m, v);
  if (problem) {
    const jsonString = k === "string" && parent !== undefined && JSON_STRING_MEMBERS.has(`${parent}.${member}`);
    return add(c, path, jsonString ? "json-string" : "type", problem);
  }
  if (k === "string") stringChecks(c, v as string, parent, member, path);
}

/** Why a JSON scalar does not fit its member's type (undefined when it fits). */
function jsonScalarProblem(k: string, m: NormalizedSchema, v: unknown): string | undefined {
  const got = `got ${JSON.stringify(v)}`;
  switch (k) {
    case "timestamp": {
      const f = tsFormat(m, "json");
      const ok =
        f === "epoch"
          ? typeof v === "number" && Number.isFinite(v)
          : typeof v === "string" && (f === "iso" ? ISO : HTTP_DATE).test(v);
      return ok ? undefined : `expected a ${f} timestamp, ${got}`;
    }
    // Non-finite doubles travel as strings in AWS JSON protocols.
    case "number":
      return typeof v === "number" || ["NaN", "Infinity", "-Infinity"].includes(v as string)
        ? undefined
        : `expected a number, ${got}`;
    case "boolean":
      return typeof v === "boolean" ? undefined : `expected a boolean, ${got}`;
    case "blob":
      return typeof v === "string" && BASE64.test(v) ? undefined : `expected base64 (blob), ${got}`;
    default:
      return typeof v === "string" ? undefined : `expected a string, got ${typeof v}`;
  }
}

// ---- XML ---------------------------------------------------------------------------------------
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

export function parseXml(text: string): XNode | undefined {
  const toNodes = (arr: Record<string, unknown>[]): XNode[] =>
    arr.flatMap((o) => {
      const name = Object.keys(o).find((k) => k !== ":@");
      if (!name || name === "#text") return [];
      const kids = o[name] as Record<string, unknown>[];
      const text = kids
        .filter((x) => "#text" in x)
        .map((x) => String(x["#text"]))
        .join("");
      return [{ name, attrs: (o[":@"] ?? {}) as Record<string, string>, children: toNodes(kids), text }];
    });
  return toNodes(parser.parse(text) as Record<string, unknown>[])[0];
}

const xmlNameOf = (n: string, m: NormalizedSchema) => (m.getMergedTraits() as { xmlName?: string }).xmlName ?? n;
const flat = (m: NormalizedSchema) => !!(m.getMergedTraits() as { xmlFlattened?: unknown }).xmlFlattened;

function xmlValue(c: Ctx, el: XNode, m: NormalizedSchema, path: string, parent?: string, member = ""): void {
  const k = kind(m);
  if (k === "structure") return xmlStruct(c, el, m, path);
  if (k === "list" || k === "map")
    return xmlItems(c, el.children, m, path, k === "list" ? xmlNameOf("member", m.getValueSchema()) : "entry");
  if (el.children.length)
    return void add(c, path, "type", `expected a ${k}, got child elements <${el.children[0].name}>`);
  scalarText(c, el.text, m, path, "xml");
  if (k === "string") stringChecks(c, el.text, parent, member, path);
}

function xmlItems(c: Ctx, items: XNode[], m: NormalizedSchema, path: string, itemName: string): void {
  items.forEach((it, i) => {
    if (it.name !== itemName)
      return void add(c, `${path}[${i}]`, "envelope", `expected <${itemName}>, got <${it.name}>`);
    if (m.isListSchema()) return xmlValue(c, it, m.getValueSchema(), `${path}[${i}]`);
    for (const kv of it.children)
      if (kv.name !== "key" && kv.name !== "value")
        add(c, `${path}[${i}]`, "envelope", `unexpected <${kv.name}> in a map entry`);
    const v = it.children.find((x) => x.name === "value");
    if (v) xmlValue(c, v, m.getValueSchema(), `${path}[${i}].value`);
  });
}

function xmlStruct(c: Ctx, el: XNode, s: NormalizedSchema, path: string): void {
  if (el.text.trim()) add(c, path, "type", `text content in structure ${s.getName()}`);
  const members = new Map<string, [string, NormalizedSchema]>();
  for (const [n, m] of s.structIterator()) if (!bound(m)) members.set(xmlNameOf(n, m), [n, m]);
  const seen = new Set<string>();
  for (const child of el.children) {
    const hit = members.get(child.name);
    const p = `${path}.${child.name}`;
    if (!hit) {
      add(c, p, "unknown-member", `not a member of ${s.getName()}`);
      continue;
    }
    const [n, m] = hit;
    if (flat(m) && (m.isListSchema() || m.isMapSchema())) {
      // A flattened list repeats the member element itself, each holding one item.
      if (m.isListSchema()) xmlValue(c, child, m.getValueSchema(), `${p}[]`, s.getName(), n);
      else xmlItems(c, [{ ...child, name: "entry" }], m, p, "entry");
    } else {
      if (seen.has(n)) add(c, p, "envelope", "element repeated for a non-flattened member");
      xmlValue(c, child, m, p, s.getName(), n);
    }
    seen.add(n);
  }
  requiredMissing(c, s, (n) => seen.has(n), path);
}

// ---- headers -----------------------------------------------------------------------------------
function headerMembers(c: Ctx, s: NormalizedSchema, headers: Record<string, string>): void {
  for (const [n, m] of s.structIterator()) {
    const h = (m.getMergedTraits() as { httpHeader?: string }).httpHeader;
    const v = h ? headers[h.toLowerCase()] : undefined;
    if (v === undefined) continue;
    scalarText(c, v, m, `header ${h}`, "header");
    if (kind(m) === "string") stringChecks(c, v, s.getName(), n, `header ${h}`);
  }
}

// ---- entry point -------------------------------------------------------------------------------
/** Every way the response departs from the model; [] when it conforms. */
export function validateResponse(
  service: ServiceId,
  op: string,
  res: WireResponse,
  opts: { method?: string } = {},
): Violation[] {
  const model = serviceModel(service);
  const c: Ctx = { model, xml: model.protocol === "awsQuery" || model.protocol === "restXml", out: [] };
  const text = res.body.toString("utf8");
  if (res.status >= 300) return validateError(c, res, text, opts.method);
  const out = model.output(op);
  const ct = res.headers["content-type"] ?? "";
  const rest = model.protocol === "restXml" || model.protocol === "restJson1";
  if (rest) headerMembers(c, out, res.headers);
  const payload = [...out.structIterator()].find(
    ([, m]) => (m.getMergedTraits() as { httpPayload?: unknown }).httpPayload,
  );
  if (payload && !payload[1].isStructSchema()) return c.out; // blob/stream payload (GetObject): the bytes are the object
  if (!text.trim()) {
    // REST outputs may live entirely in headers (HeadObject, PutObject); RPC protocols always have a body.
    if (!rest) add(c, "$", "envelope", "empty body");
    const inHeader = (n: string) => {
      const h = (out.getMemberSchema(n).getMergedTraits() as { httpHeader?: string }).httpHeader;
      return h !== undefined && res.headers[h.toLowerCase()] !== undefined;
    };
    requiredMissing(c, out, inHeader, "$");
    return c.out;
  }
  if (!c.xml) {
    const want = model.protocol === "awsJson1_1" ? "application/x-amz-json-1.1" : "application/json";
    if (!ct.startsWith(want)) add(c, "header content-type", "envelope", `expected ${want}, got ${JSON.stringify(ct)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      add(c, "$", "envelope", "body is not JSON");
      return c.out;
    }
    jsonValue(c, body, out, "$");
    return c.out;
  }
  if (!/^(text|application)\/xml/.test(ct))
    add(c, "header content-type", "envelope", `expected text/xml or application/xml, got ${JSON.stringify(ct)}`);
  if (XMLValidator.validate(text) !== true) {
    add(c, "$", "envelope", "body is not well-formed XML");
    return c.out;
  }
  const root = parseXml(text)!;
  if (model.xmlNamespace && root.attrs.xmlns !== model.xmlNamespace)
    add(c, `<${root.name}>`, "envelope", `xmlns ${JSON.stringify(root.attrs.xmlns)}, model says ${model.xmlNamespace}`);
  if (model.protocol === "awsQuery") {
    // <OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>
    if (root.name !== `${op}Response`) add(c, `<${root.name}>`, "envelope", `root must be <${op}Response>`);
    const result = root.children.find((x) => x.name === `${op}Result`);
    const meta = root.children.find((x) => x.name === "ResponseMetadata");
    if (!meta?.children.some((x) => x.name === "RequestId" && x.text))
      add(c, "<ResponseMetadata>", "envelope", "missing ResponseMetadata/RequestId");
    for (const x of root.children)
      if (x !== result && x !== meta) add(c, `<${x.name}>`, "unknown-member", `unexpected in <${op}Response>`);
    if (result) xmlStruct(c, result, out, "$");
    else requiredMissing(c, out, () => false, "$");
    return c.out;
  }
  // restXml: the root element is the output (or its structure payload), named by xmlName or the shape name.
  const target = payload ? payload[1] : out;
  const rootName = xmlNameOf(target.getName() ?? "", target);
  if (root.name !== rootName) add(c, `<${root.name}>`, "envelope", `root element must be <${rootName}>`);
  xmlStruct(c, root, target, "$");
  return c.out;
}

function validateError(c: Ctx, res: WireResponse, text: string, method?: string): Violation[] {
  const { model } = c;
  let code: string;
  let fields: Record<string, unknown> = {};
  if (method === "HEAD") return c.out; // HEAD errors carry no body; the SDK derives the code from the status
  if (!c.xml) {
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch {
      add(c, "$", "envelope", "error body is not JSON");
      return c.out;
    }
    // The SDK's order: restJson reads x-amzn-errortype first, awsJson reads __type first (facts §9).
    const header = (res.headers["x-amzn-errortype"] ?? "").split(":")[0];
    const type = String(fields.__type ?? fields.code ?? "")
      .replace(/^.*#/, "")
      .split(":")[0];
    code = model.protocol === "restJson1" ? header || type : type || header;
    if (!code)
      add(
        c,
        "$",
        "envelope",
        model.protocol === "restJson1" ? "no x-amzn-errortype header (the SDK would raise 'Unknown')" : "no __type",
      );
    delete fields.__type;
    delete fields.code;
  } else {
    if (XMLValidator.validate(text) !== true) {
      add(c, "$", "envelope", "error body is not well-formed XML");
      return c.out;
    }
    const root = parseXml(text)!;
    const error = root.name === "Error" ? root : root.children.find((x) => x.name === "Error");
    if (model.protocol === "awsQuery") {
      if (root.name !== "ErrorResponse" || !root.children.some((x) => x.name === "RequestId"))
        add(c, `<${root.name}>`, "envelope", "query errors are <ErrorResponse><Error>…</Error><RequestId>");
      if (model.xmlNamespace && root.attrs.xmlns !== model.xmlNamespace)
        add(
          c,
          `<${root.name}>`,
          "envelope",
          `xmlns ${JSON.stringify(root.attrs.xmlns)}, model says ${model.xmlNamespace}`,
        );
    }
    if (!error) {
      add(c, `<${root.name}>`, "envelope", "no <Error> element");
      return c.out;
    }
    code = error.children.find((x) => x.name === "Code")?.text ?? "";
    if (!code) add(c, "<Error>", "envelope", "no <Code>");
    // S3-family errors carry unmodelled members on real AWS (RequestId, HostId, Key, BucketName, …): only
    // the query protocol's <Error> is held to the error shape.
    if (model.protocol === "awsQuery")
      for (const x of error.children) if (!["Type", "Code"].includes(x.name)) fields[x.name] = x.text;
  }
  const shape = model.error(code);
  if (!shape) return c.out; // unmodelled (AccessDenied, auth errors, …): only the envelope can be checked
  const t = shape.getMergedTraits() as { httpError?: number };
  if (t.httpError && t.httpError !== res.status)
    add(c, code, "error-status", `HTTP ${res.status}, model says ${t.httpError}`);
  // The message travels as message or Message whatever the member's case; a shape without such a member
  // (SSO OIDC's {error, error_description}) must not carry one.
  const messageMember = [...shape.structIterator()].find(([n]) => n.toLowerCase() === "message")?.[0];
  for (const k of ["message", "Message"]) {
    if (messageMember && k in fields) {
      fields[messageMember] = fields[k];
      if (k !== messageMember) delete fields[k];
    }
  }
  jsonValue(c, fields, shape, code);
  return c.out;
}
