// Every human-readable text the emulated Athena and its Lake Formation engine return, in one place, so
// a live capture can correct them without touching logic. Each text says where it comes from:
//   [FACTS §x]   /work/shared/reference/aws-wire-facts.md (itself sourced: models, 3P-measured strings)
//   UNVERIFIED   our best guess; replace with the captured text once someone runs it against AWS.
// Harness assertions should classify by error code / AthenaErrorCode / the "CODE:" prefix, not by the
// free text after it.

/** Athena API error texts (InvalidRequestException & co.). */
export const apiText = {
  /**
   * TooManyRequestsException, Reason CONCURRENT_QUERY_LIMIT_EXCEEDED [FACTS §3.7: shape and reason; the
   * active-query quota counts running and queued queries]. The text is UNVERIFIED.
   */
  concurrentQueryLimit: (quota: number) =>
    `You have exceeded the limit for the number of queries you can run concurrently (${quota}). Reduce the number of concurrent queries submitted by this account.`,
  /** [FACTS §3.4] state QUEUED/RUNNING; AthenaErrorCode INVALID_QUERY_EXECUTION_STATE. */
  notFinished: (state: string) => `Query has not yet finished. Current state: ${state}`,
  /** [FACTS §3.4] FAILED; AthenaErrorCode INVALID_QUERY_EXECUTION_STATE. */
  didNotSucceed: (state: string) => `Query did not finish successfully. Final query state: ${state}`,
  /** [FACTS §3.4] CANCELLED; AthenaErrorCode RESULT_NOT_FOUND. */
  resultsNotFound: () => "Could not find results",
  /** [FACTS §3.4] unknown id; AthenaErrorCode QUERY_EXECUTION_NOT_FOUND. */
  executionNotFound: (id: string) => `QueryExecution ${id} was not found`,
  /** [FACTS §3.4] AthenaErrorCode INVALID_INPUT. */
  maxResultsTooLarge: () => "MaxResults is more than maximum allowed length 1000",
  /** [FACTS §3.4] AthenaErrorCode INVALID_INPUT. */
  malformedToken: (token: string) => `Malformed nextPageToken ${token}`,
  /** [FACTS §3.7] 3P ColeMurray/aws-athena-mcp#23. AthenaErrorCode: UNVERIFIED (none sent). */
  workGroupNotFound: () => "WorkGroup is not found",
  /**
   * [FACTS §3.7] 3P-observed (2023, 2025). An older form also seen (grafana/athena-datasource#156, 2022):
   * "User: <arn> is not authorized to perform: athena:<Op> on resource: <wg arn> because no identity-based
   * policy allows the athena:<Op> action".
   */
  accessDenied: (action: string) =>
    `You are not authorized to perform: ${action} on the resource. After your AWS administrator or you have updated your permissions, please try again.`,
  /** UNVERIFIED: smithy-style constraint message; Athena answers InvalidRequestException for these. */
  validation: (member: string, constraint: string, value?: string) =>
    `1 validation error detected: Value ${value === undefined ? "" : `'${value}' `}at '${member}' failed to satisfy constraint: ${constraint}`,
  /** UNVERIFIED: awsJson body that is not a JSON object (SerializationException). */
  serialization: () => "Start of structure or map found where not expected.",
  /** UNVERIFIED: X-Amz-Target naming an operation the sandbox does not emulate. */
  unknownOperation: (op: string) => `The sandbox does not emulate Athena operation ${op}.`,
  /** UNVERIFIED: same ClientRequestToken, different parameters (the model only says "an error is returned"). */
  idempotencyMismatch: () => "The ClientRequestToken has already been used with different request parameters.",
  /**
   * UNVERIFIED (FACTS §3.6 says so explicitly): plain IAM credentials (no identity context) calling an
   * IAM Identity Center enabled workgroup. Sent as InvalidRequestException.
   */
  identityContextRequired: (workGroup: string) =>
    `WorkGroup ${workGroup} is enabled for IAM Identity Center; the request must be made with identity-enhanced credentials (trusted identity propagation).`,
  /** UNVERIFIED: the Identity Center user is not assigned to the workgroup's IdentityCenterApplicationArn. Sent as AccessDeniedException. */
  userNotAssigned: (workGroup: string) =>
    `The IAM Identity Center user is not assigned to the application of WorkGroup ${workGroup}.`,
  /** UNVERIFIED: another Identity Center user reading a query of an IdC-enabled workgroup. Sent as AccessDeniedException. */
  notQueryOwner: (id: string) =>
    `You are not authorized to access QueryExecution ${id}: it was started by another IAM Identity Center user.`,
  /** UNVERIFIED: BatchGetQueryExecution unprocessed entry for an id that does not exist. */
  batchNotFound: () => "QueryExecution not found",
} as const;

