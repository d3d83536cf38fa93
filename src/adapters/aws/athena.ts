// An Athena check: start the query as the persona, poll adaptively, read results page by page while
// counting rows and predicate violations. Values pass through memory and are dropped; only names and
// counts are kept.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from "@aws-sdk/client-athena";
import { allowed, errored, refused, type Correlation, type Observation, type Observed } from "../../model/outcome.js";
import type { ActionResult } from "../../core/ports.js";
import type { ActionSpec, Task } from "../../core/plan.js";
import type { RowPredicate } from "../../scenario/schema.js";
import { describePredicate } from "../../model/predicate-text.js";
import { observeError } from "./classify.js";
import { athenaFailureFacts, namesOf } from "./athena-failure.js";
import { withRetry, type RetryBudget } from "./retry.js";
import { SCOUT_POLL_FACTOR, type QueryPacing } from "./athena-pacing.js";
import { abortableSleep as sleep } from "../shared/sleep.js";
import { QuotaFull, isQuotaFull, type ActiveQueries } from "./athena-quota.js";

export interface PollPolicy {
  firstMs: number;
  maxMs: number;
  factor: number;
  timeoutMs: number;
}
export const DEFAULT_POLL: PollPolicy = { firstMs: 100, maxMs: 5_000, factor: 1.6, timeoutMs: 15 * 60_000 };

export interface AthenaStats {
  polls: number;
  queries: number;
  bytesScanned: number;
  /** Athena's own TotalExecutionTimeInMillis, summed over the queries that ended. */
  executionMs: number;
}

/** What one Athena check shares with the others of the run. */
export interface AthenaRunContext {
  retry: RetryBudget;
  poll: PollPolicy;
  stats: AthenaStats;
  signal: AbortSignal;
  onSlow?: (msg: string) => void;
  pacing?: QueryPacing;
  /** Waits for a StartQueryExecution slot under the account's call-rate quota. */
  startGate?: () => Promise<void>;
  /** The run's queries in flight, to wait out a full active-query quota (see athena-quota.ts). */
  active?: ActiveQueries;
  /**
   * The query has succeeded and no longer counts against the active-query quota; its results are
   * still to be read. (Not on a failure: a Retryable one runs the query again within the same check.)
   */
  onSucceeded?: () => void;
  /** How many times this check's query has already been run again after a Retryable failure. */
  reruns?: number;
  /**
   * A run of the query has ended and Athena counted what it scanned: succeeded, failed, cancelled (a
   * workgroup's per-query cutoff cancels a query, and the scan is billed) or stopped by the harness.
   * Called once per run, so a check whose query ran again reports each run.
   */
  onScanned?: (bytes: number) => void;
  /** The workgroup's per-query data limit (BytesScannedCutoffPerQuery), when known: Athena cancels a query past it. */
  cutoff?: number;
  /** Why a Retryable failure may not run again (the run's bytes budget is spent), or nothing. */
  refuseRerun?: () => string | undefined;
}

/** How long one check waits in all for a place under the active-query quota. */
const QUOTA_WAIT_MS = 10 * 60_000;

