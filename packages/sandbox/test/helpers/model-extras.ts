// What the AWS models do not say but the harness depends on, kept explicit and small. Every entry names
// its source in /work/shared/reference/aws-wire-facts.md (§ = section there). The v3 schemas already carry
// the model's own required members (a required count per structure); these lists are checked on top and
// reported as rule "harness-required", so a model requirement and a harness assumption stay distinguishable.

/**
 * Output members the model leaves optional, that AWS documents or was observed to always return, and
 * that the harness reads. Keyed by service, then by shape name as it appears in the v3 schema.
 */
export const HARNESS_REQUIRED: Record<string, Record<string, string[]>> = {
  "sso-oidc": {
    // §1.3 and §9: every documented jwt-bearer response carries these three.
    CreateTokenWithIAMResponse: ["accessToken", "tokenType", "expiresIn"],
  },
  sts: {
    // §2.3: the AssumeRole result as AWS documents it; §2.6: GetCallerIdentity "has only UserId, Account, Arn".
    AssumeRoleResponse: ["Credentials", "AssumedRoleUser"],
    GetCallerIdentityResponse: ["UserId", "Account", "Arn"],
  },
  athena: {
    // §3.2: StartQueryExecution answers {QueryExecutionId}.
    StartQueryExecutionOutput: ["QueryExecutionId"],
    GetQueryExecutionOutput: ["QueryExecution"],
    // §3.3: the real FAILED example carries these; the harness reads State, the reason and the statistics.
    QueryExecution: ["QueryExecutionId", "Query", "StatementType", "Status", "Statistics", "WorkGroup"],
    QueryExecutionStatus: ["State", "SubmissionDateTime"],
    AthenaError: ["ErrorCategory", "ErrorType", "Retryable", "ErrorMessage"],
    // §3.4 and §9: results always have a ResultSet with rows and column metadata.
    GetQueryResultsOutput: ["ResultSet"],
    ResultSet: ["Rows", "ResultSetMetadata"],
    ResultSetMetadata: ["ColumnInfo"],
  },
  "s3-control": {
    // §4.1: the GetDataAccess result; credentials are the same four members STS marks required.
    GetDataAccessResult: ["Credentials", "MatchedGrantTarget", "Grantee"],
    Credentials: ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"],
    Grantee: ["GranteeType", "GranteeIdentifier"],
    // §4.4: "returns AccessGrantsInstanceArn and AccessGrantsInstanceId".
    GetAccessGrantsInstanceForPrefixResult: ["AccessGrantsInstanceArn", "AccessGrantsInstanceId"],
  },
  cloudtrail: {
    // §5.1 and §9: the harness matches on these and parses CloudTrailEvent.
    LookupEventsResponse: ["Events"],
    Event: ["EventId", "EventName", "EventTime", "EventSource", "CloudTrailEvent"],
  },
};

/**
 * String members whose value is itself a JSON document (§5.1: "CloudTrailEvent (JSON **string**)").
 * The SDK passes an object through untouched (emulator-anchors §5), so only the wire shows the bug.
 */
export const JSON_STRING_MEMBERS = new Set(["Event.CloudTrailEvent"]);
