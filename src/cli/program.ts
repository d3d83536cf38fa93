// Command definitions only; bodies live in ./commands (Playwright's program.ts / testActions split).
import { Command, InvalidArgumentError, Option } from "commander";
import { TOOL } from "../app/version.js";
// Type-only: the command modules themselves load lazily (main.ts).
import type { RunCommandOptions } from "./commands/run.js";
import type { PilotOptions } from "./commands/pilot.js";
import type { SandboxCommandOptions } from "./commands/sandbox.js";
import type { ReportMergeOptions } from "./commands/report-merge.js";
import type { DoctorOptions } from "./commands/doctor.js";
import type { InitOptions } from "./commands/init.js";

/** The options each command's definition below produces (commander's camel-cased names). */
export interface CommandOptions {
  run: RunCommandOptions;
  sandbox: SandboxCommandOptions;
  confirm: { cloudtrailDeadline?: string };
  pilot: PilotOptions;
  capture: { target?: string; output?: string };
  reportDiff: { format?: "text" | "markdown" };
  reportTrend: { output?: string };
  reportMerge: ReportMergeOptions;
  doctor: DoctorOptions;
}

export interface Handlers {
  run(paths: string[], opts: CommandOptions["run"]): Promise<number>;
  validate(paths: string[]): Promise<number>;
  list(paths: string[]): Promise<number>;
  sandbox(opts: CommandOptions["sandbox"]): Promise<number>;
  confirm(dir: string, opts: CommandOptions["confirm"]): Promise<number>;
  pilot(paths: string[], opts: CommandOptions["pilot"]): Promise<number>;
  verify(dir: string): Promise<number>;
  reportDiff(oldDir: string, newDir: string, opts: CommandOptions["reportDiff"]): Promise<number>;
  reportMerge(dirs: string[], opts: CommandOptions["reportMerge"]): Promise<number>;
  reportTrend?(dirs: string[], opts: CommandOptions["reportTrend"]): Promise<number>;
  capture?(opts: CommandOptions["capture"]): Promise<number>;
  doctor?(paths: string[], opts: CommandOptions["doctor"]): Promise<number>;
  init?(opts: InitOptions): Promise<number>;
}

const EXIT_CODES = `
Exit codes:
  0    every expectation held and is confirmed in CloudTrail
  1    a check failed (unexpected allow or denial, leaked column), errored, or the directory drifted
  2    invalid scenario, configuration or command line
  3    every check held, but some CloudTrail evidence is still pending (run \`confirm\` later)
  70   internal error in tip-proof (please report)
  74   the reports could not all be written (the files and causes are printed)
  124  the run reached --global-timeout: running queries stopped, a partial report was written
  130  interrupted by SIGINT (Ctrl-C): running queries stopped, a partial report was written
  143  interrupted by SIGTERM: the same; a second signal ends the process at once`;

