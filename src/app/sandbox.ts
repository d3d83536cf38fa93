// The harness's one door to the embedded sandbox: every use of it (run, sandbox, capture) goes through
// here, and only through lazy imports, so neither DuckDB nor the emulator loads unless the sandbox is
// the target, and a broken scenario file costs neither.
//
// The sandbox is an optional dependency (@tip-proof/sandbox): an install for a real account may leave it
// out (`npm ci --omit=optional`: no DuckDB). A missing package is a configuration problem with its fix
// (exit 2), not an internal error.
//
// The TIP_* vocabulary is the harness's: sandboxRunEnv maps a fixture and an endpoint to the variables
// scenarios use, so a run knows them before the sandbox starts and parses its scenarios once.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import type { FaultProfileInput, Fixture, Sandbox } from "@tip-proof/sandbox";
import type { Env } from "../config/env.js";
import { ConfigError } from "../config/errors.js";
import { fixtureArg } from "../config/values.js";

export type { FaultProfileInput, Fixture, Sandbox };

/** startSandbox and the rest (loads DuckDB). */
const sandboxModule = (): Promise<typeof import("@tip-proof/sandbox")> =>
  import("@tip-proof/sandbox").catch(explainMissing);
/** The light entry (no DuckDB, no services): fixtures, the fault profile's schema, the default port. */
const configModule = (): Promise<typeof import("@tip-proof/sandbox/config")> =>
  import("@tip-proof/sandbox/config").catch(explainMissing);

function explainMissing(e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ERR_MODULE_NOT_FOUND" && /['"]@tip-proof\/sandbox['"/]/.test(err.message)) {
    throw new ConfigError(
      "CFG_SANDBOX_MISSING",
      "the optional package @tip-proof/sandbox is not installed (an install with --omit=optional leaves it out); the sandbox target and capture need it: run `npm install @tip-proof/sandbox`, or use --target aws.",
    );
  }
  if (err?.code === "ERR_MODULE_NOT_FOUND" && /sandbox[/\\]dist[/\\]/.test(err.message)) {
    throw new ConfigError(
      "CFG_SANDBOX_MISSING",
      "the package @tip-proof/sandbox is not built (no dist/): run `npm install` (its prepare step builds it) or `npm run build -w @tip-proof/sandbox`.",
    );
  }
  throw e;
}

/** Port of a standalone sandbox when none is given (`tip-proof sandbox`). */
export const defaultSandboxPort = async (): Promise<number> => (await configModule()).DEFAULT_SANDBOX_PORT;

/**
 * Loads and validates a fixture (a bundled name, a file, or a folder holding fixture.yaml). A missing
 * one is CFG_FIXTURE; a fixture with problems throws FixtureValidationError with every problem.
 */
export async function loadSandboxFixture(arg: string): Promise<Fixture> {
  const { resolveFixture } = await configModule();
  try {
    return resolveFixture(fixtureArg(arg));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT")
      throw new ConfigError(
        "CFG_FIXTURE",
        `sandbox fixture ${arg}: no such file (bundled fixtures: bank, regional; or a fixture file, or a folder holding fixture.yaml).`,
      );
    if (err.name === "FixtureError") throw new ConfigError("CFG_FIXTURE", `sandbox fixture ${arg}: ${err.message}`);
    throw e;
  }
}

/** Fault profiles are validated strictly: a typo'd key must not run a "reliability test" without faults. */
export async function checkFaults(json: unknown): Promise<FaultProfileInput | undefined> {
  if (json === undefined) return undefined;
  const { faultProfileSchema } = await configModule();
  const r = faultProfileSchema.strict().safeParse(json);
  if (!r.success)
    throw new ConfigError(
      "CFG_FAULTS",
      `--faults: ${r.error.issues.map((i) => `${i.path.join(".") || "(profile)"}: ${i.message}`).join("; ")}. Keys: see README "Fault profile".`,
    );
  return json as FaultProfileInput;
}

