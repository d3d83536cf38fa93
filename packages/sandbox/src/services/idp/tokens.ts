// Token minting for the sandbox IdP: RS256 JWTs whose claims are what a trusted token issuer needs
// (iss, aud, sub, email, preferred_username, iat, exp and a fresh jti each time, so replay checks bite).
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { SandboxContext } from "../../context.js";
import { signingKey } from "./keys.js";
import { subjectOf, type IdpUser } from "./users.js";

export interface IdpTokenSet {
  access_token: string;
  id_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export const IDP_SCOPE = "openid email profile";

export async function mintJwt(
  ctx: SandboxContext,
  user: IdpUser,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const key = await signingKey(ctx, "idp");
  const iat = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({ email: user.email, preferred_username: user.username, ...extra })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuer(ctx.idpIssuer)
    .setAudience(ctx.fixture.idp.audience)
    .setSubject(subjectOf(ctx.fixture, user))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ctx.fixture.idp.tokenLifetimeSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export async function mintTokenSet(
  ctx: SandboxContext,
  user: IdpUser,
  refreshToken: string | undefined,
  opts: { nonce?: string; authTime: number },
): Promise<IdpTokenSet> {
  const idToken = await mintJwt(ctx, user, {
    auth_time: Math.floor(opts.authTime / 1000),
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
  });
  const accessToken = await mintJwt(ctx, user, { client_id: ctx.fixture.idp.clientId, scope: IDP_SCOPE });
  return {
    access_token: accessToken,
    id_token: idToken,
    token_type: "Bearer",
    expires_in: ctx.fixture.idp.tokenLifetimeSeconds,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope: IDP_SCOPE,
  };
}
