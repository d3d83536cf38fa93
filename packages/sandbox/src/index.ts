// The embedded sandbox: a local, wire-compatible emulator of the TIP slice of AWS that enforces
// Identity Center, STS, Lake Formation, S3 Access Grants and SigV4, and records CloudTrail events.
import { readFileSync } from "node:fs";
import { CredentialStore, type IssuedCredentials } from "./auth/credentials.js";
import { Trail } from "./audit/trail.js";
import { systemClock, type Clock } from "./clock.js";
import type { SandboxContext } from "./context.js";
import { FaultDice } from "./fault-dice.js";
import { faultProfileSchema, seededRandom, type FaultProfile, type FaultProfileInput } from "./faults.js";
import { fixtureFile, type Fixture } from "./fixture/load.js";
import { BUNDLED_FIXTURES, resolveFixture } from "./fixture/bundled.js";
import { ObjectStore } from "./s3store.js";
import { listen } from "./server.js";
import { serviceFactories } from "./services/index.js";

export { DEFAULT_SANDBOX_PORT } from "./defaults.js";
export { BUNDLED_FIXTURES, resolveFixture };

export interface SandboxOptions {
  /** Bundled fixture name ('bank', 'regional'), a fixture file or a folder holding fixture.yaml, or a loaded fixture. Default 'bank'. */
  fixture?: string | Fixture;
  /** 0 = a random free port (default). */
  port?: number;
  host?: string;
  faults?: FaultProfileInput;
  clock?: Clock;
  /** Called with unexpected sandbox failures (bugs); default prints to stderr. */
  onInternalError?: (e: unknown) => void;
}

export interface SandboxIdentifiers {
  accountId: string;
  region: string;
  applicationArn: string;
  carrierRoleArn: string;
  workgroup: string;
  catalog: string;
  database: string;
  identityStoreId: string;
  instanceArn: string;
  idpIssuer: string;
  idpTokenUrl: string;
  idpClientId: string;
}

export interface SandboxUser {
  username: string;
  email: string;
  password: string;
}
export interface SandboxServiceClient {
  clientId: string;
  clientSecret: string;
  username: string;
}

export interface Sandbox {
  endpoint: string;
  port: number;
  fixture: Fixture;
  identifiers: SandboxIdentifiers;
  baseCredentials: IssuedCredentials;
  clock: Clock;
  trail: Trail;
  credentials: CredentialStore;
  /** The fixture IdP's users and their passwords (sandbox-only secrets), for signing in as a persona. */
  users: readonly SandboxUser[];
  /** The fixture IdP's confidential clients (client-credentials grant), with their secrets. */
  serviceClients: readonly SandboxServiceClient[];
  /**
   * The standard AWS variables any SDK or the AWS CLI reads (endpoint, Region, base credentials). Names a
   * harness gives the identifiers (tip-proof's TIP_*) are that harness's business: it maps `identifiers`,
   * `users` and `serviceClients` itself.
   */
  env(): Record<string, string>;
  setFaults(faults: FaultProfileInput): void;
  faults(): FaultProfile;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const fixture = resolveFixture(options.fixture);
  let faults = faultProfileSchema.parse(options.faults ?? {});
  const clock = options.clock ?? systemClock(faults.clockOffsetMs);
  const random = seededRandom(faults.seed);
  const dice = new FaultDice(faults.seed);
  const credentials = new CredentialStore();
  const trail = new Trail(clock, fixture.account, fixture.region, {
    deliveryDelayMs: faults.cloudtrailDelayMs ?? fixture.cloudtrail.deliveryDelayMs,
    lossRate: faults.cloudtrailLossRate,
    random,
    dice,
  });
  const objects = new ObjectStore();
  for (const b of fixture.s3.buckets) {
    objects.createBucket(b.name);
    for (const o of b.objects) {
      const body = o.file ? readFileSync(fixtureFile(fixture, o.file)) : Buffer.from(o.content ?? "");
      objects.put(
        b.name,
        o.key,
        body,
        o.key.endsWith(".csv") ? "text/csv" : "application/octet-stream",
        new Date(clock.now()),
      );
    }
  }
  const user = fixture.iamUsers.find((u) => u.arn === fixture.basePrincipal.arn);
  credentials.registerStatic(fixture.basePrincipal.accessKeyId, fixture.basePrincipal.secretAccessKey, {
    kind: "iam-user",
    accountId: fixture.account,
    principalArn: fixture.basePrincipal.arn,
    callerArn: fixture.basePrincipal.arn,
    principalId: user?.userId ?? "AIDASANDBOXBASE00001",
    chained: false,
    issuedAt: clock.now(),
  });

