// The authorization_code grant: an IdC-style /authorize sign-in page issuing single-use codes bound to
// the application, redirect URI and PKCE challenge, and their redemption in CreateTokenWithIAM.
import type { SandboxContext } from "../../context.js";
import { isAssigned } from "../../fixture/directory.js";
import type { Fixture } from "../../fixture/load.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { formParams, html, pkceS256, redirect, redirectMatches, withQuery } from "../idp/http.js";
import { renderErrorPage, renderSignInPage } from "../idp/sign-in-page.js";
import { authenticate } from "../idp/users.js";
import { oidcError } from "./errors.js";
import { AUTH_CODE_TTL_MS, DEFAULT_SCOPES, PKCE_REQUIRED } from "./messages.js";
import type { OidcState, PendingAuthCode } from "./state.js";

type Application = Fixture["identityCenter"]["applications"][number];

const CARRIED = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
] as const;

export function allowedScopes(app: Application): string[] {
  return [...new Set([...app.scopes, ...DEFAULT_SCOPES])];
}

/** GET shows the form; POST checks the fixture IdP password and redirects back with a code. */
export function handleAuthorizePage(ctx: SandboxContext, state: OidcState, req: SandboxRequest): SandboxResponse {
  const p = formParams(req);
  const app = ctx.fixture.identityCenter.applications.find((a) => a.arn === p.client_id);
  // Never redirect to an unvalidated target (RFC 6749 §4.1.2.1): these two errors stay on the page.
  if (!app || !app.grants.authorizationCode)
    return html(
      renderErrorPage(
        "Sign-in error",
        "The client_id is not an application configured for the authorization code grant.",
      ),
      400,
    );
  if (!p.redirect_uri || !app.grants.authorizationCode.redirectUris.some((r) => redirectMatches(r, p.redirect_uri))) {
    return html(renderErrorPage("Sign-in error", "The redirect_uri is not registered for this application."), 400);
  }
  const back = (params: Record<string, string | undefined>) =>
    redirect(withQuery(p.redirect_uri, { ...params, state: p.state }));
  if (p.response_type !== "code")
    return back({ error: "unsupported_response_type", error_description: "Only response_type=code is supported." });
  if (p.code_challenge_method !== undefined && p.code_challenge_method !== "S256")
    return back({ error: "invalid_request", error_description: "code_challenge_method must be S256." });
  if (PKCE_REQUIRED && !p.code_challenge)
    return back({ error: "invalid_request", error_description: "code_challenge (PKCE S256) is required." });
  const scopes = p.scope ? p.scope.split(" ").filter(Boolean) : undefined;
  if (scopes && scopes.some((s) => !allowedScopes(app).includes(s)))
    return back({
      error: "invalid_scope",
      error_description: "A requested scope is not configured for the application.",
    });

  const hidden: Record<string, string> = {};
  for (const k of CARRIED) if (p[k] !== undefined) hidden[k] = p[k];
  const page = { title: "Sign in to IAM Identity Center", action: "/authorize", hidden };
  if (req.method === "GET") return html(renderSignInPage(page));

  const idpUser = authenticate(ctx.fixture, p.username ?? "", p.password ?? "");
  const users = idpUser ? ctx.fixture.identityCenter.users.filter((u) => u.userName === idpUser.username) : [];
  const matched = users.length
    ? users
    : idpUser
      ? ctx.fixture.identityCenter.users.filter((u) => u.email === idpUser.email)
      : [];
  if (!idpUser || matched.length !== 1)
    return html(renderSignInPage({ ...page, error: "Incorrect username or password.", username: p.username }), 401);
  const user = matched[0];
  if (!isAssigned(ctx.fixture, app.arn, user.userId))
    return back({ error: "access_denied", error_description: "The user is not assigned to this application." });

  const now = ctx.clock.now();
  const code = state.issueCode({
    applicationArn: app.arn,
    redirectUri: p.redirect_uri,
    codeChallenge: p.code_challenge,
    userId: user.userId,
    scopes,
    authTime: now,
    expiresAt: now + AUTH_CODE_TTL_MS,
  });
  return back({ code });
}

export interface CodeInput {
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
}

/** Redeems a code for CreateTokenWithIAM; every mismatch is an invalid grant. */
export function redeemCode(ctx: SandboxContext, state: OidcState, app: Application, input: CodeInput): PendingAuthCode {
  if (!input.code) throw oidcError("InvalidRequestException", "code is required for the authorization_code grant.");
  const c = state.takeCode(input.code);
  const bad = (d: string) => oidcError("InvalidGrantException", d);
  if (!c || c.expiresAt <= ctx.clock.now()) throw bad("The authorization code is invalid, expired or already used.");
  if (c.applicationArn !== app.arn) throw bad("The authorization code was issued to another application.");
  if (input.redirectUri !== c.redirectUri) throw bad("redirectUri does not match the one used at authorization.");
  if (c.codeChallenge !== undefined) {
    if (!input.codeVerifier || pkceS256(input.codeVerifier) !== c.codeChallenge) throw bad("PKCE verification failed.");
  }
  return c;
}
