// SDK client construction. The only thing that differs between the sandbox and a real account is
// endpoint and credentials, plus one documented exception: S3 Control prefixes the account id to the
// endpoint host, which cannot resolve on loopback, so a custom endpoint needs an endpointProvider.
import { AthenaClient } from "@aws-sdk/client-athena";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { GlueClient } from "@aws-sdk/client-glue";
import { IAMClient } from "@aws-sdk/client-iam";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { LakeFormationClient } from "@aws-sdk/client-lakeformation";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from "@smithy/types";
import { connectionPool, type ConnectionPool } from "../shared/connection-pool.js";
import { HTTP_TIMEOUTS, type HttpTimeouts } from "../shared/http-timeouts.js";
import { measureSkew, type ClockSkew } from "./clock-skew.js";

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface AwsTarget {
  region: string;
  /** Custom endpoint (the sandbox); undefined = real AWS endpoints. */
  endpoint?: string;
  /** Base principal credentials; undefined = the SDK's default credential chain. */
  baseCredentials?: Credentials;
  /** Connect and request (socket inactivity) timeouts; defaults HTTP_TIMEOUTS. */
  timeouts?: HttpTimeouts;
  /** Measures AWS's clock from every response's Date header (see clock-skew.ts). */
  skew?: ClockSkew;
  /**
   * Aborts every call in flight when the run is interrupted. Bound in each client's HTTP handler, so a
   * call needs no per-call options, and Athena clients can reuse their resolved middleware instead of
   * rebuilding it on every call (see CACHED_MIDDLEWARE).
   */
  signal?: AbortSignal;
  /**
   * Appended to every call's User-Agent (SDK customUserAgent), e.g. `tip-proof/1.2.0 run/<run-id>`: the
   * correlation id a reader searches CloudTrail's userAgent field for.
   */
  userAgent?: string;
}

/**
 * The SDK's default logger (NoOpLogger) logs nothing, but it has an `info` that does nothing, so after
 * every call the logger middleware first copies the call's whole input and output through the
 * schema's sensitive-data filter (a GetQueryResults page field by field), then drops the copy: ~3% of
 * the harness's CPU in a run. The middleware calls `logger?.info?.(…)` and `logger?.error?.(…)`, so
 * a logger without them skips the copy. The class keeps the default's name because the credential
 * providers print their warnings (both AWS_PROFILE and static keys set) to the console only when the
 * logger is the NoOpLogger: they still do. Nothing else is logged, as before.
 */
class NoOpLogger {
  debug(): void {}
  warn(): void {}
}
export const SILENT_LOGGER = new NoOpLogger() as unknown as Logger;

