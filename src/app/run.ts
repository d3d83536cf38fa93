// runTipProof: a resolved configuration in, a report (written by the configured reporters) out. It wires
// the adapters, the sandbox and the reporters to the pure runner and holds no policy of its own (the
// judge decides verdicts, the summary the exit code). It never touches the process: the environment
// comes in the configuration, interruption through `signal`, and exiting is the caller's business.
import { setMaxListeners } from "node:events";
import { loadEnv, type Env } from "../config/env.js";
import { ConfigError, ScenarioValidationError } from "../config/errors.js";
import {
  resolveRunConfig,
  runConfigSchema,
  withScenarioLayer,
  type RunConfig,
  type RunFlags,
} from "../config/run-config.js";
import { awsTarget } from "../config/values.js";
import { runWithFacts } from "../core/run.js";
import { EXIT } from "../core/summary.js";
import { preflightMessage, preflightNotes } from "../doctor/render.js";
import { annotateRun, ownershipOf, type AnnotateInput } from "../exceptions/apply.js";
import { loadExceptions } from "../exceptions/load.js";
import { formatDiagnostic } from "../scenario/diagnostics.js";
import type { RunFacts } from "../model/facts-blob.js";
import type { RunReport } from "../model/report.js";
import { ConsoleReporter } from "../reporters/console.js";
import { Multiplexer, type ReporterFailure } from "../reporters/multiplexer.js";
import { buildFileReporters, type ReporterName } from "../reporters/registry.js";
import type { Screen } from "../reporters/screen.js";
import type { AwsTarget } from "../adapters/aws/clients.js";
import type { ValidScenario } from "../scenario/parse.js";
import { buildAdapters, type AdapterFactory, type RunStats } from "./adapters.js";
import { withFactsFile } from "./facts-file.js";
import type { LoadedScenarios } from "./load-scenarios.js";
import { claimOutputDir, newRunId, outputDir } from "./output.js";
import {
  checkFaults,
  freeLoopbackPort,
  loadSandboxFixture,
  sandboxWorldDigest,
  startSandbox,
  withSandboxEnv,
  type FaultProfileInput,
  type Fixture,
  type Sandbox,
} from "./sandbox.js";
import { checkRunnable, loadRunScenarios, withBrowserSignIn } from "./scenarios.js";
import { TOOL } from "./version.js";

export interface RunIo {
  screen: Screen;
  /** Aborting it stops running queries; a partial report marked `interrupted` is written. */
  signal?: AbortSignal;
  /** The exit code an interrupted run reports (the CLI: 130 or 143 by signal); default the summary's. */
  interruptExitCode?: () => number | undefined;
  /** Called with the embedded sandbox once it runs (tests read its CloudTrail). */
  onSandbox?: (sandbox: Sandbox) => void;
  /** Builds the ports the run talks through; default the AWS SDK adapters (tests pass fakes). */
  adapters?: AdapterFactory;
}

export type { AdapterFactory, RunAdapters, RunStats } from "./adapters.js";

export interface RunOutcome {
  report: RunReport;
  outputDir: string;
  stats: RunStats;
  /** Reporters that threw (their files are missing or incomplete); non-empty makes the exit code 74. */
  reportFailures: ReporterFailure[];
  /** The report's exit code, or 74 when reports could not all be written. */
  exitCode: number;
}

