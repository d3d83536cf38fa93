// Authorization code + PKCE, driven with fetch as a browser would: the sandbox IdP's /idp/authorize,
// and the IdC-style /authorize whose codes CreateTokenWithIAM redeems.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { clients, decodePayload, failure, password, pkce } from "./sandbox-identity-helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const form = (o: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(o),
  redirect: "manual" as const,
});

/** Shows the sign-in page, submits the credentials, and returns the redirect (not followed). */
async function signIn(authorizeUrl: string, username: string, pw: string): Promise<Response> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const htmlText = await page.text();
  for (const id of ["username", "password", "sign-in"]) expect(htmlText).toContain(`id="${id}"`);
  // Re-post the hidden OAuth fields the page carries, as the browser would.
  const hidden: Record<string, string> = {};
  for (const m of htmlText.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    hidden[m[1]] = m[2].replace(/&amp;/g, "&");
  const action = /<form method="post" action="([^"]+)"/.exec(htmlText)![1];
  return fetch(new URL(action, sb.endpoint), form({ ...hidden, username, password: pw }));
}

describe("sandbox IdP authorization code + PKCE", () => {
  const redirectUri = "http://127.0.0.1:43117/callback";
  const authorizeUrl = (challenge: string, extra: Record<string, string> = {}) =>
    `${sb.identifiers.idpIssuer}/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: sb.identifiers.idpClientId,
      redirect_uri: redirectUri,
      state: "s-123",
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: "openid email",
      ...extra,
    })}`;
  const redeem = (code: string, verifier: string) =>
    fetch(
      sb.identifiers.idpTokenUrl,
      form({
        grant_type: "authorization_code",
        client_id: sb.identifiers.idpClientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    );

  it("signs in, redirects to the loopback URI with code and state, and redeems the code once", async () => {
    const p = pkce();
    const res = await signIn(authorizeUrl(p.challenge), "maria", password(sb, "maria"));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(`${loc.origin}${loc.pathname}`).toBe(redirectUri);
    expect(loc.searchParams.get("state")).toBe("s-123");
    const code = loc.searchParams.get("code")!;
    const tokens = await redeem(code, p.verifier);
    expect(tokens.status).toBe(200);
    const body = (await tokens.json()) as Record<string, string>;
    expect(decodePayload(body.id_token)).toMatchObject({
      email: "maria@example.com",
      iss: sb.identifiers.idpIssuer,
      aud: "tip-harness",
    });
    const again = await redeem(code, p.verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses the code with a wrong verifier (and burns it)", async () => {
    const p = pkce();
    const code = new URL(
      (await signIn(authorizeUrl(p.challenge), "wei", password(sb, "wei"))).headers.get("location")!,
    ).searchParams.get("code")!;
    const wrong = await redeem(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    expect((await redeem(code, p.verifier)).status).toBe(400);
  });

  it("re-shows the form on a wrong password and refuses non-loopback redirects", async () => {
    const bad = await signIn(authorizeUrl(pkce().challenge), "wei", "wrong");
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('id="error"');
    const evil = await fetch(authorizeUrl(pkce().challenge, { redirect_uri: "https://evil.example.com/cb" }), {
      redirect: "manual",
    });
    expect(evil.status).toBe(400);
  });

  it("requires PKCE S256", async () => {
    const res = await fetch(authorizeUrl("x", { code_challenge_method: "plain" }), { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });
});

describe("IdC-style /authorize + CreateTokenWithIAM authorization_code", () => {
  // The application registers http://127.0.0.1/callback; any loopback port matches it.
  const redirectUri = "http://127.0.0.1:50999/callback";
  const authorizeUrl = (challenge: string, extra: Record<string, string> = {}) =>
    `${sb.endpoint}/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: sb.identifiers.applicationArn,
      redirect_uri: redirectUri,
      state: "st",
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...extra,
    })}`;
  const exchange = (code: string, verifier: string, uri = redirectUri) =>
    clients(sb).oidc.send(
      new CreateTokenWithIAMCommand({
        clientId: sb.identifiers.applicationArn,
        grantType: "authorization_code",
        code,
        redirectUri: uri,
        codeVerifier: verifier,
      }),
    );
  const codeFor = async (user: string, challenge: string) => {
    const res = await signIn(authorizeUrl(challenge), user, password(sb, user));
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!).searchParams.get("code")!;
  };

  it("issues tokens with an identity context for the signed-in user", async () => {
    const p = pkce();
    const t = await exchange(await codeFor("arnav", p.challenge), p.verifier);
    const arnav = sb.fixture.identityCenter.users.find((u) => u.userName === "arnav")!.userId;
    expect(decodePayload(t.idToken!)).toMatchObject({
      sub: arnav,
      "aws:application_arn": sb.identifiers.applicationArn,
    });
    expect(decodePayload(t.idToken!).act).toBeUndefined();
    expect(t.awsAdditionalDetails!.identityContext).toBeTypeOf("string");
  });

  it("limits the tokens to the scopes requested at /authorize", async () => {
    const p = pkce();
    const res = await signIn(
      authorizeUrl(p.challenge, { scope: "openid sts:identity_context" }),
      "maria",
      password(sb, "maria"),
    );
    const t = await exchange(new URL(res.headers.get("location")!).searchParams.get("code")!, p.verifier);
    expect(t.scope).toEqual(["openid", "sts:identity_context"]);
    const bad = await fetch(authorizeUrl(pkce().challenge, { scope: "openid sso:account:access" }), {
      redirect: "manual",
    });
    expect(new URL(bad.headers.get("location")!).searchParams.get("error")).toBe("invalid_scope");
  });

  it("refuses a wrong verifier, a reused code and a different redirectUri", async () => {
    const p = pkce();
    const code = await codeFor("wei", p.challenge);
    let e = await failure(exchange(code, pkce().verifier));
    expect({ name: e.name, status: e.$metadata.httpStatusCode, error: e.error }).toEqual({
      name: "InvalidGrantException",
      status: 400,
      error: "invalid_grant",
    });
    e = await failure(exchange(code, p.verifier));
    expect(e.name).toBe("InvalidGrantException");
    const p2 = pkce();
    e = await failure(exchange(await codeFor("wei", p2.challenge), p2.verifier, "http://127.0.0.1:1/callback"));
    expect(e.name).toBe("InvalidGrantException");
  });

  it("sends erin back with access_denied and refuses unregistered redirect URIs", async () => {
    const res = await signIn(authorizeUrl(pkce().challenge), "erin", password(sb, "erin"));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("code")).toBeNull();
    const other = await fetch(authorizeUrl(pkce().challenge, { redirect_uri: "http://127.0.0.1:50999/elsewhere" }), {
      redirect: "manual",
    });
    expect(other.status).toBe(400);
  });
});
