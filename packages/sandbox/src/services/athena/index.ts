// Amazon Athena (awsJson1_1, X-Amz-Target AmazonAthena.<Op>) over the sandbox's Lake Formation
// engine. Every call — allowed, denied or invalid — becomes a CloudTrail record; queries additionally
// leave lakeformation GetDataAccess records for each table they read or were refused.
import type { EmulatedService, ServiceFactory } from "../../context.js";
import { LakeEngines } from "../../lakeformation/engine-pool.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { QueryStore } from "./executions.js";
import { parseBody, type Body } from "./input.js";
import { apiText } from "./messages.js";
import {
  batchGetQueryExecution,
  getQueryExecution,
  getQueryResults,
  getWorkGroup,
  listQueryExecutions,
  stopQueryExecution,
  type OpDeps,
} from "./operations.js";
import { startQueryExecution } from "./start.js";

type Handler = (req: SandboxRequest, body: Body) => Record<string, unknown>;

interface OpSpec {
  handler: Handler;
  readOnly: boolean;
  /** CloudTrail requestParameters (camelCase, as CloudTrail records Athena requests). Never any data. */
  params: (b: Body) => Record<string, unknown>;
  response?: (out: Record<string, unknown>) => Record<string, unknown> | null;
}

const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const byId = (b: Body) => defined({ queryExecutionId: b.QueryExecutionId });

export const createAthenaService: ServiceFactory = (ctx) => {
  const store = new QueryStore();
  const engines = new LakeEngines(ctx.fixture);
  const deps: OpDeps = { ctx, store, createdAt: ctx.clock.now() };
  const start = { ctx, store, engines };

  const ops: Record<string, OpSpec> = {
    StartQueryExecution: {
      handler: (req, b) => startQueryExecution(start, req, b),
      readOnly: false,
      params: (b) => {
        const qec = (b.QueryExecutionContext ?? undefined) as Record<string, unknown> | undefined;
        return defined({
          queryString: b.QueryString,
          clientRequestToken: b.ClientRequestToken,
          queryExecutionContext: qec ? defined({ database: qec.Database, catalog: qec.Catalog }) : undefined,
          workGroup: b.WorkGroup,
        });
      },
      response: (out) => ({ queryExecutionId: out.QueryExecutionId }),
    },
    GetQueryExecution: { handler: (req, b) => getQueryExecution(deps, req, b), readOnly: true, params: byId },
    GetQueryResults: {
      handler: (req, b) => getQueryResults(deps, req, b),
      readOnly: true,
      params: (b) =>
        defined({ queryExecutionId: b.QueryExecutionId, maxResults: b.MaxResults, nextToken: b.NextToken }),
    },
    StopQueryExecution: { handler: (req, b) => stopQueryExecution(deps, req, b), readOnly: false, params: byId },
    BatchGetQueryExecution: {
      handler: (req, b) => batchGetQueryExecution(deps, req, b),
      readOnly: true,
      params: (b) => defined({ queryExecutionIds: b.QueryExecutionIds }),
    },
    ListQueryExecutions: {
      handler: (req, b) => listQueryExecutions(deps, req, b),
      readOnly: true,
      params: (b) => defined({ workGroup: b.WorkGroup, maxResults: b.MaxResults, nextToken: b.NextToken }),
    },
    GetWorkGroup: {
      handler: (req, b) => getWorkGroup(deps, req, b),
      readOnly: true,
      params: (b) => defined({ workGroup: b.WorkGroup }),
    },
  };

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    // JS sends AmazonAthena.<Op>; other SDKs may namespace the prefix: dispatch on the last segment.
    const target = req.headers["x-amz-target"] ?? "";
    const op = target.slice(target.lastIndexOf(".") + 1);
    const spec = ops[op];
    if (!spec)
      throw new AwsError("UnknownOperationException", apiText.unknownOperation(op || "(none)"), {
        messageKey: "Message",
      });
    let body: Body = {};
    try {
      body = parseBody(req.body);
      const out = spec.handler(req, body);
      ctx.trail.record({
        req,
        eventSource: "athena.amazonaws.com",
        eventName: op,
        readOnly: spec.readOnly,
        requestParameters: spec.params(body),
        responseElements: spec.response ? spec.response(out) : null,
      });
      return jsonResponse(out, { headers: { "x-amzn-requestid": req.requestId } });
    } catch (e) {
      if (e instanceof AwsError) {
        ctx.trail.record({
          req,
          eventSource: "athena.amazonaws.com",
          eventName: op,
          readOnly: spec.readOnly,
          requestParameters: safeParams(spec, body),
          errorCode: e.code,
          errorMessage: e.message,
        });
      }
      throw e;
    }
  }

  const service: EmulatedService = { signingNames: ["athena"], handle, close: () => engines.close() };
  return service;
};

function safeParams(spec: OpSpec, body: Body): Record<string, unknown> | null {
  try {
    return spec.params(body);
  } catch {
    return null;
  }
}
