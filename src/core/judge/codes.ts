// Service error codes the judge reasons about. Codes, never message texts: the one place to change
// when a live capture shows AWS answering with another code.

/** Codes that mean "an authorization decision said no", per stage. Nothing else can become a denial. */
export const DENIAL_CODES: Record<"sign-in" | "assume-role" | "query-start" | "grant" | "probe", readonly string[]> = {
  // IdC refuses the exchange for this user (not assigned). InvalidGrantException is NOT here: it also
  // means a wrong issuer or audience, an expired or replayed JWT, or no matching user.
  "sign-in": ["AccessDeniedException"],
  "assume-role": ["AccessDenied"],
  "query-start": ["AccessDeniedException"],
  grant: ["AccessDenied"],
  probe: ["AccessDenied"],
};

export const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "SlowDown",
  "RequestLimitExceeded",
  "RequestThrottled",
  "ProvisionedThroughputExceededException",
  "SlowDownException",
]);

/** The caller's own credentials are wrong: a configuration error, never a verdict about a persona. */
export const CREDENTIAL_PROBLEMS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "RequestTimeTooSkewed",
  "InvalidToken",
]);

export const NOT_FOUND = new Set([
  "NoSuchKey",
  "NoSuchBucket",
  "ResourceNotFoundException",
  "NotFound",
  "NoSuchEntity",
  "EntityNotFoundException",
]);

/**
 * Athena's AthenaError.ErrorType values (Athena error catalog, docs.aws.amazon.com/athena/latest/ug/error-reference.html).
 * Only the Lake Formation type can, together with the table it names, prove a Lake Formation decision;
 * the permission types are shared by S3, KMS, Glue IAM and catalog failures.
 */
export const ATHENA_TYPE = {
  lakeFormation: 234,
  permission: 1500,
  s3Permission: 1501,
  resultsWrite: [401, 402] as readonly number[],
  throttling: { min: 1400, max: 1499 },
} as const;

/** Engine codes (the NAME: at the start of a failed query's text) that are plainly the query's own fault. */
export const ATHENA_INVALID = new Set([
  "SYNTAX_ERROR",
  "NOT_SUPPORTED",
  "TYPE_MISMATCH",
  "INVALID_FUNCTION_ARGUMENT",
  "FUNCTION_NOT_FOUND",
  "INVALID_CAST_ARGUMENT",
  "DIVISION_BY_ZERO",
  "NUMERIC_VALUE_OUT_OF_RANGE",
  "INVALID_PARAMETER_USAGE",
  "GENERIC_USER_ERROR",
  "PERMISSION_DENIED",
]);
export const ATHENA_NOT_FOUND = new Set(["TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND", "CATALOG_NOT_FOUND"]);
