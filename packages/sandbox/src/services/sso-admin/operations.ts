// SSO Admin read operations over the fixture's identityCenter.applications and trustedTokenIssuers: what
// `tip-proof doctor` (and directory assertions) read about the application the harness signs in through.
// Every operation is authorized by the caller's IAM policies (sso:<Operation> on the application or
// issuer ARN) before anything is looked up, as IAM Identity Center does.
import type { SandboxContext } from "../../context.js";
import type { Fixture } from "../../fixture/load.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";
import { AwsError } from "../../protocols/errors.js";
import type { SandboxRequest } from "../../types.js";
import { ssoAdminText } from "./messages.js";

export type Body = Record<string, unknown>;
type Application = Fixture["identityCenter"]["applications"][number];

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** HTTP statuses from the SSO Admin model's error traits. */
const STATUS: Record<string, number> = {
  ResourceNotFoundException: 404,
  AccessDeniedException: 403,
  ValidationException: 400,
};
const err = (code: string, message: string) =>
  new AwsError(code, message, { status: STATUS[code] ?? 400, messageKey: "Message" });

function requiredString(body: Body, name: string): string {
  const v = body[name];
  if (v === undefined || v === null) throw err("ValidationException", ssoAdminText.missingMember(name));
  if (typeof v !== "string") throw err("ValidationException", ssoAdminText.serialization());
  return v;
}

function authorize(ctx: SandboxContext, req: SandboxRequest, action: string, resource: string): void {
  if (!isActionAllowed(policiesOf(ctx.fixture, req.lineage!), action, resource)) {
    throw err("AccessDeniedException", ssoAdminText.accessDenied(req.lineage!.callerArn, action, resource));
  }
}

function application(ctx: SandboxContext, req: SandboxRequest, body: Body, op: string): Application {
  const arn = requiredString(body, "ApplicationArn");
  authorize(ctx, req, `sso:${op}`, arn);
  const app = ctx.fixture.identityCenter.applications.find((a) => a.arn === arn);
  if (!app) throw err("ResourceNotFoundException", ssoAdminText.applicationNotFound(arn));
  return app;
}

const storeArn = (f: Fixture) =>
  `arn:aws:identitystore::${f.account}:identitystore/${f.identityCenter.identityStoreId}`;

export function describeApplication(ctx: SandboxContext, req: SandboxRequest, body: Body, createdAt: number) {
  const app = application(ctx, req, body, "DescribeApplication");
  const f = ctx.fixture;
  return {
    ApplicationArn: app.arn,
    Name: app.name,
    ApplicationAccount: f.account,
    InstanceArn: f.identityCenter.instanceArn,
    IdentityStoreArn: storeArn(f),
    Status: "ENABLED",
    // Customer managed OAuth 2.0 applications come from this provider (UNVERIFIED for Athena's own application).
    ApplicationProviderArn: "arn:aws:sso::aws:applicationProvider/custom",
    CreatedDate: Math.floor(createdAt / 1000),
  };
}

export function listApplicationGrants(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const app = application(ctx, req, body, "ListApplicationGrants");
  const g = app.grants;
  const grants: Record<string, unknown>[] = [];
  if (g.jwtBearer)
    grants.push({
      GrantType: JWT_BEARER,
      Grant: {
        JwtBearer: {
          AuthorizedTokenIssuers: g.jwtBearer.map((i) => ({
            TrustedTokenIssuerArn: i.trustedTokenIssuerArn,
            AuthorizedAudiences: i.authorizedAudiences,
          })),
        },
      },
    });
  if (g.refreshToken) grants.push({ GrantType: "refresh_token", Grant: { RefreshToken: {} } });
  if (g.authorizationCode)
    grants.push({
      GrantType: "authorization_code",
      Grant: { AuthorizationCode: { RedirectUris: g.authorizationCode.redirectUris } },
    });
  return { Grants: grants };
}

export function listApplicationAccessScopes(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const app = application(ctx, req, body, "ListApplicationAccessScopes");
  return { Scopes: app.scopes.map((s) => ({ Scope: s })) };
}

export function getApplicationAssignmentConfiguration(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const app = application(ctx, req, body, "GetApplicationAssignmentConfiguration");
  return { AssignmentRequired: app.assignmentRequired };
}

/** Assignments with identity-store ids, groups first; names the fixture does not know are left out. */
export function listApplicationAssignments(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const app = application(ctx, req, body, "ListApplicationAssignments");
  const ic = ctx.fixture.identityCenter;
  const groups = app.assignments.groups.flatMap((n) =>
    ic.groups
      .filter((g) => g.displayName === n)
      .map((g) => ({ ApplicationArn: app.arn, PrincipalId: g.groupId, PrincipalType: "GROUP" })),
  );
  const users = app.assignments.users.flatMap((n) =>
    ic.users
      .filter((u) => u.userName === n)
      .map((u) => ({ ApplicationArn: app.arn, PrincipalId: u.userId, PrincipalType: "USER" })),
  );
  return { ApplicationAssignments: [...groups, ...users] };
}

/** The IAM authentication method: who may call CreateTokenWithIAM for this application (authorizedCallers). */
export function listApplicationAuthenticationMethods(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const app = application(ctx, req, body, "ListApplicationAuthenticationMethods");
  if (app.authorizedCallers.length === 0) return { AuthenticationMethods: [] };
  const ActorPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: app.authorizedCallers },
        Action: "sso-oauth:CreateTokenWithIAM",
        Resource: "*",
      },
    ],
  };
  return {
    AuthenticationMethods: [{ AuthenticationMethodType: "IAM", AuthenticationMethod: { Iam: { ActorPolicy } } }],
  };
}

export function describeTrustedTokenIssuer(ctx: SandboxContext, req: SandboxRequest, body: Body) {
  const arn = requiredString(body, "TrustedTokenIssuerArn");
  authorize(ctx, req, "sso:DescribeTrustedTokenIssuer", arn);
  const tti = ctx.fixture.identityCenter.trustedTokenIssuers.find((t) => t.arn === arn);
  if (!tti) throw err("ResourceNotFoundException", ssoAdminText.issuerNotFound(arn));
  return {
    TrustedTokenIssuerArn: tti.arn,
    Name: tti.name,
    TrustedTokenIssuerType: "OIDC_JWT",
    TrustedTokenIssuerConfiguration: {
      OidcJwtConfiguration: {
        // "sandbox" stands for the sandbox's own IdP, as everywhere in the fixture.
        IssuerUrl: tti.issuerUrl === "sandbox" ? ctx.idpIssuer : tti.issuerUrl,
        ClaimAttributePath: tti.claimAttributePath,
        IdentityStoreAttributePath: tti.identityStoreAttributePath,
        JwksRetrievalOption: "OPEN_ID_DISCOVERY",
      },
    },
  };
}
