// UNVERIFIED choices of the SSO OIDC emulation, kept in one place so a live capture can correct them.
// Everything here is a best guess with its reasoning; facts §1.5/§1.8 give no AWS answer for these.
import type { OidcErrorCode } from "./errors.js";

export interface OidcDenial {
  code: OidcErrorCode;
  description: string;
}

/**
 * Caller not named by the application's IAM authentication method (ActorPolicy / authorizedCallers).
 * UNVERIFIED: a 3P report (boto/boto3#4093) saw InvalidClientException with an empty message for a
 * missing application authorization; the OAuth meaning of invalid_client (client authentication
 * failed) fits an IAM caller the application does not trust.
 */
export const CALLER_NOT_AUTHORIZED: OidcDenial = {
  code: "InvalidClientException",
  description: "The calling principal is not authorized to use this application.",
};

/**
 * IAM identity policy does not allow sso-oauth:CreateTokenWithIAM. UNVERIFIED: AccessDeniedException is
 * the modelled error for permission failures (status 400 in the model).
 */
export const IAM_DENIED = (callerArn: string): OidcDenial => ({
  code: "AccessDeniedException",
  description: `User: ${callerArn} is not authorized to perform: sso-oauth:CreateTokenWithIAM`,
});

/**
 * The mapped user is not assigned (directly or via a group) to an application that requires
 * assignments. UNVERIFIED: AccessDeniedException (the grant itself was valid; the user is refused),
 * rather than InvalidGrantException.
 */
export const USER_NOT_ASSIGNED: OidcDenial = {
  code: "AccessDeniedException",
  description: "The user is not assigned to this application.",
};

/**
 * An expired external JWT assertion. UNVERIFIED: InvalidGrantException (RFC 7523 §3 makes an expired
 * assertion an invalid_grant); ExpiredTokenException is kept for IdC's own expired refresh tokens,
 * which AWS's plugin observed (facts §1.5).
 */
export const ASSERTION_EXPIRED: OidcDenial = {
  code: "InvalidGrantException",
  description: "The assertion has expired.",
};

/** Error descriptions are free text on AWS (SDKs surface "UnknownError"); these only aid debugging. */
export const TEXT = {
  unknownClient: "Invalid client: the clientId is not a known application ARN.",
  unsupportedGrant: (g: string) => `Unsupported grant type: ${g}`,
  grantNotEnabled: (g: string) => `The application is not configured for the ${g} grant.`,
  invalidScope: (s: string[]) => `Invalid scope: ${s.join(", ")}`,
  notEmulated: (op: string) =>
    `The sandbox does not emulate the unsigned SSO OIDC operation ${op}; use CreateTokenWithIAM.`,
};

/**
 * Scope-dependent parts of a token response. UNVERIFIED: an idToken only with `openid`, and the
 * identity context (idToken claim and awsAdditionalDetails) only with `sts:identity_context`.
 * Requests that omit `scope` get every application scope, which includes both (facts §1.2).
 */
export const ID_TOKEN_SCOPE = "openid";
export const IDENTITY_CONTEXT_SCOPE = "sts:identity_context";
export const DEFAULT_SCOPES = ["openid", "aws", "sts:identity_context"];

/** UNVERIFIED: IdC refresh tokens are long-lived; the sandbox keeps them 90 days on its clock. */
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 3600 * 1000;
/** IdC access tokens, idTokens and identity contexts live 3600 s (facts §1.3/§6). */
export const ACCESS_TOKEN_TTL_S = 3600;
/** Codes from the IdC-style /authorize page live 5 minutes. */
export const AUTH_CODE_TTL_MS = 5 * 60 * 1000;
/**
 * UNVERIFIED: the sandbox requires PKCE (S256) on the IdC-style /authorize page; whether IdC makes it
 * optional for customer-managed applications is unknown (facts §1.8).
 */
export const PKCE_REQUIRED = true;
