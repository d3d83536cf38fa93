// Query executions and their lifecycle. The engine runs as soon as a query starts; the sandbox clock
// and the fault profile decide when each state becomes visible: QUEUED for athenaQueuedMs, RUNNING for
// athenaRunningMs (and for as long as the engine is still working), then the engine's terminal state.
// StopQueryExecution turns a not-yet-terminal query into CANCELLED at that instant.
import type { Lineage } from "../../auth/credentials.js";
import type { QueryColumn, StatementType } from "../../lakeformation/query-runner.js";
import type { QueryFailure } from "../../lakeformation/sql-errors.js";
import type { Workgroup } from "./access.js";

export type QueryState = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface Settled {
  /** CANCELLED: the workgroup's per-query data limit stopped it (`failure` holds the reason). */
  state: "SUCCEEDED" | "FAILED" | "CANCELLED";
  statementType: StatementType;
  substatementType: string;
  columns: QueryColumn[];
  rows: (string | null)[][];
  failure?: QueryFailure;
  dataScannedBytes: number;
  /** Sandbox time at which the engine finished. */
  settledAt: number;
}

export interface QueryRecord {
  id: string;
  query: string;
  workgroup: Workgroup;
  database?: string;
  catalog?: string;
  executionParameters?: string[];
  clientRequestToken: string;
  region: string;
  submittedAt: number;
  queuedMs: number;
  runningMs: number;
  lineage: Lineage;
  /** Identity Center user id for IdC workgroups (the only one who may read the query). */
  userId?: string;
  outputBucket: string;
  outputKey: string;
  settled?: Settled;
  cancelledAt?: number;
}

export interface QueryView {
  state: QueryState;
  /** Set for terminal states. */
  completedAt?: number;
  settled?: Settled;
}

export const isTerminal = (s: QueryState): boolean => s === "SUCCEEDED" || s === "FAILED" || s === "CANCELLED";

/** The state of a query as seen at sandbox time `now`. */
export function viewAt(r: QueryRecord, now: number): QueryView {
  if (r.cancelledAt !== undefined) return { state: "CANCELLED", completedAt: r.cancelledAt };
  const runningFrom = r.submittedAt + r.queuedMs;
  if (now < runningFrom) return { state: "QUEUED" };
  const plannedEnd = runningFrom + r.runningMs;
  if (now < plannedEnd || !r.settled) return { state: "RUNNING" };
  return { state: r.settled.state, completedAt: Math.max(plannedEnd, r.settled.settledAt), settled: r.settled };
}

export class QueryStore {
  private readonly byId = new Map<string, QueryRecord>();
  private readonly byToken = new Map<string, { key: string; id: string }>();
  /**
   * Queries not yet seen in a terminal state. A query's end only moves forward with the clock, so one
   * seen terminal stays so, and counting the active ones at each start reads these instead of every
   * query the sandbox ever ran (quadratic over a 4,000-query benchmark run).
   */
  private readonly open = new Set<QueryRecord>();

  get(id: string): QueryRecord | undefined {
    return this.byId.get(id);
  }

  add(r: QueryRecord, paramsKey: string): void {
    this.byId.set(r.id, r);
    this.open.add(r);
    this.byToken.set(r.clientRequestToken, { key: paramsKey, id: r.id });
  }

  /** The earlier query of an idempotency token: its id, or "mismatch" when the parameters differ. */
  byClientToken(token: string, paramsKey: string): string | "mismatch" | undefined {
    const hit = this.byToken.get(token);
    if (!hit) return undefined;
    return hit.key === paramsKey ? hit.id : "mismatch";
  }

  /** Queries not yet in a terminal state at `now` (the active-query quota's count). */
  countActive(filter: (r: QueryRecord) => boolean, now: number): number {
    let n = 0;
    for (const r of this.open) {
      if (isTerminal(viewAt(r, now).state)) this.open.delete(r);
      else if (filter(r)) n++;
    }
    return n;
  }

  /** Newest first. */
  list(filter: (r: QueryRecord) => boolean): QueryRecord[] {
    return [...this.byId.values()].filter(filter).sort((a, b) => b.submittedAt - a.submittedAt);
  }
}
