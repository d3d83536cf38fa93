// AWS Glue Data Catalog (awsJson1_1, X-Amz-Target AWSGlue.<Op>, signing name glue): GetDatabase and
// GetTable, enough for the harness to prove with its base principal that the tables and columns a
// scenario names exist. IAM and Lake Formation are enforced (operations.ts); every call, refused or not,
// becomes a CloudTrail record (eventSource glue.amazonaws.com).
import type { EmulatedService, ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { glueText } from "./messages.js";
import { getDatabase, getTable, type Body } from "./operations.js";
import { getDatabases, getTables } from "./list.js";

function parseBody(raw: Buffer): Body {
  if (raw.length === 0) return {};
  try {
    const v: unknown = JSON.parse(raw.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Body;
  } catch {
    /* fall through */
  }
  throw new AwsError("SerializationException", glueText.serialization(), { messageKey: "Message" });
}

const params = (b: Body, keys: [string, string][]) =>
  Object.fromEntries(keys.filter(([k]) => b[k] !== undefined).map(([k, wire]) => [wire, b[k]]));

export const createGlueService: ServiceFactory = (ctx) => {
  const createdAt = ctx.clock.now();
  const ops: Record<
    string,
    { run: (req: SandboxRequest, b: Body) => Record<string, unknown>; params: (b: Body) => Record<string, unknown> }
  > = {
    GetDatabase: {
      run: (req, b) => getDatabase(ctx, req, b, createdAt),
      params: (b) =>
        params(b, [
          ["CatalogId", "catalogId"],
          ["Name", "name"],
        ]),
    },
    GetDatabases: {
      run: (req, b) => getDatabases(ctx, req, b, createdAt),
      params: (b) => params(b, [["CatalogId", "catalogId"]]),
    },
    GetTables: {
      run: (req, b) => getTables(ctx, req, b, createdAt),
      params: (b) =>
        params(b, [
          ["CatalogId", "catalogId"],
          ["DatabaseName", "databaseName"],
        ]),
    },
    GetTable: {
      run: (req, b) => getTable(ctx, req, b, createdAt),
      params: (b) =>
        params(b, [
          ["CatalogId", "catalogId"],
          ["DatabaseName", "databaseName"],
          ["Name", "name"],
        ]),
    },
  };

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const target = req.headers["x-amz-target"] ?? "";
    const op = target.slice(target.lastIndexOf(".") + 1);
    const spec = ops[op];
    if (!spec)
      throw new AwsError("UnknownOperationException", glueText.unknownOperation(op || "(none)"), {
        messageKey: "Message",
      });
    let body: Body = {};
    try {
      body = parseBody(req.body);
      const out = spec.run(req, body);
      ctx.trail.record({
        req,
        eventSource: "glue.amazonaws.com",
        eventName: op,
        readOnly: true,
        requestParameters: spec.params(body),
        responseElements: null,
      });
      return jsonResponse(out, { headers: { "x-amzn-requestid": req.requestId } });
    } catch (e) {
      if (e instanceof AwsError) {
        ctx.trail.record({
          req,
          eventSource: "glue.amazonaws.com",
          eventName: op,
          readOnly: true,
          requestParameters: spec.params(body),
          errorCode: e.code,
          errorMessage: e.message,
        });
      }
      throw e;
    }
  }

  const service: EmulatedService = { signingNames: ["glue"], handle };
  return service;
};
