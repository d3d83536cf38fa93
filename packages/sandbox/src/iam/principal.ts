// Which policies apply to a credential: the IAM user's, or the role's for role sessions, plus the
// session policies STS attached to the session.
//   * Identity-enhanced role sessions (AssumeRole with the IdentityCenter ProvidedContexts; lineage with an
//     identityContext) carry AWSIAMIdentityCenterAllowListForIdentityContext, an explicit Deny of every
//     action outside its list (identity-context-allow-list.ts), unless the fixture turns it off
//     (sts.identityContextAllowList: false).
//   * Access Grants credentials are sessions of the location role under a session policy that allows only
//     S3 data actions within the vended scope: here they keep the role's Allow statements for s3:* actions
//     only (Denies unchanged); the scope itself is enforced by the S3 service (services/s3/authorize.ts).
//     They are not identity-enhanced sessions of the carrier role, so the allow-list does not apply.
// Unknown principals get no statements, so every check on them is an implicit deny.
import type { Lineage } from "../auth/credentials.js";
import type { Fixture } from "../fixture/load.js";
import type { PolicyStatement } from "../fixture/schema.js";
import { IDENTITY_CONTEXT_ALLOW_LIST_STATEMENT } from "./identity-context-allow-list.js";
import { conditionHolds, type RequestContext } from "./policy.js";

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function s3Only(statements: PolicyStatement[]): PolicyStatement[] {
  return statements.flatMap((s) => {
    if (s.Effect === "Deny") return [s];
    // NotAction Allows are too broad to narrow faithfully: dropped (fail closed).
    if (s.NotAction !== undefined) return [];
    const actions = asList(s.Action).flatMap((a) =>
      a === "*" ? ["s3:*"] : a.toLowerCase().startsWith("s3:") ? [a] : [],
    );
    return actions.length ? [{ ...s, Action: actions }] : [];
  });
}

/** The identity policies of an IAM user or role ARN (no session policies). */
export function identityPoliciesOf(fixture: Fixture, arn: string): PolicyStatement[] {
  return (
    fixture.iamUsers.find((u) => u.arn === arn)?.policies ?? fixture.iamRoles.find((r) => r.arn === arn)?.policies ?? []
  );
}

/** Whether the session carries the identity-context allow-list session policy. */
export function hasIdentityContextAllowList(fixture: Fixture, lineage: Lineage): boolean {
  return (
    lineage.kind === "assumed-role" && lineage.identityContext !== undefined && fixture.sts.identityContextAllowList
  );
}

/** The condition keys a session carries: the Identity Center context of an identity-enhanced session. */
export function requestContextOf(lineage: Pick<Lineage, "identityContext">): RequestContext {
  const ic = lineage.identityContext;
  return ic ? { "identitystore:UserId": ic.userId, "identitystore:IdentityStoreArn": ic.identityStoreArn } : {};
}

/**
 * The statements whose conditions hold for this session, without their conditions: the keys are the
 * session's own, the same for every request it makes, so every caller of policiesOf evaluates them alike.
 */
export function forSession(
  statements: PolicyStatement[],
  lineage: Pick<Lineage, "identityContext">,
): PolicyStatement[] {
  return forContext(statements, requestContextOf(lineage));
}

/** The statements whose conditions hold for these condition keys, without their conditions. */
export function forContext(statements: PolicyStatement[], context: RequestContext): PolicyStatement[] {
  return statements.flatMap((s) => {
    if (!s.Condition) return [s];
    if (!conditionHolds(s, context)) return [];
    const { Condition: _held, ...rest } = s;
    return [rest as PolicyStatement];
  });
}

export function policiesOf(fixture: Fixture, lineage: Lineage): PolicyStatement[] {
  return forSession(unconditionalPoliciesOf(fixture, lineage), lineage);
}

function unconditionalPoliciesOf(fixture: Fixture, lineage: Lineage): PolicyStatement[] {
  if (lineage.kind === "iam-user") return identityPoliciesOf(fixture, lineage.principalArn);
  const roleArn = lineage.role?.arn ?? lineage.principalArn;
  const policies = fixture.iamRoles.find((r) => r.arn === roleArn)?.policies ?? [];
  if (lineage.kind === "access-grants") return s3Only(policies);
  return hasIdentityContextAllowList(fixture, lineage)
    ? [...policies, IDENTITY_CONTEXT_ALLOW_LIST_STATEMENT]
    : policies;
}

/**
 * The role's own identity policies, without session policies: what Athena uses when it acts with the
 * caller's IAM role identity in a workgroup that is not IAM Identity Center enabled (UNVERIFIED, see
 * services/athena/access.ts mayWriteResults).
 */
export function rolePoliciesOf(fixture: Fixture, lineage: Lineage): PolicyStatement[] {
  if (lineage.kind === "access-grants") return policiesOf(fixture, lineage);
  return forSession(identityPoliciesOf(fixture, lineage.role?.arn ?? lineage.principalArn), lineage);
}
