// STS AssumeRole with ProvidedContexts and GetCallerIdentity through the real STSClient: trust and
// identity policies (sts:AssumeRole, sts:SetContext), assertion validity, durations and role chaining.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/index.js";
import {
  bankVariant,
  clients,
  failure,
  IDC_PROVIDER,
  idToken,
  JWT_BEARER,
  sessionCreds,
  type Creds,
} from "./sandbox-identity-helpers.js";

const CARRIER = "arn:aws:iam::111122223333:role/TipHarnessCarrier";
const NO_CONTEXT = "arn:aws:iam::111122223333:role/TipHarnessNoContext";
const CHAIN_TARGET = "arn:aws:iam::111122223333:role/ChainTarget";
const SESSION_TRUSTED = "arn:aws:iam::111122223333:role/SessionTrusted";

// The bank fixture plus two roles the carrier role may chain into (one trusting the role ARN with a
// 12-hour maximum, one trusting only a specific assumed-role session ARN).
// The identity-context allow-list is off here: it would refuse sts:AssumeRole to every identity-enhanced
// session (tested at the end of this file), and these tests are about chaining rules themselves.
const fixture = bankVariant((f) => {
  f.sts.identityContextAllowList = false;
  f.iamRoles[0].policies.push({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetContext"], Resource: "*" });
  f.iamUsers[0].policies.push({ Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: "*" });
  f.iamRoles.push(
    {
      name: "ChainTarget",
      arn: CHAIN_TARGET,
      roleId: "AROA2SANDBOXCHAIN001",
      maxSessionDuration: 43200,
      policies: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }],
      trustPolicy: {
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: [CARRIER, "arn:aws:iam::111122223333:user/tip-harness-runner"] },
            Action: ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
            Resource: "*",
          },
        ],
      },
    },
    {
      name: "SessionTrusted",
      arn: SESSION_TRUSTED,
      roleId: "AROA2SANDBOXSESSTR01",
      maxSessionDuration: 3600,
      policies: [],
      trustPolicy: {
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/chainer" },
            Action: "sts:AssumeRole",
            Resource: "*",
          },
        ],
      },
    },
  );
});

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ fixture });
});
afterAll(async () => {
  await sb.stop();
});

const assume = (input: Partial<AssumeRoleCommandInput>, creds?: Creds) =>
  clients(sb, creds).sts.send(new AssumeRoleCommand({ RoleArn: CARRIER, RoleSessionName: "test", ...input }));

async function contextFor(s: Sandbox, user: string): Promise<string> {
  const t = await clients(s).oidc.send(
    new CreateTokenWithIAMCommand({
      clientId: s.identifiers.applicationArn,
      grantType: JWT_BEARER,
      assertion: await idToken(s, user),
    }),
  );
  return t.awsAdditionalDetails!.identityContext!;
}
const ctxOf = (assertion: string) => [{ ProviderArn: IDC_PROVIDER, ContextAssertion: assertion }];

async function expectStsError(p: Promise<unknown>, name: string, status: number) {
  const e = await failure(p);
  expect({ name: e.name, status: e.$metadata.httpStatusCode }).toEqual({ name, status });
  return e;
}

describe("GetCallerIdentity", () => {
  it("describes the base IAM user", async () => {
    const me = await clients(sb).sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      UserId: "AIDA2SANDBOXRUNNER01",
      Account: "111122223333",
      Arn: "arn:aws:iam::111122223333:user/tip-harness-runner",
    });
  });
});

