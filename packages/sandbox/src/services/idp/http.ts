// Small HTTP helpers for the unsigned OAuth endpoints (the sandbox IdP and the IdC-style sign-in page).
import { createHash } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../../types.js";

export function oauthJson(body: unknown, status = 200): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" },
    body: JSON.stringify(body),
  };
}

/** RFC 6749 §5.2 error; invalid_client is 401 (the client failed to authenticate), the rest 400. */
export function oauthError(error: string, description: string): SandboxResponse {
  return oauthJson({ error, error_description: description }, error === "invalid_client" ? 401 : 400);
}

export function html(body: string, status = 200): SandboxResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body };
}

export function redirect(location: string): SandboxResponse {
  return { status: 302, headers: { location, "cache-control": "no-store" }, body: "" };
}

/**
 * Parameters of a GET query or of an application/x-www-form-urlencoded body. OAuth query components
 * are form-encoded (RFC 6749 §4.1.1), so '+' means a space. The server hands us the query already
 * percent-decoded, so a literal '+' sent as %2B also becomes a space here: harmless for the values
 * these endpoints read (scopes, base64url challenges, URIs) and documented for `state`.
 */
export function formParams(req: SandboxRequest): Record<string, string> {
  const out: Record<string, string> = {};
  if (req.method === "GET") {
    for (const [k, v] of Object.entries(req.query)) out[k.replace(/\+/g, " ")] = (v[0] ?? "").replace(/\+/g, " ");
    return out;
  }
  for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) if (!(k in out)) out[k] = v;
  return out;
}

/** Loopback redirect URIs (RFC 8252 §7.3): http on 127.0.0.1 or localhost, any port. */
export function isLoopbackRedirect(uri: string): boolean {
  const u = parseUrl(uri);
  return (
    !!u &&
    u.protocol === "http:" &&
    (u.hostname === "127.0.0.1" || u.hostname === "localhost") &&
    !u.username &&
    !u.password &&
    !u.hash
  );
}

/**
 * Whether `requested` matches a registered redirect URI. Exact match, except that a loopback
 * registration matches any port (RFC 8252 §7.3: native apps bind an ephemeral port).
 */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const r = parseUrl(registered);
  const q = parseUrl(requested);
  if (!r || !q || !isLoopbackRedirect(registered) || !isLoopbackRedirect(requested)) return false;
  return r.hostname === q.hostname && r.pathname === q.pathname && r.search === q.search;
}

export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** PKCE S256 (RFC 7636 §4.6): BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function pkceS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export function isValidVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}
