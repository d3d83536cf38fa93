// Typed errors with stable codes and the fix in the message (Vitest errors.ts / ky HTTPError style).
// User-input and configuration errors exit 2 and never print a stack trace. CONFIG_ERRORS is the one
// registry of configuration codes: a code is thrown only through it (ConfigError's type allows no
// other), and docs/error-codes.md's table is generated from it (test/docs.test.ts keeps them equal).
import type { Diagnostic } from "../scenario/diagnostics.js";

export class HarnessError extends Error {
  override name = "HarnessError";
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ScenarioValidationError extends HarnessError {
  override name = "ScenarioValidationError";
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      "SCENARIO_INVALID",
      `${diagnostics.filter((d) => d.severity === "error").length} problem(s) in scenario files`,
      2,
    );
  }
}

interface ConfigErrorSpec {
  /** The commands that can raise it (docs column). */
  commands: string;
  cause: string;
  fix: string;
}

/** Every configuration error code, what causes it and how to fix it. Codes never change meaning. */
export const CONFIG_ERRORS = {
  CFG_ALLOWLIST: {
    commands: "`run`, `pilot`, `confirm` (target `aws`)",
    cause:
      "`TIP_ALLOWED_ACCOUNTS` is not set, or the scenario's `accountId` is not in it; or `region` is not in `TIP_ALLOWED_REGIONS`; or `TIP_ALLOWED_IDC_INSTANCES` is set and `target.identityCenter.instanceArn` is missing or not in it. The harness refuses without prompting.",
    fix: "Add the account (Region, instance) to the allow-list in the environment or `.env`, if it is really a test account.",
  },
  CFG_MIXED_TARGETS: {
    commands: "`run`, `pilot`",
    cause: "The scenarios of one run target different accounts or Regions.",
    fix: "Run them separately.",
  },
  CFG_NO_SCENARIOS: {
    commands: "`run`, `pilot`",
    cause: "No valid scenario was loaded.",
    fix: "Give scenario files or a folder of them.",
  },
  CFG_PERSONA: {
    commands: "`pilot --persona`",
    cause: "A name in `--persona` is not a persona of the scenarios.",
    fix: "Use names from the scenario files.",
  },
  CFG_PILOT_IDP: {
    commands: "`pilot` (target `aws`)",
    cause: "Browser sign-in needs the IdP issuer and OAuth client id.",
    fix: "Set `TIP_IDP_ISSUER` and `TIP_IDP_CLIENT_ID`, or pass `--idp-issuer` and `--client-id`.",
  },
  CFG_FAULTS: {
    commands: "`run`, `sandbox`",
    cause:
      "`--faults` or `TIP_SANDBOX_FAULTS` is not a JSON object, or has a key or value the fault profile does not have.",
    fix: 'e.g. `--faults \'{"cloudtrailDelayMs": 60000}\'`; keys in README "Fault profile".',
  },
  CFG_SANDBOX_MISSING: {
    commands: "`run`, `sandbox`, `capture` (sandbox target)",
    cause:
      "The optional package @tip-proof/sandbox is not installed (an install with `--omit=optional` leaves it out) or not built.",
    fix: "Run `npm install @tip-proof/sandbox` (or `npm install`, whose prepare step builds it), or use `--target aws`.",
  },
  CFG_PORT: {
    commands: "`sandbox`",
    cause: "The port is in use.",
    fix: "Pick another with `--port` (1–65535; a value outside that range is a usage error, also exit 2).",
  },
  CFG_TARGET: {
    commands: "`run`, `pilot`, `validate`, `list`",
    cause:
      "`TIP_TARGET` is neither `sandbox` nor `aws`. The value is case-sensitive: `AWS` or `prod` is refused rather than quietly running the sandbox.",
    fix: "Set `TIP_TARGET=aws` or `TIP_TARGET=sandbox` (or unset it for the sandbox), or pass `--target`.",
  },
  CFG_REPORTER: {
    commands: "`run`",
    cause: "`--reporter` names a format that does not exist.",
    fix: "Use `json`, `md`, `html`, `junit`, `manifest` or `github`, comma-separated.",
  },
  CFG_ENV: {
    commands: "`run`, `pilot`, `confirm`",
    cause:
      "A number in the environment is not a positive number or is out of range: `TIP_LOOKUP_RPS`, `TIP_ATHENA_START_RPS` (0.1–1000 per second), `TIP_ATHENA_START_BURST` (1–1000), `TIP_CONCURRENCY`, `TIP_ATHENA_CONCURRENCY`, `TIP_ACCESS_GRANTS_CONCURRENCY` (1–1024), `TIP_MAX_BYTES_SCANNED`; or `TIP_HTTP_CONNECT_TIMEOUT` / `TIP_HTTP_REQUEST_TIMEOUT` is not a duration from 100ms to 10m.",
    fix: "Give a value in range.",
  },
  CFG_DURATION: {
    commands: "`run`, `confirm`",
    cause:
      "A duration option (`--cloudtrail-deadline`, `--cloudtrail-settle`, `--global-timeout`, `TIP_GLOBAL_TIMEOUT`) is not of the form `500ms`, `30s`, `20m`, `1h`.",
    fix: "Correct it.",
  },
  CFG_FIXTURE: {
    commands: "`run`, `sandbox`",
    cause:
      "`--fixture` names no bundled fixture and no file, or a path that is not a regular file (a named pipe, a device). A fixture that loads but is wrong gives `FIX001`–`FIX017` with positions instead ([fixture-language.md](fixture-language.md)).",
    fix: "Give `bank`, `regional`, a fixture file or a folder holding `fixture.yaml`.",
  },
  CFG_INIT: {
    commands: "`init`",
    cause:
      "`init` without `--from-account`, an output file that exists without `--update`, or a variable the account read needs (`AWS_REGION`, `TIP_ACCOUNT_ID`, `TIP_IDENTITY_STORE_ID`, `TIP_APPLICATION_ARN`) is not set.",
    fix: "See [init.md](init.md).",
  },
  CFG_CAPTURE: {
    commands: "`capture`",
    cause:
      "`--target` is neither `sandbox` nor `aws`, a variable the capture needs is not set, the fixture lacks a user the capture needs, or a capture step's sign-in failed.",
    fix: "Follow the capture procedure in [fidelity.md](fidelity.md).",
  },
  CFG_OUTPUT: {
    commands: "`run`, `pilot`, `report merge`",
    cause:
      "The report folder cannot be used, checked before anything starts: `-o ''` is empty; the path is a file; a parent (or `reports/`) is a file; the file system is read-only or not writable; a name is longer than 255 bytes or the path longer than 4095; the path is under `/proc`, `/sys` or `/dev`. The message gives the reason.",
    fix: "Choose another folder with `-o` (or `TIP_REPORT_DIR`).",
  },
  CFG_OUTPUT_TAKEN: {
    commands: "`run`, `pilot`, `report merge`",
    cause:
      "The report folder already holds files (another run's evidence), or another run is writing to it right now (its `.tip-proof.lock` names a live process), or a killed run left its `.tip-proof.lock`.",
    fix: "Give each run its own folder. `--replace` removes an earlier run's report files (and a dead run's lock) first; it never displaces a live run, and refuses a folder holding files tip-proof did not write.",
  },
  CFG_TAMPERED: {
    commands: "`confirm`, `report diff`, `report merge`",
    cause:
      "The run folder does not match its `manifest.json` (the message names each modified, missing or extra file). `confirm` would otherwise rewrite and re-sign it, laundering the change.",
    fix: "Inspect it with `tip-proof verify <dir>`; work from an intact copy.",
  },
  CFG_NO_CHECKS: {
    commands: "`run`, `pilot`",
    cause: "The scenarios plan no persona × check.",
    fix: "Add checks or a matrix.",
  },
  CFG_NO_REPORT: {
    commands: "`confirm`",
    cause: "The folder has no `report.json`.",
    fix: "Give a run folder such as `reports/<run-id>`.",
  },
  CFG_BAD_REPORT: {
    commands: "`confirm`",
    cause:
      "`report.json` cannot be read, is not JSON, or is not a tip-proof report (`{}`, `[]`, a partial file, a named pipe).",
    fix: "Check the folder (`tip-proof verify` checks it against its manifest).",
  },
  CFG_SHARD: {
    commands: "`run --shard`",
    cause: "`--shard` is not `i/n` with 1 ≤ i ≤ n ≤ 1024 (`0/3`, `4/3`, `x`).",
    fix: "Number shards from 1: `--shard 1/3`, `--shard 2/3`, `--shard 3/3` (in a CI matrix, `--shard ${{ matrix.shard }}/3`).",
  },
  CFG_NO_FACTS: {
    commands: "`report merge`",
    cause:
      "A folder given to `report merge` has no readable `facts.json` (it was not written by `run --shard i/n`), or the file is not valid JSON, not a tip-proof facts file, or of a newer facts version.",
    fix: "Give the report folders the shards wrote (`run --shard i/n -o <dir>`), unmodified.",
  },
  CFG_MERGE: {
    commands: "`report merge`",
    cause:
      "The folders are not the shards of one run: other scenario files (names or SHA-256), another account or Region, different numbers of shards, a shard given twice or missing, or checks that do not add up to the plan. The message names each problem.",
    fix: "Merge every shard of one run, each once, all run with the same scenario files, target and tip-proof version.",
  },
  CFG_SANDBOX_GONE: {
    commands: "`confirm`",
    cause: "The run used the in-process sandbox, which stopped with the run; its CloudTrail is gone.",
    fix: "Nothing to confirm; rerun. To try `confirm` against a sandbox, use a standalone one (`tip-proof sandbox`) with `TIP_TARGET=aws` and `AWS_ENDPOINT_URL`.",
  },
  CFG_TODAY: {
    commands: "`run`",
    cause:
      "`--today` or `TIP_TODAY` is not a date of the form `YYYY-MM-DD` that exists, or is before the run's date (UTC): a past date would revive exceptions that have expired since.",
    fix: "Omit it (the run's own date), or give that date or a later one, to see which exceptions and reviews fall due by then.",
  },
  CFG_EXCEPTIONS: {
    commands: "`run`",
    cause: "The scenarios of one run name different exception registers (`exceptions:`).",
    fix: "Keep one register for the run (all scenarios name the same file), or pass one with `--exceptions` / `TIP_EXCEPTIONS`, which takes precedence.",
  },
  CFG_PREFLIGHT: {
    commands: "`run`, `pilot`",
    cause:
      "A blocking prerequisite of trusted identity propagation is not met (checked before anyone signs in): the application has no jwt-bearer grant, its scopes lack `sts:identity_context` (or the Access Grants scope the checks need), or the carrier role's trust policy does not allow `sts:AssumeRole` and `sts:SetContext` for the base principal. The message names each check, its fix and the AWS documentation. A check that could not be made for lack of a read permission does not stop the run.",
    fix: "Apply the fix the message gives; `tip-proof doctor` shows every check ([doctor.md](doctor.md)).",
  },
} as const satisfies Record<`CFG_${string}`, ConfigErrorSpec>;

export type ConfigErrorCode = keyof typeof CONFIG_ERRORS;

/** A configuration error: exit 2, printed as `error <CODE>: <message>`; the message says what to change. */
export class ConfigError extends HarnessError {
  override name = "ConfigError";
  declare readonly code: ConfigErrorCode;
  constructor(code: ConfigErrorCode, message: string) {
    super(code, message, 2);
  }
  /** The documented fix for this error's code. */
  get fix(): string {
    return CONFIG_ERRORS[this.code].fix;
  }
}

/** docs/error-codes.md's configuration table, generated from the registry. */
export function renderConfigErrorTable(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = Object.entries(CONFIG_ERRORS).map(
    ([code, e]) => `| \`${code}\` | ${cell(e.commands)} | ${cell(e.cause)} | ${cell(e.fix)} |`,
  );
  return ["| Code | Command | Cause | Fix |", "|---|---|---|---|", ...rows].join("\n") + "\n";
}
