// The calls behind the golden wire files (test/fixtures/wire/**), shared by golden.test.ts (compare)
// and scripts/update-golden.ts (rewrite). They run in this order against one fresh sandbox, so the
// CloudTrail page at the end sees the same history every time. No vitest here: the script imports it.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetDataAccessCommand } from "@aws-sdk/client-s3-control";
import { CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { Sandbox } from "../../src/index.js";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  IDC_PROVIDER,
  idToken,
  JWT_BEARER,
  personaCredentials,
  send,
  vendedCredentials,
  type Sent,
} from "../helpers/fidelity-kit.js";
import type { ServiceId } from "../helpers/model-source.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";

export interface GoldenCase {
  /** Path under test/fixtures/wire without .txt: <service>/<Operation>.<case>. */
  name: string;
  title: string;
  service: ServiceId;
  op: string;
  sent: Sent;
  /** The SDK outcome the case stands for: "ok" or the error name. */
  expect: string;
}

/** Every golden file, in the order runGoldenCases produces them. */
export const GOLDEN_NAMES = [
  "sso-oidc/CreateTokenWithIAM.success",
  "sso-oidc/CreateTokenWithIAM.InvalidGrantException",
  "sts/AssumeRole.success",
  "sts/AssumeRole.AccessDenied",
  "athena/StartQueryExecution.success",
  "athena/GetQueryExecution.FAILED-COLUMN_NOT_FOUND",
  "athena/GetQueryResults.header-and-null",
  "s3control/GetDataAccess.success",
  "s3control/GetDataAccess.AccessDenied",
  "cloudtrail/LookupEvents.page",
  "athena/GetWorkGroup.InvalidSignatureException-region",
  "s3/GetObject.AuthorizationHeaderMalformed-region",
  "s3/GetObject.InvalidToken",
] as const;

export const NO_CONTEXT_ROLE = "arn:aws:iam::111122223333:role/TipHarnessNoContext";
/** A NULL cell and a header row, on a row fixed by its id (no ordering question). */
export const NULL_QUERY =
  "SELECT region, CAST(NULL AS varchar) AS note FROM bankdata_icebergtbl WHERE transaction_id = 'TXN-2026-00001'";
export const DENIED_COLUMN_QUERY = "SELECT bank_account_number FROM bankdata_icebergtbl";

async function finished(sb: Sandbox, creds: SigningCredentials, id: string): Promise<Sent> {
  for (let i = 0; i < 200; i++) {
    const s = await send<{ QueryExecution?: { Status?: { State?: string } } }>(
      sb,
      "athena",
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
      { credentials: creds },
    );
    const state = s.output?.QueryExecution?.Status?.State;
    if (state && state !== "QUEUED" && state !== "RUNNING") return s as Sent;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`query ${id} did not finish`);
}

async function startQuery(
  sb: Sandbox,
  creds: SigningCredentials,
  sql: string,
): Promise<Sent<{ QueryExecutionId?: string }>> {
  return send(
    sb,
    "athena",
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: sb.identifiers.workgroup,
      QueryExecutionContext: { Database: sb.identifiers.database },
    }),
    { credentials: creds },
  );
}

