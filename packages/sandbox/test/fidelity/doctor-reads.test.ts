// The read APIs `tip-proof doctor` calls, through the real SDK clients: SSO Admin (application, grants,
// scopes, assignment configuration, authentication methods, trusted token issuer), IAM GetRole (trust
// policy URL-encoded in the XML), S3 Control GetAccessGrantsInstance and Lake Formation's Identity
// Center configuration. Each response conforms to the installed model; refusals are the modelled errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeApplicationCommand,
  DescribeTrustedTokenIssuerCommand,
  GetApplicationAssignmentConfigurationCommand,
  ListApplicationAccessScopesCommand,
  ListApplicationAuthenticationMethodsCommand,
  ListApplicationGrantsCommand,
  type DescribeApplicationCommandOutput,
  type DescribeTrustedTokenIssuerCommandOutput,
  type ListApplicationGrantsCommandOutput,
  type ListApplicationAuthenticationMethodsCommandOutput,
} from "@aws-sdk/client-sso-admin";
import { GetRoleCommand, type GetRoleCommandOutput } from "@aws-sdk/client-iam";
import { GetAccessGrantsInstanceCommand, type GetAccessGrantsInstanceCommandOutput } from "@aws-sdk/client-s3-control";
import {
  DescribeLakeFormationIdentityCenterConfigurationCommand,
  type DescribeLakeFormationIdentityCenterConfigurationCommandOutput,
} from "@aws-sdk/client-lakeformation";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { send } from "../helpers/fidelity-kit.js";
import { expectAwsError, expectOk } from "./expect.js";

let sb: Sandbox;
const APP = "arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-4d2e9f1a7b3c8e05";
const TTI =
  "arn:aws:sso::111122223333:trustedTokenIssuer/ssoins-7223b8f2c1d4e5a6/tti-5b0e2c4a-8f61-4d9b-a3e7-1c2d3e4f5a6b";
const INSTANCE = "arn:aws:sso:::instance/ssoins-7223b8f2c1d4e5a6";

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.stop();
});

describe("SSO Admin reads", () => {
  it("DescribeApplication, grants, scopes, assignment configuration and the IAM authentication method conform", async () => {
    const app = expectOk(
      "sso-admin",
      await send<DescribeApplicationCommandOutput>(
        sb,
        "sso-admin",
        new DescribeApplicationCommand({ ApplicationArn: APP }),
      ),
    );
    expect(app).toMatchObject({ ApplicationArn: APP, InstanceArn: INSTANCE, Status: "ENABLED" });
    const grants = expectOk(
      "sso-admin",
      await send<ListApplicationGrantsCommandOutput>(
        sb,
        "sso-admin",
        new ListApplicationGrantsCommand({ ApplicationArn: APP }),
      ),
    );
    const jwt = grants.Grants?.find((g) => g.GrantType === "urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(jwt?.Grant?.JwtBearer?.AuthorizedTokenIssuers).toEqual([
      { TrustedTokenIssuerArn: TTI, AuthorizedAudiences: ["tip-harness"] },
    ]);
    const scopes = expectOk(
      "sso-admin",
      await send<{ Scopes?: { Scope?: string }[] }>(
        sb,
        "sso-admin",
        new ListApplicationAccessScopesCommand({ ApplicationArn: APP }),
      ),
    );
    expect(scopes.Scopes?.map((s) => s.Scope)).toContain("sts:identity_context");
    const conf = expectOk(
      "sso-admin",
      await send<{ AssignmentRequired?: boolean }>(
        sb,
        "sso-admin",
        new GetApplicationAssignmentConfigurationCommand({ ApplicationArn: APP }),
      ),
    );
    expect(conf.AssignmentRequired).toBe(true);
    const auth = expectOk(
      "sso-admin",
      await send<ListApplicationAuthenticationMethodsCommandOutput>(
        sb,
        "sso-admin",
        new ListApplicationAuthenticationMethodsCommand({ ApplicationArn: APP }),
      ),
    );
    expect(auth.AuthenticationMethods?.[0]?.AuthenticationMethodType).toBe("IAM");
    expect(JSON.stringify(auth.AuthenticationMethods?.[0]?.AuthenticationMethod?.Iam?.ActorPolicy)).toContain(
      "tip-harness-runner",
    );
  });

  it("DescribeTrustedTokenIssuer names the sandbox IdP's issuer URL and the claim mapping", async () => {
    const tti = expectOk(
      "sso-admin",
      await send<DescribeTrustedTokenIssuerCommandOutput>(
        sb,
        "sso-admin",
        new DescribeTrustedTokenIssuerCommand({ TrustedTokenIssuerArn: TTI }),
      ),
    );
    expect(tti.TrustedTokenIssuerConfiguration?.OidcJwtConfiguration).toEqual({
      IssuerUrl: `${sb.endpoint}/idp`,
      ClaimAttributePath: "email",
      IdentityStoreAttributePath: "emails.value",
      JwksRetrievalOption: "OPEN_ID_DISCOVERY",
    });
  });

  it("an unknown application is ResourceNotFoundException; a caller without sso:* is AccessDeniedException", async () => {
    expectAwsError(
      "sso-admin",
      await send(sb, "sso-admin", new DescribeApplicationCommand({ ApplicationArn: `${APP}0` })),
      "ResourceNotFoundException",
      404,
    );
    const s = await startSandbox({ fixture: "bank" });
    try {
      s.fixture.iamUsers[0].policies = s.fixture.iamUsers[0].policies.map((p) => ({
        ...p,
        Action: (p.Action as string[]).filter((a) => !a.startsWith("sso:")),
      }));
      expectAwsError(
        "sso-admin",
        await send(s, "sso-admin", new ListApplicationGrantsCommand({ ApplicationArn: APP })),
        "AccessDeniedException",
        403,
      );
    } finally {
      await s.stop();
    }
  });
});

