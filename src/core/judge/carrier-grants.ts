// IAM grants to the carrier role. Every persona's session is the carrier role's, so an IAM grant to it
// covers every persona alike, and S3 Access Grants serves it through the location role with
// sts:SetSourceIdentity rather than sts:SetContext. Where such a grant covers a refused target, the
// grants gave the persona that target, so the refusal came from somewhere else (a location role that
// does not trust the service with sts:SetSourceIdentity, for one) and says nothing about the person:
// another persona's directory grant through the same role proves only the sts:SetContext path
// (review s21c D1).
import type { GrantsIamProof } from "../../model/report.js";
import type { ActionSpec } from "../plan.js";
import { roleOf, sameRole } from "../iam-role.js";
import { scopeCovers } from "../s3-scope.js";

type Grants = Extract<ActionSpec, { type: "accessGrants" }>;
type IamGrant = NonNullable<GrantsIamProof["grants"]>[number];

export type CarrierGrants =
  { status: "none" } | { status: "covered"; grant: IamGrant } | { status: "unproven"; why: string };

/** Whether an IAM grant to the carrier role covers this request's target and permission. */
export function carrierGrantCovering(proof: GrantsIamProof | undefined, a: Grants): CarrierGrants {
  if (!a.carrierRoleArn) return { status: "unproven", why: "the facts do not name the carrier role" };
  if (proof?.status !== "ok" || !proof.grants)
    return {
      status: "unproven",
      why: `account ${a.accountId}'s grants to IAM principals could not be read with the base principal${proof?.error ? ` (${proof.error})` : ""}: grant it s3:ListAccessGrants`,
    };
  const carrier = roleOf(a.carrierRoleArn);
  // An ARN the check cannot read would match no grant: unproven, never "none" (review s22 L3).
  if (!carrier) return { status: "unproven", why: `the carrier role ARN ${a.carrierRoleArn} cannot be read` };
  const grant = proof.grants.find(
    (g) =>
      sameRole(roleOf(g.grantee), carrier) &&
      permissionServes(g.permission, a.permission) &&
      scopeCovers(g.scope, a.target, true),
  );
  return grant ? { status: "covered", grant } : { status: "none" };
}

/** READWRITE serves every request; an unknown permission is read as serving it (stricter, never looser). */
export function permissionServes(granted: string, requested: Grants["permission"]): boolean {
  return granted === requested || !["READ", "WRITE", "READWRITE"].includes(granted) || granted === "READWRITE";
}