/** Runs every golden case, in order, against `sb` (a fresh sandbox with CloudTrail delivery delay 0). */
export async function runGoldenCases(sb: Sandbox): Promise<GoldenCase[]> {
  const out: GoldenCase[] = [];
  const add = (name: string, title: string, service: ServiceId, op: string, sent: Sent, expect: string) =>
    out.push({ name, title, service, op, sent, expect });

  const assertion = await idToken(sb, "arnav");
  const token = await send<{ awsAdditionalDetails?: { identityContext?: string } }>(
    sb,
    "sso-oidc",
    new CreateTokenWithIAMCommand({ clientId: sb.identifiers.applicationArn, grantType: JWT_BEARER, assertion }),
  );
  add(
    "sso-oidc/CreateTokenWithIAM.success",
    "SSO OIDC CreateTokenWithIAM, jwt-bearer grant for arnav",
    "sso-oidc",
    "CreateTokenWithIAM",
    token,
    "ok",
  );
  const replay = await send(
    sb,
    "sso-oidc",
    new CreateTokenWithIAMCommand({ clientId: sb.identifiers.applicationArn, grantType: JWT_BEARER, assertion }),
  );
  add(
    "sso-oidc/CreateTokenWithIAM.InvalidGrantException",
    "SSO OIDC CreateTokenWithIAM, the same assertion exchanged twice",
    "sso-oidc",
    "CreateTokenWithIAM",
    replay,
    "InvalidGrantException",
  );

  const context = [
    { ProviderArn: IDC_PROVIDER, ContextAssertion: token.output!.awsAdditionalDetails!.identityContext! },
  ];
  add(
    "sts/AssumeRole.success",
    "STS AssumeRole of the carrier role with ProvidedContexts (identity-enhanced session)",
    "sts",
    "AssumeRole",
    await send(
      sb,
      "sts",
      new AssumeRoleCommand({
        RoleArn: sb.identifiers.carrierRoleArn,
        RoleSessionName: "golden-arnav",
        ProvidedContexts: context,
      }),
    ),
    "ok",
  );
  add(
    "sts/AssumeRole.AccessDenied",
    "STS AssumeRole with ProvidedContexts on a role whose trust policy lacks sts:SetContext",
    "sts",
    "AssumeRole",
    await send(
      sb,
      "sts",
      new AssumeRoleCommand({ RoleArn: NO_CONTEXT_ROLE, RoleSessionName: "golden-denied", ProvidedContexts: context }),
    ),
    "AccessDenied",
  );

  const arnav = await personaCredentials(sb, "arnav", "golden-arnav");
  const wei = await personaCredentials(sb, "wei", "golden-wei");
  const started = await startQuery(sb, arnav, NULL_QUERY);
  add(
    "athena/StartQueryExecution.success",
    "Athena StartQueryExecution in the Identity Center workgroup",
    "athena",
    "StartQueryExecution",
    started,
    "ok",
  );
  const denied = await startQuery(sb, wei, DENIED_COLUMN_QUERY);
  add(
    "athena/GetQueryExecution.FAILED-COLUMN_NOT_FOUND",
    "Athena GetQueryExecution of wei's query on a column Lake Formation denies him",
    "athena",
    "GetQueryExecution",
    await finished(sb, wei, denied.output!.QueryExecutionId!),
    "ok",
  );
  await finished(sb, arnav, started.output!.QueryExecutionId!);
  add(
    "athena/GetQueryResults.header-and-null",
    "Athena GetQueryResults of a SELECT: header row first, a NULL cell as {}",
    "athena",
    "GetQueryResults",
    await send(sb, "athena", new GetQueryResultsCommand({ QueryExecutionId: started.output!.QueryExecutionId }), {
      credentials: arnav,
    }),
    "ok",
  );

  const account = sb.identifiers.accountId;
  add(
    "s3control/GetDataAccess.success",
    "S3 Access Grants GetDataAccess for arnav inside his group's grant",
    "s3-control",
    "GetDataAccess",
    await send(
      sb,
      "s3-control",
      new GetDataAccessCommand({
        AccountId: account,
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
      }),
      { credentials: arnav },
    ),
    "ok",
  );
  add(
    "s3control/GetDataAccess.AccessDenied",
    "S3 Access Grants GetDataAccess for arnav outside every grant",
    "s3-control",
    "GetDataAccess",
    await send(
      sb,
      "s3-control",
      new GetDataAccessCommand({ AccountId: account, Target: "s3://tip-sandbox-data/finance/*", Permission: "READ" }),
      { credentials: arnav },
    ),
    "AccessDenied",
  );

  add(
    "cloudtrail/LookupEvents.page",
    "CloudTrail LookupEvents, EventName=GetDataAccess, one page of 2 (newest first, with NextToken)",
    "cloudtrail",
    "LookupEvents",
    await send(
      sb,
      "cloudtrail",
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetDataAccess" }],
        MaxResults: 2,
      }),
    ),
    "ok",
  );

  // Signing refusals (after the CloudTrail page: vending credentials records another GetDataAccess).
  add(
    "athena/GetWorkGroup.InvalidSignatureException-region",
    "Athena GetWorkGroup signed for eu-west-1 at a us-east-1 endpoint",
    "athena",
    "GetWorkGroup",
    await send(sb, "athena", new GetWorkGroupCommand({ WorkGroup: sb.identifiers.workgroup }), {
      credentials: arnav,
      region: "eu-west-1",
    }),
    "InvalidSignatureException",
  );
  const vended = await vendedCredentials(sb, arnav, "s3://tip-sandbox-data/datascience/*");
  const readme = new GetObjectCommand({ Bucket: "tip-sandbox-data", Key: "datascience/models/README.txt" });
  add(
    "s3/GetObject.AuthorizationHeaderMalformed-region",
    "S3 GetObject signed for eu-west-1 at a us-east-1 endpoint",
    "s3",
    "GetObject",
    await send(sb, "s3", readme, { credentials: vended, region: "eu-west-1" }),
    "AuthorizationHeaderMalformed",
  );
  add(
    "s3/GetObject.InvalidToken",
    "S3 GetObject with a tampered session token",
    "s3",
    "GetObject",
    await send(sb, "s3", readme, {
      credentials: { ...vended, sessionToken: `${vended.sessionToken!.slice(0, -4)}AAAA` },
    }),
    "InvalidToken",
  );
  return out;
}

/** Values fixed by the fixture (grant, user and group ids) stay verbatim in goldens. */
export function fixtureValues(sb: Sandbox): (v: string) => boolean {
  const text = JSON.stringify(sb.fixture);
  return (v) => text.includes(v);
}
