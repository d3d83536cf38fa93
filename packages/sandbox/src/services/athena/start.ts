// StartQueryExecution: validation, IAM, the workgroup's Identity Center gate, idempotency, and the
// asynchronous execution in the caller's Lake Formation-filtered engine. Failures of the query itself
// never surface here: like Athena, they appear later in GetQueryExecution's Status.
import { randomUUID } from "node:crypto";
import type { SandboxContext } from "../../context.js";
import type { LakeEngines } from "../../lakeformation/engine-pool.js";
import { resolveVisibility } from "../../lakeformation/permissions.js";
import { principalOf } from "../../lakeformation/principals.js";
import {
  catalogDenial,
  dataLocationDenied,
  glueTable,
  hasDefaultDescribe,
  kmsDenied,
} from "../../lakeformation/query-gates.js";
import { runQuery, type QueryGates } from "../../lakeformation/query-runner.js";
import { failureOf } from "../../lakeformation/sql-errors.js";
import { forSession, identityPoliciesOf, policiesOf } from "../../iam/principal.js";
import type { PolicyStatement } from "../../fixture/schema.js";
import { isActionAllowed } from "../../iam/policy.js";
import { LF_GET_DATA_ACCESS } from "../../lakeformation/query-gates.js";
import { parseS3Uri } from "../../s3store.js";
import type { SandboxRequest } from "../../types.js";
import { AwsError } from "../../protocols/errors.js";
import {
  findWorkgroup,
  invalidRequest,
  mayWriteResults,
  requireAction,
  requireIdentityCenterUser,
  workgroupArn,
} from "./access.js";
import type { QueryRecord, QueryStore, Settled } from "./executions.js";
import { int, obj, str, strList, WORKGROUP_PATTERN, type Body } from "./input.js";
import { recordGetDataAccess } from "./lf-audit.js";
import { apiText, auditText, engineText, errorTypes, type ErrorTypeEntry } from "./messages.js";
import { resultsCsv } from "./results.js";

export const MAX_QUERY_BYTES = 262_144;

export interface StartDeps {
  ctx: SandboxContext;
  store: QueryStore;
  engines: LakeEngines;
}

export function startQueryExecution(d: StartDeps, req: SandboxRequest, body: Body): { QueryExecutionId: string } {
  const { ctx } = d;
  const lineage = req.lineage!;
  const query = str(body, "QueryString", "queryString", { required: true, min: 1, max: MAX_QUERY_BYTES, bytes: true })!;
  const token = str(body, "ClientRequestToken", "clientRequestToken", { min: 32, max: 128 });
  const wgName = str(body, "WorkGroup", "workGroup", { pattern: WORKGROUP_PATTERN }) ?? "primary";
  const qec = obj(body, "QueryExecutionContext") ?? {};
  const database = str(qec, "Database", "queryExecutionContext.database", { min: 1, max: 255 });
  const catalog = str(qec, "Catalog", "queryExecutionContext.catalog", { min: 1, max: 256 });
  const params = strList(body, "ExecutionParameters", "executionParameters", 1, Number.MAX_SAFE_INTEGER, 1024);
  const reuse = obj(body, "ResultReuseConfiguration");
  if (reuse)
    int(
      obj(reuse, "ResultReuseByAgeConfiguration") ?? {},
      "MaxAgeInMinutes",
      "resultReuseConfiguration.resultReuseByAgeConfiguration.maxAgeInMinutes",
      0,
      10080,
    );

  requireAction(ctx, lineage, "StartQueryExecution", workgroupArn(ctx.fixture, wgName));
  const wg = findWorkgroup(ctx.fixture, wgName);
  const userId = requireIdentityCenterUser(ctx, wg, lineage);

  const clientRequestToken = token ?? randomUUID();
  const paramsKey = JSON.stringify([
    query,
    database ?? null,
    catalog ?? null,
    wgName,
    params ?? null,
    body.ResultConfiguration ?? null,
    reuse ?? null,
  ]);
  const earlier = d.store.byClientToken(clientRequestToken, paramsKey);
  if (earlier === "mismatch") throw invalidRequest(apiText.idempotencyMismatch());
  if (earlier) return { QueryExecutionId: earlier };
  requireQuotaRoom(d, lineage.accountId, req.region);

  // Seeded, so the same run asks for the same ids and seeded faults meet the same queries (fault-dice.ts).
  const id = ctx.dice.id(`${userId ?? lineage.principalArn}\u0000${wgName}\u0000${query}`);
  // EnforceWorkGroupConfiguration: the workgroup's location wins; IdC workgroups may add a per-user prefix.
  const out = parseS3Uri(wg.outputLocation.endsWith("/") ? wg.outputLocation : `${wg.outputLocation}/`);
  if (!out) throw new Error(`workgroup ${wg.name}: invalid outputLocation ${wg.outputLocation}`);
  const prefix = out.key + (wg.createUserLevelPrefix && userId ? `${userId}/` : "");
  const record: QueryRecord = {
    id,
    query,
    workgroup: wg,
    database,
    catalog,
    executionParameters: params,
    clientRequestToken,
    region: req.region,
    submittedAt: ctx.clock.now(),
    queuedMs: ctx.faults.athenaQueuedMs,
    runningMs: ctx.faults.athenaRunningMs,
    lineage,
    userId,
    outputBucket: out.bucket,
    outputKey: `${prefix}${id}.csv`,
  };
  d.store.add(record, paramsKey);
  void execute(d, req, record);
  return { QueryExecutionId: id };
}

