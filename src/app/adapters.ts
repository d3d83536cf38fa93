// Builds the adapters a run talks to AWS (or the sandbox) through, from a resolved configuration. The
// AWS SDK loads here, lazily, once the input is known to be good.
import type { AwsTarget } from "../adapters/aws/clients.js";
import type { RetryBudget } from "../adapters/aws/retry.js";
import type { Env } from "../config/env.js";
import type { RunConfig } from "../config/run-config.js";
import { sweepInterval } from "../config/values.js";
import type { ActionRunner, AuditSource, DirectoryReader, ProofReader, SessionProvider } from "../core/ports.js";
import type { Reporter } from "../model/reporter.js";

/** The ports a run talks through, plus what the run reports about them. Tests build these from fakes. */
export interface RunAdapters {
  sessions: SessionProvider;
  actions: ActionRunner;
  audit?: AuditSource;
  directory?: DirectoryReader;
  proofs?: ProofReader;
  /** AWS's clock measured against ours (report.clock), if anything was measured. */
  clock(): { skewMs: number; samples: number } | undefined;
  stats(): RunStats;
  /** Stops what the adapters hold open (sockets, timers). */
  close(): void;
}

/** Numbers for benchmarks: LookupEvents calls and pages, Athena queries and status polls. */
export interface RunStats {
  lookupCalls: number;
  lookupPages: number;
  lookupRecords: number;
  /** Whether records were found by the role session name (`Username`): proven, disproven (then by key) or never tested. */
  lookupByUsername: "trusted" | "proven" | "disproven";
  athenaQueries: number;
  athenaPolls: number;
  /** Athena's own execution time of the run's queries, summed (TotalExecutionTimeInMillis). */
  athenaExecutionMs: number;
  bytesScanned: number;
}

export interface AdapterContext {
  target: AwsTarget;
  env: Env;
  runId: string;
  reporter: Reporter;
  /** The run's signal: every SDK call in flight is aborted with it. */
  signal?: AbortSignal;
}
export type AdapterFactory = (
  config: RunConfig & { cloudtrail: { deadlineMs: number } },
  o: AdapterContext,
) => Promise<RunAdapters>;

export const buildAdapters: AdapterFactory = async (config, o) => {
  const [
    { makeClients },
    { AwsActionRunner },
    { TipSessionProvider },
    { IdentityStoreDirectory },
    { CloudTrailPoller },
    { AwsProofReader },
    { ClockSkew },
    { DEFAULT_RETRY },
  ] = await Promise.all([
    import("../adapters/aws/clients.js"),
    import("../adapters/aws/actions.js"),
    import("../adapters/aws/session.js"),
    import("../adapters/aws/directory.js"),
    import("../adapters/cloudtrail/poller.js"),
    import("../adapters/aws/proofs.js"),
    import("../adapters/aws/clock-skew.js"),
    import("../adapters/aws/retry.js"),
  ]);
  const sandbox = config.target === "sandbox";
  const skew = new ClockSkew();
  const clients = makeClients({ ...o.target, skew, signal: o.signal });
  // The sandbox answers in milliseconds: retries and polls are paced for it, not for AWS.
  const retry: RetryBudget = sandbox ? { ...DEFAULT_RETRY, minTimeoutMs: 50 } : DEFAULT_RETRY;
  const actions = new AwsActionRunner(clients, {
    retry,
    athenaStarts: config.athenaStarts,
    maxBytesScanned: config.maxBytesScanned,
    onProgress: (m) => o.reporter.onProgress?.(m),
    poll: sandbox ? { firstMs: 25, maxMs: 500, factor: 1.5, timeoutMs: 120_000 } : undefined,
  });
  const cloudtrail = clients.cloudtrail();
  const proofs = new AwsProofReader(clients, retry);
  const audit = config.cloudtrail.enabled
    ? new CloudTrailPoller(cloudtrail, {
        requestsPerSecond: config.lookupRps,
        retry,
        sweepIntervalMs: sweepInterval(config.cloudtrail.deadlineMs),
        windowPaddingMs: 5 * 60_000,
        // Skew measured (its median of a few responses): seconds, not minutes, of slack (poller.ts).
        stopPaddingMs: () => (skew.count >= 3 ? 5_000 : 5 * 60_000),
        clockSkewMs: () => skew.ms,
      })
    : undefined;
  return {
    sessions: new TipSessionProvider(clients, o.runId, retry, o.env),
    actions,
    audit,
    directory: new IdentityStoreDirectory(clients),
    proofs,
    clock: () => (skew.count ? { skewMs: skew.ms, samples: skew.count } : undefined),
    stats: () => {
      const ct = audit?.stats() ?? { lookupCalls: 0, pages: 0, records: 0, usernameLookups: "trusted" as const };
      const athena = actions.athenaStats;
      return {
        lookupCalls: ct.lookupCalls,
        lookupPages: ct.pages,
        lookupRecords: ct.records,
        lookupByUsername: ct.usernameLookups ?? "trusted",
        athenaQueries: athena.queries,
        athenaPolls: athena.polls,
        athenaExecutionMs: athena.executionMs,
        bytesScanned: athena.bytesScanned,
      };
    },
    close: () => {
      actions.close();
      proofs.close();
      cloudtrail.destroy();
      clients.close();
    },
  };
};
