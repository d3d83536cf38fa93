// `confirm <dir>`: looks again for the CloudTrail records a run left pending, updates that run's
// reports, and exits with the updated code. Secrets are never needed: the report keeps request ids.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudTrailPoller } from "../../adapters/cloudtrail/poller.js";
import { makeClients } from "../../adapters/aws/clients.js";
import { DEFAULT_RETRY } from "../../adapters/aws/retry.js";
import { durationMs } from "../../adapters/identity/token-source.js";
import { applyEvidence, pendingResults } from "../../core/confirm.js";
import { fromLookup } from "../../core/evidence.js";
import type { RunReport } from "../../model/report.js";
import { ALL_FILE_REPORTERS, buildFileReporters, REPORT_FILES } from "../../reporters/registry.js";
import type { Screen } from "../../reporters/screen.js";
import { ConfigError } from "../errors.js";
import { loadEnv } from "../env.js";
import { awsTarget, envNumber, sweepInterval } from "./run.js";

export async function confirmCommand(dir: string, opts: { cloudtrailDeadline?: string }, screen: Screen, io: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const file = join(dir, REPORT_FILES.json);
  if (!existsSync(file)) throw new ConfigError("CFG_NO_REPORT", `${dir} has no report.json; give a run folder such as reports/<run-id>.`);
  let report: RunReport;
  try { report = JSON.parse(readFileSync(file, "utf8")) as RunReport; } catch { throw new ConfigError("CFG_BAD_REPORT", `${file} is not a readable report.`); }
  const pending = pendingResults(report);
  if (!pending.length) { screen.write(`Nothing pending in ${dir}: ${report.summary.passed} passed, ${report.summary.failed + report.summary.errors} failed.\n`); return report.summary.exitCode; }
  if (report.target.kind === "sandbox") throw new ConfigError("CFG_SANDBOX_GONE", "this run used the in-process sandbox, which stopped with the run; its CloudTrail cannot be asked again. Use a standalone sandbox (`tip-proof sandbox`) with TIP_TARGET=aws and AWS_ENDPOINT_URL to try confirm.");
  const env = loadEnv(io.cwd ?? process.cwd(), io.env ?? process.env);
  const allowed = (env.TIP_ALLOWED_ACCOUNTS ?? "").split(",").map((x) => x.trim());
  if (!allowed.includes(report.target.accountId)) throw new ConfigError("CFG_ALLOWLIST", `account ${report.target.accountId} is not in TIP_ALLOWED_ACCOUNTS; refusing to query it.`);

  const clients = makeClients(awsTarget(report.target.region, env));
  const cloudtrail = clients.cloudtrail();
  const external = !!env.AWS_ENDPOINT_URL;
  const deadlineMs = durationMs(opts.cloudtrailDeadline ?? (external ? "30s" : "10m"));
  const poller = new CloudTrailPoller(cloudtrail, { requestsPerSecond: envNumber(env, "TIP_LOOKUP_RPS", 2, false), retry: DEFAULT_RETRY, sweepIntervalMs: sweepInterval(deadlineMs), windowPaddingMs: 5 * 60_000 });
  screen.write(`Looking for ${pending.length} pending CloudTrail record(s) of run ${report.runId}…\n`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const matches = await poller.confirm(pending.map((r) => fromLookup(r.id, r.evidence.lookup!)), {
      deadlineMs, settleMs: 0, signal: controller.signal,
      onProgress: (f, n) => screen.write(`  … ${f}/${n} confirmed\n`),
    });
    const updated = applyEvidence(report, matches, new Date().toISOString());
    // Rewrite the formats this run folder has (report.json always), the manifest last.
    const formats = ALL_FILE_REPORTERS.filter((f) => f === "json" || existsSync(join(dir, REPORT_FILES[f])));
    for (const r of buildFileReporters(formats, dir)) await r.onEnd?.(updated);
    const s = updated.summary;
    screen.write(`${pending.length - s.pending} of ${pending.length} now confirmed; ${s.pending} still pending.\n${s.passed} passed, ${s.failed + s.errors} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`);
    return s.exitCode;
  } finally {
    process.off("SIGINT", onSigint);
    cloudtrail.destroy();
  }
}

