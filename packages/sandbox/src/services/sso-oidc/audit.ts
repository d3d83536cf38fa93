// The CloudTrail record of CreateTokenWithIAM (facts §1.9): the caller is the IAM principal, the user
// appears only in additionalEventData, and every token or assertion is HIDDEN_DUE_TO_SECURITY_REASONS.
import type { SandboxContext } from "../../context.js";
import { identityStoreArn } from "../../fixture/directory.js";
import type { SandboxRequest } from "../../types.js";
import type { CallFacts } from "./create-token.js";

export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
const SECRET_INPUTS = new Set(["assertion", "code", "refreshToken", "codeVerifier", "subjectToken"]);

export function recordCreateToken(
  ctx: SandboxContext,
  req: SandboxRequest,
  facts: CallFacts,
  error?: { code: string; message: string },
): void {
  const requestParameters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts.input))
    if (v !== undefined) requestParameters[k] = SECRET_INPUTS.has(k) ? HIDDEN : v;
  const r = facts.response;
  ctx.trail.record({
    req,
    eventSource: "sso-oauth.amazonaws.com",
    eventName: "CreateTokenWithIAM",
    readOnly: false,
    requestParameters,
    responseElements:
      r && !error
        ? {
            accessToken: HIDDEN,
            ...(r.refreshToken ? { refreshToken: HIDDEN } : {}),
            expiresIn: r.expiresIn,
            tokenType: r.tokenType,
            issuedTokenType: r.issuedTokenType,
          }
        : null,
    additionalEventData:
      facts.userId && (!error || ctx.faults.refusedSignInRecordsUser)
        ? {
            "identitystore:UserId": facts.userId,
            "identitystore:IdentityStoreArn": identityStoreArn(ctx.fixture),
            ...(facts.credentialId ? { "identitycenter:CredentialId": facts.credentialId } : {}),
          }
        : undefined,
    resources: facts.applicationArn ? [{ type: "AWS::SSO::Application", ARN: facts.applicationArn }] : undefined,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
  });
}
