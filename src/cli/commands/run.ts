// `run`: the composition root. Chooses the target (sandbox by default, AWS when TIP_TARGET=aws),
// loads scenarios, wires the adapters into the pure runner, writes the reports, returns the exit code.
import { statSync } from "node:fs";
import { HTTP_TIMEOUT_RANGE_MS, HTTP_TIMEOUTS, type HttpTimeouts } from "../../adapters/shared/http-timeouts.js";
import { join, relative } from "node:path";
import type { FaultProfileInput, Sandbox } from "@tip-proof/sandbox";
import { importSandbox, importSandboxConfig } from "../../app/load-sandbox.js";
import { sandboxEnv } from "../../app/sandbox-env.js";
import type { AwsTarget } from "../../adapters/aws/clients.js";
import { DEFAULT_RETRY, type RetryBudget } from "../../adapters/aws/retry.js";
import { durationMs } from "../../adapters/identity/token-source.js";
import type { RunReport } from "../../model/report.js";
import { ConsoleReporter } from "../../reporters/console.js";
import { ALL_FILE_REPORTERS, buildFileReporters, FILE_REPORTERS, type ReporterName } from "../../reporters/registry.js";
import { Multiplexer } from "../../reporters/multiplexer.js";
import { terminalScreen, type Screen } from "../../reporters/screen.js";
import { formatDiagnostic, sortDiagnostics } from "../../scenario/diagnostics.js";
import { ConfigError, ScenarioValidationError } from "../errors.js";
import { loadEnv } from "../env.js";
import { loadScenarios } from "../load-scenarios.js";
import { claimOutputDir, newRunId, outputDir } from "../output.js";
import { SIGNAL_EXIT, watchInterrupts } from "../interrupt.js";
import { checkAllowList } from "../safety.js";
import { buildPlan } from "../../core/plan.js";
import { envForValidation } from "./validate.js";
import { TOOL } from "../version.js";
import { ClockSkew } from "../../adapters/aws/clock-skew.js";

export interface RunCommandOptions {
  target?: "sandbox" | "aws";
  fixture?: string;
  output?: string;
  reporter?: string[];
  concurrency?: number;
  cloudtrailDeadline?: string;
  cloudtrailSettle?: string;
  faults?: string;
  /** Remove an earlier run's report files from the output folder first (instead of refusing it). */
  replace?: boolean;
  noCloudtrail?: boolean;
  /** commander's form of --no-cloudtrail. */
  cloudtrail?: boolean;
  /** Pilot sessions: every persona signs in in the browser at this IdP (login hint = its username). */
  interactive?: { issuer: string; clientId: string };
  /** Only these personas (their expectations elsewhere are dropped). */
  personas?: string[];
  /** Athena bytes the run may scan (default 10 GiB; env TIP_MAX_BYTES_SCANNED). */
  maxBytesScanned?: number;
  /** Print each observation as it happens, before CloudTrail confirmation (pilot). */
  live?: boolean;
}

export interface RunCommandResult {
  exitCode: number;
  report?: RunReport;
  outputDir?: string;
  /** Numbers for benchmarks: LookupEvents calls and pages, Athena queries and status polls. */
  stats?: { lookupCalls: number; lookupPages: number; lookupRecords: number; athenaQueries: number; athenaPolls: number; bytesScanned: number };
}

export async function runCommand(paths: string[], o: RunCommandOptions, io: { screen?: Screen; cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; onSandbox?: (sb: Sandbox) => void } = {}): Promise<RunCommandResult> {
  const cwd = io.cwd ?? process.cwd();
  const screen = io.screen ?? terminalScreen();
  let env = loadEnv(cwd, io.env ?? process.env);
  const mode = targetMode(o.target, env);
  const reporterNames = reporterList(o.reporter);
  // Bad input is answered before anything starts: validate first (sandbox-provided variables get
  // stand-ins of the right shape), so a broken file costs no sandbox, no AWS call, no wait.
  const pre = sortDiagnostics(loadScenarios(paths.length ? paths : ["scenarios"], envForValidation(cwd, io.env ?? process.env, mode), cwd).diagnostics);
  if (pre.some((d) => d.severity === "error")) {
    for (const d of pre) screen.write(`${formatDiagnostic(d)}${d.severity === "warning" ? " (warning)" : ""}\n`);
    throw new ScenarioValidationError(pre);
  }
  // The output folder is checked and claimed before anything starts (sandbox included): a run must not
  // do its work and then find it cannot keep the evidence.
  const runId = newRunId();
  const dir = outputDir(runId, o.output, env, cwd);
  const claim = claimOutputDir(dir, { replace: o.replace, runId });
  const interrupt = watchInterrupts(screen, undefined, io.signal);
  try {
    return await runClaimed(paths, o, { ...io, cwd, screen }, { env, mode, runId, dir, reporterNames, interrupt });
  } finally {
    interrupt.dispose();
    claim.release();
  }
}

