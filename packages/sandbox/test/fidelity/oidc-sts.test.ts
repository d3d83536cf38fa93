// SSO OIDC CreateTokenWithIAM (restJson1) and STS AssumeRole/GetCallerIdentity (awsQuery) through the
// real clients: every success and every error the sandbox implements, each response checked against the
// installed model (unknown members, types, required, enums) and each error by name, status and fault.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateTokenWithIAMCommand,
  type CreateTokenWithIAMCommandInput,
  type CreateTokenWithIAMCommandOutput,
} from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { IDC_PROVIDER, idToken, JWT_BEARER, personaCredentials, send } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectOk } from "./expect.js";
import { NO_CONTEXT_ROLE } from "./golden-cases.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

const oidcCoverage = new ErrorCoverage("sso-oidc");
const stsCoverage = new ErrorCoverage("sts");
const token = (input: Partial<CreateTokenWithIAMCommandInput>, box = sb) =>
  send<CreateTokenWithIAMCommandOutput>(
    box,
    "sso-oidc",
    new CreateTokenWithIAMCommand({ clientId: box.identifiers.applicationArn, grantType: JWT_BEARER, ...input }),
  );
const assume = (input: Partial<AssumeRoleCommandInput>, credentials?: SigningCredentials, box = sb) =>
  send(
    box,
    "sts",
    new AssumeRoleCommand({ RoleArn: box.identifiers.carrierRoleArn, RoleSessionName: "fidelity", ...input }),
    { credentials },
  );
const contextOf = async (user: string, box = sb) => [
  {
    ProviderArn: IDC_PROVIDER,
    ContextAssertion: (await token({ assertion: await idToken(box, user) }, box)).output!.awsAdditionalDetails!
      .identityContext!,
  },
];

describe("SSO OIDC CreateTokenWithIAM", () => {
  it("jwt-bearer: conforms to CreateTokenWithIAMResponse", async () => {
    const out = expectOk("sso-oidc", await token({ assertion: await idToken(sb, "arnav") }));
    expect(out).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 3600,
      issuedTokenType: "urn:ietf:params:oauth:token-type:refresh_token",
    });
  });

  it("refresh_token: conforms, and a narrower scope has no identity context", async () => {
    const first = await token({ assertion: await idToken(sb, "wei") });
    const out = expectOk(
      "sso-oidc",
      await token({ grantType: "refresh_token", refreshToken: first.output!.refreshToken, scope: ["openid", "aws"] }),
    );
    expect(out.awsAdditionalDetails).toBeUndefined();
  });

  // [error, HTTP status, the body's OAuth `error` value, a request that provokes it]
  const cases: [string, number, string, () => Promise<Partial<CreateTokenWithIAMCommandInput>>][] = [
    ["InvalidRequestException", 400, "invalid_request", async () => ({})],
    [
      "InvalidClientException",
      401,
      "invalid_client",
      async () => ({
        clientId: "arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-0000000000000000",
        assertion: "x",
      }),
    ],
    ["InvalidGrantException", 400, "invalid_grant", async () => ({ assertion: "not.a.jwt" })],
    ["UnsupportedGrantTypeException", 400, "unsupported_grant_type", async () => ({ grantType: "password" })],
    [
      "UnauthorizedClientException",
      400,
      "unauthorized_client",
      async () => ({
        grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
        subjectToken: "x",
        subjectTokenType: "urn:ietf:params:oauth:token-type:access_token",
      }),
    ],
    [
      "InvalidScopeException",
      400,
      "invalid_scope",
      async () => ({ assertion: await idToken(sb, "arnav"), scope: ["openid", "bogus:scope"] }),
    ],
    ["AccessDeniedException", 400, "access_denied", async () => ({ assertion: await idToken(sb, "erin") })],
  ];
  it.each(cases)(
    "%s (HTTP %i): header-typed error, {error, error_description} body, message UnknownError",
    async (name, status, oauth, input) => {
      const e = expectAwsError("sso-oidc", await token(await input()), name, status);
      expect({ error: e.error, message: e.message }).toEqual({ error: oauth, message: "UnknownError" });
      oidcCoverage.modelled("CreateTokenWithIAM", name);
    },
  );

  it("InternalServerException (HTTP 500, server fault) from injected faults", async () => {
    sb.setFaults({ serverErrorRate: 1, services: ["sso-oauth"] });
    try {
      const s = await token({ assertion: "x" });
      expectAwsError("sso-oidc", s, "InternalServerException", 500, "server");
      expect((s.error as { error?: string }).error).toBe("server_error");
    } finally {
      sb.setFaults({});
    }
    oidcCoverage.modelled("CreateTokenWithIAM", "InternalServerException");
  });

  it("ExpiredTokenException for a refresh token past its lifetime", async () => {
    const box = await startSandbox();
    try {
      const first = await token({ assertion: await idToken(box, "arnav") }, box);
      box.clock.advance(91 * 24 * 3600e3);
      const e = expectAwsError(
        "sso-oidc",
        await token({ grantType: "refresh_token", refreshToken: first.output!.refreshToken }, box),
        "ExpiredTokenException",
        400,
      );
      expect(e.error).toBe("expired_token");
    } finally {
      await box.stop();
    }
    oidcCoverage.modelled("CreateTokenWithIAM", "ExpiredTokenException");
  });

  it("every modelled CreateTokenWithIAM error is exercised or named as not emulated", () => {
    oidcCoverage.complete("CreateTokenWithIAM", {
      AuthorizationPendingException: "device-code flow only; CreateTokenWithIAM's grants never pend",
      SlowDownException: "device-code polling only",
      InvalidRequestRegionException: "the sandbox is single-Region",
    });
  });
});