describe("authorization", () => {
  it("refuses ProvidedContexts on a role whose trust policy lacks sts:SetContext, and records it", async () => {
    await expectStsError(
      assume({ RoleArn: NO_CONTEXT, RoleSessionName: "noctx", ProvidedContexts: ctxOf(await contextFor(sb, "arnav")) }),
      "AccessDenied",
      403,
    );
    const rec = sb.trail.events
      .map((e) => e.record as Record<string, any>)
      .find((r) => r.eventName === "AssumeRole" && r.requestParameters?.roleSessionName === "noctx")!;
    expect(rec).toMatchObject({
      errorCode: "AccessDenied",
      responseElements: null,
      requestParameters: { roleArn: NO_CONTEXT },
    });
  });

  it("still lets the same role be assumed without ProvidedContexts (a plain session)", async () => {
    const s = await assume({ RoleArn: NO_CONTEXT, RoleSessionName: "plain" });
    expect(sb.credentials.get(s.Credentials!.AccessKeyId!)!.lineage.identityContext).toBeUndefined();
  });

  it("refuses an unknown role exactly like a refused one", async () => {
    await expectStsError(assume({ RoleArn: "arn:aws:iam::111122223333:role/DoesNotExist" }), "AccessDenied", 403);
    await expectStsError(
      assume({ RoleArn: "arn:aws:iam::111122223333:role/AthenaTipExecutionRole" }),
      "AccessDenied",
      403,
    );
  });

  it("refuses a caller whose identity policy lacks sts:AssumeRole", async () => {
    const plain = await assume({ RoleArn: NO_CONTEXT, RoleSessionName: "no-assume" });
    await expectStsError(assume({ RoleArn: CHAIN_TARGET }, sessionCreds(plain.Credentials)), "AccessDenied", 403);
  });

  it("accepts a trust policy naming the caller's assumed-role session ARN", async () => {
    const chainer = await assume({ RoleSessionName: "chainer" });
    const s = await assume({ RoleArn: SESSION_TRUSTED, RoleSessionName: "xx" }, sessionCreds(chainer.Credentials));
    expect(s.AssumedRoleUser!.Arn).toBe("arn:aws:sts::111122223333:assumed-role/SessionTrusted/xx");
    const other = await assume({ RoleSessionName: "not-chainer" });
    await expectStsError(
      assume({ RoleArn: SESSION_TRUSTED, RoleSessionName: "xx" }, sessionCreds(other.Credentials)),
      "AccessDenied",
      403,
    );
  });
});

describe("source identity", () => {
  it("sets SourceIdentity only where the trust policy allows sts:SetSourceIdentity, and shows it in CloudTrail", async () => {
    await expectStsError(assume({ SourceIdentity: "arnav-src" }), "AccessDenied", 403);
    const s = await assume({ RoleArn: CHAIN_TARGET, RoleSessionName: "with-src", SourceIdentity: "arnav-src" });
    expect(s.SourceIdentity).toBe("arnav-src");
    await clients(sb, sessionCreds(s.Credentials)).sts.send(new GetCallerIdentityCommand({}));
    const rec = sb.trail.events
      .map((e) => e.record as Record<string, any>)
      .find((r) => r.eventName === "GetCallerIdentity" && r.userIdentity.accessKeyId === s.Credentials!.AccessKeyId)!;
    expect(rec.userIdentity.sessionContext.sourceIdentity).toBe("arnav-src");
  });
});

describe("context assertions", () => {
  it("refuses an assertion the sandbox never issued", async () => {
    await expectStsError(
      assume({ ProvidedContexts: ctxOf(`AQoJb3JpZ2luX2Vj${"A".repeat(700)}`) }),
      "InvalidParameterValue",
      400,
    );
  });

  it("refuses an assertion issued by another sandbox", async () => {
    const other = await startSandbox();
    try {
      await expectStsError(
        assume({ ProvidedContexts: ctxOf(await contextFor(other, "arnav")) }),
        "InvalidParameterValue",
        400,
      );
    } finally {
      await other.stop();
    }
  });

  it("refuses a provider other than Identity Center", async () => {
    await expectStsError(
      assume({
        ProvidedContexts: [
          { ProviderArn: "arn:aws:iam::aws:contextProvider/Other", ContextAssertion: await contextFor(sb, "arnav") },
        ],
      }),
      "InvalidParameterValue",
      400,
    );
  });

  it("validates list and assertion lengths", async () => {
    const e = await expectStsError(assume({ ProvidedContexts: ctxOf("abc") }), "ValidationError", 400);
    expect(e.message).not.toContain("abc");
    const a = await contextFor(sb, "wei");
    await expectStsError(
      assume({ ProvidedContexts: Array.from({ length: 6 }, () => ctxOf(a)[0]) }),
      "ValidationError",
      400,
    );
  });
});