function common(t: AwsTarget & { pool?: ConnectionPool }, credentials?: Credentials) {
  // Without bounds the SDK's Node handler waits forever on an endpoint that never answers. With them a
  // call fails with a TimeoutError (code ETIMEDOUT when the connect never completes), which the retry
  // budget treats as a network failure and the run reports as an error.
  const timeouts = t.timeouts ?? HTTP_TIMEOUTS;
  return {
    region: t.region,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 1,
    logger: SILENT_LOGGER,
    // One pair per space-separated part: a single string's spaces would be escaped to "-" in the header.
    ...(t.userAgent ? { customUserAgent: t.userAgent.split(" ").map((part): [string] => [part]) } : {}),
    // Options, not a handler instance: each client builds its own NodeHttpHandler from them, over the
    // command's one connection pool (connection-pool.ts).
    // throwOnRequestTimeout: without it this handler version only logs a warning and keeps waiting.
    requestHandler: {
      ...(t.pool ? { httpAgent: t.pool.httpAgent, httpsAgent: t.pool.httpsAgent } : {}),
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * S3 Control with a custom endpoint: the SDK's endpoint rules build `{AccountId}.{host}`, which is an
 * invalid URL for 127.0.0.1 and unresolvable for localhost. Pinning the endpoint keeps the account in
 * the signed x-amz-account-id header, where the service reads it anyway.
 */
export function s3ControlConfig(t: AwsTarget & { pool?: ConnectionPool }, credentials?: Credentials) {
  return {
    ...common(t, credentials),
    ...(t.endpoint ? { endpointProvider: () => ({ url: new URL(t.endpoint!) }) } : {}),
  };
}

type HandlerOptions = { abortSignal?: unknown } | undefined;
interface WithHandler {
  config: { requestHandler: { handle: (request: unknown, options?: HandlerOptions) => Promise<unknown> } };
}

/** Every call of `client` listens on `signal` unless it brings its own (see AwsTarget.signal). */
export function bindAbort<C>(client: C, signal: AbortSignal | undefined): C {
  const handler = signal && (client as unknown as WithHandler).config?.requestHandler;
  if (!handler || typeof handler.handle !== "function") return client;
  const handle = handler.handle.bind(handler);
  handler.handle = (request, options) => handle(request, { ...options, abortSignal: options?.abortSignal ?? signal });
  return client;
}

/**
 * The SDK's cacheMiddleware: one resolved handler per command class, with one context shared by
 * concurrent calls, so the endpoint resolved for one call can be read by another's serializer. Only for
 * clients whose calls all resolve one endpoint:
 * - Athena clients (measured on the 50 × 20 benchmark, where the harness is CPU-bound in the checks
 *   phase: 4-5% shorter);
 * - a persona's S3 Control client, which only calls GetDataAccess: on AWS its endpoint is built from the
 *   AccountId, and the client serves one scenario, whose Access Grants account is one
 *   (target.accessGrants.accountId). Measured in-process against the sandbox: 0.95 ms of CPU a call
 *   without, 0.74 ms with.
 * Not for S3 (GetObject calls in parallel were sent to another call's bucket, review reproduction), nor
 * for the base principal's S3 Control client (doctor and the proofs call several operations there).
 */
const CACHED_MIDDLEWARE = { cacheMiddleware: true } as const;

export const makeClients = (target: AwsTarget) => {
  const m = <C>(c: C): C => bindAbort(measureSkew(c, target.skew), target.signal);
  const pool = connectionPool();
  const t = { ...target, pool };
  return {
    /** Closes the connections every client of this set shared (a client's own destroy() leaves them open). */
    close: () => pool.close(),
    oidc: () => m(new SSOOIDCClient(common(t, t.baseCredentials))),
    sts: (c?: Credentials) => m(new STSClient(common(t, c ?? t.baseCredentials))),
    athena: (c: Credentials) => m(new AthenaClient({ ...common(t, c), ...CACHED_MIDDLEWARE })),
    /** A persona's GetDataAccess client: one per persona and scenario (see CACHED_MIDDLEWARE). */
    s3control: (c: Credentials) => m(new S3ControlClient({ ...s3ControlConfig(t, c), ...CACHED_MIDDLEWARE })),
    s3: (c: Credentials) => m(new S3Client({ ...common(t, c), forcePathStyle: !!t.endpoint })),
    cloudtrail: () => m(new CloudTrailClient(common(t, t.baseCredentials))),
    identitystore: () => m(new IdentitystoreClient(common(t, t.baseCredentials))),
    /** Base-principal clients for proofs: never a persona's session (AWS's allow-list denies it S3 reads). */
    glue: () => m(new GlueClient(common(t, t.baseCredentials))),
    athenaBase: () => m(new AthenaClient({ ...common(t, t.baseCredentials), ...CACHED_MIDDLEWARE })),
    s3Base: () => m(new S3Client({ ...common(t, t.baseCredentials), forcePathStyle: !!t.endpoint })),
    /** doctor: the carrier role's trust policy (base principal). */
    iam: () => m(new IAMClient(common(t, t.baseCredentials))),
    /** Base principal: directory assertions (application assignments) and init --from-account. */
    ssoAdmin: () => m(new SSOAdminClient(common(t, t.baseCredentials))),
    lakeformation: () => m(new LakeFormationClient(common(t, t.baseCredentials))),
    s3controlBase: () => m(new S3ControlClient(s3ControlConfig(t, t.baseCredentials))),
  };
};
export type Clients = ReturnType<typeof makeClients>;
