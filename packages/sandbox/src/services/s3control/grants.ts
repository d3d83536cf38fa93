// The fixture's Access Grants as the service sees them (grantee names resolved to Identity Center ids),
// and the matching rule of GetDataAccess.
//
// Matching rule (DOC-S3AG-CRED, aws-wire-facts §4.3; the parts marked UNVERIFIED are the sandbox's reading):
//  1. A grant is eligible when its scope contains the target and its permission serves the requested
//     one (READWRITE serves READ and WRITE; READ and WRITE serve only themselves).
//  2. Identities considered: for an identity-enhanced session, the directory user and the user's groups
//     (only when the instance is associated with the session's Identity Center instance and store), AND
//     the session's IAM role; for a plain session, the IAM role (or IAM user) ARN.
//  3. Per side, the most specific eligible grant wins (an exact-object scope beats any prefix, a longer
//     prefix beats a shorter one; on a tie, a grant with exactly the requested permission beats READWRITE).
//  4. When both the directory side and the IAM side have an eligible grant, the MORE RESTRICTIVE one is
//     returned: every eligible scope contains the target, so the two are nested and the narrower one is
//     the more restrictive (the four documented cases all reduce to "the narrower scope wins"). On equal
//     scopes the directory grant is returned (UNVERIFIED). When only one side has an eligible grant, that
//     grant is returned ("GetDataAccess considers all of the identities involved" — UNVERIFIED for the
//     IAM-only case).
import type { Lineage } from "../../auth/credentials.js";
import { groupByName, groupsOf, userById, userByName } from "../../fixture/directory.js";
import type { Fixture } from "../../fixture/load.js";
import { locationCovers, parseScope, scopeContains, specificity, type S3Scope } from "./scope.js";

export type GranteeType = "IAM" | "DIRECTORY_USER" | "DIRECTORY_GROUP";
export type Permission = "READ" | "WRITE" | "READWRITE";
export const PERMISSIONS: readonly Permission[] = ["READ", "WRITE", "READWRITE"];

export interface ResolvedGrant {
  id: string;
  arn: string;
  granteeType: GranteeType;
  granteeIdentifier: string;
  permission: Permission;
  /** The grant scope as written (`s3://bucket/prefix/*`). */
  scope: string;
  parsed: S3Scope;
  locationId: string;
  /** Remainder of the grant scope after the location scope (ListAccessGrants' S3SubPrefix). */
  subPrefix: string;
  locationRoleArn: string;
  createdAt: Date;
}

export interface GrantMatch {
  grant: ResolvedGrant;
  side: "directory" | "iam";
}

/** Resolves names to ids once; a fixture that names an unknown location or scope is a fixture bug. */
export function resolveGrants(f: Fixture, createdAt: Date): ResolvedGrant[] {
  // Grant ARN `<instance arn>/grant/<id>` follows the CLI documentation examples — UNVERIFIED beyond them.
  return f.accessGrants.grants.map((g) => {
    const location = f.accessGrants.locations.find((l) => l.id === g.locationId);
    const parsed = parseScope(g.scope);
    if (!location || !parsed || !locationCovers(location.scope, g.scope))
      throw new Error(`fixture grant ${g.id}: bad location or scope ${g.scope}`);
    let granteeType: GranteeType;
    let granteeIdentifier: string;
    if ("group" in g.grantee) {
      granteeType = "DIRECTORY_GROUP";
      granteeIdentifier = groupByName(f, g.grantee.group)!.groupId;
    } else if ("user" in g.grantee) {
      granteeType = "DIRECTORY_USER";
      granteeIdentifier = userByName(f, g.grantee.user)!.userId;
    } else {
      granteeType = "IAM";
      granteeIdentifier = g.grantee.iam;
    }
    return {
      id: g.id,
      arn: `${f.accessGrants.instanceArn}/grant/${g.id}`,
      granteeType,
      granteeIdentifier,
      permission: g.permission,
      scope: g.scope,
      parsed,
      locationId: g.locationId,
      subPrefix: g.scope.slice(location.scope.length).replace(/^\//, ""),
      locationRoleArn: location.iamRoleArn,
      createdAt,
    };
  });
}

export function permissionServes(granted: Permission, requested: Permission): boolean {
  return granted === requested || granted === "READWRITE";
}

/** Directory ids (user + groups) the session acts for, or none when the instance cannot see that directory. */
export function directoryIdentities(f: Fixture, lineage: Lineage): Set<string> {
  const ic = lineage.identityContext;
  if (!ic) return new Set();
  // Directory grantees require the Access Grants instance to be associated with this Identity Center instance.
  if (!f.accessGrants.identityCenterInstanceArn || f.accessGrants.identityCenterInstanceArn !== ic.instanceArn)
    return new Set();
  if (ic.identityStoreId !== f.identityCenter.identityStoreId || !userById(f, ic.userId)) return new Set();
  return new Set([ic.userId, ...groupsOf(f, ic.userId).map((g) => g.groupId)]);
}

/** IAM ARNs a session is a grantee as: its role for role sessions, the user for IAM users. */
export function iamIdentities(lineage: Lineage): Set<string> {
  return new Set(lineage.kind === "iam-user" ? [lineage.principalArn] : lineage.role ? [lineage.role.arn] : []);
}

function mostSpecific(candidates: ResolvedGrant[], requested: Permission): ResolvedGrant | undefined {
  let best: ResolvedGrant | undefined;
  for (const g of candidates) {
    if (!best) {
      best = g;
      continue;
    }
    const d = specificity(g.parsed) - specificity(best.parsed);
    if (d > 0 || (d === 0 && g.permission === requested && best.permission !== requested)) best = g;
  }
  return best;
}

export function matchGrant(
  f: Fixture,
  grants: ResolvedGrant[],
  lineage: Lineage,
  target: S3Scope,
  requested: Permission,
): GrantMatch | undefined {
  const eligible = grants.filter((g) => scopeContains(g.parsed, target) && permissionServes(g.permission, requested));
  const dirIds = directoryIdentities(f, lineage);
  const iamIds = iamIdentities(lineage);
  const dir = mostSpecific(
    eligible.filter((g) => g.granteeType !== "IAM" && dirIds.has(g.granteeIdentifier)),
    requested,
  );
  const iam = mostSpecific(
    eligible.filter((g) => g.granteeType === "IAM" && iamIds.has(g.granteeIdentifier)),
    requested,
  );
  if (dir && iam)
    return specificity(iam.parsed) > specificity(dir.parsed)
      ? { grant: iam, side: "iam" }
      : { grant: dir, side: "directory" };
  if (dir) return { grant: dir, side: "directory" };
  if (iam) return { grant: iam, side: "iam" };
  return undefined;
}