/** The active DML query quota counts queued and running queries of the account in the Region. */
function requireQuotaRoom(d: StartDeps, accountId: string, region: string): void {
  const quota = d.ctx.fixture.athena.activeQueryQuota;
  const now = d.ctx.clock.now();
  if (d.store.countActive((r) => r.lineage.accountId === accountId && r.region === region, now) < quota) return;
  throw new AwsError("TooManyRequestsException", apiText.concurrentQueryLimit(quota), {
    messageKey: "Message",
    fields: { Reason: "CONCURRENT_QUERY_LIMIT_EXCEEDED" },
  });
}

/**
 * The principal Athena reads the catalog and the data with: the workgroup's execution role in IAM Identity
 * Center workgroups (a session named after the query), otherwise the caller itself (its session policies
 * included: glue:GetTable is on the identity-context allow-list).
 */
export interface QueryReader {
  arn: string;
  sessionArn: string;
  catalogPolicies: PolicyStatement[];
  /**
   * The caller, where Athena reads with another role: it must hold lakeformation:GetDataAccess too.
   * Which of the two AWS checks is UNVERIFIED; both, the stricter reading (review s23c 2).
   */
  caller?: { sessionArn: string; policies: PolicyStatement[] };
}

export function readerOf(ctx: SandboxContext, r: QueryRecord): QueryReader {
  const f = ctx.fixture;
  const role =
    r.workgroup.identityCenterEnabled && r.workgroup.executionRole
      ? f.iamRoles.find((x) => x.arn === r.workgroup.executionRole)
      : undefined;
  if (r.workgroup.identityCenterEnabled && r.workgroup.executionRole) {
    const name = role?.name ?? r.workgroup.executionRole.split("/").pop()!;
    return {
      arn: r.workgroup.executionRole,
      // Athena assumes the execution role with the user's identity context (sts:SetContext), so its
      // conditions on identitystore:UserId see this user (review s23c 1).
      catalogPolicies: forSession(identityPoliciesOf(f, r.workgroup.executionRole), r.lineage),
      caller: { sessionArn: r.lineage.callerArn, policies: policiesOf(f, r.lineage) },
      sessionArn: `arn:aws:sts::${f.account}:assumed-role/${name}/${auditText.executionRoleSession(r.id)}`,
    };
  }
  return {
    arn: r.lineage.role?.arn ?? r.lineage.principalArn,
    sessionArn: r.lineage.callerArn,
    catalogPolicies: policiesOf(f, r.lineage),
  };
}

function gatesFor(ctx: SandboxContext, reader: QueryReader): QueryGates {
  const f = ctx.fixture;
  return {
    catalog: (t) => {
      const d = catalogDenial(f, reader.catalogPolicies, t.database, t.table);
      if (d) return failureOf(engineText.glueIamDenied(reader.sessionArn, d.action, d.resource), errorTypes.glueIam);
      if (reader.caller && !isActionAllowed(reader.caller.policies, LF_GET_DATA_ACCESS, "*"))
        return failureOf(
          engineText.glueIamDenied(reader.caller.sessionArn, LF_GET_DATA_ACCESS, "*"),
          errorTypes.glueIam,
        );
      return undefined;
    },
    data: (t) => {
      const table = glueTable(f, t.database, t.table);
      if (!table) return undefined;
      if (dataLocationDenied(f, table.location))
        return failureOf(engineText.dataLocationDenied(table.location), errorTypes.dataLocation);
      if (kmsDenied(f, reader.arn, table.kmsKeyArn))
        return failureOf(engineText.kmsDenied(table.kmsKeyArn!, table.location), errorTypes.kms);
      return undefined;
    },
  };
}

