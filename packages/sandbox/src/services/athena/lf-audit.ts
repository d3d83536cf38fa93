// The CloudTrail side of Lake Formation credential vending: for every Glue table a query reads (or is
// refused), a lakeformation.amazonaws.com GetDataAccess record made by the workgroup's execution role
// on behalf of the Identity Center user (IdC workgroups), or by the calling IAM principal otherwise.
// The record names the table, never any data value.
import { createHash, randomUUID } from "node:crypto";
import type { Lineage } from "../../auth/credentials.js";
import { userIdentityOf } from "../../audit/trail.js";
import type { SandboxContext } from "../../context.js";
import { identityStoreArn } from "../../fixture/directory.js";
import type { TableRef } from "../../lakeformation/sql-errors.js";
import type { SandboxRequest } from "../../types.js";
import type { QueryRecord } from "./executions.js";
import { auditText } from "./messages.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** Deterministic, credential-shaped but never valid: CloudTrail shows an access key for every session. */
function syntheticKey(prefix: string, seed: string, length = 16): string {
  const h = createHash("sha256").update(seed).digest();
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALNUM[h[i] % ALNUM.length];
  return out;
}

export function tableArn(ctx: SandboxContext, t: TableRef): string {
  return `arn:aws:glue:${ctx.fixture.region}:${ctx.fixture.glue.catalogId}:table/${t.database}/${t.table}`;
}

/** The session Athena uses for LF credential vending, as a lineage (CloudTrail Username) and userIdentity. */
function vendingIdentity(
  ctx: SandboxContext,
  q: QueryRecord,
): { lineage: Lineage; userIdentity: Record<string, unknown> } {
  const f = ctx.fixture;
  const role =
    q.userId && q.workgroup.executionRole ? f.iamRoles.find((r) => r.arn === q.workgroup.executionRole) : undefined;
  if (!role || !q.userId) {
    // Non-IdC workgroups: Athena acts with the caller's own identity.
    return { lineage: q.lineage, userIdentity: { ...userIdentityOf(q.lineage), invokedBy: "athena.amazonaws.com" } };
  }
  const sessionName = auditText.executionRoleSession(q.id);
  const lineage: Lineage = {
    kind: "assumed-role",
    accountId: f.account,
    principalArn: role.arn,
    principalId: `${role.roleId}:${sessionName}`,
    role: { arn: role.arn, name: role.name, roleId: role.roleId, sessionName },
    callerArn: `arn:aws:sts::${f.account}:assumed-role/${role.name}/${sessionName}`,
    identityContext: q.lineage.identityContext,
    chained: false,
    issuedAt: q.submittedAt,
  };
  const base = userIdentityOf(lineage, syntheticKey("ASIA", q.id));
  return {
    lineage,
    userIdentity: {
      ...base,
      invokedBy: "athena.amazonaws.com",
      // userIdentityOf adds onBehalfOf from the lineage's identity context; make it explicit for clarity.
      onBehalfOf: { userId: q.userId, identityStoreArn: identityStoreArn(f) },
    },
  };
}

export function recordGetDataAccess(
  ctx: SandboxContext,
  startReq: SandboxRequest,
  q: QueryRecord,
  table: TableRef,
  denied: boolean,
): void {
  const f = ctx.fixture;
  const arn = tableArn(ctx, table);
  const { lineage, userIdentity } = vendingIdentity(ctx, q);
  const req: SandboxRequest = {
    ...startReq,
    requestId: randomUUID(),
    sourceIp: "athena.amazonaws.com",
    userAgent: "athena.amazonaws.com",
    headers: { host: `lakeformation.${f.region}.amazonaws.com` },
  };
  ctx.trail.record({
    req,
    lineage,
    userIdentity,
    eventSource: "lakeformation.amazonaws.com",
    eventName: "GetDataAccess",
    readOnly: true,
    requestParameters: {
      tableArn: arn,
      durationSeconds: 3600,
      auditContext: { additionalAuditContext: JSON.stringify({ queryExecutionId: q.id }) },
      supportedPermissionTypes: ["COLUMN_PERMISSION", "CELL_FILTER_PERMISSION"],
    },
    responseElements: null,
    additionalEventData: {
      requesterService: "ATHENA",
      // The Identity Center user the access was decided for (seed 004: the user id is in additionalEventData).
      lakeFormationPrincipal: q.userId ? `arn:aws:identitystore:::user/${q.userId}` : q.lineage.principalArn,
      lakeFormationRoleSessionName: auditText.lfRoleSessionName(f.account, syntheticKey("", `${q.id}/${arn}`, 10)),
      LakeFormationTrustedCallerInvocation: "true",
    },
    resources: [{ type: "AWS::Glue::Table", ARN: arn }],
    ...(denied
      ? { errorCode: "AccessDeniedException", errorMessage: auditText.lfDenied(table.database, table.table) }
      : {}),
  });
}
