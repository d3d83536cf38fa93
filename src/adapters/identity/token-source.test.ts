// What a token source's failure may say: every sign-in error reaches every report and the console, so
// an IdP that echoes the request (password, client secret) or a token URL carrying credentials must
// leave nothing of them in the message (review s24b 1, 2). A local IdP answers as hostile ones do.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenSourceConfig } from "../../scenario/schema.js";
import { createTokenSource, TokenSourceError } from "./token-source.js";

const PW = "CANARY-pw-12345",
  CS = "CANARY-cs-67890";

let server: Server;
let base: string;
/** A port nothing listens on (a server's, closed again). */
let deadPort: number;
/** path → answer; `echo` puts the posted form into the answer. */
const answers: Record<string, (form: string) => { status: number; body: string }> = {
  "/echo": (form) => ({
    status: 400,
    body: JSON.stringify({ error: "invalid_request", error_description: `bad request: ${decodeURIComponent(form)}` }),
  }),
  "/error-echo": () => ({ status: 401, body: JSON.stringify({ error: CS }) }),
  "/spaced-error": () => ({ status: 401, body: JSON.stringify({ error: `invalid_client ${CS}` }) }),
  "/denied": () => ({ status: 401, body: JSON.stringify({ error: "invalid_grant", error_description: PW }) }),
  "/not-json": (form) => ({ status: 500, body: `<html>${form}</html>` }),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let form = "";
    req.on("data", (c) => (form += c));
    req.on("end", () => {
      const a = answers[new URL(req.url ?? "/", "http://x").pathname]?.(form) ?? { status: 404, body: "{}" };
      res.writeHead(a.status, { "content-type": "application/json" }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
  deadPort = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r()));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const password = (tokenUrl: string): TokenSourceConfig =>
  ({
    type: "oidc-password",
    tokenUrl,
    clientId: "tip",
    clientSecret: CS,
    username: "wei@example.com",
    password: PW,
    tokenField: "id_token",
  }) as TokenSourceConfig;

async function failure(cfg: TokenSourceConfig): Promise<TokenSourceError> {
  const e = await createTokenSource(cfg, {})
    .getToken()
    .then(
      () => undefined,
      (x: unknown) => x,
    );
  expect(e).toBeInstanceOf(TokenSourceError);
  return e as TokenSourceError;
}

describe("token source failures carry no secret", () => {
  it.each([
    ["an IdP that echoes the form in error_description", "/echo", /answered 400 invalid_request$/],
    ["an IdP that puts the secret in error", "/error-echo", /answered 401 \(no standard OAuth error code\)$/],
    ["an error that is not a plain code", "/spaced-error", /answered 401 \(no standard OAuth error code\)$/],
    ["a body that is not JSON", "/not-json", /answered 500 \(no standard OAuth error code\)$/],
  ])("%s", async (_n, path, want) => {
    const e = await failure(password(`${base}${path}`));
    expect(e.message).toMatch(want);
    expect(e.message).not.toMatch(/CANARY/);
  });

  it("invalid_grant is still the IdP refusing the user, without its description", async () => {
    const e = await failure(password(`${base}/denied`));
    expect(e.kind).toBe("denied");
    expect(e.message).toBe(`IdP token endpoint ${base}/denied answered 401 invalid_grant`);
  });

  it("a token URL's query string is never shown, reachable or not", async () => {
    const dead = `http://127.0.0.1:${deadPort}/token?client_secret=${CS}#${PW}`;
    const e = await failure(password(dead));
    expect(e.message).toBe(`token endpoint http://127.0.0.1:${deadPort}/token unreachable: ECONNREFUSED`);
    expect(e.message).not.toMatch(/CANARY/);
    const live = await failure(password(`${base}/echo?client_secret=${CS}`));
    expect(live.message).not.toMatch(/CANARY/);
  });

  it.each([
    ["a key as a path segment", `/hooks/${CS}-0123456789abcdef/token`],
    ["matrix parameters", `/token;client_secret=${CS}`],
  ])("review s24c 4: a token URL's path with %s is not shown", async (_n, path) => {
    const e = await failure(password(`http://127.0.0.1:${deadPort}${path}`));
    expect(e.message).toMatch(/unreachable: ECONNREFUSED$/);
    expect(e.message).not.toMatch(/CANARY/);
  });

  it("a token URL with user info is refused before any request, without repeating it", async () => {
    const e = await failure(password(`http://user:${PW}@127.0.0.1:1/token`));
    expect(e.message).toMatch(/carries credentials in its URL \(user:password@\)/);
    expect(e.message).not.toMatch(/CANARY/);
  });
});
