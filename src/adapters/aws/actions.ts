// The ActionRunner for AWS: dispatches a task to the Athena or Access Grants check with the persona's
// identity-enhanced credentials, within per-kind concurrency limits (Athena quotas are per account).
import type { AthenaClient } from "@aws-sdk/client-athena";
import type { ActionResult, ActionRunner, PersonaSession } from "../../core/ports.js";
import type { Task } from "../../core/plan.js";
import { limiter } from "../../core/limit.js";
import { allowed, errored } from "../../model/outcome.js";
import { runAccessGrantsCheck } from "./access-grants.js";
import { runAthenaCheck, DEFAULT_POLL, type AthenaStats, type PollPolicy } from "./athena.js";
import type { Clients, Credentials } from "./clients.js";
import type { RetryBudget } from "./retry.js";

export interface AwsActionOptions {
  retry: RetryBudget;
  poll?: PollPolicy;
  /** Concurrent Athena queries (active DML queries count against an account quota). */
  athenaConcurrency: number;
  /** Concurrent GetDataAccess calls. */
  accessGrantsConcurrency: number;
  onProgress?: (msg: string) => void;
  /** Athena bytes the whole run may scan; once spent, further queries are not started (error: budget). */
  maxBytesScanned?: number;
}

export class AwsActionRunner implements ActionRunner {
  readonly athenaStats: AthenaStats = { polls: 0, queries: 0, bytesScanned: 0 };
  private readonly athenaLimit;
  private readonly grantsLimit;
  private readonly athenaClients = new Map<string, AthenaClient>();

  constructor(private readonly clients: Clients, private readonly o: AwsActionOptions) {
    this.athenaLimit = limiter(o.athenaConcurrency);
    this.grantsLimit = limiter(o.accessGrantsConcurrency);
  }

  async run(session: PersonaSession, task: Task, signal: AbortSignal): Promise<ActionResult> {
    const creds = session.credentials as Credentials;
    switch (task.action.type) {
      case "athena": {
        const key = `${session.scenario}/${session.persona}`;
        let client = this.athenaClients.get(key);
        if (!client) { client = this.clients.athena(creds); this.athenaClients.set(key, client); }
        return this.athenaLimit(async () => {
          if (this.o.maxBytesScanned !== undefined && this.athenaStats.bytesScanned >= this.o.maxBytesScanned) {
            const now = Date.now();
            return { outcome: errored("budget", `the run's Athena budget of ${this.o.maxBytesScanned} bytes scanned is spent (${this.athenaStats.bytesScanned} so far); query not started. Raise --max-bytes-scanned / TIP_MAX_BYTES_SCANNED to run it.`, "BYTES_SCANNED_BUDGET"), correlation: { startedAt: now, finishedAt: now }, retries: 0, apiRefused: false };
          }
          const r = await runAthenaCheck(client!, task, this.o.retry, this.o.poll ?? DEFAULT_POLL, this.athenaStats, signal, this.o.onProgress);
          if (r.outcome.kind === "allowed") this.athenaStats.bytesScanned += r.outcome.observation.dataScannedInBytes ?? 0;
          return r;
        });
      }
      case "accessGrants":
        return this.grantsLimit(() => runAccessGrantsCheck(this.clients, creds, task, this.o.retry, signal));
      case "signin": {
        const now = Date.now();
        return { outcome: allowed(), correlation: { ...session.signInCorrelation, startedAt: now, finishedAt: now }, retries: 0, apiRefused: false };
      }
    }
  }

  close(): void {
    for (const c of this.athenaClients.values()) c.destroy();
  }
}
