// Interactive sign-in for pilot sessions: authorization code + PKCE through a loopback redirect.
// The person signs in in their own browser; the token never touches disk.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TokenSourceConfig } from "../../scenario/schema.js";
import { displayUrl, idpErrorCode, unreachableWhy } from "./idp-text.js";

type BrowserConfig = Extract<TokenSourceConfig, { type: "browser" }>;

/** Where the sign-in URL is shown; the pilot command replaces it to open a browser or print the link. */
export let presentSignInUrl: (url: string) => void = (url) =>
  process.stderr.write(`Open this URL to sign in: ${url}\n`);
export function setSignInPresenter(fn: (url: string) => void): void {
  presentSignInUrl = fn;
}

const b64url = (b: Buffer) => b.toString("base64url");
const SIGN_IN_TIMEOUT_MS = 10 * 60_000;

export async function browserSignIn(cfg: BrowserConfig, signal?: AbortSignal): Promise<string> {
  const discoveryUrl = `${cfg.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const discovery = (await (await safeFetch(discoveryUrl, { signal })).json().catch(() => ({}))) as {
    authorization_endpoint?: string;
    token_endpoint?: string;
  };
  if (!discovery.authorization_endpoint || !discovery.token_endpoint)
    throw new Error(`${displayUrl(discoveryUrl)} names no authorization_endpoint and token_endpoint`);
  const tokenEndpoint = discovery.token_endpoint,
    authorizationEndpoint = discovery.authorization_endpoint;
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash("sha256").update(verifier).digest());
  const state = b64url(randomBytes(16));
  const { code, redirectUri } = await new Promise<{ code: string; redirectUri: string }>((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== "/callback") {
        res.writeHead(404).end();
        return;
      }
      const ok = url.searchParams.get("state") === state && url.searchParams.get("code");
      res
        .writeHead(ok ? 200 : 400, { "content-type": "text/html" })
        .end(ok ? "<p>Signed in. You can close this tab.</p>" : "<p>Sign-in failed.</p>");
      server.close();
      if (ok) resolve({ code: url.searchParams.get("code")!, redirectUri });
      else reject(new Error(`sign-in failed: ${url.searchParams.get("error") ?? "state mismatch"}`));
    });
    let redirectUri = "";
    server.listen(0, "127.0.0.1", () => {
      redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
      const auth = new URL(authorizationEndpoint);
      for (const [k, v] of Object.entries({
        response_type: "code",
        client_id: cfg.clientId,
        redirect_uri: redirectUri,
        scope: cfg.scope,
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...(cfg.loginHint ? { login_hint: cfg.loginHint } : {}),
      }))
        auth.searchParams.set(k, v);
      presentSignInUrl(auth.toString());
    });
    signal?.addEventListener("abort", () => {
      server.close();
      reject(new Error("sign-in cancelled"));
    });
    // A person who walks away must not hang the session forever.
    const timer = setTimeout(() => {
      server.close();
      reject(new Error(`no sign-in within ${SIGN_IN_TIMEOUT_MS / 60_000} minutes`));
    }, SIGN_IN_TIMEOUT_MS);
    timer.unref();
  });
  const res = await safeFetch(tokenEndpoint, {
    method: "POST",
    signal,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: cfg.clientId,
      code_verifier: verifier,
    }),
  });
  // Not res.json(): a body that is not JSON would throw V8's SyntaxError, which quotes the body.
  const json = (await res.json().catch(() => ({}))) as Record<string, string>;
  if (!res.ok || !json[cfg.tokenField])
    throw new Error(`token exchange failed: ${res.status} ${res.ok ? `no "${cfg.tokenField}"` : idpErrorCode(json)}`);
  return json[cfg.tokenField];
}

/** fetch, with a failure told by its code only: the runtime's message can quote the URL. */
async function safeFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (init.signal?.aborted) throw e;
    // No `cause` on purpose: the runtime's error quotes the URL, which may hold credentials.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`${displayUrl(url)} unreachable: ${unreachableWhy(e)}`);
  }
}