export async function runAthenaCheck(athena: AthenaClient, task: Task, ctx: AthenaRunContext): Promise<ActionResult> {
  const { retry, stats, signal, onSlow, startGate, active } = ctx;
  const a = task.action as Extract<ActionSpec, { type: "athena" }>;
  const startedAt = Date.now();
  let retries = 0;
  const onRetry = () => {
    retries++;
  };
  const corr = (extra: Partial<Correlation> = {}): Correlation => ({ startedAt, finishedAt: Date.now(), ...extra });
  let qid: string;
  let requestId: string | undefined;
  let recordedBy: number | undefined;
  const quotaDeadline = startedAt + QUOTA_WAIT_MS;
  const startOnce = () =>
    withRetry(
      async () => {
        await startGate?.();
        try {
          return await athena.send(
            new StartQueryExecutionCommand({
              QueryString: a.sql,
              WorkGroup: a.workgroup,
              QueryExecutionContext: { Database: a.database, Catalog: a.catalog },
            }),
          );
        } catch (e) {
          // Our own queries hold the quota: wait for one of them (below) instead of spending retries.
          if (isQuotaFull(e) && active && active.count > 0 && Date.now() < quotaDeadline) throw new QuotaFull(e);
          throw e;
        }
      },
      retry,
      signal,
      onRetry,
    );
  try {
    let r;
    for (;;) {
      try {
        r = await startOnce();
        break;
      } catch (e) {
        if (!(e instanceof QuotaFull) || signal.aborted) throw e instanceof QuotaFull ? e.original : e;
        if (++active!.refusals === 1)
          onSlow?.(
            "Athena: the account's active-query quota is full; queries now wait for running ones to finish (a lower TIP_ATHENA_CONCURRENCY avoids the refused starts)",
          );
        await active!.nextFinish(5_000, signal);
      }
    }
    qid = r.QueryExecutionId!;
    requestId = r.$metadata.requestId;
    recordedBy = Date.now();
    stats.queries++;
  } catch (e) {
    // Facts only: core/judge decides whether a refused start is a denial (it needs contrast).
    return {
      outcome: observeError(e, "query-start", "StartQueryExecution"),
      correlation: corr({ requestId: (e as { $metadata?: { requestId?: string } }).$metadata?.requestId }),
      retries,
      apiRefused: true,
    };
  }
  // StartQueryExecution's own CloudTrail record is the evidence; keep its request id and query id.
  const c = () => corr({ requestId, queryExecutionId: qid, recordedBy });

  active?.started();
  let followed;
  try {
    followed = await followQuery(athena, task, qid, ctx, onRetry);
  } finally {
    active?.finished();
  }
  // Athena marks some failed queries Retryable (throttled Glue, S3, Lake Formation: ErrorType 14xx):
  // run them again within the retry budget, as a new query, before anyone judges them.
  // The reruns have a budget of their own: counting the status polls' transient retries against it
  // made whether a throttled query ran again depend on how many polls the machine's speed allowed.
  const reruns = ctx.reruns ?? 0;
  if (isRetryableFailure(followed.outcome) && reruns < retry.retries && !signal.aborted) {
    // Each run is a new query that scans (and is billed) again: none starts once the budget is spent.
    const refused = ctx.refuseRerun?.();
    if (refused)
      return {
        outcome: errored(
          "budget",
          `the query failed as Retryable and was not run again: ${refused}`,
          "BYTES_SCANNED_BUDGET",
        ),
        correlation: c(),
        retries,
        apiRefused: false,
      };
    retries++;
    await sleep(Math.min(retry.maxTimeoutMs, retry.minTimeoutMs * 2 ** (reruns + 1)), signal);
    const again = await runAthenaCheck(athena, task, { ...ctx, reruns: reruns + 1 });
    return { ...again, retries: again.retries + retries };
  }
  return { ...followed, correlation: c(), retries, apiRefused: false };
}

function isRetryableFailure(o: Observed): boolean {
  const x = o.kind === "refused" && o.facts.stage === "query-run" ? o.facts.athena : undefined;
  return !!x && (x.retryable === true || (x.errorType !== undefined && x.errorType >= 1400 && x.errorType <= 1499));
}

/**
 * Stops a query, also after an interrupt: the client's calls listen on the run's signal (clients.ts
 * bindAbort), which is aborted by then, so these calls bring a signal of their own. Then reads what it
 * had scanned (billed like any cancelled query) for `onScanned`; unknown when the answer does not come.
 */
async function stopQuery(athena: AthenaClient, qid: string, onScanned?: (bytes: number) => void): Promise<void> {
  const own = () => ({ abortSignal: new AbortController().signal });
  await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: qid }), own()).catch(() => undefined);
  if (!onScanned) return;
  const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: qid }), own()).catch(() => undefined);
  const bytes = q?.QueryExecution?.Statistics?.DataScannedInBytes;
  if (bytes !== undefined) onScanned(bytes);
}

