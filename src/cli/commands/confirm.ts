// `confirm <dir>`: looks again for the CloudTrail records a run left pending, updates that run's
// reports, and exits with the updated code. Secrets are never needed: the report keeps request ids.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CloudTrailPoller } from "../../adapters/cloudtrail/poller.js";
import { makeClients } from "../../adapters/aws/clients.js";
import { ClockSkew } from "../../adapters/aws/clock-skew.js";
import { DEFAULT_RETRY } from "../../adapters/aws/retry.js";
import { pendingResults } from "../../core/confirm.js";
import { confirmedReport } from "../../app/confirm.js";
import { factsWithEvidence, withFactsFile } from "../../app/facts-file.js";
import { fromLookup } from "../../core/evidence.js";
import { checkInputFolder } from "../../integrity/folder.js";
import { loadReport } from "../../report/load.js";
import { FACTS_FILE, type RunFacts } from "../../model/facts-blob.js";
import type { RunReport } from "../../model/report.js";
import { EXIT_REPORT_WRITE, Multiplexer } from "../../reporters/multiplexer.js";
import { ALL_FILE_REPORTERS, buildFileReporters, REPORT_FILES, type FileFormat } from "../../reporters/registry.js";
import type { Screen } from "../../reporters/screen.js";
import { allowListFrom, checkAccountAllowed } from "../../config/allow-list.js";
import { loadEnv } from "../../config/env.js";
import { ConfigError } from "../../config/errors.js";
import { awsTarget, durationArg, envNumber, LIMITS, sweepInterval } from "../../config/values.js";
import { reporterFailureLine } from "../../reporters/multiplexer.js";
import { SIGNAL_EXIT, watchInterrupts } from "../interrupt.js";

