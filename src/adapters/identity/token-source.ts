// Identity sources: where a persona's IdP JWT comes from. Tokens live in memory only and are never
// logged; errors name the source and the HTTP status, never the token or the password.
import { execFile } from "node:child_process";
import type { TokenSourceConfig } from "../../scenario/schema.js";
import { HTTP_TIMEOUTS } from "../shared/http-timeouts.js";
import { browserSignIn } from "./browser.js";
import { displayUrl, idpErrorCode, unreachableWhy } from "./idp-text.js";

export class TokenSourceError extends Error {
  override name = "TokenSourceError" as const;
  constructor(
    message: string,
    readonly kind: "denied" | "error",
  ) {
    super(message);
  }
}

export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** An IdP that accepts the connection and never answers must not hang the sign-in (env TIP_HTTP_REQUEST_TIMEOUT). */
function idpTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.TIP_HTTP_REQUEST_TIMEOUT;
  return raw && /^\d+(ms|s|m|h)$/.test(raw) ? durationMs(raw) : HTTP_TIMEOUTS.requestMs;
}

async function postForm(
  url: string,
  form: Record<string, string | undefined>,
  field: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<{ token: string; refreshToken?: string }> {
  const body = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
  const shown = displayUrl(url);
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url))
    throw new TokenSourceError(
      `token endpoint ${shown} carries credentials in its URL (user:password@): pass them as clientId and clientSecret`,
      "error",
    );
  // A local controller, not AbortSignal.any: its listener on the run's signal is removed when the
  // request ends, instead of piling up one per sign-in on a signal that lives for the whole run.
  const bounded = new AbortController();
  const timer = setTimeout(
    () => bounded.abort(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })),
    timeoutMs,
  );
  const onAbort = () => bounded.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let res: Response;
  let json: Record<string, string>;
  try {
    try {
      res = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        signal: bounded.signal,
      });
    } catch (e) {
      const why = bounded.signal.aborted && !signal?.aborted ? `no answer within ${timeoutMs} ms` : unreachableWhy(e);
      throw new TokenSourceError(`token endpoint ${shown} unreachable: ${why}`, "error");
    }
    json = (await res.json().catch(() => ({}))) as Record<string, string>;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  if (!res.ok) {
    // invalid_grant = the IdP refused this user's credentials: a sign-in denial, reported as such.
    const kind = json.error === "invalid_grant" ? "denied" : "error";
    throw new TokenSourceError(`IdP token endpoint ${shown} answered ${res.status} ${idpErrorCode(json)}`, kind);
  }
  const token = json[field];
  if (typeof token !== "string" || !JWT.test(token))
    throw new TokenSourceError(`IdP response has no JWT in "${field}"`, "error");
  return { token, refreshToken: json.refresh_token };
}

export function createTokenSource(
  cfg: TokenSourceConfig,
  env: Record<string, string | undefined> = process.env,
): TokenSource {
  const timeoutMs = idpTimeoutMs(env);
  switch (cfg.type) {
    case "oidc-password":
      return {
        getToken: async (signal) =>
          (
            await postForm(
              cfg.tokenUrl,
              {
                grant_type: "password",
                client_id: cfg.clientId,
                client_secret: cfg.clientSecret,
                username: cfg.username,
                password: cfg.password,
                scope: cfg.scope,
              },
              cfg.tokenField,
              signal,
              timeoutMs,
            )
          ).token,
      };
    case "oidc-client-credentials":
      return {
        getToken: async (signal) =>
          (
            await postForm(
              cfg.tokenUrl,
              {
                grant_type: "client_credentials",
                client_id: cfg.clientId,
                client_secret: cfg.clientSecret,
                scope: cfg.scope,
              },
              cfg.tokenField,
              signal,
              timeoutMs,
            )
          ).token,
      };
    case "refresh-token": {
      let refreshToken = cfg.refreshToken;
      return {
        getToken: async (signal) => {
          const r = await postForm(
            cfg.tokenUrl,
            {
              grant_type: "refresh_token",
              client_id: cfg.clientId,
              client_secret: cfg.clientSecret,
              refresh_token: refreshToken,
            },
            cfg.tokenField,
            signal,
            timeoutMs,
          );
          if (r.refreshToken) refreshToken = r.refreshToken; // rotation
          return r.token;
        },
      };
    }
    case "env":
      return {
        getToken: async () => {
          const v = env[cfg.variable]?.trim();
          if (!v) throw new TokenSourceError(`environment variable ${cfg.variable} is empty or unset`, "error");
          if (!JWT.test(v))
            throw new TokenSourceError(`environment variable ${cfg.variable} does not hold a JWT`, "error");
          return v;
        },
      };
    case "command":
      return { getToken: (signal) => runCommand(cfg.command, durationMs(cfg.timeout), env, signal) };
    case "browser":
      return { getToken: (signal) => browserSignIn(cfg, signal) };
  }
}

function runCommand(
  argv: string[],
  timeoutMs: number,
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // The command sees the run's environment, .env included (as the scenario's ${VAR}s do).
    const childEnv = Object.fromEntries(
      Object.entries({ ...process.env, ...env }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    execFile(
      argv[0],
      argv.slice(1),
      { timeout: timeoutMs, maxBuffer: 1024 * 1024, signal, windowsHide: true, env: childEnv },
      (err, stdout) => {
        if (err)
          return reject(
            new TokenSourceError(
              `token command ${argv[0]} failed: ${(err as NodeJS.ErrnoException).code ?? ""} ${err.killed ? "(timed out)" : ""}`.trim(),
              "error",
            ),
          );
        const out = stdout.trim();
        // Accept a bare JWT or JSON with id_token/access_token/token (credential_process style).
        let token = out;
        if (out.startsWith("{")) {
          try {
            const j = JSON.parse(out) as Record<string, string>;
            token = j.id_token ?? j.access_token ?? j.token ?? "";
          } catch {
            token = "";
          }
        }
        if (!JWT.test(token))
          return reject(new TokenSourceError(`token command ${argv[0]} did not print a JWT`, "error"));
        resolve(token);
      },
    );
  });
}

export function durationMs(d: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(d);
  if (!m) return 30_000;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
}
