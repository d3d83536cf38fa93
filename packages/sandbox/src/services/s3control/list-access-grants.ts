// ListAccessGrants (filters, maxResults 0–1000, nextToken) and GetAccessGrantsInstanceForPrefix: the
// read-only views a harness uses to show which grants exist and which instance owns a prefix.
import { createHash } from "node:crypto";
import type { SandboxContext } from "../../context.js";
import { toXml, xmlResponse } from "../../protocols/wire.js";
import { q, type SandboxRequest, type SandboxResponse } from "../../types.js";
import { PERMISSIONS, type GranteeType, type Permission, type ResolvedGrant } from "./grants.js";
import { s3ControlErrors } from "./messages.js";
import { accountIdOf, audited, requireAction, requireOwnAccount, S3CONTROL_XMLNS, sentParams } from "./request.js";
import { locationCovers, parseScope } from "./scope.js";

const GRANTEE_TYPES: readonly GranteeType[] = ["IAM", "DIRECTORY_USER", "DIRECTORY_GROUP"];
const FILTERS = ["granteetype", "granteeidentifier", "permission", "grantscope", "application_arn"] as const;
const MAX_RESULTS = 1000;

/** Opaque token bound to the filters it was issued for (reuse with other filters is refused). */
function filterHash(req: SandboxRequest): string {
  return createHash("sha256")
    .update(JSON.stringify(FILTERS.map((f) => q(req, f) ?? null)))
    .digest("hex")
    .slice(0, 16);
}
function encodeToken(offset: number, hash: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: hash })).toString("base64url");
}
function decodeToken(token: string, hash: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; h?: unknown };
    if (typeof t.o === "number" && Number.isInteger(t.o) && t.o >= 0 && t.h === hash) return t.o;
  } catch {
    /* fall through */
  }
  throw s3ControlErrors.invalidNextToken();
}

function grantEntry(g: ResolvedGrant): Record<string, unknown> {
  return {
    CreatedAt: g.createdAt,
    AccessGrantId: g.id,
    AccessGrantArn: g.arn,
    Grantee: { GranteeType: g.granteeType, GranteeIdentifier: g.granteeIdentifier },
    Permission: g.permission,
    AccessGrantsLocationId: g.locationId,
    AccessGrantsLocationConfiguration: { S3SubPrefix: g.subPrefix },
    GrantScope: g.scope,
  };
}

export function listAccessGrants(
  ctx: SandboxContext,
  req: SandboxRequest,
  grants: ResolvedGrant[],
): Promise<SandboxResponse> {
  return audited(
    ctx,
    req,
    "ListAccessGrants",
    () => sentParams(req, [...FILTERS, "maxResults", "nextToken"]),
    async () => {
      const accountId = accountIdOf(req);
      requireAction(ctx, req, "s3:ListAccessGrants", ctx.fixture.accessGrants.instanceArn);
      const type = q(req, "granteetype");
      if (type !== undefined && !GRANTEE_TYPES.includes(type as GranteeType))
        throw s3ControlErrors.invalidFilter("granteetype", type);
      const permission = q(req, "permission");
      if (permission !== undefined && !PERMISSIONS.includes(permission as Permission))
        throw s3ControlErrors.invalidFilter("permission", permission);
      const rawMax = q(req, "maxResults");
      const max = rawMax === undefined ? MAX_RESULTS : Number(rawMax);
      if (!Number.isInteger(max) || max < 0 || max > MAX_RESULTS) throw s3ControlErrors.invalidMaxResults(rawMax ?? "");
      const pageSize = max === 0 ? MAX_RESULTS : max; // 0 read as "service default" — UNVERIFIED
      const hash = filterHash(req);
      const token = q(req, "nextToken");
      const offset = token === undefined ? 0 : decodeToken(token, hash);
      requireOwnAccount(ctx, accountId);

      const identifier = q(req, "granteeidentifier");
      const scope = q(req, "grantscope");
      const app = q(req, "application_arn");
      const matching = grants.filter(
        (g) =>
          (type === undefined || g.granteeType === type) &&
          (identifier === undefined || g.granteeIdentifier === identifier) &&
          (permission === undefined || g.permission === permission) &&
          (scope === undefined || g.scope === scope) &&
          app === undefined,
      ); // fixture grants are never application-bound, so an application filter matches none
      const page = matching.slice(offset, offset + pageSize);
      const next = offset + pageSize < matching.length ? encodeToken(offset + pageSize, hash) : undefined;
      return xmlResponse(
        toXml(
          "ListAccessGrantsResult",
          {
            NextToken: next,
            AccessGrantsList: { AccessGrant: page.map(grantEntry) },
          },
          S3CONTROL_XMLNS,
        ),
      );
    },
  );
}

export function getAccessGrantsInstanceForPrefix(ctx: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  return audited(
    ctx,
    req,
    "GetAccessGrantsInstanceForPrefix",
    () => sentParams(req, ["s3prefix"]),
    async () => {
      const accountId = accountIdOf(req);
      requireAction(ctx, req, "s3:GetAccessGrantsInstanceForPrefix", ctx.fixture.accessGrants.instanceArn);
      const prefix = q(req, "s3prefix");
      if (prefix === undefined) throw s3ControlErrors.missingParameter("s3prefix");
      const parsed = parseScope(prefix);
      if (!parsed) throw s3ControlErrors.invalidTarget(prefix);
      requireOwnAccount(ctx, accountId);
      // An instance "contains" a prefix when one of its registered locations covers it; the bucket must
      // exist in this account for the instance to be its owner's.
      const covered = ctx.fixture.accessGrants.locations.some((l) => locationCovers(l.scope, prefix));
      if (!covered || !ctx.objects.hasBucket(parsed.bucket)) throw s3ControlErrors.noInstanceForPrefix();
      const arn = ctx.fixture.accessGrants.instanceArn;
      return xmlResponse(
        toXml(
          "GetAccessGrantsInstanceForPrefixResult",
          {
            AccessGrantsInstanceArn: arn,
            AccessGrantsInstanceId: arn.split("/").pop(),
          },
          S3CONTROL_XMLNS,
        ),
      );
    },
  );
}