interface Prepared { env: Record<string, string | undefined>; mode: "sandbox" | "aws"; runId: string; dir: string; reporterNames: ReporterName[]; interrupt: ReturnType<typeof watchInterrupts> }

async function runClaimed(paths: string[], o: RunCommandOptions, io: { screen: Screen; cwd: string; env?: NodeJS.ProcessEnv; onSandbox?: (sb: Sandbox) => void }, p: Prepared): Promise<RunCommandResult> {
  const { cwd, screen } = io;
  const { mode, runId, dir, interrupt } = p;
  let env = p.env;
  let sandbox: Sandbox | undefined;
  // Numbers are validated before the sandbox starts: a bad one costs nothing.
  const concurrency = o.concurrency ?? envNumber(env, "TIP_CONCURRENCY", 64, true, LIMITS.concurrency);
  const athenaConcurrency = Math.min(concurrency, envNumber(env, "TIP_ATHENA_CONCURRENCY", 32, true, LIMITS.concurrency));
  const perAction = { athena: athenaConcurrency, accessGrants: Math.min(concurrency, envNumber(env, "TIP_ACCESS_GRANTS_CONCURRENCY", concurrency, true, LIMITS.concurrency)) };
  const maxBytesScanned = o.maxBytesScanned ?? envNumber(env, "TIP_MAX_BYTES_SCANNED", 10 * 1024 ** 3, true);
  const athenaStarts = { perSecond: envNumber(env, "TIP_ATHENA_START_RPS", 20, false, LIMITS.rate), burst: envNumber(env, "TIP_ATHENA_START_BURST", 80, true, LIMITS.burst) };
  const lookupRps = envNumber(env, "TIP_LOOKUP_RPS", 2, false, LIMITS.rate);
  httpTimeouts(env);
  // Heavy modules (AWS SDK, DuckDB, the sandbox) load only once the input is known to be good, and the
  // sandbox (DuckDB: most of a second) only when it is the target.
  const [{ makeClients }, { AwsActionRunner }, { TipSessionProvider }, { IdentityStoreDirectory }, { CloudTrailPoller }, { runScenarios }, { AwsProofReader }] = await Promise.all([
    import("../../adapters/aws/clients.js"), import("../../adapters/aws/actions.js"), import("../../adapters/aws/session.js"), import("../../adapters/aws/directory.js"),
    import("../../adapters/cloudtrail/poller.js"), import("../../core/run.js"), import("../../adapters/aws/proofs.js"),
  ]);
  try {
    if (mode === "sandbox") {
      const faults = await parseFaults(o.faults ?? env.TIP_SANDBOX_FAULTS);
      try {
        const { startSandbox } = await importSandbox();
        sandbox = await startSandbox({ fixture: fixtureArg(o.fixture ?? env.TIP_SANDBOX_FIXTURE ?? "bank"), faults });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === "ENOENT" || err.name === "FixtureError") throw new ConfigError("CFG_FIXTURE", `sandbox fixture ${o.fixture ?? env.TIP_SANDBOX_FIXTURE}: ${err.code === "ENOENT" ? "no such file (bundled fixtures: bank, regional)" : err.message}`);
        throw e;
      }
      env = { ...env, ...sandboxEnv(sandbox) };
      io.onSandbox?.(sandbox);
    }
    const loaded = loadScenarios(paths.length ? paths : ["scenarios"], env, cwd);
    const problems = sortDiagnostics(loaded.diagnostics);
    for (const d of problems) screen.write(`${formatDiagnostic(d)}${d.severity === "warning" ? " (warning)" : ""}\n`);
    if (problems.some((d) => d.severity === "error")) throw new ScenarioValidationError(problems);
    if (!loaded.scenarios.length) throw new ConfigError("CFG_NO_SCENARIOS", "no scenarios to run.");
    if (o.personas) selectPersonas(loaded.scenarios, o.personas);
    if (buildPlan(loaded.scenarios).length === 0) throw new ConfigError("CFG_NO_CHECKS", "the scenarios plan no persona × check at all; a run that checks nothing proves nothing. Add checks or a matrix.");
    if (o.interactive) for (const s of loaded.scenarios) for (const [p, t] of Object.entries(s.tokens)) {
      const hint = "username" in t ? t.username : undefined;
      const issuer = o.interactive.issuer === "sandbox" ? env.TIP_IDP_ISSUER! : o.interactive.issuer;
      const clientId = o.interactive.clientId === "sandbox" ? env.TIP_IDP_CLIENT_ID! : o.interactive.clientId;
      s.tokens[p] = { type: "browser", issuer, clientId, scope: "openid email profile", tokenField: "id_token", ...(hint ? { loginHint: hint } : {}) };
    }
    const first = loaded.scenarios[0].target;
    for (const s of loaded.scenarios) if (s.target.region !== first.region || s.target.accountId !== first.accountId)
      throw new ConfigError("CFG_MIXED_TARGETS", `${s.file}: every scenario of one run must target the same account and region (${first.accountId}/${first.region}); run them separately.`);
    if (mode === "aws") checkAllowList(loaded.scenarios, env);

    const target = awsTarget(first.region, env, sandbox);
    const skew = new ClockSkew();
    const clients = makeClients({ ...target, skew });
    const retry: RetryBudget = mode === "sandbox" ? { ...DEFAULT_RETRY, minTimeoutMs: 50 } : DEFAULT_RETRY;
    // Checks in flight; Athena queries are capped separately (active queries count against an account
    // quota) and so are their starts (StartQueryExecution: 20/s, burst 80), sign-ins more modestly still.
    const ct = first.cloudtrail ?? {};
    const deadlineMs = durationArg("--cloudtrail-deadline", o.cloudtrailDeadline ?? ct.deadline ?? (mode === "sandbox" ? "30s" : "30m"));
    const settleMs = durationArg("--cloudtrail-settle", o.cloudtrailSettle ?? ct.settle ?? (mode === "sandbox" ? "0ms" : "2m"));

    const consoleReporter = new ConsoleReporter(screen, dir, o.live, cwd);
    // File reporters end first, so the console's closing lines can name what they wrote (and the manifest hash).
    const reporter = new Multiplexer([...buildFileReporters(p.reporterNames, dir), consoleReporter]);
    const actions = new AwsActionRunner(clients, { retry, athenaStarts, maxBytesScanned, onProgress: (m) => reporter.onProgress?.(m),
      poll: mode === "sandbox" ? { firstMs: 25, maxMs: 500, factor: 1.5, timeoutMs: 120_000 } : undefined });
    const cloudtrail = clients.cloudtrail();
    const proofs = new AwsProofReader(clients, retry);
    const poller = o.noCloudtrail || o.cloudtrail === false ? undefined : new CloudTrailPoller(cloudtrail, { requestsPerSecond: lookupRps, retry, sweepIntervalMs: sweepInterval(deadlineMs), windowPaddingMs: 5 * 60_000, clockSkewMs: () => skew.ms });
    try {
      const report = await runScenarios({
        runId, scenarios: loaded.scenarios, scenarioFiles: loaded.files, tool: TOOL,
        target: { kind: mode, accountId: first.accountId, region: first.region, ...(mode === "aws" && target.endpoint ? { endpoint: target.endpoint } : {}), ...(sandbox ? { identityCenterInstanceArn: sandbox.identifiers.instanceArn } : first.identityCenter.instanceArn ? { identityCenterInstanceArn: first.identityCenter.instanceArn } : {}) },
        basePrincipalArn: sandbox?.fixture.basePrincipal.arn,
        sessions: new TipSessionProvider(clients, runId, retry, env),
        actions,
        audit: poller,
        directory: new IdentityStoreDirectory(clients),
        proofs,
        reporter, concurrency: { personas: o.interactive ? 1 : Math.min(concurrency, 16), checks: concurrency, perAction },
        cloudtrail: { deadlineMs, settleMs }, signal: interrupt.signal,
      });
      // The core knows the run was interrupted, the CLI knows by which signal (SIGTERM: 143).
      const received = interrupt.received();
      const measured: RunReport = skew.count ? { ...report, clock: { skewMs: skew.ms, samples: skew.count } } : report;
      const final: RunReport = received && measured.interrupted ? { ...measured, summary: { ...measured.summary, exitCode: SIGNAL_EXIT[received] } } : measured;
      await reporter.onEnd?.(final);
      // Evidence that could not be written makes the run fail, whatever the verdicts said.
      if (reporter.failures.length) {
        for (const f of reporter.failures) screen.write(`error REPORT_WRITE: ${f.error.message}\n`);
        screen.write(`Reports are incomplete: ${reporter.failures.length} file(s) could not be written (exit ${EXIT_REPORT_WRITE}).\n`);
      }
      const ct = poller?.stats() ?? { lookupCalls: 0, pages: 0, records: 0 };
      return { exitCode: reporter.failures.length ? EXIT_REPORT_WRITE : final.summary.exitCode, report: final, outputDir: dir, stats: { lookupCalls: ct.lookupCalls, lookupPages: ct.pages, lookupRecords: ct.records, athenaQueries: actions.athenaStats.queries, athenaPolls: actions.athenaStats.polls, bytesScanned: actions.athenaStats.bytesScanned } };
    } finally {
      actions.close();
      proofs.close();
      cloudtrail.destroy();
    }
  } finally {
    await sandbox?.stop();
  }
}

