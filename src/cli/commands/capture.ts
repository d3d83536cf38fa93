// `tip-proof capture`: run once against a real sandbox account (or the embedded sandbox) to settle what
// no public source does. It makes the harness's own calls plus deliberately failing ones, and writes one
// redacted golden per case: operation, status, code, masked text, and CloudTrail record shapes. The
// fidelity tier replays every golden in test/fixtures/wire/capture/ against the sandbox
// (test/fidelity/capture-replay.test.ts).
// Procedure and IAM permissions: docs/fidelity.md "Live capture".
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Screen } from "../../reporters/screen.js";
import { loadSandboxFixture, sandboxRedaction, startSandbox, type Sandbox } from "../../app/sandbox.js";
import { loadEnv } from "../../config/env.js";
import { ConfigError } from "../../config/errors.js";

export const CAPTURE_FORMAT = 1;
const IDC_PROVIDER = "arn:aws:iam::aws:contextProvider/IdentityCenter";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

export interface CaptureGolden {
  format: number;
  case: string;
  /** The UNVERIFIED question this case answers. */
  question: string;
  /** "sandbox" until someone replaces the file with a live capture ("aws"). */
  source: "sandbox" | "aws";
  operation: string;
  status: number;
  code: string;
  message?: string;
  athena?: { state: string; reason?: string; errorType?: number; errorCategory?: number; retryable?: boolean };
  record?: { eventName: string; errorCode?: string; onBehalfOf: boolean; shape: unknown };
}

/** What a capture needs: the sandbox's export lines, or the same variables for a real account. */
export interface CaptureInputs {
  endpoint?: string;
  region: string;
  accountId: string;
  /** Undefined = the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  applicationArn: string;
  carrierRoleArn: string;
  workgroup: string;
  database: string;
  /** A table the assigned user may query, and one column he may not (a table-level denial needs deniedUserJwt). */
  table: string;
  /** IdP tokens: a user assigned to the application with access; one in no group (LF denies him the table); one not assigned. */
  allowedJwt: string;
  deniedJwt: string;
  unassignedJwt: string;
  /** An S3 target outside every grant of the allowed user. */
  noGrantTarget: string;
}

export const CAPTURE_ENV = [
  "AWS_REGION",
  "TIP_ACCOUNT_ID",
  "TIP_APPLICATION_ARN",
  "TIP_CARRIER_ROLE_ARN",
  "TIP_ATHENA_WORKGROUP",
  "TIP_ATHENA_DATABASE",
  "TIP_CAPTURE_TABLE",
  "TIP_CAPTURE_NO_GRANT_TARGET",
  "TIP_CAPTURE_JWT_ALLOWED",
  "TIP_CAPTURE_JWT_DENIED",
  "TIP_CAPTURE_JWT_UNASSIGNED",
] as const;

type Sdk = { name?: string; message?: string; error_description?: string; $metadata?: { httpStatusCode?: number } };