export async function runTipProof(input: RunConfig, io: RunIo): Promise<RunOutcome> {
  const config = runConfigSchema.parse(input);
  const { cwd } = config,
    { screen } = io;
  // Against the sandbox, its fixture and endpoint are settled first, so the scenarios are parsed once,
  // against the values the run will have, before anything (DuckDB, the sandbox, AWS) starts.
  const sandboxPlan =
    config.target === "sandbox"
      ? { fixture: await loadSandboxFixture(config.fixture), faults: await checkFaults(config.faults) }
      : undefined;
  const prepare = async (quiet = false) => {
    const port = sandboxPlan ? await freeLoopbackPort() : undefined;
    const env = sandboxPlan ? withSandboxEnv(config.env, sandboxPlan.fixture, `http://127.0.0.1:${port}`) : config.env;
    const loaded = loadRunScenarios(
      config.paths,
      env,
      cwd,
      quiet ? { write: () => {}, isTTY: false, color: false } : screen,
    );
    return { port, env, loaded };
  };
  let prepared = await prepare();
  checkRunnable(prepared.loaded.scenarios, { target: config.target, env: prepared.env, personas: config.personas });
  const resolved = withScenarioLayer(config, prepared.loaded.scenarios);
  // A past date would judge this run's fresh evidence against exceptions that have since expired, and
  // so revive them (review s22c F4): a run's date may move forward (to preview expiries), never back.
  const utcToday = new Date().toISOString().slice(0, 10);
  if (resolved.today && resolved.today < utcToday)
    throw new ConfigError(
      "CFG_TODAY",
      `--today / TIP_TODAY ${resolved.today} is before this run's date (${utcToday}, UTC): a past date would revive exceptions that have expired since. Omit it, or give ${utcToday} or a later date to see what expires then.`,
    );
  // The exception register is validated against the scenarios before anything starts: a typo in it is
  // bad input (exit 2), never an exception that silently waives nothing.
  const annotate: AnnotateInput = {
    ownership: ownershipOf(prepared.loaded.scenarios),
    ...(resolved.today ? { asOf: resolved.today } : {}),
  };
  if (resolved.exceptions) {
    const reg = loadExceptions(resolved.exceptions, cwd, prepared.loaded.scenarios);
    for (const d of reg.diagnostics) screen.write(`${formatDiagnostic(d)}\n`);
    if (!reg.register) throw new ScenarioValidationError(reg.diagnostics);
    annotate.register = reg.register;
  }

  // The output folder is checked and claimed before anything starts: a run must not do its work and
  // then find it cannot keep the evidence.
  const runId = newRunId();
  const dir = outputDir(runId, config, cwd);
  const claim = claimOutputDir(dir, { replace: config.replace, runId });
  let sandbox: Sandbox | undefined;
  try {
    if (sandboxPlan) {
      sandbox = await startOnFreePort(
        sandboxPlan,
        () => prepared.port!,
        async () => {
          prepared = await prepare(true);
        },
      );
      io.onSandbox?.(sandbox);
    }
    // Shards against other fixtures are other worlds: a merge compares this digest.
    const sandboxSha256 = sandboxPlan ? sandboxWorldDigest(sandboxPlan.fixture) : undefined;
    return await execute(
      resolved,
      { env: prepared.env, loaded: prepared.loaded, runId, dir, sandbox, annotate, sandboxSha256 },
      io,
    );
  } finally {
    await sandbox?.stop();
    claim.release();
  }
}

/**
 * The run's own signal, following the caller's. Every SDK call in flight listens on it (64 checks, 32
 * queries by default): that many listeners is the design, not a leak, so Node's warning at 11 would
 * only be noise.
 */
function runSignal(
  parent: AbortSignal | undefined,
  timeoutMs: number | undefined,
  screen: Screen,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(4096, controller.signal);
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener("abort", () => controller.abort(), { once: true });
  // --global-timeout: the run stops as on Ctrl-C (queries stopped, a partial report), and says why.
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          if (controller.signal.aborted) return;
          timedOut = true;
          screen.write(
            `\nGlobal timeout: the run reached --global-timeout (${formatMs(timeoutMs)}): stopping running queries and writing a partial report.\n`,
          );
          controller.abort();
        }, timeoutMs);
  timer?.unref();
  return { signal: controller.signal, timedOut: () => timedOut, dispose: () => clearTimeout(timer) };
}

function formatMs(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The port was free a moment ago; if something took it since, the run takes another (values re-derived). */
async function startOnFreePort(
  plan: { fixture: Fixture; faults?: FaultProfileInput },
  port: () => number,
  repick: () => Promise<void>,
): Promise<Sandbox> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startSandbox({ fixture: plan.fixture, faults: plan.faults, port: port() });
    } catch (e) {
      if (attempt >= 2 || !(e instanceof ConfigError && e.code === "CFG_PORT")) throw e;
      await repick();
    }
  }
}

