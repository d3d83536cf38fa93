// Wiring for the fidelity tier: every call goes through the REAL v3 client of the service, with a
// capturing requestHandler, and comes back with the raw exchange and its model violations. Identity-
// enhanced credentials come from the sandbox's own chain (IdP → CreateTokenWithIAM → AssumeRole with
// ProvidedContexts), exactly as the harness obtains them.
import { Agent } from "node:http";
import type { LookupFunction } from "node:net";
import { AthenaClient } from "@aws-sdk/client-athena";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { GlueClient } from "@aws-sdk/client-glue";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { S3Client } from "@aws-sdk/client-s3";
import { GetDataAccessCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import {
  CreateTokenWithIAMCommand,
  SSOOIDCClient,
  type CreateTokenWithIAMCommandOutput,
} from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { LakeFormationClient } from "@aws-sdk/client-lakeformation";
import { IAMClient } from "@aws-sdk/client-iam";
import type { Sandbox } from "../../src/index.js";
import type { ServiceId } from "./model-source.js";
import { validateResponse, type Violation } from "./model-validate.js";
import { CapturingHandler, type Exchange, type SigningCredentials } from "./wire-capture.js";

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const IDC_PROVIDER = "arn:aws:iam::aws:contextProvider/IdentityCenter";

/** What an SDK error exposes that AWS fidelity is judged on. */
export interface SdkError {
  name: string;
  message: string;
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number };
  [k: string]: unknown;
}

export interface Sent<T = Record<string, unknown>> {
  output?: T;
  error?: SdkError;
  exchange: Exchange;
  violations: Violation[];
}

export interface SendOptions {
  credentials?: SigningCredentials;
  /** S3 Control host form: "ip" = endpointProvider → 127.0.0.1:port; "account" = {account}.localhost:port. */
  host?: "ip" | "account";
  /** Extra client clock error (ms) on top of the sandbox clock, e.g. -20 minutes for a skewed request. */
  skewMs?: number;
  /** Region the client signs for (default: the sandbox's); another one must be refused. */
  region?: string;
}

/** Resolves every name (e.g. 111122223333.localhost) to loopback, for the SDK's account-prefixed S3 Control host. */
const loopback = ((_h: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) =>
  opts?.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)) as unknown as LookupFunction;

type AnyClient = { send(c: unknown): Promise<unknown>; destroy(): void };
type Command = { constructor: { name: string }; input: unknown };

function client(sb: Sandbox, service: ServiceId, handler: CapturingHandler, opts: SendOptions): AnyClient {
  const common = {
    region: opts.region ?? sb.identifiers.region,
    maxAttempts: 1,
    requestHandler: handler,
    credentials: opts.credentials ?? sb.baseCredentials,
    // Clients sign on the sandbox clock, which tests move by hours (SigV4 allows 15 minutes of skew).
    systemClockOffset: sb.clock.now() - Date.now() + (opts.skewMs ?? 0),
  };
  const endpoint = sb.endpoint;
  switch (service) {
    case "sts":
      return new STSClient({ ...common, endpoint });
    case "sso-oidc":
      return new SSOOIDCClient({ ...common, endpoint });
    case "athena":
      return new AthenaClient({ ...common, endpoint });
    case "cloudtrail":
      return new CloudTrailClient({ ...common, endpoint });
    case "glue":
      return new GlueClient({ ...common, endpoint });
    case "identitystore":
      return new IdentitystoreClient({ ...common, endpoint });
    case "sso-admin":
      return new SSOAdminClient({ ...common, endpoint });
    case "lakeformation":
      return new LakeFormationClient({ ...common, endpoint });
    case "iam":
      return new IAMClient({ ...common, endpoint });
    case "s3":
      return new S3Client({ ...common, endpoint, forcePathStyle: true });
    case "s3-control":
      return opts.host === "account"
        ? new S3ControlClient({ ...common, endpoint: `http://localhost:${sb.port}` })
        : new S3ControlClient({ ...common, endpointProvider: () => ({ url: new URL(endpoint) }) });
  }
}

/** Sends one command through the real client and validates the raw response against the model. */
export async function send<T = Record<string, unknown>>(
  sb: Sandbox,
  service: ServiceId,
  command: Command,
  opts: SendOptions = {},
): Promise<Sent<T>> {
  const handler = new CapturingHandler(opts.host === "account" ? { httpAgent: new Agent({ lookup: loopback }) } : {});
  const c = client(sb, service, handler, opts);
  const op = command.constructor.name.replace(/Command$/, "");
  try {
    const output = (await c.send(command)) as T;
    return {
      output,
      exchange: handler.last,
      violations: validateResponse(service, op, handler.last.response, { method: handler.last.request.method }),
    };
  } catch (e) {
    if (!handler.exchanges.length) throw e; // nothing reached the wire: a test bug, not an AWS error
    return {
      error: e as SdkError,
      exchange: handler.last,
      violations: validateResponse(service, op, handler.last.response, { method: handler.last.request.method }),
    };
  } finally {
    c.destroy();
  }
}

/** The fixture IdP's id_token for a user (password grant, as the harness's CLI sign-in does). */
export async function idToken(sb: Sandbox, user: string): Promise<string> {
  const password = sb.users.find((u) => u.username === user)?.password;
  const res = await fetch(sb.identifiers.idpTokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: sb.identifiers.idpClientId,
      username: user,
      password: password ?? "",
    }),
  });
  const body = (await res.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`IdP refused ${user}: ${JSON.stringify(body)}`);
  return body.id_token;
}

export async function createToken(sb: Sandbox, user: string): Promise<Sent<CreateTokenWithIAMCommandOutput>> {
  return send(
    sb,
    "sso-oidc",
    new CreateTokenWithIAMCommand({
      clientId: sb.identifiers.applicationArn,
      grantType: JWT_BEARER,
      assertion: await idToken(sb, user),
    }),
  );
}

/** Identity-enhanced carrier-role credentials for a persona, through the real chain. */
export async function personaCredentials(
  sb: Sandbox,
  user: string,
  sessionName = `fidelity-${user}`,
): Promise<SigningCredentials & { expiration: Date }> {
  const token = await createToken(sb, user);
  const assertion = token.output?.awsAdditionalDetails?.identityContext;
  if (!assertion) throw new Error(`no identity context for ${user}: ${token.error?.name}`);
  const role = await send<{
    Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
  }>(
    sb,
    "sts",
    new AssumeRoleCommand({
      RoleArn: sb.identifiers.carrierRoleArn,
      RoleSessionName: sessionName,
      ProvidedContexts: [{ ProviderArn: IDC_PROVIDER, ContextAssertion: assertion }],
    }),
  );
  const c = role.output?.Credentials;
  if (!c) throw new Error(`AssumeRole refused for ${user}: ${role.error?.name}`);
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
    expiration: c.Expiration!,
  };
}

/** Credentials S3 Access Grants vends to a persona for a target. */
export async function vendedCredentials(
  sb: Sandbox,
  persona: SigningCredentials,
  target: string,
  permission: "READ" | "WRITE" | "READWRITE" = "READ",
): Promise<SigningCredentials> {
  const out = await send<{ Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }>(
    sb,
    "s3-control",
    new GetDataAccessCommand({ AccountId: sb.identifiers.accountId, Target: target, Permission: permission }),
    { credentials: persona },
  );
  const c = out.output?.Credentials;
  if (!c) throw new Error(`GetDataAccess refused ${target}: ${out.error?.name}`);
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
