// The ActionRunner for AWS: dispatches a task to the Athena or Access Grants check with the persona's
// identity-enhanced credentials (the core keeps each action type within its concurrency limit), with
// Athena starts paced to the account's call-rate quota.
import type { AthenaClient } from "@aws-sdk/client-athena";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { ActionHooks, ActionResult, ActionRunner, PersonaSession } from "../../core/ports.js";
import type { Task } from "../../core/plan.js";
import { allowed, errored } from "../../model/outcome.js";
import { runAccessGrantsCheck } from "./access-grants.js";
import { runAthenaCheck, DEFAULT_POLL, type AthenaStats, type PollPolicy } from "./athena.js";
import { QueryPacing } from "./athena-pacing.js";
import { ActiveQueries } from "./athena-quota.js";
import { rateGate } from "../shared/rate.js";
import { BytesBudget } from "./bytes-budget.js";
import { WorkgroupLimits } from "./workgroup-limits.js";
import type { Clients, Credentials } from "./clients.js";
import type { RetryBudget } from "./retry.js";

export interface AwsActionOptions {
  retry: RetryBudget;
  poll?: PollPolicy;
  /** StartQueryExecution calls a second, and how many may go at once (an account quota: 20/s, burst 80). */
  athenaStarts: { perSecond: number; burst: number };
  onProgress?: (msg: string) => void;
  /** Athena bytes the whole run may scan; once spent, further queries are not started (error: budget). */
  maxBytesScanned?: number;
}

const sessionKey = (session: PersonaSession) => `${session.scenario}/${session.persona}`;

function cached<C>(cache: Map<string, C>, session: PersonaSession, make: () => C): C {
  const key = sessionKey(session);
  let client = cache.get(key);
  if (!client) {
    client = make();
    cache.set(key, client);
  }
  return client;
}

async function currentKey(session: PersonaSession): Promise<{ accessKeyId?: string }> {
  const c = session.credentials as Credentials | undefined;
  try {
    const id = typeof c === "function" ? (await c()).accessKeyId : c?.accessKeyId;
    return id ? { accessKeyId: id } : session.accessKeyId ? { accessKeyId: session.accessKeyId } : {};
  } catch {
    return session.accessKeyId ? { accessKeyId: session.accessKeyId } : {};
  }
}

export class AwsActionRunner implements ActionRunner {
  readonly athenaStats: AthenaStats = { polls: 0, queries: 0, bytesScanned: 0, executionMs: 0 };
  private readonly pacing = new QueryPacing();
  private readonly activeQueries = new ActiveQueries();
  private readonly startGate;
  private readonly budget?: BytesBudget;
  private readonly limits?: WorkgroupLimits;
  // One client per persona and service: constructing an SDK client costs more CPU than a call, and a
  // client per call also opens a connection per call.
  private readonly athenaClients = new Map<string, AthenaClient>();
  private readonly s3controlClients = new Map<string, S3ControlClient>();

  constructor(
    private readonly clients: Clients,
    private readonly o: AwsActionOptions,
  ) {
    this.startGate = rateGate(o.athenaStarts.perSecond, o.athenaStarts.burst);
    if (o.maxBytesScanned !== undefined) {
      this.budget = new BytesBudget(o.maxBytesScanned);
      this.limits = new WorkgroupLimits(() => clients.athenaBase(), o.retry);
    }
  }

  async run(session: PersonaSession, task: Task, signal: AbortSignal, hooks?: ActionHooks): Promise<ActionResult> {
    const r = await this.runAction(session, task, signal, hooks);
    if (task.action.type === "signin") return r;
    // The session facts that find the call's CloudTrail record without paging through the account's
    // traffic (core/evidence.ts lookupPlan): the access key the SDK signed with (read after the call,
    // so a renewal before it is seen) and the role session name.
    return {
      ...r,
      correlation: {
        ...r.correlation,
        ...(await currentKey(session)),
        ...(session.roleSessionName ? { roleSessionName: session.roleSessionName } : {}),
      },
    };
  }

  private async runAction(
    session: PersonaSession,
    task: Task,
    signal: AbortSignal,
    hooks?: ActionHooks,
  ): Promise<ActionResult> {
    const creds = session.credentials as Credentials;
    switch (task.action.type) {
      case "athena": {
        const client = cached(this.athenaClients, session, () => this.clients.athena(creds));
        const a = task.action;
        // Athena runs a query without a WorkGroup in "primary".
        const cutoff = this.limits ? await this.limits.cutoff(a.workgroup ?? "primary") : undefined;
        if (this.budget && !(await this.budget.acquire(signal, cutoff))) {
          const now = Date.now();
          if (signal.aborted)
            return {
              outcome: errored("cancelled", "the run was interrupted before this query started"),
              correlation: { startedAt: now, finishedAt: now },
              retries: 0,
              apiRefused: false,
            };
          return {
            outcome: errored(
              "budget",
              `${spentText(this.budget.limit, `${this.budget.spent} so far`)}; query not started. ${RAISE_BUDGET}`,
              "BYTES_SCANNED_BUDGET",
            ),
            correlation: { startedAt: now, finishedAt: now },
            retries: 0,
            apiRefused: false,
          };
        }
        let r: ActionResult | undefined;
        // Every run of the query that Athena counted, failed and cancelled ones included (billed alike).
        let scanned: number | undefined;
        const onScanned = (bytes: number) => {
          scanned = (scanned ?? 0) + bytes;
        };
        try {
          r = await runAthenaCheck(client, task, {
            retry: this.o.retry,
            poll: this.o.poll ?? DEFAULT_POLL,
            stats: this.athenaStats,
            signal,
            onSlow: this.o.onProgress,
            pacing: this.pacing,
            startGate: this.startGate,
            active: this.activeQueries,
            onSucceeded: hooks?.capacityFreed,
            onScanned,
            cutoff,
            refuseRerun: () => {
              const b = this.budget;
              if (!b) return undefined;
              const spent = b.spent + (scanned ?? 0);
              return spent >= b.limit
                ? `${spentText(b.limit, `${spent} with this query's runs`)}. ${RAISE_BUDGET}`
                : undefined;
            },
          });
        } finally {
          this.budget?.release(scanned, cutoff, r?.outcome.kind === "allowed");
        }
        this.athenaStats.bytesScanned += scanned ?? 0;
        return r;
      }
      case "accessGrants": {
        const s3c = cached(this.s3controlClients, session, () => this.clients.s3control(creds));
        return runAccessGrantsCheck(s3c, this.clients, task, this.o.retry, signal);
      }
      case "signin": {
        const now = Date.now();
        return {
          outcome: allowed(),
          correlation: { ...session.signInCorrelation, startedAt: now, finishedAt: now },
          retries: 0,
          apiRefused: false,
        };
      }
    }
  }

  release(session: PersonaSession): void {
    const key = sessionKey(session);
    for (const cache of [this.athenaClients, this.s3controlClients]) {
      cache.get(key)?.destroy();
      cache.delete(key);
    }
  }

  close(): void {
    for (const c of [...this.athenaClients.values(), ...this.s3controlClients.values()]) c.destroy();
    this.limits?.close();
  }
}

const RAISE_BUDGET = "Raise --max-bytes-scanned / TIP_MAX_BYTES_SCANNED to run it.";
const spentText = (limit: number, spent: string) =>
  `the run's Athena budget of ${limit} bytes scanned is spent (${spent})`;