interface Prepared {
  env: Env;
  loaded: LoadedScenarios;
  runId: string;
  dir: string;
  sandbox?: Sandbox;
  /** SHA-256 of the sandbox's world (its fixture and data), when the run has one. */
  sandboxSha256?: string;
  annotate: AnnotateInput;
}

async function execute(config: ReturnType<typeof withScenarioLayer>, p: Prepared, io: RunIo): Promise<RunOutcome> {
  // The time limit runs from here: the preflight against a slow AWS is part of the run it bounds.
  const stop = runSignal(io.signal, config.globalTimeoutMs, io.screen);
  try {
    return await executeUntil(stop, config, p, io);
  } finally {
    stop.dispose();
  }
}

async function executeUntil(
  stop: ReturnType<typeof runSignal>,
  config: ReturnType<typeof withScenarioLayer>,
  p: Prepared,
  io: RunIo,
): Promise<RunOutcome> {
  const { env, loaded, sandbox } = p;
  const first = loaded.scenarios[0].target;
  const signIn = config.browserSignIn;
  const idp = signIn && {
    issuer: signIn.issuer ?? env.TIP_IDP_ISSUER,
    clientId: signIn.clientId ?? env.TIP_IDP_CLIENT_ID,
  };
  if (idp && (!idp.issuer || !idp.clientId))
    throw new ConfigError(
      "CFG_PILOT_IDP",
      "pilot needs the IdP issuer and OAuth client id for browser sign-in: set TIP_IDP_ISSUER and TIP_IDP_CLIENT_ID (or --idp-issuer/--client-id).",
    );
  const scenarios = idp
    ? withBrowserSignIn(loaded.scenarios, idp as { issuer: string; clientId: string })
    : loaded.scenarios;

  // The correlation id: every SDK call of the run carries it in its User-Agent, which CloudTrail records.
  const userAgent = `${TOOL.name}/${TOOL.version} run/${p.runId}`;
  const target = { ...awsTarget(first.region, env, sandbox), userAgent };
  // Fake adapters (tests) talk to no AWS: there is nothing to preflight.
  // Stopped meanwhile (a signal, the time limit): the run starts aborted and ends at once, partial report
  // and all, without waiting for the rest of the preflight's reads.
  const callerArn = io.adapters
    ? undefined
    : await untilAborted(preflight(target, scenarios, env, io.screen, stop.signal), stop.signal);
  // File reporters end first, so the console's closing lines can name what they wrote (and the manifest hash).
  // A shard also writes its facts (facts.json) for `report merge`, hashed by the manifest with the rest.
  let facts: RunFacts | undefined;
  const files = withFactsFile(
    buildFileReporters(config.reporters as ReporterName[], p.dir, {
      env,
      cwd: config.cwd,
      out: io.screen,
      history: config.history,
    }),
    p.dir,
    config.shard && (() => facts),
  );
  const reporter = new Multiplexer([...files, new ConsoleReporter(io.screen, p.dir, config.live, config.cwd)]);
  const signal = stop.signal;
  const adapters = await (io.adapters ?? buildAdapters)(config, { target, env, runId: p.runId, reporter, signal });
  try {
    const run = await runWithFacts({
      runId: p.runId,
      scenarios,
      scenarioFiles: loaded.files,
      tool: TOOL,
      personas: config.personas,
      target: {
        kind: config.target,
        accountId: first.accountId,
        region: first.region,
        ...(config.target === "aws" && target.endpoint ? { endpoint: target.endpoint } : {}),
        ...(sandbox && p.sandboxSha256 ? { sandboxSha256: p.sandboxSha256 } : {}),
        ...(sandbox
          ? { identityCenterInstanceArn: sandbox.identifiers.instanceArn }
          : first.identityCenter.instanceArn
            ? { identityCenterInstanceArn: first.identityCenter.instanceArn }
            : {}),
      },
      basePrincipalArn: sandbox?.fixture.basePrincipal.arn ?? callerArn,
      sessions: adapters.sessions,
      actions: adapters.actions,
      audit: adapters.audit,
      directory: adapters.directory,
      proofs: adapters.proofs,
      // Checks in flight; Athena queries are capped separately (active queries count against an account
      // quota) and so are their starts (StartQueryExecution: 20/s, burst 80), sign-ins more modestly still.
      reporter,
      annotate: (judged) => annotateRun(judged, p.annotate),
      concurrency: {
        personas: idp ? 1 : Math.min(config.concurrency, 16),
        checks: config.concurrency,
        perAction: { athena: config.athenaConcurrency, accessGrants: config.accessGrantsConcurrency },
      },
      cloudtrail: { deadlineMs: config.cloudtrail.deadlineMs, settleMs: config.cloudtrail.settleMs },
      signal,
      ...(config.shard ? { shard: config.shard } : {}),
    });
    stop.dispose(); // the run is over: writing its reports is not what the time limit stops
    const clock = adapters.clock();
    const { report } = run;
    const timedOut = !!report.interrupted && stop.timedOut();
    facts = {
      ...run.facts,
      ...(clock ? { clock } : {}),
      ...(timedOut ? { globalTimeoutMs: config.globalTimeoutMs } : {}),
    };
    // After judging: ownership, the exception register and the run's warnings (src/exceptions).
    // Loaded already by the session adapter; lazy so that startup does not load the SDK.
    const { roleSessionName } = await import("../adapters/aws/session.js");
    const correlation = {
      userAgent,
      roleSessionName: roleSessionName(p.runId),
    };
    // Annotated already (exceptions, ownership), before the per-result lines were printed.
    const measured: RunReport = { ...report, ...correlation, ...(clock ? { clock } : {}) };
    // A signal that came first names the exit code; otherwise a global timeout gives 124.
    const interruptCode = measured.interrupted
      ? (io.interruptExitCode?.() ?? (timedOut ? EXIT.globalTimeout : undefined))
      : undefined;
    const stopped: RunReport = timedOut ? { ...measured, globalTimeoutMs: config.globalTimeoutMs } : measured;
    const final: RunReport =
      interruptCode !== undefined ? { ...stopped, summary: { ...stopped.summary, exitCode: interruptCode } } : stopped;
    await reporter.onEnd?.(final);
    return {
      report: final,
      outputDir: p.dir,
      reportFailures: [...reporter.failures],
      exitCode: reporter.exitCode(final.summary.exitCode),
      stats: adapters.stats(),
    };
  } finally {
    adapters.close();
  }
}