/** Runs every case; each returns its golden (redacted). No data value is ever read into a golden. */
export async function captureCases(
  i: CaptureInputs,
  source: "sandbox" | "aws",
  log: (s: string) => void = () => {},
): Promise<CaptureGolden[]> {
  const [
    { SSOOIDCClient, CreateTokenWithIAMCommand },
    { STSClient, AssumeRoleCommand },
    athenaSdk,
    { S3ControlClient, GetDataAccessCommand },
    { CloudTrailClient, LookupEventsCommand },
  ] = await Promise.all([
    import("@aws-sdk/client-sso-oidc"),
    import("@aws-sdk/client-sts"),
    import("@aws-sdk/client-athena"),
    import("@aws-sdk/client-s3-control"),
    import("@aws-sdk/client-cloudtrail"),
  ]);
  const { AthenaClient, StartQueryExecutionCommand, GetQueryExecutionCommand } = athenaSdk;
  const { maskText, shapeOf } = await sandboxRedaction();
  const base = { region: i.region, maxAttempts: 1, ...(i.endpoint ? { endpoint: i.endpoint } : {}) };
  type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  const ctl = (credentials: Creds) =>
    new S3ControlClient({
      region: i.region,
      maxAttempts: 1,
      credentials,
      ...(i.endpoint ? { endpointProvider: () => ({ url: new URL(i.endpoint!) }) } : {}),
    });
  const out: CaptureGolden[] = [];
  const golden = (
    c: string,
    question: string,
    operation: string,
    r: { status: number; code: string; message?: string },
    extra: Partial<CaptureGolden> = {},
  ) => {
    out.push({
      format: CAPTURE_FORMAT,
      case: c,
      question,
      source,
      operation,
      status: r.status,
      code: r.code,
      ...(r.message !== undefined ? { message: maskText(r.message) } : {}),
      ...extra,
    });
    log(`${c}: ${operation} → ${r.status} ${r.code}`);
  };
  const call = async <T>(
    f: () => Promise<T>,
  ): Promise<{ status: number; code: string; message?: string; output?: T }> => {
    try {
      return { status: 200, code: "ok", output: await f() };
    } catch (e) {
      const x = e as Sdk;
      // SSO OIDC errors carry their text in error_description (the SDK's message is then "UnknownError").
      return {
        status: x.$metadata?.httpStatusCode ?? 0,
        code: x.name ?? "Error",
        message: x.error_description ?? x.message,
      };
    }
  };
  const oidc = new SSOOIDCClient({ ...base, credentials: i.credentials });
  const sts = new STSClient({ ...base, credentials: i.credentials });
  const token = (jwt: string) =>
    call(() =>
      oidc.send(new CreateTokenWithIAMCommand({ clientId: i.applicationArn, grantType: JWT_BEARER, assertion: jwt })),
    );
  const session = async (jwt: string, name: string) => {
    const t = await token(jwt);
    const ctx = t.output?.awsAdditionalDetails?.identityContext;
    if (!ctx)
      throw new ConfigError(
        "CFG_CAPTURE",
        `capture: CreateTokenWithIAM for the ${name} user failed (${t.code}); check TIP_CAPTURE_JWT_* and the application.`,
      );
    const r = await sts.send(
      new AssumeRoleCommand({
        RoleArn: i.carrierRoleArn,
        RoleSessionName: `tip-capture-${name}`,
        ProvidedContexts: [{ ProviderArn: IDC_PROVIDER, ContextAssertion: ctx }],
      }),
    );
    const c = r.Credentials!;
    return {
      creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
      context: ctx,
    };
  };
  const query = async (credentials: Creds, sql: string) => {
    const athena = new AthenaClient({ ...base, credentials });
    const start = await call(() =>
      athena.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: i.workgroup,
          QueryExecutionContext: { Database: i.database },
        }),
      ),
    );
    if (!start.output?.QueryExecutionId) return { start };
    for (let n = 0; n < 600; n++) {
      const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: start.output.QueryExecutionId }));
      const st = q.QueryExecution?.Status;
      if (st?.State && st.State !== "QUEUED" && st.State !== "RUNNING") {
        return {
          start,
          id: start.output.QueryExecutionId,
          athena: {
            state: st.State,
            ...(st.StateChangeReason ? { reason: maskText(st.StateChangeReason) } : {}),
            ...(st.AthenaError
              ? {
                  errorType: st.AthenaError.ErrorType,
                  errorCategory: st.AthenaError.ErrorCategory,
                  retryable: st.AthenaError.Retryable,
                }
              : {}),
          },
        };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return { start, id: start.output.QueryExecutionId };
  };
  const sql = `SELECT COUNT(*) FROM ${i.table}`; // a count: no data value ever comes back

  // 1. A plain IAM session of the carrier role (no identity context) on the Identity Center workgroup.
  const plain = (
    await sts.send(new AssumeRoleCommand({ RoleArn: i.carrierRoleArn, RoleSessionName: "tip-capture-plain" }))
  ).Credentials!;
  const iam = await query(
    { accessKeyId: plain.AccessKeyId!, secretAccessKey: plain.SecretAccessKey!, sessionToken: plain.SessionToken! },
    sql,
  );
  golden(
    "iam-session-on-idc-workgroup",
    "the error when plain IAM credentials use an Identity Center workgroup",
    "athena:StartQueryExecution",
    iam.start,
    iam.athena ? { athena: iam.athena } : {},
  );
  // 2. A user not assigned to the application.
  golden(
    "unassigned-user",
    "CreateTokenWithIAM for a user not assigned to the application (code, status, text)",
    "sso-oauth:CreateTokenWithIAM",
    await token(i.unassignedJwt),
  );
  // 3. A forged context assertion.
  const allowed = await session(i.allowedJwt, "allowed");
  const forged = allowed.context.slice(0, -8) + (allowed.context.endsWith("AAAAAAAA") ? "BBBBBBBB" : "AAAAAAAA");
  golden(
    "forged-context-assertion",
    "AssumeRole with a tampered ContextAssertion",
    "sts:AssumeRole",
    await call(() =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: i.carrierRoleArn,
          RoleSessionName: "tip-capture-forged",
          ProvidedContexts: [{ ProviderArn: IDC_PROVIDER, ContextAssertion: forged }],
        }),
      ),
    ),
  );
  // 4. A table-level Lake Formation denial (a user with no grant on the table).
  const denied = await session(i.deniedJwt, "denied");
  const lf = await query(denied.creds, sql);
  golden(
    "lf-table-denial",
    "which text and ErrorType a table-level Lake Formation denial gets",
    "athena:GetQueryExecution",
    lf.start,
    lf.athena ? { athena: lf.athena } : {},
  );
  // 5. The allowed user's own query (the record whose onBehalfOf we look for) — results written under his grant.
  const ok = await query(allowed.creds, sql);
  golden(
    "allowed-query",
    "the harness's own query: state and result location conventions",
    "athena:GetQueryExecution",
    ok.start,
    ok.athena ? { athena: ok.athena } : {},
  );
  // 6. Access Grants: a target outside every grant.
  golden(
    "access-grants-no-match",
    "GetDataAccess with no matching grant (code, status, text)",
    "s3:GetDataAccess",
    await call(() =>
      ctl(allowed.creds).send(
        new GetDataAccessCommand({ AccountId: i.accountId, Target: i.noGrantTarget, Permission: "READ" }),
      ),
    ),
  );
  // 7–8. CloudTrail: the refused CreateTokenWithIAM record, and whether Athena's record carries onBehalfOf.
  const ct = new CloudTrailClient({ ...base, credentials: i.credentials });
  const find = async (eventName: string, pick: (r: Record<string, any>) => boolean) => {
    for (let n = 0; n < 40; n++) {
      const r = await call(() =>
        ct.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
            MaxResults: 50,
          }),
        ),
      );
      const hit = (r.output?.Events ?? [])
        .map((e) => JSON.parse(e.CloudTrailEvent ?? "{}") as Record<string, any>)
        .find(pick);
      if (hit) return { r, hit };
      await new Promise((res) => setTimeout(res, source === "aws" ? 15_000 : 300));
    }
    return { r: { status: 0, code: "NotDelivered", message: `no ${eventName} record was delivered in time` } };
  };
  const refused = await find("CreateTokenWithIAM", (r) => typeof r.errorCode === "string");
  golden(
    "refused-create-token-record",
    "the CloudTrail record of a refused CreateTokenWithIAM",
    "cloudtrail:LookupEvents",
    { status: refused.r.status, code: refused.r.code },
    refused.hit
      ? {
          record: {
            eventName: "CreateTokenWithIAM",
            errorCode: refused.hit.errorCode,
            onBehalfOf: !!refused.hit.userIdentity?.onBehalfOf,
            shape: shapeOf(refused.hit),
          },
        }
      : {},
  );
  const athenaRecord = await find("StartQueryExecution", (r) => r.responseElements?.queryExecutionId === ok.id);
  golden(
    "athena-record-onbehalfof",
    "whether Athena's StartQueryExecution record carries userIdentity.onBehalfOf",
    "cloudtrail:LookupEvents",
    { status: athenaRecord.r.status, code: athenaRecord.r.code },
    athenaRecord.hit
      ? {
          record: {
            eventName: "StartQueryExecution",
            onBehalfOf: !!athenaRecord.hit.userIdentity?.onBehalfOf,
            shape: shapeOf(athenaRecord.hit),
          },
        }
      : {},
  );
  for (const c of [oidc, sts, ct]) c.destroy();
  return out;
}