describe("STS AssumeRole and GetCallerIdentity", () => {
  it("AssumeRole with ProvidedContexts, and without: conform to AssumeRoleResponse", async () => {
    const out = expectOk(
      "sts",
      await assume({ ProvidedContexts: await contextOf("arnav"), RoleSessionName: "with-context" }),
    );
    expect(out).toMatchObject({
      AssumedRoleUser: { Arn: "arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/with-context" },
    });
    expectOk("sts", await assume({ RoleSessionName: "plain" }));
  });

  it("GetCallerIdentity for the base user and an identity-enhanced session: conform to GetCallerIdentityResponse", async () => {
    expectOk("sts", await send(sb, "sts", new GetCallerIdentityCommand({})));
    const me = expectOk(
      "sts",
      await send(sb, "sts", new GetCallerIdentityCommand({}), { credentials: await personaCredentials(sb, "maria") }),
    );
    expect(me).toMatchObject({ Account: "111122223333", UserId: "AROA2SANDBOXCARRIER1:fidelity-maria" });
  });

  it("ExpiredTokenException (modelled) for a context assertion past its hour", async () => {
    const box = await startSandbox();
    try {
      const ctx = await contextOf("arnav", box);
      box.clock.advance(3601e3);
      expectAwsError("sts", await assume({ ProvidedContexts: ctx }, undefined, box), "ExpiredTokenException", 400);
    } finally {
      await box.stop();
    }
    stsCoverage.modelled("AssumeRole", "ExpiredTokenException");
  });

  // Unmodelled errors AWS's query services use; the model cannot check their bodies, the envelope still is.
  it("AccessDenied (403) when the trust policy lacks sts:SetContext, and for an unknown role", async () => {
    expectAwsError(
      "sts",
      await assume({ RoleArn: NO_CONTEXT_ROLE, ProvidedContexts: await contextOf("arnav") }),
      "AccessDenied",
      403,
    );
    expectAwsError(
      "sts",
      await assume({ RoleArn: "arn:aws:iam::111122223333:role/DoesNotExist" }),
      "AccessDenied",
      403,
    );
  });

  it("ValidationError (400) for a malformed RoleSessionName, InvalidParameterValue (400) for a forged assertion", async () => {
    expectAwsError("sts", await assume({ RoleSessionName: "x" }), "ValidationError", 400);
    expectAwsError(
      "sts",
      await assume({
        ProvidedContexts: [{ ProviderArn: IDC_PROVIDER, ContextAssertion: `AQoJb3JpZ2luX2Vj${"A".repeat(200)}` }],
      }),
      "InvalidParameterValue",
      400,
    );
  });

  it("every modelled AssumeRole error is exercised or named as not emulated", () => {
    stsCoverage.complete("AssumeRole", {
      MalformedPolicyDocumentException: "session policies are refused as not emulated (InvalidParameterValue)",
      PackedPolicyTooLargeException: "session policies and tags are refused as not emulated",
      RegionDisabledException: "the sandbox has one enabled Region",
    });
    stsCoverage.complete("GetCallerIdentity");
  });
});
