// Response builders for the four AWS protocols in this slice. XML is built with fast-xml-parser so
// escaping is never hand-rolled.
import { XMLBuilder } from "fast-xml-parser";
import type { SandboxResponse } from "../types.js";
import { AwsError, type Protocol } from "./errors.js";

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: false,
  format: false,
});

/** Serializes a plain object to XML; arrays repeat the element, undefined members are omitted. */
export function toXml(root: string, body: Record<string, unknown>, xmlns?: string): string {
  const clean = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, "Z");
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
      return out;
    }
    return v;
  };
  const content = clean(body) as Record<string, unknown>;
  if (xmlns) content["@_xmlns"] = xmlns;
  return `<?xml version="1.0" encoding="UTF-8"?>` + builder.build({ [root]: content });
}

export function jsonResponse(
  body: unknown,
  opts: { status?: number; contentType?: string; headers?: Record<string, string> } = {},
): SandboxResponse {
  return {
    status: opts.status ?? 200,
    headers: { "content-type": opts.contentType ?? "application/x-amz-json-1.1", ...opts.headers },
    body: JSON.stringify(body),
  };
}

export function xmlResponse(xml: string, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { "content-type": "text/xml", ...headers }, body: xml };
}

/** awsQuery success envelope: <OpResponse><OpResult>…</OpResult><ResponseMetadata>. */
export function queryResponse(
  op: string,
  result: Record<string, unknown>,
  requestId: string,
  xmlns: string,
): SandboxResponse {
  return xmlResponse(
    toXml(`${op}Response`, { [`${op}Result`]: result, ResponseMetadata: { RequestId: requestId } }, xmlns),
  );
}

const QUERY_NS: Record<string, string> = {
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
};

export function renderError(protocol: Protocol, err: AwsError, requestId: string, service = "sts"): SandboxResponse {
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  switch (protocol) {
    case "awsJson1_1": {
      const body: Record<string, unknown> = { __type: err.code, ...err.fields };
      if (err.messageKey) body[err.messageKey] = err.message;
      return jsonResponse(body, { status: err.status, headers });
    }
    case "restJson": {
      const body: Record<string, unknown> = { ...err.fields };
      if (err.messageKey) body[err.messageKey] = err.message;
      return jsonResponse(body, {
        status: err.status,
        contentType: "application/json",
        headers: { ...headers, "x-amzn-errortype": err.code },
      });
    }
    case "awsQuery":
      return xmlResponse(
        toXml(
          "ErrorResponse",
          { Error: { Type: err.type, Code: err.code, Message: err.message, ...err.fields }, RequestId: requestId },
          QUERY_NS[service] ?? QUERY_NS.sts,
        ),
        err.status,
        headers,
      );
    case "restXml":
      return xmlResponse(
        toXml("Error", {
          Code: err.code,
          Message: err.message,
          ...err.fields,
          RequestId: requestId,
          HostId: hostId(requestId),
        }),
        err.status,
        { "x-amz-request-id": requestId },
      );
    case "restXmlControl":
      return xmlResponse(
        toXml("ErrorResponse", {
          Error: { Code: err.code, Message: err.message, ...err.fields },
          RequestId: requestId,
          HostId: hostId(requestId),
        }),
        err.status,
        { "x-amz-request-id": requestId },
      );
    case "plain":
      return {
        status: err.status,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ error: err.code, error_description: err.message }),
      };
  }
}

function hostId(requestId: string): string {
  return Buffer.from(`sandbox-host-${requestId}`).toString("base64");
}
