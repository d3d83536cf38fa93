// CreateTokenWithIAM: the checks, in order — known application, IAM permission and application
// authorization of the caller, grant type supported and enabled, scopes configured — then the grant.
import type { SandboxContext } from "../../context.js";
import { isAssigned } from "../../fixture/directory.js";
import { trustAllows } from "../../iam/policy.js";
import type { SandboxRequest } from "../../types.js";
import { callerMayDo, callerPrincipalArns } from "../sts/principal.js";
import { allowedScopes, redeemCode } from "./auth-code.js";
import { oidcError } from "./errors.js";
import { issueTokens, type TokenResponse } from "./issue.js";
import { verifyAssertion } from "./jwt-bearer.js";
import { CALLER_NOT_AUTHORIZED, IAM_DENIED, TEXT, USER_NOT_ASSIGNED, type OidcDenial } from "./messages.js";
import type { OidcState } from "./state.js";

export const GRANT = {
  authorizationCode: "authorization_code",
  refreshToken: "refresh_token",
  jwtBearer: "urn:ietf:params:oauth:grant-type:jwt-bearer",
  tokenExchange: "urn:ietf:params:oauth:grant-type:token-exchange",
} as const;

export interface CreateTokenInput {
  clientId?: string;
  grantType?: string;
  code?: string;
  refreshToken?: string;
  assertion?: string;
  scope?: string[];
  redirectUri?: string;
  subjectToken?: string;
  subjectTokenType?: string;
  requestedTokenType?: string;
  codeVerifier?: string;
}

/** What the CloudTrail record can say about the call, filled in as the checks progress. */
export interface CallFacts {
  input: CreateTokenInput;
  applicationArn?: string;
  userId?: string;
  credentialId?: string;
  response?: TokenResponse;
}

const deny = (d: OidcDenial) => oidcError(d.code, d.description);

