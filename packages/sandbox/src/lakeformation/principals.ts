// Who Lake Formation evaluates for a request: an Identity Center user (with its groups) when the
// request carries an identity context, otherwise the IAM principal. The two never mix: a TIP query is
// authorized for the person, not for the role that carried the person's context.
import type { Lineage } from "../auth/credentials.js";
import { groupsOf, userById } from "../fixture/directory.js";
import type { Fixture } from "../fixture/load.js";
import type { PrincipalRef } from "../fixture/schema.js";

export type LfPrincipal =
  { kind: "idc-user"; userId: string; userName: string; groups: string[] } | { kind: "iam"; arn: string };

/** The LF principal of an Identity Center user id; an unknown id yields a user with no grants at all. */
export function idcPrincipal(fixture: Fixture, userId: string): LfPrincipal {
  const user = userById(fixture, userId);
  return {
    kind: "idc-user",
    userId,
    userName: user?.userName ?? "",
    groups: user ? groupsOf(fixture, userId).map((g) => g.displayName) : [],
  };
}

/** The LF principal for a caller: identity-enhanced sessions are the user; anything else the IAM principal. */
export function principalOf(fixture: Fixture, lineage: Lineage, useIdentityContext: boolean): LfPrincipal {
  if (useIdentityContext && lineage.identityContext) return idcPrincipal(fixture, lineage.identityContext.userId);
  return { kind: "iam", arn: lineage.principalArn };
}

/** Whether a fixture grant's principal denotes this LF principal. */
export function grantApplies(ref: PrincipalRef, p: LfPrincipal): boolean {
  if ("group" in ref) return p.kind === "idc-user" && p.groups.includes(ref.group);
  if ("user" in ref) return p.kind === "idc-user" && p.userName !== "" && p.userName === ref.user;
  return p.kind === "iam" && p.arn === ref.iamRole;
}

/** A stable label for logs and fingerprints. */
export function principalLabel(p: LfPrincipal): string {
  return p.kind === "idc-user" ? `idc:${p.userId}` : `iam:${p.arn}`;
}
