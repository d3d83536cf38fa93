// IAM grants to the carrier role. Every persona's session is the carrier role's, so an IAM grant to it
// covers every persona alike, and S3 Access Grants serves it through the location role with
// sts:SetSourceIdentity rather than sts:SetContext. Where such a grant covers a refused target, the
// grants gave the persona that target, so the refusal came from somewhere else (a location role that
// does not trust the service with sts:SetSourceIdentity, for one) and says nothing about the person:
// another persona's directory grant through the same role proves only the sts:SetContext path
// (review s21c D1).
import type { GrantsIamProof } from "../../model/report.js";
import type { ActionSpec } from "../plan.js";

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
  const grant = proof.grants.find(
    (g) => sameRole(roleOf(g.grantee), carrier) && serves(g.permission, a.permission) && covers(g.scope, a.target),
  );
  return grant ? { status: "covered", grant } : { status: "none" };
}

/** Account and role name of a role or assumed-role ARN; names compared case-insensitively, as IAM does. */
function roleOf(arn: string): { account: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:(?:iam::(\d{12}):role\/(?:.*\/)?([^/]+)|sts::(\d{12}):assumed-role\/([^/]+)\/.*)$/.exec(
    arn,
  );
  return m ? { account: m[1] ?? m[3], name: (m[2] ?? m[4]).toLowerCase() } : undefined;
}

function sameRole(a: ReturnType<typeof roleOf>, b: ReturnType<typeof roleOf>): boolean {
  return !!a && !!b && a.account === b.account && a.name === b.name;
}

/** READWRITE serves every request; an unknown permission is read as serving it (stricter, never looser). */
function serves(granted: string, requested: Grants["permission"]): boolean {
  return granted === requested || !["READ", "WRITE", "READWRITE"].includes(granted) || granted === "READWRITE";
}

/**
 * Whether a grant scope (`s3://b/p/*`, `s3://b/p*`, `s3://b/key`, `s3://b`, `s3://*`) covers every key
 * of a target; a scope it cannot read is taken to cover it.
 */
function covers(scope: string, target: string): boolean {
  if (/^s3:\/\/\*+$/.test(scope)) return true;
  const s = parse(scope),
    t = parse(target);
  if (!s) return true;
  if (!t || s.bucket !== t.bucket) return false;
  return s.wildcard ? t.prefix.startsWith(s.prefix) : !t.wildcard && t.prefix === s.prefix;
}

function parse(uri: string): { bucket: string; prefix: string; wildcard: boolean } | undefined {
  const m = /^s3:\/\/([^/*]+)(\*+|\/.*)?$/.exec(uri);
  if (!m) return undefined;
  const rest = m[2] ?? "";
  if (/^(\*+|\/?|\/\*+)$/.test(rest)) return { bucket: m[1], prefix: "", wildcard: true };
  const path = rest.slice(1);
  const wild = /\*+$/.test(path);
  return { bucket: m[1], prefix: path.replace(/\*+$/, ""), wildcard: wild };
}
