// The read/stop operations over existing query executions, and GetWorkGroup.
import type { SandboxContext } from "../../context.js";
import type { SandboxRequest } from "../../types.js";
import {
  accessDenied,
  findWorkgroup,
  invalidRequest,
  requireAction,
  requireIdentityCenterUser,
  requireOwner,
  workgroupArn,
} from "./access.js";
import { isTerminal, viewAt, type QueryRecord, type QueryStore } from "./executions.js";
import { int, QUERY_ID_RULE, str, strList, WORKGROUP_PATTERN, type Body } from "./input.js";
import { apiText, batchErrorCodes } from "./messages.js";
import { resultsPage } from "./results.js";
import { queryExecutionShape, workGroupShape } from "./shapes.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";
import { AwsError } from "../../protocols/errors.js";

export interface OpDeps {
  ctx: SandboxContext;
  store: QueryStore;
  createdAt: number;
}

/** IAM on the query's workgroup, existence, then (IdC workgroups) ownership. */
function authorizedQuery(d: OpDeps, req: SandboxRequest, op: string, id: string): QueryRecord {
  const r = d.store.get(id);
  if (!r) {
    // No workgroup to authorize against: a caller allowed the action on some workgroup learns "not found".
    const f = d.ctx.fixture;
    if (
      !f.athena.workgroups.some((w) =>
        isActionAllowed(policiesOf(f, req.lineage!), `athena:${op}`, workgroupArn(f, w.name)),
      )
    ) {
      throw accessDenied(apiText.accessDenied(`athena:${op}`));
    }
    throw invalidRequest(apiText.executionNotFound(id), "QUERY_EXECUTION_NOT_FOUND");
  }
  requireAction(d.ctx, req.lineage!, op, workgroupArn(d.ctx.fixture, r.workgroup.name));
  requireOwner(d.ctx, r.workgroup, req.lineage!, r.userId, id);
  return r;
}

export function getQueryExecution(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const r = authorizedQuery(
    d,
    req,
    "GetQueryExecution",
    str(body, "QueryExecutionId", "queryExecutionId", QUERY_ID_RULE)!,
  );
  return { QueryExecution: queryExecutionShape(r, d.ctx.clock.now()) };
}

export function getQueryResults(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const id = str(body, "QueryExecutionId", "queryExecutionId", QUERY_ID_RULE)!;
  const nextToken = str(body, "NextToken", "nextToken", { min: 1, max: 1024 });
  const maxResults = int(body, "MaxResults", "maxResults", 1);
  const r = authorizedQuery(d, req, "GetQueryResults", id);
  const v = viewAt(r, d.ctx.clock.now());
  if (v.state === "QUEUED" || v.state === "RUNNING")
    throw invalidRequest(apiText.notFinished(v.state), "INVALID_QUERY_EXECUTION_STATE");
  if (v.state === "CANCELLED") throw invalidRequest(apiText.resultsNotFound(), "RESULT_NOT_FOUND");
  if (v.state === "FAILED" || !v.settled)
    throw invalidRequest(apiText.didNotSucceed("FAILED"), "INVALID_QUERY_EXECUTION_STATE");
  return resultsPage(r.id, v.settled, maxResults, nextToken);
}

export function stopQueryExecution(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const r = authorizedQuery(
    d,
    req,
    "StopQueryExecution",
    str(body, "QueryExecutionId", "queryExecutionId", QUERY_ID_RULE)!,
  );
  const now = d.ctx.clock.now();
  // Stopping a finished query is a successful no-op.
  if (!isTerminal(viewAt(r, now).state)) r.cancelledAt = now;
  return {};
}

export function batchGetQueryExecution(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const ids = strList(body, "QueryExecutionIds", "queryExecutionIds", 1, 50, 128);
  if (!ids) throw invalidRequest(apiText.validation("queryExecutionIds", "Member must not be null"));
  const found: Record<string, unknown>[] = [];
  const unprocessed: Record<string, unknown>[] = [];
  let iamDenied = 0;
  for (const id of ids) {
    try {
      found.push(queryExecutionShape(authorizedQuery(d, req, "BatchGetQueryExecution", id), d.ctx.clock.now()));
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      const notFound = e.fields.AthenaErrorCode === "QUERY_EXECUTION_NOT_FOUND";
      if (e.code === "AccessDeniedException" && e.message === apiText.accessDenied("athena:BatchGetQueryExecution"))
        iamDenied++;
      unprocessed.push({
        QueryExecutionId: id,
        ErrorCode: notFound ? batchErrorCodes.notFound : batchErrorCodes.accessDenied,
        ErrorMessage: notFound ? apiText.batchNotFound() : e.message,
      });
    }
  }
  // No IAM permission on any of them: the call itself is denied.
  if (iamDenied === ids.length) throw accessDenied(apiText.accessDenied("athena:BatchGetQueryExecution"));
  return { QueryExecutions: found, UnprocessedQueryExecutionIds: unprocessed };
}

export function listQueryExecutions(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const wgName = str(body, "WorkGroup", "workGroup", { pattern: WORKGROUP_PATTERN }) ?? "primary";
  const max = int(body, "MaxResults", "maxResults", 0, 50) ?? 50;
  const token = str(body, "NextToken", "nextToken", { min: 1, max: 1024 });
  requireAction(d.ctx, req.lineage!, "ListQueryExecutions", workgroupArn(d.ctx.fixture, wgName));
  const wg = findWorkgroup(d.ctx.fixture, wgName);
  const userId = requireIdentityCenterUser(d.ctx, wg, req.lineage!);
  // In IdC workgroups a user lists only their own queries (UNVERIFIED; consistent with ownership above).
  const ids = d.store
    .list((r) => r.workgroup.name === wg.name && (!wg.identityCenterEnabled || r.userId === userId))
    .map((r) => r.id);
  let offset = 0;
  if (token !== undefined) {
    offset = Number(
      Buffer.from(token, "base64url")
        .toString("utf8")
        .replace(/^list:/, ""),
    );
    if (!Number.isInteger(offset) || offset < 0) throw invalidRequest(apiText.malformedToken(token), "INVALID_INPUT");
  }
  const page = ids.slice(offset, offset + max);
  const next = offset + max < ids.length ? Buffer.from(`list:${offset + max}`).toString("base64url") : undefined;
  return { QueryExecutionIds: page, ...(next ? { NextToken: next } : {}) };
}

export function getWorkGroup(d: OpDeps, req: SandboxRequest, body: Body): Record<string, unknown> {
  const name = str(body, "WorkGroup", "workGroup", { required: true, pattern: WORKGROUP_PATTERN })!;
  requireAction(d.ctx, req.lineage!, "GetWorkGroup", workgroupArn(d.ctx.fixture, name));
  return { WorkGroup: workGroupShape(d.ctx.fixture, findWorkgroup(d.ctx.fixture, name), d.createdAt) };
}
