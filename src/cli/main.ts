// The CLI entry: wires commands, and turns every failure into a clear message and a documented exit
// code. User errors never show a stack trace; internal errors say how to report them. Command modules
// load lazily, so `validate` never pays for the AWS SDK, DuckDB or the sandbox.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { buildProgram } from "./program.js";
import { HarnessError } from "../config/errors.js";
import { terminalScreen } from "../reporters/screen.js";
import { TOOL } from "../app/version.js";

const screen = terminalScreen();
const err = terminalScreen(process.stderr);
let exitCode = 0;

const program = buildProgram(
  {
    run: async (paths, opts) => (await import("./commands/run.js")).runCommand(paths, opts, screen),
    validate: async (paths) => (await import("./commands/validate.js")).validateCommand(paths, screen),
    list: async (paths) => (await import("./commands/validate.js")).listCommand(paths, screen),
    sandbox: async (opts) => (await import("./commands/sandbox.js")).sandboxCommand(opts, screen),
    capture: async (opts) => (await import("./commands/capture.js")).captureCommand(opts, screen),
    confirm: async (dir, opts) => (await import("./commands/confirm.js")).confirmCommand(dir, opts, screen),
    pilot: async (paths, opts) => (await import("./commands/pilot.js")).pilotCommand(paths, opts, screen),
    doctor: async (paths, opts) => (await import("./commands/doctor.js")).doctorCommand(paths, opts, screen),
    verify: async (dir) => (await import("./commands/verify.js")).verifyCommand(dir, screen),
    reportDiff: async (a, b, opts) => (await import("./commands/report-diff.js")).reportDiffCommand(a, b, opts, screen),
    reportMerge: async (dirs, opts) =>
      (await import("./commands/report-merge.js")).reportMergeCommand(dirs, opts, screen),
    init: async (opts) => (await import("./commands/init.js")).initCommand(opts, screen),
    reportTrend: async (dirs, opts) =>
      (await import("./commands/report-trend.js")).reportTrendCommand(dirs, opts, screen),
  },
  (c) => {
    exitCode = c;
  },
);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const x = e as { code?: string; exitCode?: number };
  if (typeof x.code === "string" && x.code.startsWith("commander.")) {
    // help and version exit 0; usage errors were already printed by commander.
    exitCode =
      x.code === "commander.helpDisplayed" || x.code === "commander.version" || x.code === "commander.help" ? 0 : 2;
  } else if ((e as Error)?.name === "FixtureValidationError") {
    // A sandbox fixture with problems: every one, `file:line:col CODE message`, then exit 2.
    err.write(`${(e as Error).message}\n`);
    exitCode = 2;
  } else if (e instanceof HarnessError) {
    if (e.name !== "ScenarioValidationError") err.write(`error ${e.code}: ${e.message}\n`);
    else err.write(`${e.message}. Fix them and run again (codes: docs/error-codes.md).\n`);
    exitCode = e.exitCode;
  } else {
    err.write(
      `internal error in ${TOOL.name} ${TOOL.version} (node ${process.version}): ${(e as Error)?.message ?? String(e)}\nPlease report it with this output${process.env.TIP_DEBUG ? "" : " (set TIP_DEBUG=1 for the stack)"}.\n`,
    );
    if (process.env.TIP_DEBUG) err.write(`${(e as Error)?.stack}\n`);
    exitCode = 70;
  }
}
process.exitCode = exitCode;