export function writeGoldens(dir: string, goldens: CaptureGolden[]): string[] {
  mkdirSync(dir, { recursive: true });
  return goldens.map((g) => {
    const file = join(dir, `${g.case}.json`);
    writeFileSync(file, JSON.stringify(g, null, 2) + "\n");
    return file;
  });
}

/** Inputs from a running embedded sandbox: its identifiers, and IdP tokens of its fixture's personas. */
export async function sandboxCaptureInputs(
  sb: Sandbox,
  personas = { allowed: "arnav", denied: "dana", unassigned: "erin" },
  noGrantTarget = "s3://tip-sandbox-data/finance/*",
  table = "bankdata_icebergtbl",
): Promise<CaptureInputs> {
  const jwt = async (user: string) => {
    const u = sb.fixture.idp.users.find((x) => x.username === user);
    if (!u) throw new ConfigError("CFG_CAPTURE", `capture: the fixture has no IdP user ${user}.`);
    const res = await fetch(sb.identifiers.idpTokenUrl, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "password",
        client_id: sb.identifiers.idpClientId,
        username: u.email,
        password: u.password,
        scope: "openid email",
      }),
    });
    return ((await res.json()) as { id_token: string }).id_token;
  };
  return {
    endpoint: sb.endpoint,
    region: sb.identifiers.region,
    accountId: sb.identifiers.accountId,
    credentials: sb.baseCredentials,
    applicationArn: sb.identifiers.applicationArn,
    carrierRoleArn: sb.identifiers.carrierRoleArn,
    workgroup: sb.identifiers.workgroup,
    database: sb.identifiers.database,
    table,
    allowedJwt: await jwt(personas.allowed),
    deniedJwt: await jwt(personas.denied),
    unassignedJwt: await jwt(personas.unassigned),
    noGrantTarget,
  };
}

