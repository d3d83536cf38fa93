// Mints what a successful CreateTokenWithIAM returns: opaque access/refresh tokens, an idToken with the
// IdC claims of facts §1.4, and an identity context registered for STS (same string in the idToken's
// sts:identity_context claim and in awsAdditionalDetails.identityContext).
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import type { SandboxContext } from "../../context.js";
import { identityStoreArn } from "../../fixture/directory.js";
import { signingKey } from "../idp/keys.js";
import { issueIdentityContext } from "./identity-contexts.js";
import { ACCESS_TOKEN_TTL_S, IDENTITY_CONTEXT_SCOPE, ID_TOKEN_SCOPE, REFRESH_TOKEN_TTL_MS } from "./messages.js";
import { opaqueToken, type OidcState } from "./state.js";

export interface Session {
  applicationArn: string;
  userId: string;
  scopes: string[];
  actor?: string;
  authTime: number;
  /** Reuse this refresh token (refresh grant) instead of issuing a new one. */
  refreshToken?: string;
  refreshEnabled: boolean;
}

export interface TokenResponse {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshToken?: string;
  idToken?: string;
  issuedTokenType: string;
  scope: string[];
  awsAdditionalDetails?: { identityContext: string };
}

export interface Issued {
  response: TokenResponse;
  credentialId: string;
}

const ACCESS = "urn:ietf:params:oauth:token-type:access_token";
const REFRESH = "urn:ietf:params:oauth:token-type:refresh_token";

export async function issueTokens(ctx: SandboxContext, state: OidcState, s: Session): Promise<Issued> {
  const f = ctx.fixture;
  const now = ctx.clock.now();
  const iat = Math.floor(now / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_S;
  const credentialId = randomBytes(24).toString("base64url");
  const storeArn = identityStoreArn(f);

  const identityContext = s.scopes.includes(IDENTITY_CONTEXT_SCOPE)
    ? issueIdentityContext(ctx, {
        userId: s.userId,
        identityStoreId: f.identityCenter.identityStoreId,
        identityStoreArn: storeArn,
        instanceArn: f.identityCenter.instanceArn,
        applicationArn: s.applicationArn,
        credentialId,
        expiresAt: exp * 1000,
      })
    : undefined;

  let idToken: string | undefined;
  if (s.scopes.includes(ID_TOKEN_SCOPE)) {
    const key = await signingKey(ctx, "idc");
    const instanceId = f.identityCenter.instanceArn.split("/").pop();
    idToken = await new SignJWT({
      "aws:identity_store_id": f.identityCenter.identityStoreId,
      "aws:instance_account": f.account,
      ...(identityContext ? { "sts:identity_context": identityContext } : {}),
      "aws:identity_store_arn": storeArn,
      "aws:instance_arn": f.identityCenter.instanceArn,
      "aws:credential_id": credentialId,
      "aws:application_arn": s.applicationArn,
      ...(s.actor ? { act: { sub: s.actor } } : {}),
      // IdC writes auth_time as an ISO-8601 string, not a NumericDate (facts §1.4).
      auth_time: new Date(s.authTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
    })
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .setIssuer(`https://identitycenter.amazonaws.com/${instanceId}`)
      .setSubject(s.userId)
      .setAudience(s.applicationArn)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
  }

  const refreshToken = !s.refreshEnabled
    ? undefined
    : (s.refreshToken ??
      state.issueRefresh({
        applicationArn: s.applicationArn,
        userId: s.userId,
        scopes: s.scopes,
        actor: s.actor,
        authTime: s.authTime,
        expiresAt: now + REFRESH_TOKEN_TTL_MS,
      }));

  return {
    credentialId,
    response: {
      accessToken: opaqueToken("aoaA"),
      tokenType: "Bearer",
      expiresIn: ACCESS_TOKEN_TTL_S,
      ...(refreshToken ? { refreshToken } : {}),
      ...(idToken ? { idToken } : {}),
      issuedTokenType: refreshToken ? REFRESH : ACCESS,
      scope: s.scopes,
      ...(identityContext ? { awsAdditionalDetails: { identityContext } } : {}),
    },
  };
}