/**
 * Where AWS calls go. Sandbox: the in-process sandbox with its base credentials. AWS: the SDK's own
 * endpoints and credential chain, unless AWS_ENDPOINT_URL points elsewhere (a standalone sandbox) or
 * static keys are set in the environment or .env (which the SDK alone would not read from .env).
 */
export function awsTarget(region: string, env: Record<string, string | undefined>, sandbox?: Sandbox): AwsTarget {
  const timeouts = httpTimeouts(env);
  if (sandbox) return { region, endpoint: sandbox.endpoint, baseCredentials: sandbox.baseCredentials, timeouts };
  const keys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
    : undefined;
  return { region, timeouts, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}), ...(keys ? { baseCredentials: keys } : {}) };
}

function selectPersonas(scenarios: import("../../scenario/parse.js").ValidScenario[], names: string[]): void {
  const known = new Set(scenarios.flatMap((s) => Object.keys(s.personas)));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new ConfigError("CFG_PERSONA", `--persona ${unknown.join(", ")}: not defined in the scenarios (defined: ${[...known].join(", ")}).`);
  for (const s of scenarios) {
    for (const p of Object.keys(s.personas)) if (!names.includes(p)) delete s.personas[p];
    for (const c of s.checks) c.expect = c.expect.map((e) => ({ ...e, personas: e.personas.includes("*") ? e.personas : e.personas.filter((p) => names.includes(p)) })).filter((e) => e.personas.length);
    s.checks = s.checks.filter((c) => c.expect.length);
  }
}