/** Polls a started query to its end (adaptively) and reads its results. */
async function followQuery(
  athena: AthenaClient,
  task: Task,
  qid: string,
  ctx: AthenaRunContext,
  onRetry: () => void,
): Promise<Pick<ActionResult, "outcome">> {
  const { poll, signal, pacing } = ctx;
  const deadline = Date.now() + poll.timeoutMs;
  const first = pacing ? await pacing.beforeFirstPoll(poll.maxMs, signal) : undefined;
  const policy = first?.scout ? { ...poll, factor: Math.min(poll.factor, SCOUT_POLL_FACTOR) } : poll;
  try {
    return await pollToEnd(athena, task, qid, { ...ctx, poll: policy }, onRetry, deadline);
  } finally {
    first?.done();
  }
}

async function pollToEnd(
  athena: AthenaClient,
  task: Task,
  qid: string,
  ctx: AthenaRunContext,
  onRetry: () => void,
  deadline: number,
): Promise<Pick<ActionResult, "outcome">> {
  const { retry, poll, stats, signal, onSlow, pacing } = ctx;
  const a = task.action as Extract<ActionSpec, { type: "athena" }>;
  let delay = poll.firstMs;
  let slowNoticeAt = Date.now() + 10_000;
  for (;;) {
    if (signal.aborted) {
      await stopQuery(athena, qid, ctx.onScanned);
      return { outcome: errored("cancelled", `query ${qid} stopped: the run was interrupted`) };
    }
    let q;
    try {
      q = (
        await withRetry(
          () => athena.send(new GetQueryExecutionCommand({ QueryExecutionId: qid })),
          retry,
          signal,
          onRetry,
        )
      ).QueryExecution!;
      stats.polls++;
    } catch (e) {
      // Interrupted while asking: the query may still be running, and nobody else will stop it.
      if (signal.aborted) {
        await stopQuery(athena, qid, ctx.onScanned);
      }
      return { outcome: observeError(e, "query-status", "GetQueryExecution") };
    }
    const state = q.Status?.State;
    if (state === "SUCCEEDED" || state === "FAILED") {
      pacing?.observe(q.Statistics?.TotalExecutionTimeInMillis);
      stats.executionMs += q.Statistics?.TotalExecutionTimeInMillis ?? 0;
    }
    if (state === "SUCCEEDED" || state === "FAILED" || state === "CANCELLED")
      ctx.onScanned?.(q.Statistics?.DataScannedInBytes ?? 0);
    if (state === "SUCCEEDED") {
      ctx.onSucceeded?.();
      return readResults(athena, qid, task, retry, signal, onRetry, q.Statistics?.DataScannedInBytes);
    }
    if (state === "FAILED") {
      const err = q.Status?.AthenaError;
      const reason = err?.ErrorMessage ?? q.Status?.StateChangeReason ?? "query failed without a reason";
      const known = namesOf([a.sql], [a.database, a.table ?? "", ...task.scenarioColumns]);
      return {
        outcome: refused(
          athenaFailureFacts(
            { reason, errorCategory: err?.ErrorCategory, errorType: err?.ErrorType, retryable: err?.Retryable },
            known,
          ),
        ),
      };
    }
    if (state === "CANCELLED") {
      // The workgroup's per-query data limit cancels a query past it (Athena, data usage controls); read
      // from the bytes it scanned, never from the reason's text.
      const scanned = q.Statistics?.DataScannedInBytes;
      if (ctx.cutoff !== undefined && scanned !== undefined && scanned >= ctx.cutoff)
        return {
          outcome: errored(
            "budget",
            `query ${qid} was cancelled by workgroup ${a.workgroup}'s per-query data limit (BytesScannedCutoffPerQuery ${ctx.cutoff} bytes) after scanning ${scanned} bytes: raise the limit, or narrow the query (columns, limit).`,
            "BYTES_SCANNED_CUTOFF",
          ),
        };
      return { outcome: errored("cancelled", `query ${qid} was cancelled outside the harness`) };
    }
    if (Date.now() > deadline) {
      await stopQuery(athena, qid, ctx.onScanned);
      return { outcome: errored("budget", `query ${qid} still ${state} after ${poll.timeoutMs} ms; stopped`) };
    }
    if (Date.now() > slowNoticeAt) {
      onSlow?.(`${task.id}: Athena query ${qid} is ${state}`);
      slowNoticeAt = Date.now() + 10_000;
    }
    await sleep(delay, signal);
    delay = Math.min(poll.maxMs, Math.round(delay * poll.factor));
  }
}

