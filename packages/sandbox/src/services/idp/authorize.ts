// GET/POST /idp/authorize: the IdP's sign-in form for the authorization-code + PKCE flow. Only the
// fixture's public client and loopback redirect URIs are accepted; PKCE S256 is mandatory.
import type { SandboxContext } from "../../context.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { formParams, html, isLoopbackRedirect, redirect, withQuery } from "./http.js";
import { renderErrorPage, renderSignInPage } from "./sign-in-page.js";
import { CODE_TTL_MS, type IdpState } from "./state.js";
import { authenticate } from "./users.js";

const CARRIED = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
  "nonce",
] as const;

export function handleAuthorize(ctx: SandboxContext, state: IdpState, req: SandboxRequest): SandboxResponse {
  const p = formParams(req);
  // Errors about the client or the redirect target must not redirect (RFC 6749 §4.1.2.1).
  if (p.client_id !== ctx.fixture.idp.clientId)
    return html(renderErrorPage("Sign-in error", "Unknown client_id."), 400);
  if (!p.redirect_uri || !isLoopbackRedirect(p.redirect_uri)) {
    return html(
      renderErrorPage("Sign-in error", "redirect_uri must be an http loopback URI (127.0.0.1 or localhost, any port)."),
      400,
    );
  }
  const back = (params: Record<string, string | undefined>) =>
    redirect(withQuery(p.redirect_uri, { ...params, state: p.state }));
  if (p.response_type !== "code")
    return back({ error: "unsupported_response_type", error_description: "Only response_type=code is supported." });
  if (!p.code_challenge || p.code_challenge_method !== "S256") {
    return back({
      error: "invalid_request",
      error_description: "PKCE is required: code_challenge with code_challenge_method=S256.",
    });
  }

  const hidden: Record<string, string> = {};
  for (const k of CARRIED) if (p[k] !== undefined) hidden[k] = p[k];
  const page = { title: "Sign in to the sandbox IdP", action: `${new URL(ctx.idpIssuer).pathname}/authorize`, hidden };
  if (req.method === "GET") return html(renderSignInPage(page));

  const user = authenticate(ctx.fixture, p.username ?? "", p.password ?? "");
  if (!user)
    return html(renderSignInPage({ ...page, error: "Incorrect username or password.", username: p.username }), 401);
  const now = ctx.clock.now();
  const code = state.issueCode({
    clientId: p.client_id,
    redirectUri: p.redirect_uri,
    codeChallenge: p.code_challenge,
    username: user.username,
    nonce: p.nonce,
    authTime: now,
    expiresAt: now + CODE_TTL_MS,
  });
  return back({ code });
}