describe("validation and durations", () => {
  it("validates RoleSessionName and DurationSeconds with AWS-style messages", async () => {
    await expectStsError(assume({ RoleSessionName: "x" }), "ValidationError", 400);
    await expectStsError(assume({ RoleSessionName: "has space" }), "ValidationError", 400);
    const low = await expectStsError(assume({ DurationSeconds: 100 }), "ValidationError", 400);
    expect(low.message).toBe(
      "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    await expectStsError(assume({ DurationSeconds: 50000 }), "ValidationError", 400);
  });

  it("caps DurationSeconds at the role's MaxSessionDuration", async () => {
    const e = await expectStsError(assume({ DurationSeconds: 7200 }), "ValidationError", 400);
    expect(e.message).toBe("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    const ok = await assume({ RoleArn: CHAIN_TARGET, DurationSeconds: 43200 });
    expect(ok.Credentials!.Expiration!.getTime() - sb.clock.now()).toBeGreaterThan(43190_000);
  });

  it("caps role chaining at one hour, whatever the role allows", async () => {
    const first = await assume({ RoleSessionName: "chain-1", ProvidedContexts: ctxOf(await contextFor(sb, "arnav")) });
    const creds = sessionCreds(first.Credentials);
    const e = await expectStsError(
      assume({ RoleArn: CHAIN_TARGET, DurationSeconds: 3601 }, creds),
      "ValidationError",
      400,
    );
    expect(e.message).toBe(
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
    const chained = await assume({ RoleArn: CHAIN_TARGET, RoleSessionName: "chain-2", DurationSeconds: 3600 }, creds);
    const lineage = sb.credentials.get(chained.Credentials!.AccessKeyId!)!.lineage;
    expect(lineage).toMatchObject({ chained: true, parentAccessKeyId: first.Credentials!.AccessKeyId });
    // Without ProvidedContexts the chained session carries no user (UNVERIFIED, conservative).
    expect(lineage.identityContext).toBeUndefined();
  });

  it("refuses session policies instead of ignoring them", async () => {
    await expectStsError(
      assume({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }),
      "InvalidParameterValue",
      400,
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

  it("refuses an assertion after its hour, and expires the session it made", async () => {
    const assertion = await contextFor(t, "arnav");
    const session = await clients(t).sts.send(
      new AssumeRoleCommand({
        RoleArn: CARRIER,
        RoleSessionName: "exp",
        ProvidedContexts: ctxOf(assertion),
        DurationSeconds: 900,
      }),
    );
    const creds = sessionCreds(session.Credentials);
    await clients(t, creds).sts.send(new GetCallerIdentityCommand({}));
    t.clock.advance(901_000);
    await expectStsError(clients(t, creds).sts.send(new GetCallerIdentityCommand({})), "ExpiredToken", 400);
    t.clock.advance(2700_000);
    await expectStsError(
      clients(t).sts.send(
        new AssumeRoleCommand({ RoleArn: CARRIER, RoleSessionName: "late", ProvidedContexts: ctxOf(assertion) }),
      ),
      "ExpiredTokenException",
      400,
    );
  });
});

describe("the identity-context allow-list session policy (AWSIAMIdentityCenterAllowListForIdentityContext)", () => {
  it("an identity-enhanced session may not chain into another role (sts:AssumeRole is not on the list)", async () => {
    const s = await startSandbox({
      fixture: bankVariant((f) => {
        f.iamRoles[0].policies.push({ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "*" });
        f.iamRoles.push({
          name: "ChainTarget",
          arn: CHAIN_TARGET,
          roleId: "AROA2SANDBOXCHAIN001",
          maxSessionDuration: 3600,
          policies: [],
          trustPolicy: {
            Statement: [{ Effect: "Allow", Principal: { AWS: CARRIER }, Action: ["sts:AssumeRole"], Resource: "*" }],
          },
        });
      }),
    });
    try {
      const first = await clients(s).sts.send(
        new AssumeRoleCommand({
          RoleArn: CARRIER,
          RoleSessionName: "ie",
          ProvidedContexts: ctxOf(await contextFor(s, "arnav")),
        }),
      );
      const e = await failure(
        clients(s, sessionCreds(first.Credentials)).sts.send(
          new AssumeRoleCommand({ RoleArn: CHAIN_TARGET, RoleSessionName: "chain-ie" }),
        ),
      );
      expect({ name: e.name, status: e.$metadata.httpStatusCode }).toEqual({ name: "AccessDenied", status: 403 });
      // GetCallerIdentity needs no permission, and an explicit Deny does not stop it.
      const me = await clients(s, sessionCreds(first.Credentials)).sts.send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe("arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/ie");
    } finally {
      await s.stop();
    }
  });
});
