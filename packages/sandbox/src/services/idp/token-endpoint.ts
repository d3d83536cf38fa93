// POST /idp/token: password, authorization_code (+PKCE S256) and refresh_token grants for the
// fixture's one public client. Errors follow RFC 6749 §5.2.
import type { SandboxContext } from "../../context.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { formParams, oauthError, oauthJson, pkceS256 } from "./http.js";
import { REFRESH_TTL_MS, type IdpState } from "./state.js";
import { mintTokenSet } from "./tokens.js";
import { authenticate, idpUserByUsername, type IdpUser } from "./users.js";

export async function handleToken(ctx: SandboxContext, state: IdpState, req: SandboxRequest): Promise<SandboxResponse> {
  if (req.method !== "POST") return oauthError("invalid_request", "The token endpoint accepts POST only.");
  const p = formParams(req);
  if (!p.grant_type) return oauthError("invalid_request", "grant_type is required.");
  const now = ctx.clock.now();
  if (p.grant_type === "client_credentials") {
    // A confidential machine client (fixture idp.serviceClients) whose tokens stand for one user.
    const sc = ctx.fixture.idp.serviceClients.find((c) => c.clientId === p.client_id);
    if (!sc || sc.clientSecret !== p.client_secret)
      return oauthError("invalid_client", "Client authentication failed.");
    const user = idpUserByUsername(ctx.fixture, sc.username);
    return user
      ? oauthJson(await mintTokenSet(ctx, user, undefined, { authTime: now }))
      : oauthError("invalid_grant", "The client's user no longer exists.");
  }
  if (p.client_id !== ctx.fixture.idp.clientId) return oauthError("invalid_client", "Unknown client_id.");

  const issue = async (user: IdpUser, authTime: number, nonce?: string, refreshToken?: string) =>
    oauthJson(
      await mintTokenSet(
        ctx,
        user,
        refreshToken ?? state.issueRefresh({ username: user.username, authTime, expiresAt: now + REFRESH_TTL_MS }),
        { authTime, nonce },
      ),
    );

  switch (p.grant_type) {
    case "password": {
      if (!p.username || p.password === undefined)
        return oauthError("invalid_request", "username and password are required.");
      const user = authenticate(ctx.fixture, p.username, p.password);
      return user ? issue(user, now) : oauthError("invalid_grant", "Invalid username or password.");
    }
    case "authorization_code": {
      if (!p.code || !p.redirect_uri || !p.code_verifier)
        return oauthError("invalid_request", "code, redirect_uri and code_verifier are required.");
      const c = state.takeCode(p.code);
      if (!c || c.expiresAt <= now)
        return oauthError("invalid_grant", "The authorization code is invalid, expired or already used.");
      if (c.clientId !== p.client_id || c.redirectUri !== p.redirect_uri)
        return oauthError("invalid_grant", "The authorization code was issued to another client or redirect_uri.");
      if (pkceS256(p.code_verifier) !== c.codeChallenge)
        return oauthError("invalid_grant", "PKCE verification failed.");
      const user = idpUserByUsername(ctx.fixture, c.username);
      return user ? issue(user, c.authTime, c.nonce) : oauthError("invalid_grant", "The user no longer exists.");
    }
    case "refresh_token": {
      if (!p.refresh_token) return oauthError("invalid_request", "refresh_token is required.");
      const g = state.refreshGrant(p.refresh_token);
      if (!g || g.expiresAt <= now) return oauthError("invalid_grant", "The refresh token is invalid or expired.");
      const user = idpUserByUsername(ctx.fixture, g.username);
      return user
        ? issue(user, g.authTime, undefined, p.refresh_token)
        : oauthError("invalid_grant", "The user no longer exists.");
    }
    default:
      return oauthError("unsupported_grant_type", `grant_type '${p.grant_type}' is not supported.`);
  }
}
