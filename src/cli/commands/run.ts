// `run`: the command line's options in, the library's run called, its outcome printed and turned into
// the exit code. Ctrl-C / SIGTERM handling lives here (the library only sees an AbortSignal).
import { runFromOptions, type RunOutcome } from "../../app/run.js";
import type { RunFlags } from "../../config/run-config.js";
import { EXIT_REPORT_WRITE, reporterFailureLine } from "../../reporters/multiplexer.js";
import type { Screen } from "../../reporters/screen.js";
import { SIGNAL_EXIT, watchInterrupts } from "../interrupt.js";

/**
 * commander's options of `run` (program.ts): the library's flags, less what only `pilot` sets (the
 * persona filter, browser sign-in, live lines) and the paths (commander's arguments).
 */
export type RunCommandOptions = Omit<RunFlags, "paths" | "personas" | "browserSignIn" | "live">;

export interface CommandIo {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function runCommand(
  paths: string[],
  o: RunCommandOptions,
  screen: Screen,
  io: CommandIo = {},
): Promise<number> {
  return runWithFlags({ ...o, paths }, screen, io);
}

/** Runs with these flags under the CLI's interrupt handling; prints what could not be written. Shared with `pilot`. */
export async function runWithFlags(flags: RunFlags, screen: Screen, io: CommandIo = {}): Promise<number> {
  const interrupt = watchInterrupts(screen);
  let outcome: RunOutcome;
  try {
    outcome = await runFromOptions(flags, {
      cwd: io.cwd ?? process.cwd(),
      env: io.env ?? process.env,
      screen,
      signal: interrupt.signal,
      // The library knows the run was interrupted, the CLI knows by which signal (SIGTERM: 143).
      interruptExitCode: () => {
        const s = interrupt.received();
        return s && SIGNAL_EXIT[s];
      },
    });
  } finally {
    interrupt.dispose();
  }
  // Evidence that could not be written makes the run fail, whatever the verdicts said.
  if (outcome.reportFailures.length) {
    for (const f of outcome.reportFailures) screen.write(`${reporterFailureLine(f)}\n`);
    screen.write(
      `Reports are incomplete: ${outcome.reportFailures.length} file(s) could not be written (exit ${EXIT_REPORT_WRITE}).\n`,
    );
  }
  return outcome.exitCode;
}
