// Which Access Grants location role a target's grants go through. The service assumes the role of the
// grant's location for every GetDataAccess; a role it cannot assume refuses everybody in that location
// with the same AccessDenied as a missing grant. So a refusal is a decision only when someone in the run
// was granted through the very role that covers the refused target (review s21b A1).
import type { GrantsLocationsProof } from "../../model/report.js";
import { locationCovers } from "../s3-scope.js";

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
