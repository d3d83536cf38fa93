// CloudTrail, LookupEvents only (awsJson1_1). Accepts the JS SDK's `CloudTrail_20131101.<Op>` and
// botocore's `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>` targets by dispatching on the
// text after the last '.'. LookupEvents calls are themselves management events and are recorded.
import { authErrors } from "../../auth/auth-errors.js";
import { BackgroundTraffic } from "../../audit/background.js";
import { identityStoreArn } from "../../fixture/directory.js";
import type { ServiceFactory } from "../../context.js";
import { policiesOf } from "../../iam/principal.js";
import { isActionAllowed } from "../../iam/policy.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import type { SandboxRequest } from "../../types.js";
import { lookupEvents, parseLookupInput } from "./lookup-events.js";
import { cloudTrailErrors } from "./messages.js";
import { NextTokenCodec } from "./next-token.js";
import { RateLimiter } from "./rate-limiter.js";

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  const text = req.body.toString("utf8").trim();
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw cloudTrailErrors.serialization("The request body is not a JSON object");
}

/** requestParameters in CloudTrail's camelCase, only members that were sent (shape UNVERIFIED). */
function recordedParams(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attrs = body.LookupAttributes;
  if (Array.isArray(attrs))
    out.lookupAttributes = attrs.map((a: { AttributeKey?: unknown; AttributeValue?: unknown }) => ({
      attributeKey: a?.AttributeKey,
      attributeValue: a?.AttributeValue,
    }));
  const time = (v: unknown) => (typeof v === "number" ? new Date(v * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : v);
  if (body.StartTime !== undefined) out.startTime = time(body.StartTime);
  if (body.EndTime !== undefined) out.endTime = time(body.EndTime);
  if (body.EventCategory !== undefined) out.eventCategory = body.EventCategory;
  if (body.MaxResults !== undefined) out.maxResults = body.MaxResults;
  return out;
}

export const createCloudTrailService: ServiceFactory = (ctx) => {
  const limiter = new RateLimiter(ctx.fixture.cloudtrail.lookupRequestsPerSecond, ctx.clock);
  const codec = new NextTokenCodec();
  // A busy account (fixture cloudtrail.backgroundTraffic): other users' records from the sandbox's start on.
  const bg = ctx.fixture.cloudtrail.backgroundTraffic;
  if (bg)
    ctx.trail.background = new BackgroundTraffic(
      bg,
      ctx.clock.now(),
      ctx.fixture.account,
      ctx.fixture.region,
      identityStoreArn(ctx.fixture),
    );
  return {
    signingNames: ["cloudtrail"],
    handle: async (req) => {
      // Non-S3 services always hash the body themselves: an "UNSIGNED-PAYLOAD"-style marker (which the
      // shared verifier lets through for S3's sake) must not leave a JSON body unverified.
      const declared = req.headers["x-amz-content-sha256"];
      if (declared !== undefined && !/^[0-9a-f]{64}$/.test(declared)) throw authErrors("awsJson1_1").badSignature();
      const target = req.headers["x-amz-target"] ?? "";
      const op = target.slice(target.lastIndexOf(".") + 1);
      if (req.method !== "POST" || !/(^|\.)CloudTrail_20131101\.[A-Za-z]+$/.test(target) || op !== "LookupEvents") {
        throw cloudTrailErrors.unknownOperation(op || target);
      }
      let params: Record<string, unknown> = {};
      const record = (err?: AwsError) =>
        ctx.trail.record({
          req,
          eventSource: "cloudtrail.amazonaws.com",
          eventName: "LookupEvents",
          readOnly: true,
          managementEvent: true,
          requestParameters: params,
          responseElements: null,
          ...(err ? { errorCode: err.code, errorMessage: err.message } : {}),
        });
      try {
        const lineage = req.lineage!;
        // Throttling comes first: a throttled call is refused before it is authorized or validated (and is
        // still recorded with errorCode ThrottlingException — the sandbox's choice, UNVERIFIED).
        if (!limiter.take(`${lineage.accountId}/${req.region}`)) throw cloudTrailErrors.throttled();
        const body = jsonBody(req);
        params = recordedParams(body);
        if (!isActionAllowed(policiesOf(ctx.fixture, lineage), "cloudtrail:LookupEvents", "*"))
          throw cloudTrailErrors.notAuthorized(lineage.callerArn, "cloudtrail:LookupEvents");
        const out = lookupEvents(ctx.trail, codec, parseLookupInput(body), ctx.clock.now());
        record();
        return jsonResponse(out);
      } catch (e) {
        if (e instanceof AwsError) record(e);
        throw e;
      }
    },
  };
};
