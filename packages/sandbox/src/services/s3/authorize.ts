// Who may touch which S3 data. Credentials vended by S3 Access Grants are limited to their scope and
// permission AND to the location role's identity policy (a session policy intersects the role's policy);
// every other principal is judged by its identity policy alone. No bucket policies exist in the sandbox.
import type { Lineage } from "../../auth/credentials.js";
import type { SandboxContext } from "../../context.js";
import { policiesOf } from "../../iam/principal.js";
import { isActionAllowed } from "../../iam/policy.js";
import { permissionServes } from "../s3control/grants.js";
import { parseScope, scopeCoversKey, scopeCoversListPrefix } from "../s3control/scope.js";
import { s3Errors } from "./messages.js";

export type S3Action = "s3:GetObject" | "s3:PutObject" | "s3:ListBucket";

export interface S3Access {
  action: S3Action;
  bucket: string;
  /** Object key (GetObject/PutObject). */
  key?: string;
  /** Listing prefix (ListBucket). */
  prefix?: string;
}

function grantsAllow(lineage: Lineage, a: S3Access): boolean {
  const ag = lineage.accessGrants;
  if (!ag) return true;
  const scope = parseScope(ag.scope);
  if (!scope) return false;
  // READ serves Get/Head/List; WRITE serves Put (aws/boto3-s3-access-grants-plugin operation map).
  if (!permissionServes(ag.permission, a.action === "s3:PutObject" ? "WRITE" : "READ")) return false;
  return a.action === "s3:ListBucket"
    ? scopeCoversListPrefix(scope, a.bucket, a.prefix ?? "")
    : scopeCoversKey(scope, a.bucket, a.key ?? "");
}

export function isAllowed(ctx: SandboxContext, lineage: Lineage | undefined, a: S3Access): boolean {
  if (!lineage) return false;
  const resource =
    a.action === "s3:ListBucket" ? `arn:aws:s3:::${a.bucket}` : `arn:aws:s3:::${a.bucket}/${a.key ?? ""}`;
  return grantsAllow(lineage, a) && isActionAllowed(policiesOf(ctx.fixture, lineage), a.action, resource);
}

export function authorize(ctx: SandboxContext, lineage: Lineage | undefined, a: S3Access): void {
  if (!isAllowed(ctx, lineage, a)) throw s3Errors.accessDenied();
}

/**
 * A missing key is NoSuchKey only for callers allowed to list it; others get AccessDenied, as S3 does
 * without s3:ListBucket, so a denied caller cannot probe which keys exist.
 */
export function missingKeyError(ctx: SandboxContext, lineage: Lineage | undefined, bucket: string, key: string) {
  return isAllowed(ctx, lineage, { action: "s3:ListBucket", bucket, prefix: key })
    ? s3Errors.noSuchKey(key)
    : s3Errors.accessDenied();
}
