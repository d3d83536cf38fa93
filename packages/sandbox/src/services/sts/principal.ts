// Who a caller is for authorization: the identity policies behind a credential's lineage (the shared
// iam/principal.ts rules) and the ARNs a trust policy may name. Used by STS, SSO OIDC and Identity Store.
import type { Lineage } from "../../auth/credentials.js";
import type { Fixture } from "../../fixture/load.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";

export function callerMayDo(f: Fixture, l: Lineage, action: string, resource = "*"): boolean {
  return isActionAllowed(policiesOf(f, l), action, resource);
}

/**
 * ARNs by which a trust policy or an allow-list may name the caller: the IAM user ARN, or for a role
 * session both the role ARN and the assumed-role session ARN (AWS accepts either in a Principal).
 */
export function callerPrincipalArns(l: Lineage): string[] {
  return l.role ? [l.role.arn, l.callerArn] : [l.principalArn];
}

/** Role sessions (including Access Grants sessions) make any AssumeRole they call a chained one. */
export function isRoleSession(l: Lineage): boolean {
  return l.kind !== "iam-user";
}
