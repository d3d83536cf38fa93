// Every refusal CreateTokenWithIAM models, through the real SSOOIDCClient: the exception class, the
// HTTP status and the OAuth `error` value (never the free text, which AWS leaves empty).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTokenWithIAMCommand, type CreateTokenWithIAMCommandInput } from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { generateKeyPair, SignJWT } from "jose";
import { startSandbox, type Sandbox } from "../../src/index.js";
import {
  bankVariant,
  clients,
  decodePayload,
  failure,
  idToken,
  JWT_BEARER,
  sessionCreds,
} from "./sandbox-identity-helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const exchange = (s: Sandbox, input: Partial<CreateTokenWithIAMCommandInput>, creds = s.baseCredentials) =>
  clients(s, creds).oidc.send(
    new CreateTokenWithIAMCommand({ clientId: s.identifiers.applicationArn, grantType: JWT_BEARER, ...input }),
  );

async function expectOidcError(p: Promise<unknown>, name: string, status: number, error: string) {
  const e = await failure(p);
  expect({ name: e.name, status: e.$metadata.httpStatusCode, error: e.error }).toEqual({ name, status, error });
  expect(e.message).toBe("UnknownError"); // no message member, as on AWS (facts §1.5)
  return e;
}

describe("jwt-bearer assertion checks", () => {
  it("refuses an assertion signed by another key (same kid, iss, aud)", async () => {
    const genuine = await idToken(sb, "arnav");
    const claims = decodePayload(genuine);
    const { kid } = JSON.parse(Buffer.from(genuine.split(".")[0], "base64url").toString()) as { kid: string };
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ ...claims, jti: "forged-1" })
      .setProtectedHeader({ alg: "RS256", kid })
      .sign(privateKey);
    await expectOidcError(exchange(sb, { assertion: forged }), "InvalidGrantException", 400, "invalid_grant");
  });

  it("refuses garbage and alg=none", async () => {
    await expectOidcError(exchange(sb, { assertion: "not.a.jwt" }), "InvalidGrantException", 400, "invalid_grant");
    const claims = decodePayload(await idToken(sb, "arnav"));
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    await expectOidcError(exchange(sb, { assertion: none }), "InvalidGrantException", 400, "invalid_grant");
  });

  it("refuses a replayed assertion (same jti) after one successful exchange", async () => {
    const jwt = await idToken(sb, "arnav");
    await exchange(sb, { assertion: jwt });
    await expectOidcError(exchange(sb, { assertion: jwt }), "InvalidGrantException", 400, "invalid_grant");
  });

  it("refuses erin, who is not assigned to the application, and records the refusal", async () => {
    await expectOidcError(
      exchange(sb, { assertion: await idToken(sb, "erin") }),
      "AccessDeniedException",
      400,
      "access_denied",
    );
    // By default the refused record names no user (UNVERIFIED on AWS: the sandbox takes the more
    // ambiguous answer; fault profile refusedSignInRecordsUser shows the other).
    const rec = sb.trail.events
      .map((e) => e.record as Record<string, any>)
      .find((r) => r.eventName === "CreateTokenWithIAM" && r.errorCode === "AccessDeniedException")!;
    expect(rec.additionalEventData).toBeUndefined();
    expect(rec).toMatchObject({
      eventName: "CreateTokenWithIAM",
      errorCode: "AccessDeniedException",
      responseElements: null,
      requestParameters: { assertion: "HIDDEN_DUE_TO_SECURITY_REASONS" },
    });
  });

  it("requires the assertion for the jwt-bearer grant", async () => {
    await expectOidcError(exchange(sb, {}), "InvalidRequestException", 400, "invalid_request");
  });
});