/** Athena engine failure texts (QueryExecution.Status.StateChangeReason / AthenaError.ErrorMessage). */
export const engineText = {
  /** [FACTS §3.3/§3.8] real output; the "or requester is not authorized" suffix is Athena's (LF-aware). */
  columnNotFound: (line: number, col: number, name: string) =>
    `COLUMN_NOT_FOUND: line ${line}:${col}: Column '${name}' cannot be resolved or requester is not authorized to access requested resources`,
  /** [FACTS §3.8] AWS workshop text (engine v3); catalog lower-cased. */
  tableNotFound: (line: number, col: number, catalog: string, db: string, table: string) =>
    `TABLE_NOT_FOUND: line ${line}:${col}: Table '${catalog}.${db}.${table}' does not exist`,
  /**
   * [FACTS §3.8] 3P apache/superset#15894 (2021). Which text engine v3 uses today for a table-level LF
   * denial is UNVERIFIED (it may be the COLUMN_NOT_FOUND-style text). <table> form: db.table (UNVERIFIED).
   */
  lakeFormationDenied: (db: string, table: string) =>
    `Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on ${db}.${table}`,
  /**
   * Athena UG, Lake Formation "The DESCRIBE permission is required on the default database" (the doc names
   * the requirement, not the text). Same prefix and wording form as lakeFormationDenied with the database
   * name alone: UNVERIFIED. ErrorType 234.
   */
  defaultDescribeDenied: () =>
    `Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on default`,
  /**
   * UNVERIFIED text (3P runbooks quote "Insufficient permissions to execute the query." for KMS key-policy
   * failures, without the detail after it). The reader principal lacks kms:Decrypt on the table's key.
   * ErrorType 1500.
   */
  kmsDenied: (keyArn: string, location: string) =>
    `Insufficient permissions to execute the query. Access to KMS key ${keyArn} is denied (kms:Decrypt) while reading ${location}`,
  /** 3P runbooks: "Insufficient permissions to execute the query. Amazon S3 access denied on s3://…" (exact form UNVERIFIED). ErrorType 1501. */
  dataLocationDenied: (location: string) =>
    `Insufficient permissions to execute the query. Amazon S3 access denied on ${location}`,
  /**
   * 3P test doubles: "Insufficient permissions to execute the query. User: … is not authorized to perform:
   * glue:GetTable …"; the "on resource:" tail follows IAM's usual form (UNVERIFIED). ErrorType 1500.
   */
  glueIamDenied: (sessionArn: string, action: string, resourceArn: string) =>
    `Insufficient permissions to execute the query. User: ${sessionArn} is not authorized to perform: ${action} on resource: ${resourceArn}`,
  /**
   * UNVERIFIED: a Lake Formation / Glue throttling failure inside a query (repost threads show LF
   * ThrottlingException surfacing in HIVE_CANNOT_OPEN_SPLIT failures; this exact text is the sandbox's).
   * ErrorType 1401, Retryable true.
   */
  throttled: (db: string) =>
    `HIVE_METASTORE_ERROR: Rate exceeded (Service: AWSGlue; Status Code: 400; Error Code: ThrottlingException) while getting metadata for database ${db}`,
  /** UNVERIFIED: Trino's SCHEMA_NOT_FOUND wording, as Athena prefixes error names. */
  schemaNotFound: (line: number, col: number, db: string) =>
    `SCHEMA_NOT_FOUND: line ${line}:${col}: Schema '${db}' does not exist`,
  /** UNVERIFIED: QueryExecutionContext.Catalog naming a catalog that does not exist. */
  sessionCatalogNotFound: (catalog: string) => `CATALOG_NOT_FOUND: Catalog '${catalog}' does not exist`,
  /** Sandbox-specific: an internal failure of the sandbox engine (a sandbox bug, reported as a system error). */
  internalError: () => "GENERIC_INTERNAL_ERROR: The sandbox query engine failed (see sandbox log)",
  /** UNVERIFIED: Trino's CATALOG_NOT_FOUND wording. */
  catalogNotFound: (line: number, col: number, catalog: string) =>
    `CATALOG_NOT_FOUND: line ${line}:${col}: Catalog '${catalog}' does not exist`,
  /** Prefix and position follow Athena; the detail after it is the sandbox parser's (UNVERIFIED wording). */
  syntaxError: (line: number, col: number, detail: string) => `SYNTAX_ERROR: line ${line}:${col}: ${detail}`,
  /** UNVERIFIED: Trino's text for a statement keyword its grammar does not know (ATTACH, COPY, INSTALL...). */
  unknownStatement: (line: number, col: number, word: string) =>
    `SYNTAX_ERROR: line ${line}:${col}: mismatched input '${word}'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>`,
  /** UNVERIFIED: Athena/Trino allow one statement per query. */
  multipleStatements: () => "SYNTAX_ERROR: Only one sql statement is allowed. Got more than one statement",
  /** Sandbox limitation (not an AWS text): the sandbox only runs read-only queries. */
  notSupported: (kind: string) =>
    `NOT_SUPPORTED: The sandbox's Athena engine only runs SELECT queries; '${kind}' statements are not supported`,
  /** UNVERIFIED: Trino's FUNCTION_NOT_FOUND wording. */
  functionNotFound: (line: number, col: number, name: string) =>
    `FUNCTION_NOT_FOUND: line ${line}:${col}: Function '${name}' not registered`,
  /** Sandbox-specific: files, extensions and other databases are unreachable from a query (DuckDB permission error). */
  externalAccessBlocked: (line: number, col: number) =>
    `PERMISSION_DENIED: line ${line}:${col}: Access to files, extensions and other databases is not available to queries`,
  /** Sandbox-specific fallback: an engine error the sandbox does not map to an Athena text (detail is DuckDB's). */
  genericUserError: (detail: string) => `GENERIC_USER_ERROR: ${detail}`,
  /** UNVERIFIED: Trino's INVALID_PARAMETER_USAGE-like text for ExecutionParameters count mismatch. */
  parameterCountMismatch: (expected: number, got: number) =>
    `INVALID_PARAMETER_USAGE: Incorrect number of parameters: expected ${expected} but found ${got}`,
  /** [FACTS §3.8] 3P text for a results location the query may not write. */
  outputAccessDenied: (url: string) =>
    `Access denied when writing output to url: ${url} . Please ensure you are allowed to access the S3 bucket. If you are encrypting query results with KMS key, please ensure you are allowed to access your KMS key`,
  /** UNVERIFIED: results bucket missing. */
  outputBucketMissing: (bucket: string) => `Unable to verify/create output bucket ${bucket}`,
  /** UNVERIFIED: workgroup BytesScannedCutoffPerQuery exceeded. */
  bytesScannedCutoff: (limit: number) =>
    `Query exhausted the data scan limit of ${limit} bytes set by the workgroup (BytesScannedCutoffPerQuery).`,
  /** [FACTS §3.5] 3P-ATHLOCAL. */
  cancelledByUser: () => "Query cancelled by user",
} as const;

