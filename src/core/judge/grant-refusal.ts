// S3 Access Grants refusals (GetDataAccess AccessDenied): one text for a grant that does not cover the
// persona, a target no location covers, an instance not linked to Identity Center and a carrier role
// without s3:GetDataAccess. A denial needs the target to exist, or a grant of exactly its scope, the
// path to be live for this very target, and no IAM grant to the carrier role covering it (see
// docs/verdicts.md, "grant").
import type { RefusalFacts } from "../../model/facts.js";
import { denied, errored } from "../../model/outcome.js";
import type { ActionSpec, Task } from "../plan.js";
import { carrierGrantCovering } from "./carrier-grants.js";
import { DENIAL_CODES } from "./codes.js";
import { heldGrantCovering } from "./held-grants.js";
import { sessionSeconds } from "./contrast-index.js";
import { soleRole } from "./grant-locations.js";
import { transportOrConfig, type Decision, type JudgeContext } from "./transport.js";

type Grants = Extract<ActionSpec, { type: "accessGrants" }>;

export function decideGrant(f: RefusalFacts, task: Task, a: Grants, ctx: JudgeContext): Decision {
  const t = transportOrConfig(f);
  if (t) return t;
  if (!DENIAL_CODES.grant.includes(f.serviceCode))
    return errored(
      "invalid-request",
      `GetDataAccess refused with ${f.serviceCode}: not an authorization decision. (${f.message})`,
      f.serviceCode,
    );
  // An IAM grant to the carrier role gives every persona this target: its refusal is no decision (D1).
  const carrier = carrierGrantCovering(ctx.proofs.grantsIam(a.accountId), a);
  if (carrier.status === "unproven")
    return errored(
      "ambiguous-denial",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but whether an IAM grant to the carrier role covers it is unknown: ${carrier.why}. Such a grant covers every persona, so the refusal could come from its location role rather than a decision about ${task.persona}. (${f.message})`,
      f.serviceCode,
    );
  if (carrier.status === "covered")
    return errored(
      "invalid-request",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but an IAM grant to the carrier role covers it (${carrier.grant.permission} on ${carrier.grant.scope} for ${carrier.grant.grantee}, ListAccessGrants, base principal): every persona's session is that role, so the grants give ${task.persona} this target, and the refusal came from elsewhere (a location role that does not trust the service with sts:SetSourceIdentity, for one). Delete that grant and grant directory users or groups instead. (${f.message})`,
      "CARRIER_IAM_GRANT",
    );
  // The persona's own grants: one covering the target means the grants gave it, and the refusal came
  // from outside them (an IAM condition naming the user, for one), which contrast cannot rule out.
  const own = heldGrantCovering(ctx.proofs.grantsHeld(task.scenario, task.persona, a.accountId), a);
  if (own.status === "unproven")
    return errored(
      "ambiguous-denial",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but whether ${task.persona} holds a grant covering it is unknown: ${own.why}. A grant it holds would mean the refusal came from outside the grants. (${f.message})`,
      f.serviceCode,
    );
  if (own.status === "covered")
    return errored(
      "invalid-request",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but ${task.persona} holds a grant covering it (${own.grant.permission} on ${own.grant.scope} to ${own.grant.granteeType === "DIRECTORY_USER" ? "its directory user" : `its group ${own.grant.grantee}`}${own.grant.applicationArn ? `, only through application ${own.grant.applicationArn}` : ""}; ListAccessGrants, base principal): the grants give ${task.persona} this target, so the refusal came from outside them: ${own.grant.applicationArn ? "the grant's application limit, or " : ""}an IAM policy, SCP or permissions boundary on the carrier role's s3:GetDataAccess with a condition on the user (identitystore:UserId), or a group membership the service does not see yet. Try the carrier role's policies in the IAM policy simulator with that user's context, or correct the grants or the expectation. (${f.message})`,
      "GRANT_HELD",
    );
  const noneHeld = `no grant ${task.persona} holds covers it, to its directory user or any of its groups (ListAccessGrants by grantee, base principal)`;
  const obj = ctx.proofs.object(a.target);
  // Every branch needs the path proven through the location role that covers the target: each location
  // has its own IAM role, and one the service cannot assume refuses everybody there with the same
  // AccessDenied as a missing grant (reviews s21b A1, s21c B1). Someone must have been granted, as a
  // directory identity (sts:SetContext, as the personas' grants need), through that very role.
  const locations = ctx.proofs.grantsLocations(a.accountId);
  const role = soleRole(locations, a.target);
  // At least this long a session: the service assumes the role for the session's length, and a role whose
  // maximum is shorter refuses it (what AWS answers is UNVERIFIED; the sandbox answers AccessDenied).
  const seconds = sessionSeconds(a);
  const roleLive =
    !!role &&
    [...ctx.contrast.directoryGrantedScopes(task.scenario, a)].some(
      ([s, longest]) => longest >= seconds && soleRole(locations, s) === role,
    );
  const rolePath = `another persona was granted data in this run, as a directory identity, through the location role that covers it (${role}), for a session of at least ${seconds} s, so the carrier role's s3:GetDataAccess, the instance's Identity Center link and that role's trust work`;
  const roleUnproven = () =>
    errored(
      "ambiguous-denial",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but ${
        role
          ? `no persona was granted anything as a directory identity through its location's role (${role}) for a session of ${seconds} s or longer in this run, so a missing s3:GetDataAccess permission, an instance not linked to Identity Center, a location role the service cannot assume or one whose maximum session is shorter cannot be ruled out (add a persona who must be allowed in that location, with the same durationSeconds)`
          : locations?.status === "ok"
            ? `the locations covering it do not share one IAM role, so which role a grant of it goes through is unknown`
            : `account ${a.accountId}'s Access Grants locations could not be read with the base principal${locations?.error ? ` (${locations.error})` : ""}: grant it s3:ListAccessGrantsLocations`
      }. (${f.message})`,
      f.serviceCode,
    );
  if (obj?.status === "exists" && ctx.contrast.targetGranted(task.scenario, a))
    return roleLive
      ? {
          ...denied("accessgrants", f.serviceCode, f.message),
          proof: [
            noneHeld,
            `${a.target} exists (base principal)`,
            "another persona was granted this same target in this run",
            rolePath,
          ],
        }
      : roleUnproven();
  // Where no object exists yet (an empty results prefix), only a grant of exactly this scope proves the
  // target is real: a broader grant (s3://bucket/*) matches any string below it, typos included.
  if (obj?.status !== "exists" && ctx.contrast.targetGrantedExactly(task.scenario, a))
    return roleLive
      ? {
          ...denied("accessgrants", f.serviceCode, f.message),
          proof: [
            noneHeld,
            `${a.target} holds no object yet`,
            "another persona was granted exactly this scope in this run",
            rolePath,
          ],
        }
      : roleUnproven();
  if (obj?.status !== "exists")
    return errored(
      obj?.status === "missing" ? "not-found" : "ambiguous-denial",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but ${obj?.status === "missing" ? "nothing exists there (checked with the base principal) and no persona was granted exactly this scope: a typo in the target cannot be ruled out" : `the target's existence could not be proven with the base principal${obj?.error ? ` (${obj.error})` : ""}: grant it s3:ListBucket`}. (${f.message})`,
      f.serviceCode,
    );
  // Nobody was granted this target: its refusal is a decision only where this account's instance holds
  // a location covering it. Elsewhere (a bucket no location covers, another account's or Region's
  // instance) the instance refuses everybody, whatever the grants say (fresh-eyes review s21, F2).
  const inst = ctx.proofs.grantsInstance(a.accountId, a.target);
  if (inst?.status === "no-instance" || inst?.status === "other-instance")
    return errored(
      "invalid-request",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, but ${inst.status === "no-instance" ? `no S3 Access Grants location covers it` : `it is governed by another instance (${inst.instanceArn})`} (GetAccessGrantsInstanceForPrefix, base principal): account ${a.accountId}'s instance refuses it for everybody, so the refusal says nothing about ${task.persona}. Register a location covering it in account ${a.accountId}, or correct the target or accessGrants.accountId. (${f.message})`,
      "NO_GRANTS_LOCATION",
    );
  if (inst?.status !== "governed")
    return errored(
      "ambiguous-denial",
      `${f.serviceCode} from S3 Access Grants for ${a.target}, and no persona was granted it in this run; whether account ${a.accountId}'s instance governs it could not be proven with the base principal${inst?.error ? ` (${inst.error})` : ""}: grant it s3:GetAccessGrantsInstanceForPrefix. (${f.message})`,
      f.serviceCode,
    );
  if (!roleLive) return roleUnproven();
  return {
    ...denied("accessgrants", f.serviceCode, f.message),
    proof: [
      noneHeld,
      `${a.target} exists (base principal)`,
      `account ${a.accountId}'s Access Grants instance governs it (GetAccessGrantsInstanceForPrefix, base principal)`,
      rolePath,
    ],
  };
}
