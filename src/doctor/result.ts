// One doctor check's outcome. `cannot-tell` is never a pass: the read it needs was refused, and the
// result names the permission that would let doctor decide.
export type CheckStatus = "ok" | "problem" | "cannot-tell";

export interface CheckResult {
  /** Stable id, e.g. `application.jwt-bearer` or `persona.claim:wei`. */
  id: string;
  group:
    | "identity"
    | "application"
    | "issuer"
    | "personas"
    | "carrier"
    | "athena"
    | "access-grants"
    | "lake-formation"
    | "cloudtrail";
  title: string;
  status: CheckStatus;
  /** What was found (problem), or what was checked (ok). */
  detail: string;
  /** The permission doctor lacked (cannot-tell). */
  permission?: string;
  /** Or the passing failure that kept doctor from reading (cannot-tell: throttled, a 5xx, a timeout). */
  unavailable?: string;
  fix: string;
  doc: string;
  /** `run` stops before signing anyone in when a blocking check has a problem. */
  blocking: boolean;
}

export const statusLabel = (r: CheckResult) =>
  r.status !== "cannot-tell"
    ? r.status
    : r.unavailable
      ? `cannot tell (the read failed for now: ${r.unavailable}; run it again)`
      : `cannot tell (needs permission ${r.permission ?? "?"})`;
