// Lake Formation's control-plane API (restJson, POST /<Operation>, signing name lakeformation). The
// operations table is the one place Lake Formation read operations are added (doctor's
// DescribeLakeFormationIdentityCenterConfiguration here; others may add theirs beside it). Every call,
// refused or not, becomes a CloudTrail record (eventSource lakeformation.amazonaws.com).
import type { SandboxContext, ServiceFactory } from "../../context.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import type { SandboxRequest } from "../../types.js";
import { lakeFormationReadOperations } from "./reads.js";

export type LfBody = Record<string, unknown>;
export type LfOperation = (ctx: SandboxContext, req: SandboxRequest, body: LfBody) => Record<string, unknown>;

const lfError = (code: string, message: string, status = 400) =>
  new AwsError(code, message, { status, messageKey: "Message" });

/** IAM's usual wording (UNVERIFIED for Lake Formation); AccessDeniedException is 403 in the LF model. */
export function requireLfAction(ctx: SandboxContext, req: SandboxRequest, action: string): void {
  if (!isActionAllowed(policiesOf(ctx.fixture, req.lineage!), action, "*")) {
    throw lfError(
      "AccessDeniedException",
      `User: ${req.lineage!.callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      403,
    );
  }
}

/** The Identity Center integration (CreateLakeFormationIdentityCenterConfiguration), fixture lakeFormation.identityCenter. */
const describeIdentityCenterConfiguration: LfOperation = (ctx, req, body) => {
  requireLfAction(ctx, req, "lakeformation:DescribeLakeFormationIdentityCenterConfiguration");
  const f = ctx.fixture;
  const catalogId = typeof body.CatalogId === "string" ? body.CatalogId : f.account;
  const ic = f.lakeFormation.identityCenter;
  // UNVERIFIED: the exact error and text for a catalog without the integration.
  if (!ic || catalogId !== f.account)
    throw lfError("EntityNotFoundException", `Identity Center configuration not found for catalog ${catalogId}.`);
  return {
    CatalogId: catalogId,
    InstanceArn: ic.instanceArn,
    ApplicationArn: ic.applicationArn,
    ExternalFiltering: { Status: "DISABLED", AuthorizedTargets: [] },
  };
};

export const lakeFormationOperations: Record<string, LfOperation> = {
  ...lakeFormationReadOperations,
  DescribeLakeFormationIdentityCenterConfiguration: describeIdentityCenterConfiguration,
};

export const createLakeFormationApiService: ServiceFactory = (ctx) => ({
  signingNames: ["lakeformation"],
  async handle(req) {
    const op = req.path.replace(/^\/+|\/+$/g, "");
    const run = lakeFormationOperations[op];
    let body: LfBody = {};
    const record = (e?: AwsError) =>
      ctx.trail.record({
        req,
        eventSource: "lakeformation.amazonaws.com",
        eventName: op,
        readOnly: true,
        requestParameters: body,
        responseElements: null,
        ...(e ? { errorCode: e.code, errorMessage: e.message } : {}),
      });
    try {
      if (req.method !== "POST" || !run)
        throw lfError(
          "UnknownOperationException",
          `The sandbox does not emulate Lake Formation operation ${req.method} /${op}.`,
        );
      try {
        body = req.body.length ? (JSON.parse(req.body.toString("utf8")) as LfBody) : {};
      } catch {
        throw lfError("InvalidInputException", "The request body is not valid JSON.");
      }
      const out = run(ctx, req, body);
      record();
      return jsonResponse(out, { contentType: "application/json", headers: { "x-amzn-requestid": req.requestId } });
    } catch (e) {
      if (e instanceof AwsError) record(e);
      throw e;
    }
  },
});
