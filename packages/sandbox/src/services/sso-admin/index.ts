// IAM Identity Center admin API (SSO Admin: awsJson1_1, X-Amz-Target SWBExternalService.<Op>, signing
// name sso), read operations only: the application, its grants, scopes, assignments and authentication
// method, and trusted token issuers. Every call, refused or not, becomes a CloudTrail record
// (eventSource sso.amazonaws.com).
import type { EmulatedService, ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { ssoAdminText } from "./messages.js";
import * as ops from "./operations.js";

function parseBody(raw: Buffer): ops.Body {
  if (raw.length === 0) return {};
  try {
    const v: unknown = JSON.parse(raw.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as ops.Body;
  } catch {
    /* fall through */
  }
  throw new AwsError("ValidationException", ssoAdminText.serialization(), { messageKey: "Message" });
}

export const createSsoAdminService: ServiceFactory = (ctx) => {
  const createdAt = ctx.clock.now();
  const table: Record<string, (req: SandboxRequest, b: ops.Body) => Record<string, unknown>> = {
    DescribeApplication: (req, b) => ops.describeApplication(ctx, req, b, createdAt),
    ListApplicationGrants: (req, b) => ops.listApplicationGrants(ctx, req, b),
    ListApplicationAccessScopes: (req, b) => ops.listApplicationAccessScopes(ctx, req, b),
    GetApplicationAssignmentConfiguration: (req, b) => ops.getApplicationAssignmentConfiguration(ctx, req, b),
    ListApplicationAssignments: (req, b) => ops.listApplicationAssignments(ctx, req, b),
    ListApplicationAuthenticationMethods: (req, b) => ops.listApplicationAuthenticationMethods(ctx, req, b),
    DescribeTrustedTokenIssuer: (req, b) => ops.describeTrustedTokenIssuer(ctx, req, b),
  };
  const params = (b: ops.Body) =>
    Object.fromEntries(
      Object.entries(b)
        .filter(([k]) => k.endsWith("Arn"))
        .map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]),
    );

  async function handle(req: SandboxRequest): Promise<SandboxResponse> {
    const target = req.headers["x-amz-target"] ?? "";
    const op = target.slice(target.lastIndexOf(".") + 1);
    const run = table[op];
    if (!run)
      throw new AwsError("UnknownOperationException", ssoAdminText.unknownOperation(op || "(none)"), {
        messageKey: "Message",
      });
    let body: ops.Body = {};
    try {
      body = parseBody(req.body);
      const out = run(req, body);
      ctx.trail.record({
        req,
        eventSource: "sso.amazonaws.com",
        eventName: op,
        readOnly: true,
        requestParameters: params(body),
        responseElements: null,
      });
      return jsonResponse(out, { headers: { "x-amzn-requestid": req.requestId } });
    } catch (e) {
      if (e instanceof AwsError)
        ctx.trail.record({
          req,
          eventSource: "sso.amazonaws.com",
          eventName: op,
          readOnly: true,
          requestParameters: params(body),
          errorCode: e.code,
          errorMessage: e.message,
        });
      throw e;
    }
  }

  const service: EmulatedService = { signingNames: ["sso"], handle };
  return service;
};
