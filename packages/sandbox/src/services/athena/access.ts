// Who may call what: IAM on the caller's own policies, the workgroup's IAM Identity Center gate, query
// ownership in IdC workgroups, and write access to the results location (S3 Access Grants for
// directory users in IdC workgroups, IAM s3:PutObject otherwise).
import type { Lineage } from "../../auth/credentials.js";
import type { SandboxContext } from "../../context.js";
import { isAssigned, userById } from "../../fixture/directory.js";
import type { Fixture } from "../../fixture/load.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf, rolePoliciesOf } from "../../iam/principal.js";
import { AwsError } from "../../protocols/errors.js";
import { directoryIdentities, permissionServes, resolveGrants, type ResolvedGrant } from "../s3control/grants.js";
import { parseScope, scopeContains } from "../s3control/scope.js";
import { apiText } from "./messages.js";

export type Workgroup = Fixture["athena"]["workgroups"][number];

export const invalidRequest = (message: string, athenaErrorCode?: string): AwsError =>
  new AwsError("InvalidRequestException", message, {
    messageKey: "Message",
    fields: athenaErrorCode ? { AthenaErrorCode: athenaErrorCode } : {},
  });

export const accessDenied = (message: string): AwsError =>
  new AwsError("AccessDeniedException", message, { messageKey: "Message" });

export function workgroupArn(f: Fixture, name: string): string {
  return `arn:aws:athena:${f.region}:${f.account}:workgroup/${name}`;
}

/** IAM gate for athena:<op> on a resource; throws Athena's AccessDeniedException. */
export function requireAction(ctx: SandboxContext, lineage: Lineage, op: string, resource: string): void {
  const action = `athena:${op}`;
  if (!isActionAllowed(policiesOf(ctx.fixture, lineage), action, resource))
    throw accessDenied(apiText.accessDenied(action));
}

export function findWorkgroup(f: Fixture, name: string): Workgroup {
  const wg = f.athena.workgroups.find((w) => w.name === name);
  if (!wg) throw invalidRequest(apiText.workGroupNotFound());
  return wg;
}

/**
 * An IAM Identity Center enabled workgroup only serves identity-enhanced sessions of users assigned to
 * its IdentityCenterApplicationArn (from this sandbox's Identity Center instance). Returns the user id.
 */
export function requireIdentityCenterUser(ctx: SandboxContext, wg: Workgroup, lineage: Lineage): string | undefined {
  if (!wg.identityCenterEnabled) return undefined;
  const ic = lineage.identityContext;
  if (!ic || ic.instanceArn !== ctx.fixture.identityCenter.instanceArn || !userById(ctx.fixture, ic.userId)) {
    throw invalidRequest(apiText.identityContextRequired(wg.name));
  }
  if (!wg.identityCenterApplicationArn || !isAssigned(ctx.fixture, wg.identityCenterApplicationArn, ic.userId)) {
    throw accessDenied(apiText.userNotAssigned(wg.name));
  }
  return ic.userId;
}

/** In IdC workgroups a query belongs to the user who ran it; elsewhere IAM alone decides (as in AWS). */
export function requireOwner(
  ctx: SandboxContext,
  wg: Workgroup,
  lineage: Lineage,
  owner: string | undefined,
  queryId: string,
): void {
  const userId = requireIdentityCenterUser(ctx, wg, lineage);
  if (wg.identityCenterEnabled && userId !== owner) throw accessDenied(apiText.notQueryOwner(queryId));
}

/** Whether the query's principal may write its result object at s3://bucket/key. */
/** A fixture's grants resolved to grantee ids once (its CreatedAt is not read here). */
const resolved = new WeakMap<Fixture, ResolvedGrant[]>();
const grantsOf = (f: Fixture): ResolvedGrant[] =>
  resolved.get(f) ?? (resolved.set(f, resolveGrants(f, new Date(0))), resolved.get(f)!);

export function mayWriteResults(
  f: Fixture,
  wg: Workgroup,
  lineage: Lineage,
  userId: string | undefined,
  bucket: string,
  key: string,
): boolean {
  if (wg.identityCenterEnabled) {
    // QueryResultsS3AccessGrantsConfiguration (DIRECTORY_IDENTITY): the user's own directory grants decide,
    // matched as GetDataAccess matches them (s3control/grants.ts), so an Access Grants instance that is not
    // associated with this Identity Center instance grants no results write either.
    const target = parseScope(`s3://${bucket}/${key}`);
    const ids = directoryIdentities(f, lineage);
    if (!target || !userId || !ids.has(userId)) return false;
    return grantsOf(f).some(
      (g) =>
        g.granteeType !== "IAM" &&
        ids.has(g.granteeIdentifier) &&
        permissionServes(g.permission, "WRITE") &&
        scopeContains(g.parsed, target),
    );
  }
  // Non-IdC workgroups: Athena acts with the caller's own IAM role identity (as for Lake Formation, see
  // lf-audit.ts), so the role's identity policies decide — without the identity-context allow-list session
  // policy, which would otherwise refuse s3:PutObject to every identity-enhanced session. UNVERIFIED: whether
  // AWS runs such queries at all, and under which policies, is not settled by any public source (audit §4.4).
  return isActionAllowed(rolePoliciesOf(f, lineage), "s3:PutObject", `arn:aws:s3:::${bucket}/${key}`);
}
