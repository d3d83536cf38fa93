// `report merge`: the facts.json of every shard of a run in, one run's reports out. Each shard folder
// is checked against its manifest first (a merge of edited evidence would launder it), the facts are
// joined (core/merge-facts.ts) and judged again by the same pure judge as any run (core/verdicts.ts),
// then written by the configured reporters, with the merged facts and a manifest, so `verify` works on
// the merged folder like on any other.
import { ConfigError } from "../config/errors.js";
import type { Env } from "../config/env.js";
import { reporterList } from "../config/values.js";
import { mergeFacts, type ShardInput } from "../core/merge-facts.js";
import { judgeRun } from "../core/verdicts.js";
import { reannotateLike } from "../exceptions/apply.js";
import { loadReport, type LoadResult } from "../report/load.js";
import type { RunFacts } from "../model/facts-blob.js";
import type { RunReport } from "../model/report.js";
import { checkInputFolder } from "../integrity/folder.js";
import { ConsoleReporter } from "../reporters/console.js";
import { Multiplexer, type ReporterFailure } from "../reporters/multiplexer.js";
import { buildFileReporters } from "../reporters/registry.js";
import type { Screen } from "../reporters/screen.js";
import { readFacts, withFactsFile } from "./facts-file.js";
import { claimOutputDir, newRunId, outputDir } from "./output.js";
import { TOOL } from "./version.js";

export interface MergeOptions {
  /** The shard folders (each written by `run --shard i/n`). */
  dirs: string[];
  /** The merged run's folder. @default TIP_REPORT_DIR/<run-id>, else reports/<run-id> */
  output?: string;
  replace?: boolean;
  /** File reporters. @default json, md, html, junit, manifest */
  reporters?: string[];
  cwd: string;
  env: Env;
  screen: Screen;
  now?: () => Date;
}

export interface MergeOutcome {
  report: RunReport;
  facts: RunFacts;
  outputDir: string;
  reportFailures: ReporterFailure[];
  /** The merged report's exit code, or 74 when reports could not all be written. */
  exitCode: number;
}

/** Throws ConfigError (exit 2) for a folder that is not an intact shard, or shards that are not one run's. */
export async function mergeReports(o: MergeOptions): Promise<MergeOutcome> {
  const reporters = reporterList(o.reporters);
  const inputs: ShardInput[] = o.dirs.map((dir) => {
    const c = checkInputFolder(dir, o.cwd);
    if (c.status === "tampered" || c.status === "invalid")
      throw new ConfigError(
        "CFG_TAMPERED",
        `${dir} does not match its manifest.json (${c.problems.join("; ")}); \`tip-proof verify ${dir}\` shows the details.`,
      );
    // Unlike confirm or diff, a merge signs what it judged: a facts.json no manifest covers (edited, the
    // manifest deleted) would come out of it as a verified folder.
    const facts = readFacts(dir);
    if (c.status === "unsigned")
      throw new ConfigError(
        "CFG_TAMPERED",
        `${dir} has no manifest.json, so its facts.json cannot be checked; a merge takes only shard folders written with the manifest reporter (the default).`,
      );
    return { source: dir, facts };
  });
  // The merge re-applies the first shard's register to every shard, so they must have run with one.
  const reports = o.dirs.map((dir) => ({ source: dir, loaded: loadReport(dir) }));
  const registers = registerMismatch(reports);
  if (registers) throw new ConfigError("CFG_MERGE", `these folders are not the shards of one run: ${registers}.`);
  const runId = newRunId(o.now?.());
  const merged = mergeFacts(inputs, { runId, tool: TOOL });
  if (!merged.ok)
    throw new ConfigError("CFG_MERGE", `these folders are not the shards of one run: ${merged.problems.join("; ")}.`);
  const { facts } = merged;

  const dir = outputDir(runId, { output: o.output, reportRoot: o.env.TIP_REPORT_DIR || undefined }, o.cwd);
  const claim = claimOutputDir(dir, { replace: o.replace, runId });
  try {
    // The shards' exception register and ownership carry over (every shard of a run has the same), judged
    // at the latest shard's date: shards can start on different days (a job across midnight, a shard
    // rerun the next day), and an exception only ever expires with time, so the latest date is the
    // strictest. The first folder's date made the verdict depend on argument order (review s22c F3).
    const shard = latestJudged(reports.map((r) => r.loaded));
    const report = shard ? reannotateLike(judgeRun(facts), shard) : judgeRun(facts);
    const files = withFactsFile(
      // The run's environment and screen, as `run` gives them: `--reporter github` needs GITHUB_STEP_SUMMARY.
      buildFileReporters(reporters, dir, { env: o.env, cwd: o.cwd, out: o.screen }),
      dir,
      () => facts,
    );
    const mux = new Multiplexer(files);
    await mux.onEnd!(report);
    o.screen.write(
      `Merged ${facts.mergedFrom!.map((m) => `${m.shard} (${m.runId})`).join(", ")}: ${report.results.length} checks judged together.\n`,
    );
    // The console's closing lines (findings, counts, where the files are), as a run prints them.
    await new ConsoleReporter(o.screen, dir, false, o.cwd).onEnd(report);
    return {
      report,
      facts,
      outputDir: dir,
      reportFailures: [...mux.failures],
      exitCode: mux.exitCode(report.summary.exitCode),
    };
  } finally {
    claim.release();
  }
}

/** The readable shard report judged at the latest date (`asOf`, YYYY-MM-DD sorts as text). */
function latestJudged(loaded: LoadResult[]): RunReport | undefined {
  const ok = loaded.flatMap((l) => (l.ok ? [l.report] : []));
  return ok.reduce<RunReport | undefined>((a, b) => (!a || (b.asOf ?? "") > (a.asOf ?? "") ? b : a), undefined);
}

/**
 * The shards' exception registers, by SHA-256 ("none" without one): the merged report applies the first
 * shard's to every result, which is right only when every shard ran with it. Undefined when they agree.
 */
export function registerMismatch(shards: { source: string; loaded: LoadResult }[]): string | undefined {
  const sha = (s: (typeof shards)[number]) =>
    s.loaded.ok ? (s.loaded.report.exceptions?.sha256.slice(0, 12) ?? "none") : "unreadable report.json";
  if (new Set(shards.map(sha)).size <= 1) return undefined;
  return `the shards ran with different exception registers (${shards.map((s) => `${s.source}: ${sha(s)}`).join(", ")}): run every shard with the same --exceptions file`;
}
