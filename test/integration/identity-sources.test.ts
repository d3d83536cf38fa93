// Every identity source, each through the whole TIP chain against the sandbox: the JWT it yields must
// become an identity-enhanced session for the right Identity Center user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClients } from "../../src/adapters/aws/clients.js";
import { DEFAULT_RETRY } from "../../src/adapters/aws/retry.js";
import { observeError, SessionRenewalError } from "../../src/adapters/aws/classify.js";
import { TipSessionProvider } from "../../src/adapters/aws/session.js";
import { setSignInPresenter } from "../../src/adapters/identity/browser.js";
import type { ValidScenario } from "../../src/scenario/parse.js";
import type { TokenSourceConfig } from "../../src/scenario/schema.js";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";
import { sandboxEnv } from "../../src/app/sandbox.js";
import { signInAtBrowser } from "../helpers/browser-stand-in.js";

const ARNAV = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a01";
const WEI = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a03";
let sb: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sb = await startSandbox();
  env = sandboxEnv(sb);
});
afterAll(async () => {
  await sb.stop();
});

async function passwordGrant(username: string, password: string) {
  const r = await fetch(env.TIP_IDP_TOKEN_URL, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: env.TIP_IDP_CLIENT_ID,
      username,
      password,
      scope: "openid email",
    }),
  });
  return (await r.json()) as { id_token: string; refresh_token: string };
}

async function signIn(token: TokenSourceConfig, extraEnv: Record<string, string> = {}) {
  const scenario = {
    name: "ids",
    file: "ids.yaml",
    tokens: { p: token },
    target: {
      region: "us-east-1",
      accountId: "111122223333",
      identityCenter: { applicationArn: sb.identifiers.applicationArn },
      carrierRoleArn: sb.identifiers.carrierRoleArn,
      sessionDurationSeconds: 3600,
    },
    personas: { p: { identity: { userName: "x" }, groups: [], class: "allowed", token: {} } },
  } as unknown as ValidScenario;
  const provider = new TipSessionProvider(
    makeClients({ region: "us-east-1", endpoint: sb.endpoint, baseCredentials: sb.baseCredentials }),
    "run-ids",
    DEFAULT_RETRY,
    { ...env, ...extraEnv },
  );
  return provider.open(scenario, "p", new AbortController().signal);
}

describe("identity sources against the sandbox", () => {
  it("oidc-password", async () => {
    const s = await signIn({
      type: "oidc-password",
      tokenUrl: env.TIP_IDP_TOKEN_URL,
      clientId: env.TIP_IDP_CLIENT_ID,
      username: "arnav@example.com",
      password: env.TIP_IDP_PASSWORD_ARNAV,
      scope: "openid email",
      tokenField: "id_token",
    });
    expect(s.signIn.kind).toBe("allowed");
    expect(s.userId).toBe(ARNAV);
  });

  it("oidc-client-credentials (a machine client standing for Wei)", async () => {
    const s = await signIn({
      type: "oidc-client-credentials",
      tokenUrl: env.TIP_IDP_TOKEN_URL,
      clientId: "tip-nightly-wei",
      clientSecret: env.TIP_IDP_CLIENT_SECRET_TIP_NIGHTLY_WEI,
      tokenField: "id_token",
    });
    expect(s.userId).toBe(WEI);
  });

  it("env: a JWT from an environment variable", async () => {
    const { id_token } = await passwordGrant("arnav@example.com", env.TIP_IDP_PASSWORD_ARNAV);
    const s = await signIn({ type: "env", variable: "PERSONA_JWT" }, { PERSONA_JWT: id_token });
    expect(s.userId).toBe(ARNAV);
  });

  it("command: an external program prints the JWT (credential_process style)", async () => {
    const script = `fetch(process.env.U,{method:"POST",body:new URLSearchParams({grant_type:"password",client_id:process.env.C,username:"wei@example.com",password:process.env.P})}).then(r=>r.json()).then(j=>console.log(JSON.stringify({id_token:j.id_token})))`;
    process.env.U = env.TIP_IDP_TOKEN_URL;
    process.env.C = env.TIP_IDP_CLIENT_ID;
    process.env.P = env.TIP_IDP_PASSWORD_WEI;
    const s = await signIn({ type: "command", command: [process.execPath, "-e", script], timeout: "20s" });
    expect(s.userId).toBe(WEI);
    delete process.env.U;
    delete process.env.C;
    delete process.env.P;
  });

  it("refresh-token: a fresh JWT from an IdP refresh token, twice (fresh jti each time)", async () => {
    const { refresh_token } = await passwordGrant("arnav@example.com", env.TIP_IDP_PASSWORD_ARNAV);
    const cfg: TokenSourceConfig = {
      type: "refresh-token",
      tokenUrl: env.TIP_IDP_TOKEN_URL,
      clientId: env.TIP_IDP_CLIENT_ID,
      refreshToken: refresh_token,
      tokenField: "id_token",
    };
    expect((await signIn(cfg)).userId).toBe(ARNAV);
    expect((await signIn(cfg)).userId).toBe(ARNAV);
  });

  it("browser: authorization code + PKCE through a loopback redirect", async () => {
    setSignInPresenter((url) => {
      void signInAtBrowser(url, "arnav@example.com", env.TIP_IDP_PASSWORD_ARNAV);
    });
    const s = await signIn({
      type: "browser",
      issuer: env.TIP_IDP_ISSUER,
      clientId: env.TIP_IDP_CLIENT_ID,
      scope: "openid email",
      tokenField: "id_token",
    });
    expect(s.signIn.kind, JSON.stringify(s.signIn)).toBe("allowed");
    expect(s.userId).toBe(ARNAV);
  });

  it("a wrong password is an error at the IdP, never a denial", async () => {
    const s = await signIn({
      type: "oidc-password",
      tokenUrl: env.TIP_IDP_TOKEN_URL,
      clientId: env.TIP_IDP_CLIENT_ID,
      username: "arnav@example.com",
      password: "wrong",
      scope: "openid",
      tokenField: "id_token",
    });
    expect(s.signIn).toMatchObject({ kind: "error" });
  });
});