/** The variables a harness or a shell uses to talk to a sandbox of this fixture at `endpoint` (includes the fixture's IdP passwords). */
export function sandboxRunEnv(fixture: Fixture, endpoint: string): Record<string, string> {
  const idpIssuer = `${endpoint}/idp`;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: fixture.region,
    AWS_DEFAULT_REGION: fixture.region,
    AWS_ACCESS_KEY_ID: fixture.basePrincipal.accessKeyId,
    AWS_SECRET_ACCESS_KEY: fixture.basePrincipal.secretAccessKey,
    TIP_ACCOUNT_ID: fixture.account,
    TIP_APPLICATION_ARN: fixture.exports.applicationArn,
    TIP_CARRIER_ROLE_ARN: fixture.exports.carrierRoleArn,
    TIP_ATHENA_WORKGROUP: fixture.exports.workgroup,
    TIP_ATHENA_CATALOG: fixture.exports.catalog,
    TIP_ATHENA_DATABASE: fixture.exports.database,
    TIP_IDENTITY_STORE_ID: fixture.identityCenter.identityStoreId,
    TIP_IDC_INSTANCE_ARN: fixture.identityCenter.instanceArn,
    TIP_IDP_ISSUER: idpIssuer,
    TIP_IDP_TOKEN_URL: `${idpIssuer}/token`,
    TIP_IDP_CLIENT_ID: fixture.idp.clientId,
  };
  for (const u of fixture.idp.users)
    env[`TIP_IDP_PASSWORD_${u.username.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = u.password;
  for (const c of fixture.idp.serviceClients)
    env[`TIP_IDP_CLIENT_SECRET_${c.clientId.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = c.clientSecret;
  return env;
}

/** A free loopback port, so the sandbox's endpoint (and its TIP_* values) is known before it starts. */
export function freeLoopbackPort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface SandboxStart {
  fixture: Fixture;
  faults?: FaultProfileInput;
  port?: number;
  clock?: Sandbox["clock"];
}

/** Starts a sandbox; a busy port is CFG_PORT (its `code` stays EADDRINUSE on `cause` for callers that retry). */
export async function startSandbox(o: SandboxStart): Promise<Sandbox> {
  const { startSandbox: start } = await sandboxModule();
  try {
    return await start({
      fixture: o.fixture,
      faults: o.faults,
      port: o.port ?? 0,
      ...(o.clock ? { clock: o.clock } : {}),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw Object.assign(new ConfigError("CFG_PORT", `port ${o.port} is in use; pick another with --port.`), {
        cause: e,
      });
    throw e;
  }
}

/** The sandbox's redaction helpers, for `capture`'s goldens. */
export const sandboxRedaction = async () => {
  const { maskText, shapeOf } = await sandboxModule();
  return { maskText, shapeOf };
};

/** The environment a run against the sandbox sees: the caller's, with the sandbox's values winning. */
export const withSandboxEnv = (env: Env, fixture: Fixture, endpoint: string): Env => ({
  ...env,
  ...sandboxRunEnv(fixture, endpoint),
});

/**
 * A running sandbox's variables under the harness's names: the standard AWS ones the sandbox itself
 * gives (`sb.env()`) plus TIP_*. The same mapping as a run uses before the sandbox starts.
 */
export const sandboxEnv = (sb: Pick<Sandbox, "env" | "fixture" | "endpoint">): Record<string, string> => ({
  ...sb.env(),
  ...sandboxRunEnv(sb.fixture, sb.endpoint),
});

/**
 * The sandbox's world as a digest: its fixture (without the folder it was read from, so the same
 * fixture checked out elsewhere on another runner is the same world) and the data files it names, by
 * content: the policies a contrast or a proof stands for. Shards of one run must have the same
 * (core/merge-facts.ts). The fault profile is not part of it: timing and injected faults make errors,
 * never decisions, so a shard may run slower or with faults.
 */
export function sandboxWorldDigest(fixture: Fixture): string {
  const { baseDir, ...rest } = fixture as Fixture & { baseDir?: string };
  const h = createHash("sha256").update(JSON.stringify(rest));
  const files = new Set<string>();
  JSON.stringify(rest, (k, v: unknown) => {
    if ((k === "data" || k === "file") && typeof v === "string") files.add(v);
    return v;
  });
  for (const f of [...files].sort()) {
    h.update(`\u0000${f}\u0000`);
    try {
      h.update(readFileSync(resolve(baseDir ?? ".", f)));
    } catch {
      h.update("(unreadable)");
    }
  }
  return h.digest("hex");
}
