// The grants the refused persona holds. S3 Access Grants answers one AccessDenied for everything it
// refuses, and things outside the grants refuse too: an IAM condition on the carrier role's
// s3:GetDataAccess that names users (identitystore:UserId is in an identity-enhanced session's request
// context), an SCP or permissions boundary alike, a grant limited to another application, a group
// membership the service does not see yet. Contrast from other personas rules none of these out for
// this person. The grants themselves do: a refusal is their decision only where none of the persona's
// own grants (to its directory user or any of its groups) covers the target with a permission that
// serves the request.
import type { GrantsHeldProof } from "../../model/report.js";
import type { ActionSpec } from "../plan.js";
import { scopeCovers } from "../s3-scope.js";
import { permissionServes } from "./carrier-grants.js";

type Grants = Extract<ActionSpec, { type: "accessGrants" }>;
type HeldGrant = NonNullable<GrantsHeldProof["grants"]>[number];

export type HeldGrants =
  { status: "none" } | { status: "covered"; grant: HeldGrant } | { status: "unproven"; why: string };

/** Whether one of the persona's own grants covers this request's target and permission. */
export function heldGrantCovering(proof: GrantsHeldProof | undefined, a: Grants): HeldGrants {
  if (!proof)
    return { status: "unproven", why: "the facts do not list the persona's own grants (written by an older version)" };
  if (proof.status !== "ok" || !proof.grants)
    return {
      status: "unproven",
      why: `its grants in account ${a.accountId} could not be listed with the base principal${proof.error ? ` (${proof.error})` : ""}: grant it s3:ListAccessGrants, identitystore:GetUserId and identitystore:ListGroupMembershipsForMember`,
    };
  const grant = proof.grants.find(
    (g) => permissionServes(g.permission, a.permission) && scopeCovers(g.scope, a.target, true),
  );
  return grant ? { status: "covered", grant } : { status: "none" };
}
