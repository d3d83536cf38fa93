// One reader per kind of configuration value, each refusing a bad value with its CFG code and the fix:
// numbers from the environment, durations, the target, reporters, fixtures, fault profiles, and where
// AWS calls go. Pure apart from fixtureArg's stat (a fixture path must be a regular file).
import { statSync } from "node:fs";
import { join } from "node:path";
import type { AwsTarget } from "../adapters/aws/clients.js";
import { durationMs } from "../adapters/identity/token-source.js";
import { HTTP_TIMEOUT_RANGE_MS, HTTP_TIMEOUTS, type HttpTimeouts } from "../adapters/shared/http-timeouts.js";
import { ALL_FILE_REPORTERS, FILE_REPORTERS, REPORTER_NAMES, type ReporterName } from "../reporters/registry.js";
import type { Env } from "./env.js";
import { ConfigError } from "./errors.js";

/**
 * Sane ranges: a rate of 0.0001/s or a concurrency of a million is a typo, and would hang the run or
 * exhaust the machine rather than fail. Rates are per second.
 */
export const LIMITS = { rate: [0.1, 1000], burst: [1, 1000], concurrency: [1, 1024] } as const satisfies Record<
  string,
  readonly [number, number]
>;

/** A positive number from the environment, within `range`, or a configuration error (never NaN, never "no limit"). */
export function envNumber(
  env: Env,
  name: string,
  dflt: number,
  integer: boolean,
  range?: readonly [number, number],
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new ConfigError("CFG_ENV", `${name}=${raw}: expected a positive ${integer ? "integer" : "number"}.`);
  if (range && (n < range[0] || n > range[1]))
    throw new ConfigError("CFG_ENV", `${name}=${raw}: out of range; use ${range[0]} to ${range[1]}.`);
  return n;
}

/** A duration such as 500ms, 30s, 20m or 1h, in milliseconds; `what` names the option or variable. */
export function durationArg(what: string, v: string): number {
  if (!/^\d+(ms|s|m|h)$/.test(v))
    throw new ConfigError("CFG_DURATION", `${what} ${v}: use a duration such as 500ms, 30s, 20m or 1h.`);
  return durationMs(v);
}

/** TIP_HTTP_CONNECT_TIMEOUT / TIP_HTTP_REQUEST_TIMEOUT as durations (5s / 60s by default). */
export function httpTimeouts(env: Env): HttpTimeouts {
  const one = (name: string, dflt: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return dflt;
    const ms = durationArg(name, raw);
    const [lo, hi] = HTTP_TIMEOUT_RANGE_MS;
    if (ms < lo || ms > hi)
      throw new ConfigError("CFG_ENV", `${name}=${raw}: out of range; use ${lo}ms to ${hi / 60_000}m.`);
    return ms;
  };
  return {
    connectMs: one("TIP_HTTP_CONNECT_TIMEOUT", HTTP_TIMEOUTS.connectMs),
    requestMs: one("TIP_HTTP_REQUEST_TIMEOUT", HTTP_TIMEOUTS.requestMs),
  };
}

/** --reporter names, checked before anything starts. */
export function reporterList(names: string[] | undefined): ReporterName[] {
  if (!names) return [...ALL_FILE_REPORTERS];
  const unknown = names.filter((n) => !Object.hasOwn(FILE_REPORTERS, n));
  if (unknown.length || !names.length)
    throw new ConfigError(
      "CFG_REPORTER",
      `--reporter ${unknown.join(",") || "(empty)"}: unknown reporter; use one or more of ${REPORTER_NAMES.join(", ")}.`,
    );
  return names as ReporterName[];
}

/** --faults / TIP_SANDBOX_FAULTS as JSON; its keys are checked against the sandbox's profile when the sandbox loads (src/app/sandbox.ts). */
export function faultsJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(
      "CFG_FAULTS",
      "--faults / TIP_SANDBOX_FAULTS must be a JSON object, e.g. '{\"cloudtrailDelayMs\": 60000}'.",
    );
  }
}

/** A fixture name, file, or folder holding fixture.yaml. */
export function fixtureArg(f: string): string {
  let st;
  try {
    st = statSync(f);
  } catch {
    return f; /* a name or a missing path: the fixture loader says which */
  }
  const file = st.isDirectory() ? join(f, "fixture.yaml") : f;
  // A named pipe or device would block the read (or never end): only regular files are fixtures.
  try {
    if (!statSync(file).isFile()) throw new ConfigError("CFG_FIXTURE", `sandbox fixture ${file}: not a regular file.`);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
  }
  return file;
}

/** Sweep pauses scale with the deadline: 30 m → 15–60 s on a real account, 30 s → 250 ms–1 s on the sandbox. */
export function sweepInterval(deadlineMs: number): [number, number] {
  return [
    Math.min(15_000, Math.max(200, Math.round(deadlineMs / 120))),
    Math.min(60_000, Math.max(1_000, Math.round(deadlineMs / 30))),
  ];
}

/**
 * Where AWS calls go. Sandbox: the in-process sandbox with its base credentials. AWS: the SDK's own
 * endpoints and credential chain, unless AWS_ENDPOINT_URL points elsewhere (a standalone sandbox) or
 * static keys are set in the environment or .env (which the SDK alone would not read from .env).
 */
export function awsTarget(
  region: string,
  env: Env,
  sandbox?: { endpoint: string; baseCredentials: { accessKeyId: string; secretAccessKey: string } },
): AwsTarget {
  const timeouts = httpTimeouts(env);
  if (sandbox) return { region, endpoint: sandbox.endpoint, baseCredentials: sandbox.baseCredentials, timeouts };
  const keys =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  return {
    region,
    timeouts,
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
    ...(keys ? { baseCredentials: keys } : {}),
  };
}