/** Sweep pauses scale with the deadline: 30 m → 15–60 s on a real account, 30 s → 250 ms–1 s on the sandbox. */
export function sweepInterval(deadlineMs: number): [number, number] {
  return [Math.min(15_000, Math.max(200, Math.round(deadlineMs / 120))), Math.min(60_000, Math.max(1_000, Math.round(deadlineMs / 30)))];
}

/** Exit code of a run whose report files could not all be written (sysexits EX_IOERR). */
export const EXIT_REPORT_WRITE = 74;

/**
 * Sane ranges: a rate of 0.0001/s or a concurrency of a million is a typo, and would hang the run or
 * exhaust the machine rather than fail. Rates are per second.
 */
export const LIMITS = { rate: [0.1, 1000], burst: [1, 1000], concurrency: [1, 1024] } as const satisfies Record<string, readonly [number, number]>;

/** A positive number from the environment, within `range`, or a configuration error (never NaN, never "no limit"). */
export function envNumber(env: Record<string, string | undefined>, name: string, dflt: number, integer: boolean, range?: readonly [number, number]): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new ConfigError("CFG_ENV", `${name}=${raw}: expected a positive ${integer ? "integer" : "number"}.`);
  if (range && (n < range[0] || n > range[1])) throw new ConfigError("CFG_ENV", `${name}=${raw}: out of range; use ${range[0]} to ${range[1]}.`);
  return n;
}