export async function confirmCommand(
  dir: string,
  opts: { cloudtrailDeadline?: string },
  screen: Screen,
  io: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const file = join(dir, REPORT_FILES.json);
  if (!existsSync(file))
    throw new ConfigError("CFG_NO_REPORT", `${dir} has no report.json; give a run folder such as reports/<run-id>.`);
  // A tampered folder is refused before anything is read from it: confirm rewrites and re-signs the
  // folder, which would launder the tampering.
  const integrity = checkInputFolder(dir, io.cwd);
  if (integrity.status === "tampered" || integrity.status === "invalid")
    throw new ConfigError(
      "CFG_TAMPERED",
      `${dir} does not match its manifest.json (${integrity.problems.join("; ")}); refusing to confirm it. \`tip-proof verify ${dir}\` shows the details.`,
    );
  const loaded = loadReport(file);
  if (!loaded.ok) throw new ConfigError("CFG_BAD_REPORT", `${loaded.message}.`);
  const report = loaded.report;
  const pending = pendingResults(report);
  // The formats the run asked for (its manifest says; older folders: those present), and the report
  // files it could not write: confirm writes every one, so a run that exited 74 is not left with a gap.
  const asked = integrity.manifest?.reporters;
  const formats = ALL_FILE_REPORTERS.filter(
    (f) => f === "json" || (asked ? asked.includes(f) : existsSync(join(dir, REPORT_FILES[f]))),
  );
  // What the run could not write: confirm writes the report formats and facts.json (when the folder
  // still has its facts) again; anything else stays on the manifest's record (review s22d F2).
  const incomplete = integrity.manifest?.incomplete ?? [];
  const hasFacts = existsSync(join(dir, FACTS_FILE));
  const redone = (r: string) => (formats as readonly string[]).includes(r) || (r === "facts" && hasFacts);
  const stillMissing = incomplete.filter((f) => !redone(f.reporter));
  if (!pending.length) {
    if (incomplete.length) {
      const again = incomplete.filter((f) => redone(f.reporter));
      screen.write(
        `Nothing pending in ${dir}; ${again.length ? `writing what the run could not: ${again.map((f) => f.reporter).join(", ")}` : "nothing it could not write can be written again"}${stillMissing.length ? `; still missing: ${stillMissing.map((f) => f.reporter).join(", ")}` : ""}.\n`,
      );
      return rewrite(dir, report, formats, factsWithEvidence(dir, new Map()), stillMissing, screen);
    }
    screen.write(
      `Nothing pending in ${dir}: ${report.summary.passed} passed, ${report.summary.failed + report.summary.errors} failed.\n`,
    );
    return report.summary.exitCode;
  }
  if (report.target.kind === "sandbox")
    throw new ConfigError(
      "CFG_SANDBOX_GONE",
      "this run used the in-process sandbox, which stopped with the run; its CloudTrail cannot be asked again. Use a standalone sandbox (`tip-proof sandbox`) with TIP_TARGET=aws and AWS_ENDPOINT_URL to try confirm.",
    );
  const env = loadEnv(io.cwd ?? process.cwd(), io.env ?? process.env);
  checkAccountAllowed(report.target.accountId, allowListFrom(env));

  const skew = new ClockSkew();
  const clients = makeClients({ ...awsTarget(report.target.region, env), skew });
  const cloudtrail = clients.cloudtrail();
  const external = !!env.AWS_ENDPOINT_URL;
  const deadlineMs = durationArg("--cloudtrail-deadline", opts.cloudtrailDeadline ?? (external ? "30s" : "10m"));
  const poller = new CloudTrailPoller(cloudtrail, {
    requestsPerSecond: envNumber(env, "TIP_LOOKUP_RPS", 2, false, LIMITS.rate),
    retry: DEFAULT_RETRY,
    sweepIntervalMs: sweepInterval(deadlineMs),
    windowPaddingMs: 5 * 60_000,
    clockSkewMs: () => skew.ms,
  });
  screen.write(`Looking for ${pending.length} pending CloudTrail record(s) of run ${report.runId}…\n`);
  const interrupt = watchInterrupts(screen, "stopping the lookups; the run folder is left as it was");
  try {
    const matches = await poller.confirm(
      pending.map((r) => fromLookup(r.id, r.evidence.lookup!)),
      {
        deadlineMs,
        settleMs: 0,
        signal: interrupt.signal,
        onProgress: (f, n) => screen.write(`  … ${f}/${n} confirmed\n`),
      },
    );
    const updated = confirmedReport(report, matches, new Date().toISOString());
    // Rewrite the formats this run folder has (report.json always), the manifest last.
    // Interrupted: the folder stays exactly as the run left it (and as its manifest says).
    const stopped = interrupt.received();
    if (stopped) return SIGNAL_EXIT[stopped];
    // A shard's or a merge's facts.json gets the same evidence, and stays covered by the manifest.
    const written = await rewrite(dir, updated, formats, factsWithEvidence(dir, matches), stillMissing, screen);
    if (written === EXIT_REPORT_WRITE) return written;
    const s = updated.summary;
    screen.write(
      `${pending.length - s.pending} of ${pending.length} now confirmed; ${s.pending} still pending.\n${s.passed} passed, ${s.failed + s.errors} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`,
    );
    return s.exitCode;
  } finally {
    interrupt.dispose();
    cloudtrail.destroy();
    clients.close();
  }
}

/** Writes the report formats (facts.json too, for a shard's or a merge's folder), the manifest last. */
async function rewrite(
  dir: string,
  report: RunReport,
  formats: FileFormat[],
  facts: RunFacts | undefined,
  stillMissing: { reporter: string; error: string }[],
  screen: Screen,
): Promise<number> {
  const writers = new Multiplexer(
    withFactsFile(buildFileReporters(formats, dir, { stillMissing }), dir, facts && (() => facts)),
  );
  await writers.onEnd?.(report);
  for (const f of writers.failures) screen.write(`${reporterFailureLine(f)}\n`);
  // A file the run could not write and confirm cannot either leaves the folder incomplete: 74 still.
  return stillMissing.length ? EXIT_REPORT_WRITE : writers.exitCode(report.summary.exitCode);
}
