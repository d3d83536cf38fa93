// Every doctor check: what it verifies, the fix, and the AWS documentation page. docs/doctor.md's table
// is generated from this (test/docs.test.ts keeps them equal), so the console, the JSON and the docs say
// the same thing.
import type { CheckResult } from "./result.js";

type Spec = Pick<CheckResult, "group" | "title" | "fix" | "doc" | "blocking">;

const IDC = "https://docs.aws.amazon.com/singlesignon/latest";
export const CHECKS = {
  "identity.allow-list": {
    group: "identity",
    title: "base identity is in the allow-list",
    blocking: false,
    fix: "Point the credentials at a test account, or add the account (Region, instance) to TIP_ALLOWED_ACCOUNTS / TIP_ALLOWED_REGIONS / TIP_ALLOWED_IDC_INSTANCES.",
    doc: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
  },
  "application.exists": {
    group: "application",
    title: "application exists, enabled, in the scenario's instance",
    blocking: false,
    fix: "Set target.identityCenter.applicationArn (TIP_APPLICATION_ARN) to the customer managed application's ARN, and enable it.",
    doc: `${IDC}/userguide/customermanagedapps-trusted-identity-propagation-set-up-your-own-app-OAuth2.html`,
  },
  "application.jwt-bearer": {
    group: "application",
    title: "application has the jwt-bearer grant",
    blocking: true,
    fix: 'aws sso-admin put-application-grant --application-arn <app> --grant-type urn:ietf:params:oauth:grant-type:jwt-bearer --grant \'{"JwtBearer":{"AuthorizedTokenIssuers":[{"TrustedTokenIssuerArn":"<tti>","AuthorizedAudiences":["<aud>"]}]}}\'',
    doc: `${IDC}/APIReference/API_PutApplicationGrant.html`,
  },
  "application.issuer": {
    group: "application",
    title: "the grant's trusted token issuer exists (OIDC JWT)",
    blocking: false,
    fix: "Create the trusted token issuer for your IdP (aws sso-admin create-trusted-token-issuer) and name it in the jwt-bearer grant.",
    doc: `${IDC}/userguide/using-apps-with-trusted-token-issuer.html`,
  },
  "application.audience": {
    group: "application",
    title: "each persona's token audience is an authorized audience",
    blocking: false,
    fix: "Add the IdP token's `aud` to AuthorizedAudiences of the jwt-bearer grant (put-application-grant), or make the IdP issue that audience.",
    doc: `${IDC}/APIReference/API_AuthorizedTokenIssuer.html`,
  },
  "application.scopes": {
    group: "application",
    title: "scopes include sts:identity_context (and Access Grants when used)",
    blocking: true,
    fix: "aws sso-admin put-application-access-scope --application-arn <app> --scope sts:identity_context (and s3:access_grants:read_write when the scenario has Access Grants checks).",
    doc: `${IDC}/APIReference/API_PutApplicationAccessScope.html`,
  },
  "application.callers": {
    group: "application",
    title: "the base principal may call CreateTokenWithIAM for the application",
    blocking: false,
    fix: "aws sso-admin put-application-authentication-method --authentication-method-type IAM with an ActorPolicy allowing sso-oauth:CreateTokenWithIAM for the base principal.",
    doc: `${IDC}/APIReference/API_PutApplicationAuthenticationMethod.html`,
  },
  "issuer.discovery": {
    group: "issuer",
    title: "the issuer's discovery document and JWKS are reachable",
    blocking: false,
    fix: "Serve <issuer>/.well-known/openid-configuration with a jwks_uri whose JWKS has keys, publicly on port 443; the issuer URL must not include the suffix.",
    doc: `${IDC}/userguide/trusted-token-issuer-configuration-settings.html`,
  },
  "persona.claim": {
    group: "personas",
    title: "the persona's claim value maps to exactly its user",
    blocking: false,
    fix: "Make the issuer's identity store attribute (e.g. emails.value) of exactly one user equal the token's claim, and that user the persona's identity.",
    doc: `${IDC}/userguide/trusted-token-issuer-configuration-settings.html`,
  },
  "persona.assignment": {
    group: "personas",
    title: "the persona's assignment matches its class",
    blocking: false,
    fix: "Assign the user or one of its groups to the application (aws sso-admin create-application-assignment), or make the persona class denied.",
    doc: `${IDC}/APIReference/API_CreateApplicationAssignment.html`,
  },
  "carrier.trust": {
    group: "carrier",
    title: "carrier role trusts the base principal for sts:AssumeRole and sts:SetContext",
    blocking: true,
    fix: 'Add a trust policy statement allowing ["sts:AssumeRole", "sts:SetContext"] to the base principal (aws iam update-assume-role-policy).',
    doc: `${IDC}/userguide/trustedidentitypropagation-identity-enhanced-iam-role-sessions.html`,
  },
  "athena.workgroup": {
    group: "athena",
    title: "workgroup: Identity Center enabled, application, execution role, results location",
    blocking: false,
    fix: "Create the workgroup with Identity Center authentication, an execution role trusting athena.amazonaws.com (sts:AssumeRole, sts:SetContext) and a results location with S3 Access Grants.",
    doc: `${IDC}/userguide/tip-usecase-ate.html`,
  },
  "athena.results-grant": {
    group: "athena",
    title: "an Access Grant covers the results location for the persona",
    blocking: false,
    fix: "Grant READWRITE on the results location (e.g. s3://bucket/prefix/*) to the user or one of its groups (aws s3control create-access-grant).",
    doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-grants-directory-ids.html",
  },
  "access-grants.instance": {
    group: "access-grants",
    title: "Access Grants instance bound to the same Identity Center instance",
    blocking: false,
    fix: "aws s3control associate-access-grants-identity-center --identity-center-arn <the application's instance>.",
    doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-grants-directory-ids.html",
  },
  "access-grants.carrier-iam-grant": {
    group: "access-grants",
    title: "no Access Grants IAM grant to the carrier role (it would cover every persona)",
    blocking: false,
    fix: "Delete the grant (aws s3control delete-access-grant --access-grant-id <id>) and grant the directory users or groups instead: every persona's session is the carrier role, so `run` makes refusals under it CARRIER_IAM_GRANT errors and allows through it failures.",
    doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-grants-grant.html",
  },
  "lake-formation.identity-center": {
    group: "lake-formation",
    title: "Lake Formation integrated with the same Identity Center instance",
    blocking: false,
    fix: "aws lakeformation create-lake-formation-identity-center-configuration --instance-arn <the application's instance>.",
    doc: "https://docs.aws.amazon.com/lake-formation/latest/dg/identity-center-integration.html",
  },
  "cloudtrail.lookup": {
    group: "cloudtrail",
    title: "CloudTrail LookupEvents works",
    blocking: false,
    fix: "Allow cloudtrail:LookupEvents to the base principal, or run with --no-cloudtrail (results become pending).",
    doc: "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html",
  },
} as const satisfies Record<string, Spec>;

export type CheckId = keyof typeof CHECKS;

/** docs/doctor.md's table of checks. */
export function renderCheckTable(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = Object.entries(CHECKS).map(
    ([id, c]) =>
      `| \`${id}\` | ${cell(c.title)}${c.blocking ? " (blocking for `run`)" : ""} | ${cell(c.fix)} | [docs](${c.doc}) |`,
  );
  return ["| Check | Verifies | Fix | AWS docs |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}