/**
 * GetQueryResults conventions commonly seen in Athena output but UNVERIFIED (aws-wire-facts §9):
 * ColumnInfo.CatalogName "hive" with empty SchemaName/TableName, and UpdateCount 0 for SELECT.
 * (Per-type Precision/Scale live with the type mapping in lakeformation/athena-types.ts, same status.)
 */
export const resultConventions = { catalogName: "hive", schemaName: "", tableName: "", updateCount: 0 } as const;

/** CloudTrail texts for the Lake Formation GetDataAccess records Athena's credential vending produces. */
export const auditText = {
  /** UNVERIFIED: errorMessage of a denied lakeformation GetDataAccess record (errorCode AccessDeniedException). */
  lfDenied: (db: string, table: string) => `Insufficient Lake Formation permission(s) on ${db}.${table}`,
  /** UNVERIFIED: the session name of the workgroup execution role Athena assumes for a query. */
  executionRoleSession: (queryId: string) => `AthenaTIP-${queryId.slice(0, 8)}`,
  /** [FACTS §5.3] shape "AWSLF-00-GL-<acct>-<10 chars>"; "AT" for Athena is UNVERIFIED. */
  lfRoleSessionName: (account: string, suffix: string) => `AWSLF-00-AT-${account}-${suffix}`,
} as const;

