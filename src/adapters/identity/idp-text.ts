// What an identity provider's answers may put into a message. Every sign-in error reaches every report
// and the console, so only what cannot carry a secret passes: a URL's origin and path, a plain error
// code, a network error's code. Never a description, a runtime message or a body (review s24b 1, 2).

/**
 * A token endpoint as it may be shown: origin and path only. A URL's user info, query and fragment can
 * carry credentials (`?client_secret=…`, `user:pass@`), and it often comes from a variable nobody reads.
 * A path segment that is long or carries parameters (`;client_secret=…`, a webhook-style key) is
 * shown as `…` (review s24c 4); endpoint paths are short words (`/realms/x/protocol/openid-connect/token`).
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname
      .split("/")
      .map((seg) => (seg.length > 24 || /[;=,]/.test(seg) ? "…" : seg))
      .join("/");
    return `${u.origin}${path}`;
  } catch {
    return "(the configured token URL, which is not a valid URL)";
  }
}

/**
 * The error codes of OAuth 2.0 (RFC 6749 §5.2, RFC 6750 §3.1, RFC 8628 §3.5) and OpenID Connect Core
 * (§3.1.2.6): the only `error` values a message repeats. Anything else may be whatever the IdP echoed.
 */
const OAUTH_ERRORS = new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "access_denied",
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
  "invalid_token",
  "insufficient_scope",
  "authorization_pending",
  "slow_down",
  "expired_token",
  "interaction_required",
  "login_required",
  "account_selection_required",
  "consent_required",
  "invalid_request_uri",
  "invalid_request_object",
  "request_not_supported",
  "request_uri_not_supported",
  "registration_not_supported",
]);

/**
 * What an IdP's error answer may contribute to a message: its `error` when it is one of the standard
 * codes, never `error_description`. IdPs and proxies in debug modes echo the request in either, password
 * and client secret included (review s24b 1).
 */
export function idpErrorCode(json: Record<string, unknown>): string {
  const e = json.error;
  return typeof e === "string" && OAUTH_ERRORS.has(e) ? e : "(no standard OAuth error code)";
}

/** Why a request never got an answer, without the runtime's message (it can quote the URL). */
export function unreachableWhy(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === "string" && /^[A-Z0-9_]{2,40}$/.test(cause.code)) return cause.code;
  return (e as Error).name === "TypeError" ? "the request could not be made" : "no answer";
}