async function readResults(
  athena: AthenaClient,
  qid: string,
  task: Task,
  retry: RetryBudget,
  signal: AbortSignal,
  onRetry: () => void,
  bytesScanned?: number,
): Promise<Pick<ActionResult, "outcome">> {
  const preds = task.expectation.every ?? [];
  const violations = preds.map(() => 0);
  let columns: string[] | undefined;
  let kinds: (NumericKind | undefined)[] = [];
  let rows = 0;
  let token: string | undefined;
  let first = true;
  do {
    let page;
    try {
      page = await withRetry(
        () => athena.send(new GetQueryResultsCommand({ QueryExecutionId: qid, NextToken: token, MaxResults: 1000 })),
        retry,
        signal,
        onRetry,
      );
    } catch (e) {
      return { outcome: observeError(e, "query-status", "GetQueryResults") };
    }
    if (!columns) {
      const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      columns = info.map((c) => c.Name ?? "");
      kinds = preds.map((p) => numericKind(info[columns!.indexOf(p.column)]?.Type));
      // A value no cell of a numeric column can print as (`1e3` on a bigint, `yes`) would never match:
      // a notEquals of it would hold for every row.
      const unusable = preds.filter((p, i) => kinds[i] && predicateValues(p).some((w) => !numberText(w, kinds[i]!)));
      if (unusable.length)
        return {
          outcome: errored(
            "invalid-request",
            `row predicate value(s) on the numeric column(s) ${[...new Set(unusable.map((p) => p.column))].join(", ")} are not plain numbers, so no cell could ever match them: write them as Athena prints the column's numbers (digits, a sign, a decimal point)`,
            "PREDICATE_VALUE",
          ),
        };
      const missing = preds.filter((p) => !columns!.includes(p.column)).map((p) => p.column);
      if (missing.length)
        return {
          outcome: errored(
            "invalid-request",
            `row predicate column(s) ${missing.join(", ")} not among the returned columns (${columns.join(", ")}); a predicate on a missing column would prove nothing`,
            "PREDICATE_COLUMN",
          ),
        };
      const twice = preds.filter((p) => columns!.filter((c) => c === p.column).length > 1).map((p) => p.column);
      if (twice.length)
        return {
          outcome: errored(
            "invalid-request",
            `row predicate column(s) ${[...new Set(twice)].join(", ")} appear more than once in the results; alias them so the predicate names one column`,
            "PREDICATE_COLUMN",
          ),
        };
    }
    const data = page.ResultSet?.Rows ?? [];
    // SELECT results repeat the column names as the first row of the first page.
    const body = first && data.length && isHeader(data[0].Data ?? [], columns) ? data.slice(1) : data;
    first = false;
    for (const row of body) {
      rows++;
      const cells = row.Data ?? [];
      preds.forEach((p, i) => {
        if (!holds(p, cells[columns!.indexOf(p.column)]?.VarCharValue, kinds[i])) violations[i]++;
      });
    }
    token = page.NextToken;
  } while (token && !signal.aborted);
  const a = task.action as Extract<ActionSpec, { type: "athena" }>;
  if (signal.aborted)
    return { outcome: errored("cancelled", `query ${qid}: the run was interrupted while its results were read`) };
  if (a.limitGuard !== undefined && rows > a.limitGuard && (task.expectation.rows || preds.length))
    return {
      outcome: errored(
        "budget",
        `more than ${a.limitGuard} rows came back (the LIMIT guard), so the rows beyond it were not checked; raise athena.limit (and accept its cost) to check them`,
        "LIMIT_GUARD",
      ),
    };
  if (a.limitGuard !== undefined && rows > a.limitGuard) rows = a.limitGuard; // the extra row only tells "more than"
  const observation: Observation = {
    columns,
    rowCount: rows,
    queryExecutionId: qid,
    ...(bytesScanned !== undefined ? { dataScannedInBytes: bytesScanned } : {}),
  };
  if (preds.length)
    observation.predicateViolations = preds.map((p, i) => ({
      predicate: describePredicate(p),
      violations: violations[i],
    }));
  return { outcome: allowed(observation) };
}