/** TIP_HTTP_CONNECT_TIMEOUT / TIP_HTTP_REQUEST_TIMEOUT as durations (5s / 60s by default). */
export function httpTimeouts(env: Record<string, string | undefined>): HttpTimeouts {
  const one = (name: string, dflt: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return dflt;
    const ms = durationArg(name, raw);
    const [lo, hi] = HTTP_TIMEOUT_RANGE_MS;
    if (ms < lo || ms > hi) throw new ConfigError("CFG_ENV", `${name}=${raw}: out of range; use ${lo}ms to ${hi / 60_000}m.`);
    return ms;
  };
  return { connectMs: one("TIP_HTTP_CONNECT_TIMEOUT", HTTP_TIMEOUTS.connectMs), requestMs: one("TIP_HTTP_REQUEST_TIMEOUT", HTTP_TIMEOUTS.requestMs) };
}

/** TIP_TARGET is exactly `sandbox` or `aws` (lower case): `AWS` or `prod` must not quietly run the sandbox. */
export function targetMode(flag: "sandbox" | "aws" | undefined, env: Record<string, string | undefined>): "sandbox" | "aws" {
  if (flag) return flag;
  const v = env.TIP_TARGET;
  if (v === undefined || v === "" || v === "sandbox") return "sandbox";
  if (v === "aws") return "aws";
  throw new ConfigError("CFG_TARGET", `TIP_TARGET=${v}: expected "sandbox" or "aws" (lower case).${v.trim().toLowerCase() === "aws" ? ` Did you mean "aws"?` : ""}`);
}

/** --reporter names, checked before anything starts. */
export function reporterList(names: string[] | undefined): ReporterName[] {
  if (!names) return [...ALL_FILE_REPORTERS];
  const unknown = names.filter((n) => !Object.hasOwn(FILE_REPORTERS, n));
  if (unknown.length || !names.length) throw new ConfigError("CFG_REPORTER", `--reporter ${unknown.join(",") || "(empty)"}: unknown reporter; use one or more of ${ALL_FILE_REPORTERS.join(", ")}.`);
  return names as ReporterName[];
}

export function durationArg(what: string, v: string): number {
  if (!/^\d+(ms|s|m|h)$/.test(v)) throw new ConfigError("CFG_DURATION", `${what} ${v}: use a duration such as 500ms, 30s, 20m or 1h.`);
  return durationMs(v);
}

/** Fault profiles are validated strictly: a typo'd key must not run a "reliability test" without faults. */
export async function parseFaults(text: string | undefined): Promise<FaultProfileInput | undefined> {
  if (!text) return undefined;
  const { faultProfileSchema } = await importSandboxConfig();
  let json: unknown;
  try { json = JSON.parse(text); } catch { throw new ConfigError("CFG_FAULTS", "--faults / TIP_SANDBOX_FAULTS must be a JSON object, e.g. '{\"cloudtrailDelayMs\": 60000}'."); }
  const r = faultProfileSchema.strict().safeParse(json);
  if (!r.success) throw new ConfigError("CFG_FAULTS", `--faults: ${r.error.issues.map((i) => `${i.path.join(".") || "(profile)"}: ${i.message}`).join("; ")}. Keys: see README "Fault profile".`);
  return json as FaultProfileInput;
}

/** A fixture name, file, or folder holding fixture.yaml. */
export function fixtureArg(f: string): string {
  let st;
  try { st = statSync(f); } catch { return f; /* a name or a missing path: startSandbox says which */ }
  const file = st.isDirectory() ? join(f, "fixture.yaml") : f;
  // A named pipe or device would block the read (or never end): only regular files are fixtures.
  try { if (!statSync(file).isFile()) throw new ConfigError("CFG_FIXTURE", `sandbox fixture ${file}: not a regular file.`); } catch (e) { if (e instanceof ConfigError) throw e; }
  return file;
}