export function buildProgram(h: Handlers, setExit: (code: number) => void): Command {
  const program = new Command()
    .name(TOOL.name)
    .description(
      "Prove, with CloudTrail evidence, that IAM Identity Center personas see exactly the data policy intends (trusted identity propagation).",
    )
    .version(TOOL.version)
    .showHelpAfterError("(run with --help for usage)")
    // Set before the subcommands exist so they inherit it: usage errors must exit 2, not commander's 1.
    .exitOverride()
    .addHelpText(
      "after",
      `${EXIT_CODES}

Examples:
  $ tip-proof run                         # bundled scenarios against the embedded sandbox
  $ TIP_TARGET=aws tip-proof run scenarios/bank-transactions.yaml
  $ tip-proof run --shard 2/3 -o reports/shard-2   # one CI job of three
  $ tip-proof report merge reports/shard-* -o reports/merged
  $ tip-proof validate scenarios/
  $ tip-proof sandbox --port 4599          # standalone sandbox for the AWS CLI / any SDK`,
    );

  program
    .command("run")
    .description("run scenarios: sign each persona in, run its checks, confirm CloudTrail, write reports")
    .argument("[paths...]", "scenario files or folders", ["scenarios"])
    .addOption(new Option("--target <target>", "sandbox (default) or aws; env TIP_TARGET").choices(["sandbox", "aws"]))
    .option(
      "--fixture <name|path>",
      "sandbox fixture: bank (default), regional, or a fixture file; env TIP_SANDBOX_FIXTURE",
    )
    .option("-o, --output <dir>", "report folder (default reports/<run-id>/; env TIP_REPORT_DIR); must be new or empty")
    .option("--replace", "reuse an output folder that holds an earlier run's report files (they are removed first)")
    .option(
      "--reporter <names>",
      "reporters, comma-separated: json, md, html, junit, manifest (default: these five), github (job summary + annotations in GitHub Actions)",
      (v: string) => v.split(",").map((s) => s.trim()),
    )
    .option(
      "--history <dir>",
      "folder of earlier report folders: report.html shows the trend of the last 30 runs; env TIP_HISTORY_DIR",
    )
    .option(
      "--concurrency <n>",
      "personas and checks in flight (default 64; Athena queries at most 32, env TIP_ATHENA_CONCURRENCY; env TIP_CONCURRENCY)",
      (v: string) => positiveInt(v, "--concurrency", 1024),
    )
    .option(
      "--cloudtrail-deadline <duration>",
      "how long to wait for CloudTrail records (default 30s sandbox, 30m aws)",
    )
    .option("--cloudtrail-settle <duration>", "wait before the first lookup (default 0 sandbox, 2m aws)")
    .option("--no-cloudtrail", "skip CloudTrail confirmation (results needing it become pending)")
    .option(
      "--global-timeout <duration>",
      "time limit for the whole run, e.g. 45m: then running queries are stopped, a partial report is written and the exit code is 124 (default none; env TIP_GLOBAL_TIMEOUT)",
    )
    .option(
      "--max-bytes-scanned <bytes>",
      "Athena bytes the run may scan before further queries are refused (default 10 GiB; env TIP_MAX_BYTES_SCANNED)",
      (v: string) => positiveInt(v, "--max-bytes-scanned"),
    )
    .option("--faults <json>", "sandbox fault profile, e.g. '{\"cloudtrailDelayMs\":60000}'; env TIP_SANDBOX_FAULTS")
    .option(
      "--shard <i/n>",
      "run shard i of n (personas split by estimated cost) and write facts.json for `report merge`",
    )
    .option(
      "--run-group <id>",
      "the run a shard belongs to, the same for every shard (default: TIP_RUN_GROUP, else the CI pipeline's run id)",
    )
    .option(
      "--exceptions <file>",
      "exception register (docs/exceptions.md): failures it covers are waived; env TIP_EXCEPTIONS; default the scenario's exceptions:",
    )
    .option(
      "--today <YYYY-MM-DD>",
      "the date exception expiries and reviewBy dates are judged against: today (UTC, the default) or later, never earlier; env TIP_TODAY",
    )
    .action(async (paths: string[], opts: CommandOptions["run"]) => setExit(await h.run(paths, opts)));

  program
    .command("init")
    .description(
      "scaffold a scenario from the account: tables, a persona per group, today's access as the baseline, directory assertions (docs/init.md)",
    )
    .option(
      "--from-account",
      "read the target's Glue catalog, Lake Formation permissions and LF-tags, data cells filters, Identity Center groups and Access Grants",
    )
    .option("-o, --output <file>", "the scenario file to write (default scenario.yaml)")
    .option(
      "--update",
      "re-read the account and show what changed in the existing file; writes only with --yes (exit 1 when something changed)",
    )
    .option("--yes", "with --update: write the changes")
    .option("--database <name>", "the Glue database (default TIP_ATHENA_DATABASE, else the first with tables)")
    .addOption(new Option("--target <target>", "sandbox (default) or aws; env TIP_TARGET").choices(["sandbox", "aws"]))
    .option("--fixture <name|path>", "sandbox fixture (default bank)")
    .action(async (opts: InitOptions) => setExit(h.init ? await h.init(opts) : 2));

  program
    .command("validate")
    .description("check scenario files and print every problem as file:line:col CODE message")
    .argument("[paths...]", "scenario files or folders", ["scenarios"])
    .action(async (paths: string[]) => setExit(await h.validate(paths)));

  program
    .command("list")
    .description("list the persona × check matrix a run would execute")
    .argument("[paths...]", "scenario files or folders", ["scenarios"])
    .action(async (paths: string[]) => setExit(await h.list(paths)));

  program
    .command("sandbox")
    .description("start the embedded sandbox standalone and print the export lines for a shell")
    .option("-p, --port <port>", "port on 127.0.0.1 (default 4599)", (v: string) => positiveInt(v, "--port", 65535))
    .option("--fixture <name|path>", "bank (default), regional, or a fixture file")
    .option("--faults <json>", "fault profile JSON")
    .action(async (opts: CommandOptions["sandbox"]) => setExit(await h.sandbox(opts)));
  program
    .command("confirm")
    .description("re-check a previous run's pending CloudTrail evidence and update that run's reports")
    .argument("<report-dir>", "the run folder, e.g. reports/<run-id>")
    .option("--cloudtrail-deadline <duration>", "how long to wait this time (default 30s sandbox, 10m aws)")
    .action(async (dir: string, opts: CommandOptions["confirm"]) => setExit(await h.confirm(dir, opts)));

  program
    .command("pilot")
    .description("pilot session: sign each persona in interactively in the browser and show results live")
    .argument("[paths...]", "scenario files or folders", ["scenarios"])
    .option("-o, --output <dir>", "report folder")
    .option("--replace", "reuse an output folder that holds an earlier run's report files")
    .option("--persona <names>", "only these personas, comma-separated", (v: string) =>
      v.split(",").map((x) => x.trim()),
    )
    .option("--idp-issuer <url>", "IdP issuer for browser sign-in (env TIP_IDP_ISSUER; the sandbox's own by default)")
    .option("--client-id <id>", "OAuth client id at the IdP (env TIP_IDP_CLIENT_ID)")
    .addOption(new Option("--target <target>", "sandbox (default) or aws; env TIP_TARGET").choices(["sandbox", "aws"]))
    .option("--fixture <name|path>", "sandbox fixture")
    .action(async (paths: string[], opts: CommandOptions["pilot"]) => setExit(await h.pilot(paths, opts)));

  program
    .command("capture")
    .description(
      "record redacted goldens of the calls AWS's docs leave open (live capture), for the fidelity tier to replay",
    )
    .addOption(
      new Option(
        "--target <target>",
        "aws (a real sandbox account, from the environment) or sandbox (default: the embedded one)",
      ).choices(["sandbox", "aws"]),
    )
    .option(
      "-o, --output <dir>",
      "folder for the goldens (default: capture/ for aws, reports/capture-sandbox/ for sandbox)",
    )
    .action(async (opts: CommandOptions["capture"]) => setExit(h.capture ? await h.capture(opts) : 2));

  program
    .command("doctor")
    .description(
      "check every prerequisite of the scenarios on the target (application, issuer, personas, carrier role, workgroup, Access Grants, Lake Formation, CloudTrail): ok, problem or cannot tell, with the fix (exit 0 all ok, 1 a problem, 2 bad input)",
    )
    .argument("[paths...]", "scenario files or folders", ["scenarios"])
    .addOption(new Option("--target <target>", "sandbox (default) or aws; env TIP_TARGET").choices(["sandbox", "aws"]))
    .option("--fixture <name|path>", "sandbox fixture")
    .option("--json", "print the results as JSON")
    .option("-o, --output <file>", "also write the JSON results to this file")
    .option("--no-cloudtrail", "do not check CloudTrail LookupEvents")
    .action(async (paths: string[], opts: CommandOptions["doctor"]) =>
      setExit(h.doctor ? await h.doctor(paths, opts) : 2),
    );

  program
    .command("verify")
    .description("check that a report folder is intact against its manifest.json")
    .argument("<report-dir>", "the run folder")
    .action(async (dir: string) => setExit(await h.verify(dir)));

  const report = program.command("report").description("work with report folders");
  report
    .command("diff")
    .description("persona × check changes between two runs, new allows first")
    .argument("<old>", "older run folder (or report.json)")
    .argument("<new>", "newer run folder (or report.json)")
    .option("--format <format>", "text (default) or markdown", "text")
    .action(async (oldDir: string, newDir: string, opts: CommandOptions["reportDiff"]) =>
      setExit(await h.reportDiff(oldDir, newDir, opts)),
    );
  report
    .command("merge")
    .description(
      "join the shards of one run (run --shard i/n) and judge them as one run: one report set and a manifest",
    )
    .argument("<dirs...>", "the report folder of every shard")
    .option(
      "-o, --output <dir>",
      "report folder for the merged run (default reports/<run-id>/; env TIP_REPORT_DIR); must be new or empty",
    )
    .option("--replace", "reuse an output folder that holds an earlier run's report files")
    .option(
      "--reporter <names>",
      "file reporters, comma-separated: json, md, html, junit, manifest (default: all)",
      (v: string) => v.split(",").map((s) => s.trim()),
    )
    .action(async (dirs: string[], opts: CommandOptions["reportMerge"]) => setExit(await h.reportMerge(dirs, opts)));
  report
    .command("trend")
    .description(
      "pass/fail/error/waived/pending per run and when each finding first appeared, from verified report folders (trend.html, .md, .json)",
    )
    .argument("<dirs...>", "run folders, or folders of run folders (e.g. reports/)")
    .option("-o, --output <dir>", "where trend.html, trend.md and trend.json go (default reports/trend)")
    .action(async (dirs: string[], opts: CommandOptions["reportTrend"]) =>
      setExit(h.reportTrend ? await h.reportTrend(dirs, opts) : 2),
    );
  return program;
}

function positiveInt(v: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} expects a positive integer, got "${v}".`);
  if (n > max) throw new InvalidArgumentError(`${flag} expects at most ${max}, got "${v}".`);
  return n;
}