function isHeader(cells: { VarCharValue?: string }[], columns: string[]): boolean {
  return cells.length === columns.length && cells.every((c, i) => c.VarCharValue === columns[i]);
}

/**
 * Athena's numeric types (ColumnInfo.Type), by how their cells compare: integers and decimals exactly,
 * by value (`1322.60` is `1322.6`); `double` as doubles; `real`/`float` as 32-bit floats (whichever
 * digits print them, 0.1 and 0.10000000149011612 are one float). Anything else compares as text.
 */
export type NumericKind = "exact" | "double" | "real";
export function numericKind(type: string | undefined): NumericKind | undefined {
  const t = (type ?? "").toLowerCase();
  if (/^(tinyint|smallint|integer|int|bigint|decimal)\b/.test(t)) return "exact";
  if (/^double\b/.test(t)) return "double";
  if (/^(real|float)\b/.test(t)) return "real";
  return undefined;
}

/**
 * A decimal number's canonical text, its exponent applied digit by digit (`-001.500` → `-1.5`, `1E-8` →
 * `0.00000001`, `-0.0` → `0`); undefined for anything else.
 */
function exactDecimal(s: string): string | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?\s*$/.exec(s);
  if (!m || !(m[2] || m[3])) return undefined;
  let digits = m[2] + (m[3] ?? ""),
    point = m[2].length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0",
    frac = digits.slice(point).replace(/0+$/, "");
  return `${m[1] === "-" && (/[1-9]/.test(int) || frac) ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** The finite number a floating cell or value reads as, rounded to a float for `real`. */
function floating(s: string, kind: "double" | "real"): number | undefined {
  const x = s.trim() === "" ? NaN : Number(s);
  return Number.isFinite(x) ? (kind === "real" ? Math.fround(x) : x) : undefined;
}

/**
 * A cell against one predicate value: true or false, or undefined where a numeric cell cannot be read as
 * a number (then neither equals nor notEquals holds). On a numeric column a number compares as a
 * number: a double prints as `5.0` and a decimal with its scale, and `notEquals: 5` compared as text
 * would never match them, so it would hold for every row (review s23 F1). Integers and decimals compare
 * exactly, digit by digit: through a double, two 64-bit ids above 2^53 would be equal (review s23b 2).
 * Text columns compare as text.
 */
function same(value: string, want: string | number | boolean, kind?: NumericKind): boolean | undefined {
  const w = String(want);
  if (kind === "exact") {
    const a = exactDecimal(value),
      b = exactDecimal(w);
    return a === undefined || b === undefined ? undefined : a === b;
  }
  if (kind) {
    const a = floating(value, kind),
      b = floating(w, kind);
    if (a !== undefined && b !== undefined) return a === b;
    // NaN and the infinities print as words, and compare as them.
    return /^[+-]?(NaN|Infinity)$/.test(value.trim()) ? value.trim() === w.trim() : undefined;
  }
  return value === w;
}

const predicateValues = (p: RowPredicate): (string | number | boolean)[] =>
  p.equals !== undefined ? [p.equals] : p.notEquals !== undefined ? [p.notEquals] : (p.in ?? []);

/** Whether a predicate value is a number a cell of this kind can equal. */
function numberText(w: string | number | boolean, kind: NumericKind): boolean {
  if (typeof w === "boolean") return false;
  const t = String(w);
  return kind === "exact" ? exactDecimal(t) !== undefined : floating(t, kind) !== undefined;
}

/** Evaluates one predicate on one cell; the value is compared and forgotten. */
export function holds(p: RowPredicate, value: string | undefined, kind?: NumericKind): boolean {
  if (p.isNull !== undefined) return p.isNull ? value === undefined : value !== undefined;
  if (p.equals !== undefined) return value !== undefined && same(value, p.equals, kind) === true;
  if (p.notEquals !== undefined) return value === undefined || same(value, p.notEquals, kind) === false;
  if (p.in) return value !== undefined && p.in.some((w) => same(value, w, kind) === true);
  return true;
}