describe("IAM GetRole", () => {
  it("returns the role with its trust policy URL-encoded, as AWS does", async () => {
    const s = await send<GetRoleCommandOutput>(sb, "iam", new GetRoleCommand({ RoleName: "TipHarnessCarrier" }));
    const out = expectOk("iam", s);
    expect(out.Role).toMatchObject({
      RoleName: "TipHarnessCarrier",
      Arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier",
      MaxSessionDuration: 3600,
    });
    expect(out.Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/);
    const doc = JSON.parse(decodeURIComponent(out.Role!.AssumeRolePolicyDocument!)) as {
      Statement: { Action: string[] }[];
    };
    expect(doc.Statement[0].Action).toEqual(["sts:AssumeRole", "sts:SetContext"]);
  });

  it("an unknown role is NoSuchEntity (404); without iam:GetRole, AccessDenied (403)", async () => {
    expectAwsError(
      "iam",
      await send(sb, "iam", new GetRoleCommand({ RoleName: "Nope" })),
      "NoSuchEntityException",
      404,
    );
    const s = await startSandbox({ fixture: "bank" });
    try {
      s.fixture.iamUsers[0].policies = s.fixture.iamUsers[0].policies.map((p) => ({
        ...p,
        Action: (p.Action as string[]).filter((a) => a !== "iam:GetRole"),
      }));
      const e = expectAwsError(
        "iam",
        await send(s, "iam", new GetRoleCommand({ RoleName: "TipHarnessCarrier" })),
        "AccessDenied",
        403,
      );
      expect(e.message).toContain("iam:GetRole");
    } finally {
      await s.stop();
    }
  });
});

describe("S3 Control GetAccessGrantsInstance and Lake Formation's Identity Center configuration", () => {
  it("both name the fixture's Identity Center instance", async () => {
    const ag = expectOk(
      "s3-control",
      await send<GetAccessGrantsInstanceCommandOutput>(
        sb,
        "s3-control",
        new GetAccessGrantsInstanceCommand({ AccountId: "111122223333" }),
      ),
    );
    expect(ag.IdentityCenterInstanceArn).toBe(INSTANCE);
    const lf = expectOk(
      "lakeformation",
      await send<DescribeLakeFormationIdentityCenterConfigurationCommandOutput>(
        sb,
        "lakeformation",
        new DescribeLakeFormationIdentityCenterConfigurationCommand({}),
      ),
    );
    expect(lf).toMatchObject({ CatalogId: "111122223333", InstanceArn: INSTANCE });
  });

  it("without the integration, EntityNotFoundException", async () => {
    const s = await startSandbox({ fixture: "bank" });
    try {
      delete s.fixture.lakeFormation.identityCenter;
      expectAwsError(
        "lakeformation",
        await send(s, "lakeformation", new DescribeLakeFormationIdentityCenterConfigurationCommand({})),
        "EntityNotFoundException",
        400,
      );
    } finally {
      await s.stop();
    }
  });
});
