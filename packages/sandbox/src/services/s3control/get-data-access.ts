// GetDataAccess: match the caller's grants (see grants.ts for the rule), then vend credentials of the
// location's IAM role whose lineage carries the scope, the permission and the caller's identity context,
// so the S3 service enforces exactly what was vended and records S3 calls on behalf of the user.
import { randomUUID } from "node:crypto";
import type { SandboxContext } from "../../context.js";
import { toXml, xmlResponse } from "../../protocols/wire.js";
import { q, type SandboxRequest, type SandboxResponse } from "../../types.js";
import { trustAllows } from "../../iam/policy.js";
import { matchGrant, PERMISSIONS, type Permission, type ResolvedGrant } from "./grants.js";
import { s3ControlErrors } from "./messages.js";
import { accountIdOf, audited, requireAction, requireOwnAccount, S3CONTROL_XMLNS, sentParams } from "./request.js";
import { parseScope, type S3Scope } from "./scope.js";

const DEFAULT_DURATION_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43200;

interface GetDataAccessInput {
  target: string;
  parsedTarget: S3Scope;
  permission: Permission;
  durationSeconds: number;
  privilege: "Default" | "Minimal";
}

function parseInput(req: SandboxRequest): GetDataAccessInput {
  const target = q(req, "target");
  const permission = q(req, "permission");
  if (target === undefined) throw s3ControlErrors.missingParameter("target");
  if (permission === undefined) throw s3ControlErrors.missingParameter("permission");
  const parsedTarget = target.length <= 2000 ? parseScope(target) : undefined;
  if (!parsedTarget) throw s3ControlErrors.invalidTarget(target);
  if (!PERMISSIONS.includes(permission as Permission)) throw s3ControlErrors.invalidPermission(permission);
  const rawDuration = q(req, "durationSeconds");
  const durationSeconds = rawDuration === undefined ? DEFAULT_DURATION_SECONDS : Number(rawDuration);
  if (
    !Number.isInteger(durationSeconds) ||
    durationSeconds < MIN_DURATION_SECONDS ||
    durationSeconds > MAX_DURATION_SECONDS
  ) {
    throw s3ControlErrors.invalidDuration(rawDuration ?? "");
  }
  const privilege = q(req, "privilege") ?? "Default";
  if (privilege !== "Default" && privilege !== "Minimal") throw s3ControlErrors.invalidPrivilege(privilege);
  const targetType = q(req, "targetType");
  if (targetType !== undefined && targetType !== "Object") throw s3ControlErrors.invalidTargetType(targetType);
  const auditContext = q(req, "auditContext");
  if (auditContext !== undefined && (auditContext.length < 1 || auditContext.length > 2048))
    throw s3ControlErrors.invalidAuditContext();
  return { target, parsedTarget, permission: permission as Permission, durationSeconds, privilege };
}

/** requestParameters as in the documented record (§4.5): durationSeconds as a number, optional members only when sent. */
function recordedParams(req: SandboxRequest): Record<string, unknown> {
  const p: Record<string, unknown> = sentParams(req, [
    "target",
    "permission",
    "privilege",
    "targetType",
    "auditContext",
  ]);
  const d = q(req, "durationSeconds");
  p.durationSeconds = d === undefined ? DEFAULT_DURATION_SECONDS : Number.isFinite(Number(d)) ? Number(d) : d;
  return p;
}

export function getDataAccess(
  ctx: SandboxContext,
  req: SandboxRequest,
  grants: ResolvedGrant[],
): Promise<SandboxResponse> {
  return audited(
    ctx,
    req,
    "GetDataAccess",
    () => recordedParams(req),
    async () => {
      const lineage = req.lineage!;
      const accountId = accountIdOf(req);
      requireAction(ctx, req, "s3:GetDataAccess", ctx.fixture.accessGrants.instanceArn);
      const input = parseInput(req);
      requireOwnAccount(ctx, accountId);
      const now = ctx.clock.now();
      if (lineage.identityContext && lineage.identityContext.expiresAt <= now)
        throw s3ControlErrors.identityContextExpired();

      const match = matchGrant(ctx.fixture, grants, lineage, input.parsedTarget, input.permission);
      if (!match) throw s3ControlErrors.noMatchingGrant();
      const { grant } = match;
      // Default: the credentials reach the whole matched grant; Minimal: only the requested target.
      const vendedScope = input.privilege === "Minimal" ? input.target : grant.scope;

      const role = ctx.fixture.iamRoles.find((r) => r.arn === grant.locationRoleArn);
      if (!role)
        throw new Error(`fixture: Access Grants location role ${grant.locationRoleArn} is not an iamRoles entry`);
      // The service assumes the location's role: its trust policy must let access-grants.s3.amazonaws.com
      // sts:AssumeRole, and sts:SetContext for a directory grantee or sts:SetSourceIdentity for an IAM one
      // (GetDataAccess API, "Additional Permissions").
      const trust = role.trustPolicy.Statement;
      const service = { service: "access-grants.s3.amazonaws.com" };
      const tagAction = grant.granteeType === "IAM" ? "sts:SetSourceIdentity" : "sts:SetContext";
      if (!trustAllows(trust, service, "sts:AssumeRole") || !trustAllows(trust, service, tagAction))
        throw s3ControlErrors.locationRoleNotAssumable();
      if (input.durationSeconds > role.maxSessionDuration) throw s3ControlErrors.durationAboveRoleMaximum();
      const sessionName = `access-grants-${randomUUID()}`;
      const expiresAt = now + input.durationSeconds * 1000;
      const creds = ctx.credentials.issueTemporary({
        kind: "access-grants",
        accountId: ctx.fixture.account,
        principalArn: role.arn,
        callerArn: `arn:aws:sts::${ctx.fixture.account}:assumed-role/${role.name}/${sessionName}`,
        principalId: `${role.roleId}:${sessionName}`,
        role: { arn: role.arn, name: role.name, roleId: role.roleId, sessionName },
        // Copied so S3 calls made with these credentials are recorded on behalf of the same user.
        ...(lineage.identityContext ? { identityContext: { ...lineage.identityContext } } : {}),
        // The credentials carry the requested permission (a READWRITE grant asked for READ vends READ).
        accessGrants: { scope: vendedScope, permission: input.permission, grantId: grant.id },
        parentAccessKeyId: req.accessKeyId,
        chained: false,
        issuedAt: now,
        expiresAt,
      });

      return xmlResponse(
        toXml(
          "GetDataAccessResult",
          {
            Credentials: {
              AccessKeyId: creds.accessKeyId,
              SecretAccessKey: creds.secretAccessKey,
              SessionToken: creds.sessionToken,
              Expiration: new Date(expiresAt),
            },
            MatchedGrantTarget: vendedScope,
            Grantee: { GranteeType: grant.granteeType, GranteeIdentifier: grant.granteeIdentifier },
          },
          S3CONTROL_XMLNS,
        ),
      );
    },
  );
}