export function parseInput(body: Buffer): CreateTokenInput {
  let raw: unknown;
  try {
    raw = body.length ? JSON.parse(body.toString("utf8")) : {};
  } catch {
    throw oidcError("InvalidRequestException", "The request body is not valid JSON.");
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw oidcError("InvalidRequestException", "The request body must be a JSON object.");
  const o = raw as Record<string, unknown>;
  const out: CreateTokenInput = {};
  const strings = [
    "clientId",
    "grantType",
    "code",
    "refreshToken",
    "assertion",
    "redirectUri",
    "subjectToken",
    "subjectTokenType",
    "requestedTokenType",
    "codeVerifier",
  ] as const;
  for (const k of strings) {
    if (o[k] === undefined || o[k] === null) continue;
    if (typeof o[k] !== "string") throw oidcError("InvalidRequestException", `${k} must be a string.`);
    out[k] = o[k] as string;
  }
  if (o.scope !== undefined && o.scope !== null) {
    if (!Array.isArray(o.scope) || o.scope.some((s) => typeof s !== "string"))
      throw oidcError("InvalidRequestException", "scope must be a list of strings.");
    out.scope = o.scope as string[];
  }
  return out;
}

export async function createTokenWithIam(
  ctx: SandboxContext,
  state: OidcState,
  req: SandboxRequest,
  facts: CallFacts,
): Promise<TokenResponse> {
  const f = ctx.fixture;
  const lineage = req.lineage!;
  const input = facts.input;
  if (!input.clientId) throw oidcError("InvalidRequestException", "clientId is required.");
  if (!input.grantType) throw oidcError("InvalidRequestException", "grantType is required.");

  const app = f.identityCenter.applications.find((a) => a.arn === input.clientId);
  if (!app) throw oidcError("InvalidClientException", TEXT.unknownClient);
  facts.applicationArn = app.arn;

  if (!callerMayDo(f, lineage, "sso-oauth:CreateTokenWithIAM")) throw deny(IAM_DENIED(lineage.callerArn));
  // The application's IAM authentication method (ActorPolicy) names who may exchange tokens for it.
  const actorPolicy = [
    {
      Effect: "Allow" as const,
      Action: "sso-oauth:CreateTokenWithIAM",
      Resource: "*",
      Principal: { AWS: app.authorizedCallers },
    },
  ];
  if (
    !callerPrincipalArns(lineage).some((arn) => trustAllows(actorPolicy, { aws: arn }, "sso-oauth:CreateTokenWithIAM"))
  )
    throw deny(CALLER_NOT_AUTHORIZED);

  const grant = input.grantType;
  if (!(Object.values(GRANT) as string[]).includes(grant))
    throw oidcError("UnsupportedGrantTypeException", TEXT.unsupportedGrant(grant));
  const enabled =
    grant === GRANT.jwtBearer
      ? (app.grants.jwtBearer?.length ?? 0) > 0
      : grant === GRANT.refreshToken
        ? app.grants.refreshToken === true
        : grant === GRANT.authorizationCode
          ? app.grants.authorizationCode !== undefined
          : false; // token-exchange: the fixture format has no such grant, so no application enables it.
  if (!enabled) throw oidcError("UnauthorizedClientException", TEXT.grantNotEnabled(grant));

  const requested = input.scope && input.scope.length ? [...new Set(input.scope)] : undefined;
  const allowed = allowedScopes(app);
  const unknown = (requested ?? []).filter((s) => !allowed.includes(s));
  if (unknown.length) throw oidcError("InvalidScopeException", TEXT.invalidScope(unknown));

  const refreshEnabled = app.grants.refreshToken === true;
  const ensureAssigned = (userId: string) => {
    if (!isAssigned(f, app.arn, userId)) throw deny(USER_NOT_ASSIGNED);
  };
  const finish = async (s: Parameters<typeof issueTokens>[2]) => {
    const issued = await issueTokens(ctx, state, s);
    facts.credentialId = issued.credentialId;
    facts.response = issued.response;
    return issued.response;
  };

  if (grant === GRANT.jwtBearer) {
    if (!input.assertion) throw oidcError("InvalidRequestException", "assertion is required for the jwt-bearer grant.");
    const v = await verifyAssertion(ctx, state, app, input.assertion);
    facts.userId = v.userId;
    ensureAssigned(v.userId);
    if (!state.claimJti(v.ttiArn, v.jti, v.expiresAt, ctx.clock.now()))
      throw oidcError("InvalidGrantException", "The assertion has already been exchanged.");
    return finish({
      applicationArn: app.arn,
      userId: v.userId,
      scopes: requested ?? allowed,
      actor: v.ttiArn,
      authTime: ctx.clock.now(),
      refreshEnabled,
    });
  }

  if (grant === GRANT.authorizationCode) {
    const c = redeemCode(ctx, state, app, input);
    facts.userId = c.userId;
    ensureAssigned(c.userId);
    const scopes = requested ?? c.scopes ?? allowed;
    if (c.scopes && scopes.some((s) => !c.scopes!.includes(s)))
      throw oidcError("InvalidScopeException", TEXT.invalidScope(scopes.filter((s) => !c.scopes!.includes(s))));
    return finish({ applicationArn: app.arn, userId: c.userId, scopes, authTime: c.authTime, refreshEnabled });
  }

  // refresh_token
  if (!input.refreshToken)
    throw oidcError("InvalidRequestException", "refreshToken is required for the refresh_token grant.");
  const g = state.refreshGrant(input.refreshToken);
  if (!g || g.applicationArn !== app.arn) throw oidcError("InvalidGrantException", "The refresh token is invalid.");
  facts.userId = g.userId;
  if (g.expiresAt <= ctx.clock.now()) throw oidcError("ExpiredTokenException", "The refresh token has expired.");
  const scopes = requested ?? g.scopes;
  const beyond = scopes.filter((s) => !g.scopes.includes(s));
  if (beyond.length) throw oidcError("InvalidScopeException", TEXT.invalidScope(beyond));
  // Assignments can change during a refresh token's life; re-check rather than trust the old grant.
  ensureAssigned(g.userId);
  return finish({
    applicationArn: app.arn,
    userId: g.userId,
    scopes,
    actor: g.actor,
    authTime: g.authTime,
    refreshToken: input.refreshToken,
    refreshEnabled,
  });
}