/** `work`, or nothing once `signal` aborts (its failure still counts if it comes first). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    work.catch(() => undefined); // its failure no longer matters, and must not go unhandled
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const done = () => resolve(undefined);
    signal.addEventListener("abort", done, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", done));
  });
}

/**
 * doctor's blocking subset (src/doctor) before anyone signs in: a target not set up for trusted identity
 * propagation stops here with doctor's messages (CFG_PREFLIGHT, exit 2) instead of failing every check.
 * A check that could not be made (a refused read) does not stop the run; the console names it.
 */
async function preflight(
  target: AwsTarget,
  scenarios: ValidScenario[],
  env: Env,
  screen: Screen,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { preflightResults } = await import("../adapters/aws/doctor-reads.js");
  const { results, callerArn } = await preflightResults(target, scenarios, env);
  if (signal.aborted) return; // the run went on without it and has ended: nothing to add after its report
  for (const note of preflightNotes(results)) screen.write(`${note}\n`);
  const stop = preflightMessage(results);
  if (stop) throw new ConfigError("CFG_PREFLIGHT", stop);
  return callerArn;
}

/** Where runFromOptions runs: the folder, and the base environment (`.env` in `cwd` fills what it leaves unset). */
export interface RunPlace {
  cwd: string;
  env: Env;
}

/** Resolves the configuration (flag > environment > scenario > default) and runs it: the CLI's `run` as a function. */
export async function runFromOptions(options: RunFlags, io: RunIo & RunPlace): Promise<RunOutcome> {
  return runTipProof(resolveRunConfig({ flags: options, env: loadEnv(io.cwd, io.env), cwd: io.cwd }), io);
}