async function execute(d: StartDeps, req: SandboxRequest, r: QueryRecord): Promise<void> {
  const { ctx } = d;
  let settled: Omit<Settled, "settledAt">;
  const failed = (message: string, e: ErrorTypeEntry, dataScannedBytes = 0): Omit<Settled, "settledAt"> => ({
    state: "FAILED",
    statementType: "DML",
    substatementType: "SELECT",
    columns: [],
    rows: [],
    dataScannedBytes,
    failure: failureOf(message, e),
  });
  try {
    const principal = principalOf(ctx.fixture, r.lineage, r.workgroup.identityCenterEnabled);
    const rate = ctx.faults.athenaQueryThrottleRate;
    if (rate > 0 && ctx.dice.roll(`query-throttle\u0000${r.id}`) < rate) {
      // Fault profile: a throttled metadata call inside the query (seeded), retryable.
      settled = failed(engineText.throttled(r.database ?? "default"), errorTypes.throttled);
    } else if (r.catalog !== undefined && r.catalog.toLowerCase() !== "awsdatacatalog") {
      settled = failed(engineText.sessionCatalogNotFound(r.catalog), errorTypes.analysis);
    } else if (!hasDefaultDescribe(ctx.fixture, principal)) {
      settled = failed(engineText.defaultDescribeDenied(), errorTypes.lakeFormation);
    } else {
      const visibility = resolveVisibility(ctx.fixture, principal);
      const o = await runQuery(d.engines, ctx.fixture, visibility, {
        query: r.query,
        database: r.database ?? "default",
        executionParameters: r.executionParameters,
        gates: gatesFor(ctx, readerOf(ctx, r)),
      });
      for (const t of o.tablesDenied) recordGetDataAccess(ctx, req, r, t, true);
      for (const t of o.tablesRead) recordGetDataAccess(ctx, req, r, t, false);
      if (o.state === "FAILED") {
        settled = {
          state: "FAILED",
          statementType: o.statementType,
          substatementType: o.substatementType,
          columns: [],
          rows: [],
          dataScannedBytes: 0,
          failure: o.failure,
        };
      } else {
        settled = {
          state: "SUCCEEDED",
          statementType: o.statementType,
          substatementType: o.substatementType,
          columns: o.columns,
          rows: o.rows,
          dataScannedBytes: o.dataScannedBytes,
        };
        settled = writeResults(d, r, settled);
      }
    }
  } catch (e) {
    // A sandbox bug: the query fails as a system error, never as a silent success.
    process.stderr.write(
      `sandbox athena: query ${r.id} failed internally: ${e instanceof Error ? e.stack : String(e)}\n`,
    );
    settled = failed(engineText.internalError(), errorTypes.internal);
  }
  r.settled = { ...settled, settledAt: ctx.clock.now() };
}

/** Enforces the scan cutoff and the results location, then writes the CSV result object. */
function writeResults(d: StartDeps, r: QueryRecord, s: Omit<Settled, "settledAt">): Omit<Settled, "settledAt"> {
  const { ctx } = d;
  const fail = (message: string, e: ErrorTypeEntry) => ({
    ...s,
    state: "FAILED" as const,
    columns: [],
    rows: [],
    failure: failureOf(message, e),
  });
  const cutoff = r.workgroup.bytesScannedCutoffPerQuery;
  // "If any query that runs in the workgroup exceeds the limit, it is canceled" (Athena, data usage
  // controls): CANCELLED, billed for what it scanned. The reason's text is UNVERIFIED.
  if (cutoff !== undefined && s.dataScannedBytes > cutoff)
    return { ...fail(engineText.bytesScannedCutoff(cutoff), errorTypes.generic), state: "CANCELLED" as const };
  if (!ctx.objects.hasBucket(r.outputBucket))
    return fail(engineText.outputBucketMissing(r.outputBucket), errorTypes.outputWrite);
  const url = `s3://${r.outputBucket}/${r.outputKey}`;
  if (!mayWriteResults(ctx.fixture, r.workgroup, r.lineage, r.userId, r.outputBucket, r.outputKey)) {
    return fail(engineText.outputAccessDenied(url), errorTypes.outputWrite);
  }
  if (r.cancelledAt === undefined)
    ctx.objects.put(
      r.outputBucket,
      r.outputKey,
      resultsCsv({ ...s, settledAt: 0 }),
      "text/csv",
      new Date(ctx.clock.now()),
    );
  return s;
}