describe("session lifetime", () => {
  /** One persona, wei, signing in with `token`, on a session provider whose clock the test moves. */
  const weiWith = (token: unknown, runId: string, runEnv: Record<string, string>, clock: () => number) => ({
    scenario: {
      name: "ids",
      file: "ids.yaml",
      tokens: { p: token },
      target: {
        region: "us-east-1",
        accountId: "111122223333",
        identityCenter: { applicationArn: sb.identifiers.applicationArn },
        carrierRoleArn: sb.identifiers.carrierRoleArn,
        sessionDurationSeconds: 3600,
      },
      personas: { p: { identity: { userName: "wei" }, groups: [], class: "partial", token: {} } },
    } as unknown as ValidScenario,
    provider: new TipSessionProvider(
      makeClients({ region: "us-east-1", endpoint: sb.endpoint, baseCredentials: sb.baseCredentials }),
      runId,
      DEFAULT_RETRY,
      runEnv,
      clock,
    ),
  });

  it("renews the whole chain shortly before the one-hour session ends, with a fresh identity context", async () => {
    let now = Date.now();
    const { scenario, provider } = weiWith(
      {
        type: "oidc-password",
        tokenUrl: env.TIP_IDP_TOKEN_URL,
        clientId: env.TIP_IDP_CLIENT_ID,
        username: "wei@example.com",
        password: env.TIP_IDP_PASSWORD_WEI,
        scope: "openid email",
        tokenField: "id_token",
      },
      "run-renew",
      env,
      () => now,
    );
    const s = await provider.open(scenario, "p", new AbortController().signal);
    const creds = s.credentials as () => Promise<{ accessKeyId: string; expiration?: Date }>;
    const first = await creds();
    expect((await creds()).accessKeyId).toBe(first.accessKeyId); // still fresh: no renewal
    now = first.expiration!.getTime() - 4 * 60_000; // inside the renewal window
    const renewed = await creds();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(renewed.expiration!.getTime()).toBeGreaterThan(first.expiration!.getTime() - 60_000);
  });

  it("review s23 L1: a renewal that signs in another user fails the calls that need it, never runs them as someone else", async () => {
    let now = Date.now();
    const tokens = { JWT: (await passwordGrant("wei@example.com", env.TIP_IDP_PASSWORD_WEI)).id_token };
    const runEnv = { ...env, ...tokens };
    const { scenario, provider } = weiWith({ type: "env", variable: "JWT" }, "run-renew-other", runEnv, () => now);
    const s = await provider.open(scenario, "p", new AbortController().signal);
    expect(s.userId).toBe(WEI);
    const creds = s.credentials as () => Promise<{ expiration?: Date }>;
    const first = await creds();
    runEnv.JWT = (await passwordGrant("arnav@example.com", env.TIP_IDP_PASSWORD_ARNAV)).id_token;
    now = first.expiration!.getTime() - 4 * 60_000;
    const e = await creds().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SessionRenewalError);
    const out = observeError(e, "query-start", "StartQueryExecution");
    expect(out).toMatchObject({ kind: "error", errorKind: "invalid-request", code: "IDENTITY_MISMATCH" });
    expect(out.kind === "error" && out.message).toMatch(
      new RegExp(`signed in Identity Center user ${ARNAV}, not ${WEI}`),
    );
  });
});