/** UnprocessedQueryExecutionId.ErrorCode values of BatchGetQueryExecution (UNVERIFIED). */
export const batchErrorCodes = { notFound: "QUERY_EXECUTION_NOT_FOUND", accessDenied: "ACCESS_DENIED" } as const;

/**
 * AthenaError ErrorCategory/ErrorType/Retryable per failure cause: the ONE table every FAILED query takes
 * its AthenaError from. Sources:
 *   [ATH-ERR] Athena error catalog, https://docs.aws.amazon.com/athena/latest/ug/error-reference.html:
 *             categories 1 SYSTEM, 2 USER, 3 OTHER; types 200 "Query engine had an internal error",
 *             234 "Lake Formation error", 401/402 "Failed to write query results to Amazon S3",
 *             1000 "User error", 1006 "Syntax error", 1200 "Query not supported", 1400 "Throttling error",
 *             1401 "Query failed due to AWS Glue throttling", 1403 "... Amazon S3 throttling",
 *             1404–1406 "... Amazon Athena throttling", 1500 "Permission error", 1501 "Amazon S3 permission error".
 *   [FACTS §3.3] real output: COLUMN_NOT_FOUND is category 2, type 1006.
 *   [MODEL] AthenaError.Retryable: "True if the query might succeed if resubmitted" (@aws-sdk/client-athena).
 * Which TYPE each cause gets is from ATH-ERR's descriptions; the CATEGORY of every permission/throttling
 * cause is UNVERIFIED (no public capture), as is 1006 for the analysis errors other than COLUMN_NOT_FOUND.
 * The permission causes deliberately share one text prefix (see engineText.insufficientPermissions) and
 * differ only in ErrorType and the text after the prefix, as on AWS (audit D1).
 */
export const errorTypes = {
  /** [FACTS §3.3] COLUMN_NOT_FOUND; UNVERIFIED for the other analysis errors. */
  analysis: { category: 2, type: 1006, retryable: false },
  /** [ATH-ERR] 1200 "Query not supported"; category UNVERIFIED. */
  notSupported: { category: 2, type: 1200, retryable: false },
  /** [ATH-ERR] 234 "Lake Formation error": table-level LF denial and missing DESCRIBE on `default`; category UNVERIFIED. */
  lakeFormation: { category: 2, type: 234, retryable: false },
  /** [ATH-ERR] 1500 "Permission error": KMS key not usable by the reader; category UNVERIFIED. */
  kms: { category: 2, type: 1500, retryable: false },
  /** [ATH-ERR] 1500 "Permission error": the catalog reader (execution role) lacks glue:GetTable/GetDatabase; category UNVERIFIED. */
  glueIam: { category: 2, type: 1500, retryable: false },
  /** [ATH-ERR] 1501 "Amazon S3 permission error": data location not registered / registration role cannot read; category UNVERIFIED. */
  dataLocation: { category: 2, type: 1501, retryable: false },
  /** [ATH-ERR] 401 "Failed to write query results to Amazon S3"; category UNVERIFIED. Differs from every data-policy type. */
  outputWrite: { category: 2, type: 401, retryable: false },
  /** [ATH-ERR] 1401 "Query failed due to AWS Glue throttling"; Retryable true per [MODEL]; category 1 (SYSTEM) UNVERIFIED. */
  throttled: { category: 1, type: 1401, retryable: true },
  /** [ATH-ERR] 1000 "User error". */
  generic: { category: 2, type: 1000, retryable: false },
  /** [ATH-ERR] 200 "Query engine had an internal error" (a sandbox bug). */
  internal: { category: 1, type: 200, retryable: false },
} as const;

export type ErrorTypeEntry = (typeof errorTypes)[keyof typeof errorTypes];