  const ctx: SandboxContext = {
    fixture,
    clock,
    credentials,
    trail,
    objects,
    faults,
    endpoint: "",
    idpIssuer: "",
    random,
    dice,
  };
  const services = serviceFactories.map((f) => f(ctx));
  const onError =
    options.onInternalError ??
    ((e: unknown) => process.stderr.write(`sandbox internal error: ${e instanceof Error ? e.stack : String(e)}\n`));
  const handle = await listen(ctx, services, options.host ?? "127.0.0.1", options.port ?? 0, onError);
  ctx.endpoint = `http://${options.host ?? "127.0.0.1"}:${handle.port}`;
  ctx.idpIssuer = `${ctx.endpoint}/idp`;

  const identifiers: SandboxIdentifiers = {
    accountId: fixture.account,
    region: fixture.region,
    applicationArn: fixture.exports.applicationArn,
    carrierRoleArn: fixture.exports.carrierRoleArn,
    workgroup: fixture.exports.workgroup,
    catalog: fixture.exports.catalog,
    database: fixture.exports.database,
    identityStoreId: fixture.identityCenter.identityStoreId,
    instanceArn: fixture.identityCenter.instanceArn,
    idpIssuer: ctx.idpIssuer,
    idpTokenUrl: `${ctx.idpIssuer}/token`,
    idpClientId: fixture.idp.clientId,
  };
  const baseCredentials = {
    accessKeyId: fixture.basePrincipal.accessKeyId,
    secretAccessKey: fixture.basePrincipal.secretAccessKey,
  };

  return {
    endpoint: ctx.endpoint,
    port: handle.port,
    fixture,
    identifiers,
    baseCredentials,
    clock,
    trail,
    credentials,
    users: fixture.idp.users,
    serviceClients: fixture.idp.serviceClients,
    env: () => awsEnv(ctx.endpoint, identifiers.region, baseCredentials),
    setFaults: (input) => {
      faults = faultProfileSchema.parse(input);
      ctx.faults = faults;
      trail.options.deliveryDelayMs = faults.cloudtrailDelayMs ?? fixture.cloudtrail.deliveryDelayMs;
      trail.options.lossRate = faults.cloudtrailLossRate;
    },
    faults: () => ctx.faults,
    stop: async () => {
      await handle.close();
      for (const s of services) await s.close?.();
    },
  };
}

/** What `AWS_ENDPOINT_URL`-aware clients need: the SDKs (JS v3, boto3 >= 1.28.57) and the AWS CLI read these. */
export function awsEnv(
  endpoint: string,
  region: string,
  base: { accessKeyId: string; secretAccessKey: string },
): Record<string, string> {
  // AWS_DEFAULT_REGION too: botocore and the AWS CLI read that one, the JS SDK reads AWS_REGION.
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: base.accessKeyId,
    AWS_SECRET_ACCESS_KEY: base.secretAccessKey,
  };
}

export type { Fixture } from "./fixture/load.js";
export { FixtureError, FixtureValidationError, loadFixture } from "./fixture/load.js";
export { formatFixtureDiagnostic, FIXTURE_CODES, type FixtureDiagnostic } from "./fixture/diagnostics.js";
export { faultProfileSchema } from "./faults.js";
export { maskText, shapeOf } from "./capture/redact.js";
export type { Clock } from "./clock.js";
export type { IssuedCredentials } from "./auth/credentials.js";
export type { Trail, TrailEvent } from "./audit/trail.js";
export type { FaultProfile, FaultProfileInput } from "./faults.js";
export {
  grantedTargets,
  readableColumns,
  type DenialCause,
  type ReadableColumns,
  type ReadableQuery,
} from "./lakeformation/ground-truth.js";
export {
  IDENTITY_CONTEXT_ALLOWED_ACTIONS,
  ALLOW_LIST_POLICY_ARN,
  ALLOW_LIST_VERSION,
} from "./iam/identity-context-allow-list.js";
