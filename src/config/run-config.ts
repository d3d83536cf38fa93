// A run's configuration, typed, with ONE precedence for every key: the flag (or the library caller's
// option), then the environment (TIP_*, .env included), then the scenario, then the default. Which of
// those layers a key has is RUN_CONFIG_KEYS; run-config.test.ts checks each row. Bad values are refused
// here, before anything starts, with a CFG code (errors.ts).
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { REPORTER_NAMES } from "../reporters/registry.js";
import type { ValidScenario } from "../scenario/parse.js";
import type { Env } from "./env.js";
import { parseShard, type ShardSpec } from "../core/shard.js";
import { ConfigError } from "./errors.js";
import { resolveTarget, type TargetKind } from "./target.js";
import { durationArg, envNumber, faultsJson, httpTimeouts, LIMITS, reporterList } from "./values.js";

const GiB = 1024 ** 3;
/** More shards than this is a typo, not a CI matrix. */
const MAX_SHARDS = 1024;
const count = z.number().int().min(LIMITS.concurrency[0]).max(LIMITS.concurrency[1]);
const rate = z.number().min(LIMITS.rate[0]).max(LIMITS.rate[1]);

export const runConfigSchema = z.object({
  /** Where the checks run. @default "sandbox" */
  target: z.enum(["sandbox", "aws"]),
  /** Scenario files or folders. @default ["scenarios"] */
  paths: z.array(z.string()).min(1),
  /** Folder that relative paths (scenarios, output, .env) are resolved from. */
  cwd: z.string(),
  /** The environment the scenarios' ${VAR}s and the adapters read (process environment plus .env). */
  env: z.record(z.string(), z.string().optional()),
  /** Sandbox fixture: a bundled name, a file, or a folder holding fixture.yaml. @default "bank" */
  fixture: z.string(),
  /** Sandbox fault profile (JSON value), checked strictly when the sandbox loads. @default none */
  faults: z.unknown().optional(),
  /** The report folder itself. @default TIP_REPORT_DIR/<run-id>, else reports/<run-id> */
  output: z.string().optional(),
  /** Folder under which each run gets <run-id>/ (TIP_REPORT_DIR). @default "reports" */
  reportRoot: z.string().optional(),
  /** Remove an earlier run's report files from the output folder first. @default false */
  replace: z.boolean(),
  /** Reporters (github too, on request). @default the file formats: json, md, html, junit, manifest */
  reporters: z.array(z.enum(REPORTER_NAMES as [string, ...string[]])).min(1),
  /** A folder of earlier report folders: report.html then shows the trend of the last runs. @default none */
  history: z.string().optional(),
  /** Personas and checks in flight. @default 64 */
  concurrency: count,
  /** Athena queries in flight (at most `concurrency`). @default 32 */
  athenaConcurrency: count,
  /** Access Grants calls in flight (at most `concurrency`). @default `concurrency` */
  accessGrantsConcurrency: count,
  /** Athena bytes the run may scan before further queries are refused. @default 10 GiB */
  maxBytesScanned: z.number().int().positive(),
  /** StartQueryExecution calls per second, and their burst. @default 20/s, burst 80 */
  athenaStarts: z.object({ perSecond: rate, burst: z.number().int().min(LIMITS.burst[0]).max(LIMITS.burst[1]) }),
  /** CloudTrail LookupEvents requests per second (AWS's quota is 2). @default 2 */
  lookupRps: rate,
  /** HTTP connect and request timeouts of every AWS call (ms). @default 5 s and 60 s */
  httpTimeouts: z.object({ connectMs: z.number().int().positive(), requestMs: z.number().int().positive() }),
  cloudtrail: z.object({
    /** Confirm results in CloudTrail (off: results needing it stay pending). @default true */
    enabled: z.boolean(),
    /** How long to wait for records (ms). @default 30 s sandbox, 30 min aws; unset = the scenario's, else that */
    deadlineMs: z.number().int().min(0).optional(),
    /** Wait before the first lookup (ms). @default 0 sandbox, 2 min aws; unset = the scenario's, else that */
    settleMs: z.number().int().min(0).optional(),
  }),
  /** The whole run's time limit (ms): then it stops as on Ctrl-C, writes a partial report and exits 124. @default none */
  globalTimeoutMs: z.number().int().positive().optional(),
  /** Only these personas (the plan leaves the others out). @default all */
  personas: z.array(z.string()).min(1).optional(),
  /** Every persona signs in in the browser at this IdP (pilot); unset parts come from TIP_IDP_* (the sandbox's own against the sandbox). @default off */
  browserSignIn: z.object({ issuer: z.string().optional(), clientId: z.string().optional() }).optional(),
  /** Print each observation as it happens, before CloudTrail confirmation. @default false */
  live: z.boolean(),
  /** Run only shard `index` of `total` (`--shard i/n`; core/shard.ts), and write facts.json for `report merge`. @default the whole run */
  shard: z
    .object({
      index: z.number().int().min(1),
      total: z.number().int().min(1).max(MAX_SHARDS),
      group: z.string().min(1).max(128).optional(),
    })
    .refine((s) => s.index <= s.total, "the shard index is at most the number of shards")
    .optional(),
  /** The exception register (docs/exceptions.md): a path, absolute or relative to `cwd` (a scenario's: to that file). @default none */
  exceptions: z.string().optional(),
  /** The date (YYYY-MM-DD) exception expiries and reviewBy dates are judged against. @default the run's start date (UTC) */
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export type RunConfig = z.infer<typeof runConfigSchema>;

/** What a caller (the CLI's flags, or a library user) sets; everything unset comes from the next layer. */
export interface RunFlags {
  paths?: string[];
  target?: TargetKind;
  fixture?: string;
  output?: string;
  replace?: boolean;
  reporter?: string[];
  /** Folder of earlier report folders for report.html's history panel. */
  history?: string;
  concurrency?: number;
  maxBytesScanned?: number;
  cloudtrailDeadline?: string;
  cloudtrailSettle?: string;
  /** The run's time limit (`--global-timeout 45m`). */
  globalTimeout?: string;
  /** false = --no-cloudtrail. */
  cloudtrail?: boolean;
  faults?: string;
  personas?: string[];
  browserSignIn?: { issuer?: string; clientId?: string };
  live?: boolean;
  /** `i/n`: run shard i of n. */
  shard?: string;
  /** The run a shard belongs to (`--run-group`); the same for every shard of one run. */
  runGroup?: string;
  /** The exception register file. */
  exceptions?: string;
  /** YYYY-MM-DD: the run's date for expiries and review dates (auditors re-running, tests). */
  today?: string;
}

/** The layers each key has, in precedence order (documentation, and the table test's rows). */
export const RUN_CONFIG_KEYS: Record<string, { flag?: string; env?: string; scenario?: string; default: string }> = {
  target: { flag: "--target", env: "TIP_TARGET", default: "sandbox" },
  paths: { flag: "[paths...]", default: "scenarios" },
  fixture: { flag: "--fixture", env: "TIP_SANDBOX_FIXTURE", default: "bank" },
  faults: { flag: "--faults", env: "TIP_SANDBOX_FAULTS", default: "none" },
  output: { flag: "-o, --output", env: "TIP_REPORT_DIR (+ /<run-id>)", default: "reports/<run-id>" },
  replace: { flag: "--replace", default: "false" },
  reporters: { flag: "--reporter", default: "json, md, html, junit, manifest" },
  history: { flag: "--history", env: "TIP_HISTORY_DIR", default: "none" },
  concurrency: { flag: "--concurrency", env: "TIP_CONCURRENCY", default: "64" },
  athenaConcurrency: { env: "TIP_ATHENA_CONCURRENCY", default: "32 (at most concurrency)" },
  accessGrantsConcurrency: { env: "TIP_ACCESS_GRANTS_CONCURRENCY", default: "concurrency" },
  maxBytesScanned: { flag: "--max-bytes-scanned", env: "TIP_MAX_BYTES_SCANNED", default: "10 GiB" },
  athenaStarts: { env: "TIP_ATHENA_START_RPS, TIP_ATHENA_START_BURST", default: "20/s, burst 80" },
  lookupRps: { env: "TIP_LOOKUP_RPS", default: "2" },
  httpTimeouts: { env: "TIP_HTTP_CONNECT_TIMEOUT, TIP_HTTP_REQUEST_TIMEOUT", default: "5s, 60s" },
  "cloudtrail.enabled": { flag: "--no-cloudtrail", default: "true" },
  globalTimeoutMs: { flag: "--global-timeout", env: "TIP_GLOBAL_TIMEOUT", default: "none" },
  "cloudtrail.deadlineMs": {
    flag: "--cloudtrail-deadline",
    scenario: "cloudtrail.deadline",
    default: "30s sandbox, 30m aws",
  },
  "cloudtrail.settleMs": { flag: "--cloudtrail-settle", scenario: "cloudtrail.settle", default: "0ms sandbox, 2m aws" },
  personas: { flag: "--persona (pilot)", default: "all" },
  browserSignIn: {
    flag: "--idp-issuer, --client-id (pilot)",
    env: "TIP_IDP_ISSUER, TIP_IDP_CLIENT_ID",
    default: "off; the sandbox's IdP against the sandbox",
  },
  live: { flag: "pilot", default: "false" },
  shard: { flag: "--shard", default: "none (the whole run)" },
  "shard.group": {
    flag: "--run-group",
    env: "TIP_RUN_GROUP, else GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT (GitHub Actions) or CI_PIPELINE_ID (GitLab)",
    default: "none: a sharded run needs one (CFG_SHARD)",
  },
  exceptions: { flag: "--exceptions", env: "TIP_EXCEPTIONS", scenario: "exceptions", default: "none" },
  today: { flag: "--today", env: "TIP_TODAY", default: "the run's start date (UTC)" },
};

export interface RunConfigInput {
  flags: RunFlags;
  /** The environment, .env already merged (config/env.ts#loadEnv). */
  env: Env;
  cwd: string;
  /** When given, the scenario layer is applied too (else runTipProof applies it once it has parsed them). */
  scenarios?: ValidScenario[];
}

/** Resolves and validates every key; throws ConfigError (exit 2) for the first bad value. */
export function resolveRunConfig({ flags, env, cwd, scenarios }: RunConfigInput): RunConfig {
  const target = resolveTarget(flags.target, env);
  const reporters = reporterList(flags.reporter);
  const concurrency = flags.concurrency ?? envNumber(env, "TIP_CONCURRENCY", 64, true, LIMITS.concurrency);
  const config: RunConfig = {
    target,
    cwd,
    env,
    reporters,
    concurrency,
    paths: flags.paths?.length ? flags.paths : ["scenarios"],
    fixture: flags.fixture ?? env.TIP_SANDBOX_FIXTURE ?? "bank",
    // A fault profile only means something to the sandbox; against AWS it is not read at all.
    faults: target === "sandbox" ? faultsJson(flags.faults ?? env.TIP_SANDBOX_FAULTS) : undefined,
    output: flags.output,
    ...((flags.history ?? env.TIP_HISTORY_DIR) ? { history: flags.history ?? env.TIP_HISTORY_DIR } : {}),
    reportRoot: env.TIP_REPORT_DIR || undefined,
    replace: flags.replace ?? false,
    athenaConcurrency: Math.min(concurrency, envNumber(env, "TIP_ATHENA_CONCURRENCY", 32, true, LIMITS.concurrency)),
    accessGrantsConcurrency: Math.min(
      concurrency,
      envNumber(env, "TIP_ACCESS_GRANTS_CONCURRENCY", concurrency, true, LIMITS.concurrency),
    ),
    maxBytesScanned: flags.maxBytesScanned ?? envNumber(env, "TIP_MAX_BYTES_SCANNED", 10 * GiB, true),
    athenaStarts: {
      perSecond: envNumber(env, "TIP_ATHENA_START_RPS", 20, false, LIMITS.rate),
      burst: envNumber(env, "TIP_ATHENA_START_BURST", 80, true, LIMITS.burst),
    },
    lookupRps: envNumber(env, "TIP_LOOKUP_RPS", 2, false, LIMITS.rate),
    httpTimeouts: httpTimeouts(env),
    cloudtrail: {
      enabled: flags.cloudtrail !== false,
      ...(flags.cloudtrailDeadline !== undefined
        ? { deadlineMs: durationArg("--cloudtrail-deadline", flags.cloudtrailDeadline) }
        : {}),
      ...(flags.cloudtrailSettle !== undefined
        ? { settleMs: durationArg("--cloudtrail-settle", flags.cloudtrailSettle) }
        : {}),
    },
    ...((flags.globalTimeout ?? env.TIP_GLOBAL_TIMEOUT)
      ? { globalTimeoutMs: durationArg("--global-timeout", (flags.globalTimeout ?? env.TIP_GLOBAL_TIMEOUT)!) }
      : {}),
    ...(flags.personas?.length ? { personas: flags.personas } : {}),
    ...(flags.browserSignIn ? { browserSignIn: flags.browserSignIn } : {}),
    live: flags.live ?? false,
    ...(flags.shard !== undefined
      ? { shard: { ...shardArg(flags.shard), group: runGroupArg(flags.runGroup, env) } }
      : {}),
    ...((flags.exceptions ?? env.TIP_EXCEPTIONS) ? { exceptions: flags.exceptions ?? env.TIP_EXCEPTIONS } : {}),
    ...((flags.today ?? env.TIP_TODAY) ? { today: todayArg((flags.today ?? env.TIP_TODAY)!) } : {}),
  };
  return scenarios ? withScenarioLayer(config, scenarios) : config;
}

/** The scenario layer, then the defaults, for keys a scenario may set (the first scenario's: one run, one target). */
export function withScenarioLayer(
  config: RunConfig,
  scenarios: ValidScenario[],
): RunConfig & { cloudtrail: { deadlineMs: number; settleMs: number } } {
  const ct = scenarios[0]?.target.cloudtrail ?? {};
  const sandbox = config.target === "sandbox";
  return {
    ...config,
    ...exceptionsLayer(config, scenarios),
    cloudtrail: {
      enabled: config.cloudtrail.enabled,
      deadlineMs:
        config.cloudtrail.deadlineMs ?? durationArg("--cloudtrail-deadline", ct.deadline ?? (sandbox ? "30s" : "30m")),
      settleMs: config.cloudtrail.settleMs ?? durationArg("--cloudtrail-settle", ct.settle ?? (sandbox ? "0ms" : "2m")),
    },
  };
}

/** `--shard i/n`: 1 ≤ i ≤ n. */
export function shardArg(text: string): ShardSpec {
  const s = parseShard(text, MAX_SHARDS);
  if ("problem" in s)
    throw new ConfigError(
      "CFG_SHARD",
      `${s.problem}. Give the shard as i/n with 1 ≤ i ≤ n, e.g. --shard 1/3, --shard 2/3, --shard 3/3.`,
    );
  return s;
}

/**
 * The run a shard belongs to: `--run-group`, TIP_RUN_GROUP, or the CI pipeline's own id. Required for a
 * sharded run: without it `report merge` could not tell this run's shards from another run's, and
 * observations of one run would be judged as another's (a false pass: docs/sharding.md).
 */
export function runGroupArg(flag: string | undefined, env: Env): string {
  const github = env.GITHUB_RUN_ID ? `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? "1"}` : undefined;
  const gitlab = env.CI_PIPELINE_ID ? `gitlab-${env.CI_PIPELINE_ID}` : undefined;
  const group = (flag ?? env.TIP_RUN_GROUP ?? github ?? gitlab)?.trim();
  if (!group)
    throw new ConfigError(
      "CFG_SHARD",
      "a sharded run needs a run group, the same for every shard of the run, so `report merge` joins only shards of one run: pass --run-group <id> (e.g. the nightly's date or the CI pipeline's id) or set TIP_RUN_GROUP; in GitHub Actions and GitLab CI it defaults to the pipeline's run id.",
    );
  if (!/^[\w.:+=@-]{1,128}$/.test(group))
    throw new ConfigError(
      "CFG_SHARD",
      `--run-group ${JSON.stringify(group)}: use 1 to 128 letters, digits and . _ : + = @ - (e.g. nightly-2026-11-29).`,
    );
  return group;
}

/** `--today` / `TIP_TODAY`: a calendar date that exists. */
export function todayArg(text: string): string {
  const t = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(t.getTime()) || !t.toISOString().startsWith(text))
    throw new ConfigError(
      "CFG_TODAY",
      `--today / TIP_TODAY ${JSON.stringify(text)} is not a date. Write it as YYYY-MM-DD, e.g. 2026-10-01.`,
    );
  return text;
}

/** The scenario layer of `exceptions`: the file the scenarios name, relative to each scenario file; one per run. */
function exceptionsLayer(config: RunConfig, scenarios: ValidScenario[]): { exceptions?: string } {
  if (config.exceptions) return {};
  const named = [
    ...new Set(scenarios.filter((s) => s.exceptions).map((s) => resolve(config.cwd, dirname(s.file), s.exceptions!))),
  ];
  if (named.length > 1)
    throw new ConfigError(
      "CFG_EXCEPTIONS",
      `the scenarios name different exception registers (${named.join(", ")}); a run applies one. Name the same file in each, or pass --exceptions.`,
    );
  return named.length ? { exceptions: named[0] } : {};
}
