// Which Access Grants location role a target's grants go through. The service assumes the role of the
// grant's location for every GetDataAccess; a role it cannot assume refuses everybody in that location
// with the same AccessDenied as a missing grant. So a refusal is a decision only when someone in the run
// was granted through the very role that covers the refused target (review s21b A1).
import type { GrantsLocationsProof } from "../../model/report.js";

/**
 * Whether a registered location (`s3://`, `s3://bucket`, `s3://bucket/prefix/`) covers an S3 URI: bucket
 * and key prefix compared apart, so `s3://b` covers nothing of `s3://b-archive`. The sandbox reads
 * locations the same way (packages/sandbox/src/services/s3control/scope.ts); the harness never imports it.
 */
function locationCovers(location: string, uri: string): boolean {
  if (location === "s3://") return /^s3:\/\/[^/]+/.test(uri);
  const split = (u: string) => /^s3:\/\/([^/*]+)(?:\/(.*))?$/.exec(u);
  const l = split(location),
    u = split(uri);
  return !!l && !!u && l[1] === u[1] && (u[2] ?? "").startsWith(l[2] ?? "");
}

/** The IAM roles of the locations covering `uri`; undefined when the account's locations were not read. */
function rolesCovering(proof: GrantsLocationsProof | undefined, uri: string): Set<string> | undefined {
  if (proof?.status !== "ok" || !proof.locations) return undefined;
  return new Set(proof.locations.filter((l) => locationCovers(l.scope, uri)).map((l) => l.roleArn));
}

/** The one role every location covering `uri` uses, if there is exactly one. */
export function soleRole(proof: GrantsLocationsProof | undefined, uri: string): string | undefined {
  const roles = rolesCovering(proof, uri);
  return roles?.size === 1 ? [...roles][0] : undefined;
}
