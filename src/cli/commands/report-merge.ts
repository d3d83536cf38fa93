// `report merge <dirs…>`: join the shards of one run (`run --shard i/n`) and judge them as one run.
// Exit codes: the merged run's (0, 1, 3), 74 when reports could not all be written, 2 when the folders
// are not the intact shards of one run (CFG_NO_FACTS, CFG_MERGE, CFG_TAMPERED; thrown to main.ts).
import { mergeReports } from "../../app/merge.js";
import { reporterFailureLine } from "../../reporters/multiplexer.js";
import type { Screen } from "../../reporters/screen.js";

/** commander's options of `report merge` (program.ts). */
export interface ReportMergeOptions {
  output?: string;
  replace?: boolean;
  reporter?: string[];
}

export async function reportMergeCommand(
  dirs: string[],
  o: ReportMergeOptions,
  screen: Screen,
  io: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const outcome = await mergeReports({
    dirs,
    output: o.output,
    replace: o.replace,
    reporters: o.reporter,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    screen,
  });
  for (const f of outcome.reportFailures) screen.write(`${reporterFailureLine(f)}\n`);
  return outcome.exitCode;
}
