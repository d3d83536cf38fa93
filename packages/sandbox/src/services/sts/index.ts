// STS (signing name sts, awsQuery): AssumeRole with ProvidedContexts and GetCallerIdentity. Every call
// is recorded in CloudTrail, refusals included.
import type { ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import { queryResponse, renderError } from "../../protocols/wire.js";
import { assumeRole } from "./assume-role.js";
import { assumeRoleParameters, recordAssumeRole, recordGetCallerIdentity } from "./audit.js";
import { parseForm } from "./form.js";
import { actionNotEmulated, unknownAction } from "./messages.js";
import { parseAssumeRole } from "./validation.js";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
/** Real STS actions outside the TIP slice: refused as not emulated rather than as unknown. */
const OTHER_STS_ACTIONS = new Set([
  "AssumeRoleWithSAML",
  "AssumeRoleWithWebIdentity",
  "AssumeRoot",
  "DecodeAuthorizationMessage",
  "GetAccessKeyInfo",
  "GetDelegatedAccessToken",
  "GetFederationToken",
  "GetSessionToken",
  "GetWebIdentityToken",
]);

export const createStsService: ServiceFactory = (ctx) => ({
  signingNames: ["sts"],
  async handle(req) {
    const form = parseForm(req.body);
    const action = form.Action ?? "";
    if (action === "GetCallerIdentity") {
      // No permission is needed to call GetCallerIdentity (an explicit Deny does not stop it either).
      const l = req.lineage!;
      recordGetCallerIdentity(ctx, req);
      return queryResponse(
        "GetCallerIdentity",
        { UserId: l.principalId, Account: l.accountId, Arn: l.callerArn },
        req.requestId,
        XMLNS,
      );
    }
    if (action === "AssumeRole") {
      const params = assumeRoleParameters({ roleArn: form.RoleArn, roleSessionName: form.RoleSessionName });
      try {
        const input = parseAssumeRole(form);
        Object.assign(params, assumeRoleParameters(input));
        const { lineage, credentials } = assumeRole(ctx, req, input);
        recordAssumeRole(ctx, req, params, input.roleArn, { lineage, accessKeyId: credentials.accessKeyId });
        return queryResponse(
          "AssumeRole",
          {
            ...(lineage.sourceIdentity ? { SourceIdentity: lineage.sourceIdentity } : {}),
            AssumedRoleUser: { Arn: lineage.callerArn, AssumedRoleId: lineage.principalId },
            Credentials: {
              AccessKeyId: credentials.accessKeyId,
              SecretAccessKey: credentials.secretAccessKey,
              SessionToken: credentials.sessionToken,
              Expiration: credentials.expiration,
            },
          },
          req.requestId,
          XMLNS,
        );
      } catch (e) {
        if (e instanceof AwsError)
          recordAssumeRole(ctx, req, params, form.RoleArn, { code: e.code, message: e.message });
        throw e;
      }
    }
    throw OTHER_STS_ACTIONS.has(action) ? actionNotEmulated(action) : unknownAction(action);
  },
  async unsigned(req) {
    // AssumeRoleWithWebIdentity/SAML are unsigned on AWS; say plainly that they are not emulated.
    if (req.method !== "POST" || !(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
      return undefined;
    const action = parseForm(req.body).Action;
    if (action !== "AssumeRoleWithWebIdentity" && action !== "AssumeRoleWithSAML") return undefined;
    return renderError("awsQuery", actionNotEmulated(action), req.requestId);
  },
});