describe("client, caller, grant and scope checks", () => {
  it("refuses an unknown client with 401", async () => {
    const e = await expectOidcError(
      exchange(sb, {
        clientId: "arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-0000000000000000",
        assertion: await idToken(sb, "arnav"),
      }),
      "InvalidClientException",
      401,
      "invalid_client",
    );
    expect(e.error_description).toBeTypeOf("string");
  });

  it("refuses a caller whose IAM policy lacks sso-oauth:CreateTokenWithIAM", async () => {
    const role = await clients(sb).sts.send(
      new AssumeRoleCommand({ RoleArn: sb.identifiers.carrierRoleArn, RoleSessionName: "no-oauth" }),
    );
    await expectOidcError(
      exchange(sb, { assertion: await idToken(sb, "arnav") }, sessionCreds(role.Credentials)),
      "AccessDeniedException",
      400,
      "access_denied",
    );
  });

  it("refuses an unsupported grant type and a grant the application does not enable", async () => {
    await expectOidcError(
      exchange(sb, { grantType: "client_credentials" }),
      "UnsupportedGrantTypeException",
      400,
      "unsupported_grant_type",
    );
    await expectOidcError(
      exchange(sb, {
        grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
        subjectToken: "x",
        subjectTokenType: "urn:ietf:params:oauth:token-type:access_token",
      }),
      "UnauthorizedClientException",
      400,
      "unauthorized_client",
    );
  });

  it("refuses a scope the application does not have", async () => {
    await expectOidcError(
      exchange(sb, { assertion: await idToken(sb, "arnav"), scope: ["openid", "sso:account:access"] }),
      "InvalidScopeException",
      400,
      "invalid_scope",
    );
  });

  it("refuses an unknown refresh token", async () => {
    await expectOidcError(
      exchange(sb, { grantType: "refresh_token", refreshToken: "aorAnot-a-token" }),
      "InvalidGrantException",
      400,
      "invalid_grant",
    );
  });

  it("answers the unsigned OIDC operations with a restJson InvalidRequestException", async () => {
    const res = await fetch(`${sb.endpoint}/client/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientName: "x", clientType: "public" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidRequestException");
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
    const unsigned = await fetch(`${sb.endpoint}/token?aws_iam=t`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });
});

describe("fixture variants", () => {
  let noCallers: Sandbox, otherAud: Sandbox, otherIss: Sandbox, twoUsers: Sandbox;
  beforeAll(async () => {
    [noCallers, otherAud, otherIss, twoUsers] = await Promise.all([
      startSandbox({
        fixture: bankVariant((f) => {
          f.identityCenter.applications[0].authorizedCallers = [];
        }),
      }),
      startSandbox({
        fixture: bankVariant((f) => {
          f.idp.audience = "some-other-app";
        }),
      }),
      startSandbox({
        fixture: bankVariant((f) => {
          f.identityCenter.trustedTokenIssuers[0].issuerUrl = "https://idp.example.com";
        }),
      }),
      startSandbox({
        fixture: bankVariant((f) => {
          f.identityCenter.users[1].email = "arnav@example.com";
        }),
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([noCallers, otherAud, otherIss, twoUsers].map((v) => v.stop()));
  });

  it("refuses a caller IAM allows but the application does not authorize", async () => {
    await expectOidcError(
      exchange(noCallers, { assertion: await idToken(noCallers, "arnav") }),
      "InvalidClientException",
      401,
      "invalid_client",
    );
  });

  it("refuses an assertion whose aud is not an authorized audience", async () => {
    await expectOidcError(
      exchange(otherAud, { assertion: await idToken(otherAud, "arnav") }),
      "InvalidGrantException",
      400,
      "invalid_grant",
    );
  });

  it("refuses an assertion whose iss is not the trusted issuer's URL", async () => {
    await expectOidcError(
      exchange(otherIss, { assertion: await idToken(otherIss, "arnav") }),
      "InvalidGrantException",
      400,
      "invalid_grant",
    );
  });

  it("refuses an assertion that maps to two Identity Center users", async () => {
    await expectOidcError(
      exchange(twoUsers, { assertion: await idToken(twoUsers, "arnav") }),
      "InvalidGrantException",
      400,
      "invalid_grant",
    );
  });
});

describe("expiry on the sandbox clock", () => {
  let t: Sandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("refuses an expired assertion", async () => {
    const jwt = await idToken(t, "arnav");
    t.clock.advance(3601_000);
    await expectOidcError(exchange(t, { assertion: jwt }), "InvalidGrantException", 400, "invalid_grant");
  });

  it("refuses a refresh token after 90 days with ExpiredTokenException", async () => {
    const first = await exchange(t, { assertion: await idToken(t, "wei") });
    t.clock.advance(89 * 24 * 3600_000);
    await exchange(t, { grantType: "refresh_token", refreshToken: first.refreshToken });
    t.clock.advance(2 * 24 * 3600_000);
    await expectOidcError(
      exchange(t, { grantType: "refresh_token", refreshToken: first.refreshToken }),
      "ExpiredTokenException",
      400,
      "expired_token",
    );
  });
});