export async function captureCommand(opts: { target?: string; output?: string }, screen: Screen): Promise<number> {
  const target = opts.target ?? "sandbox";
  if (target !== "sandbox" && target !== "aws")
    throw new ConfigError("CFG_CAPTURE", `--target is sandbox or aws, not ${target}.`);
  const dir = opts.output ?? (target === "aws" ? "capture" : join("reports", "capture-sandbox"));
  let goldens: CaptureGolden[];
  if (target === "sandbox") {
    const sb = await startSandbox({ fixture: await loadSandboxFixture("bank"), faults: { cloudtrailDelayMs: 0 } });
    try {
      goldens = await captureCases(await sandboxCaptureInputs(sb), "sandbox", (s) => screen.write(`${s}\n`));
    } finally {
      await sb.stop();
    }
  } else {
    const env = loadEnv(process.cwd(), process.env);
    const missing = CAPTURE_ENV.filter((k) => !env[k]);
    if (missing.length)
      throw new ConfigError(
        "CFG_CAPTURE",
        `capture --target aws needs ${missing.join(", ")} (docs/fidelity.md "Live capture").`,
      );
    // Credentials from the environment, else the SDK's default chain (profile, SSO, instance role).
    const creds = env.AWS_ACCESS_KEY_ID
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "",
          sessionToken: env.AWS_SESSION_TOKEN,
        }
      : undefined;
    goldens = await captureCases(
      {
        region: env.AWS_REGION!,
        accountId: env.TIP_ACCOUNT_ID!,
        credentials: creds,
        applicationArn: env.TIP_APPLICATION_ARN!,
        carrierRoleArn: env.TIP_CARRIER_ROLE_ARN!,
        workgroup: env.TIP_ATHENA_WORKGROUP!,
        database: env.TIP_ATHENA_DATABASE!,
        table: env.TIP_CAPTURE_TABLE!,
        noGrantTarget: env.TIP_CAPTURE_NO_GRANT_TARGET!,
        allowedJwt: env.TIP_CAPTURE_JWT_ALLOWED!,
        deniedJwt: env.TIP_CAPTURE_JWT_DENIED!,
        unassignedJwt: env.TIP_CAPTURE_JWT_UNASSIGNED!,
      },
      "aws",
      (s) => screen.write(`${s}\n`),
    );
  }
  const files = writeGoldens(dir, goldens);
  screen.write(
    `wrote ${files.length} redacted golden(s) to ${dir}/ (source: ${target}). Replay: copy them to test/fixtures/wire/capture/ and run npx vitest run test/fidelity/capture-replay.test.ts\n`,
  );
  return 0;
}
