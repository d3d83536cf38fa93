// What an adapter saw when AWS said no, as typed facts. Adapters never decide whether a refusal is a
// policy denial: they report the stage, the API, the status, the service's codes and what they could
// prove about the object; core/judge decides. The message is for people only: no rule reads it.

/** Where in the chain a call was refused. */
export type Stage =
  | "sign-in" // SSO OIDC CreateTokenWithIAM
  | "assume-role" // STS AssumeRole with ProvidedContexts
  | "query-start" // Athena StartQueryExecution refused at the API
  | "query-status" // GetQueryExecution / GetQueryResults refused after the query started
  | "query-run" // the query ran and FAILED (AthenaError)
  | "grant" // S3 Control GetDataAccess
  | "probe"; // S3 GetObject with vended credentials
export const STAGES: readonly Stage[] = [
  "sign-in",
  "assume-role",
  "query-start",
  "query-status",
  "query-run",
  "grant",
  "probe",
];

/**
 * Who a refused sign-in's token was for: a directory user id, or why it is not known (no secret, no
 * claim value); and whether that user is assigned to the application, directly or through a group
 * (`not-required`: the application does not require assignments), or why that is not known.
 */
export type PresentedUser =
  | { userId: string; assignment?: "assigned" | "unassigned" | "not-required"; assignmentUnknown?: string }
  | { unresolved: string };

/** Athena's own classification of a failed query (GetQueryExecution Status.AthenaError) plus what its text names. */
export interface AthenaFailureFacts {
  errorCategory?: number;
  errorType?: number;
  retryable?: boolean;
  /** Athena's error name at the start of the text (COLUMN_NOT_FOUND, TABLE_NOT_FOUND, SYNTAX_ERROR …). */
  engineCode?: string;
  /** The column a COLUMN_NOT_FOUND names. */
  column?: string;
  /** The resource a permission failure or TABLE_NOT_FOUND names: `db.table`, or a database name. */
  namedResource?: string;
  /**
   * The text names a column, or a resource, the scenario never wrote: its name is withheld, because the
   * part of an engine text that looks like a name may be a value of the table (review s24b 3).
   */
  columnWithheld?: boolean;
  resourceWithheld?: boolean;
}

export interface RefusalFacts {
  stage: Stage;
  api: string;
  httpStatus?: number;
  /** The service's error code (SDK error name), or Athena's engineCode for failed queries. */
  serviceCode: string;
  athena?: AthenaFailureFacts;
  /** The error's own reason, where the service gives one (SSO OIDC's AccessDeniedException: `KMS_AccessDeniedException`). */
  reason?: string;
  /**
   * For a sign-in refusal: the directory user the presented IdP token maps to by the application's
   * trusted token issuer (its claim, looked up by the issuer's identity store attribute, with the base
   * principal), or why that could not be found. AWS's refusal names no user, so without this the
   * refusal could be of anyone the token source signed in (audit D6).
   */
  presented?: PresentedUser;
  /** For probes: was the object proven to exist with the base principal (undefined: not checked). */
  objectExists?: boolean;
  /** Redacted text, for people. */
  message: string;
}
