// Every S3 Control error code and text the sandbox returns, in one place. AWS models no errors for
// the Access Grants operations, so most of these come from observation or are the sandbox's choice.
// UNVERIFIED strings are marked: capture them from a real account once (aws-wire-facts §4.3, §8.14)
// and replace them here; nothing else in the service spells an error text.
import { AwsError } from "../../protocols/errors.js";

// Code and status: AWS-authored plugin (aws/boto3-s3-access-grants-plugin) keys on `AccessDenied`,
// and its integration test expects 403 when no grant matches. Message text: UNVERIFIED.
export const ACCESS_DENIED_TEXT = "Access Denied";

export const s3ControlErrors = {
  /** No grant of the caller (or its directory identity) covers the target with the permission. */
  noMatchingGrant: () => new AwsError("AccessDenied", ACCESS_DENIED_TEXT, { status: 403 }),
  /**
   * S3 Access Grants cannot assume the location's role (its trust policy lacks sts:AssumeRole, or
   * sts:SetContext / sts:SetSourceIdentity for the grantee's kind). Code and text UNVERIFIED: the
   * sandbox answers as for a missing grant, so the harness can tell them apart no better than on AWS.
   */
  locationRoleNotAssumable: () => new AwsError("AccessDenied", ACCESS_DENIED_TEXT, { status: 403 }),
  /**
   * durationSeconds above the location role's MaxSessionDuration: the service's AssumeRole fails. What
   * AWS answers is UNVERIFIED; the sandbox answers the AccessDenied of a missing grant, the most
   * ambiguous reading, so the harness must prove the role works at this duration before a denial.
   */
  durationAboveRoleMaximum: () => new AwsError("AccessDenied", ACCESS_DENIED_TEXT, { status: 403 }),
  /** Identity policy lacks the action (e.g. s3:GetDataAccess). Text UNVERIFIED (S3 style "Access Denied"). */
  notAuthorized: () => new AwsError("AccessDenied", ACCESS_DENIED_TEXT, { status: 403 }),
  /** x-amz-account-id names an account without this Access Grants instance. UNVERIFIED (code and text). */
  wrongAccount: () => new AwsError("AccessDenied", ACCESS_DENIED_TEXT, { status: 403 }),
  /** Code InvalidRequest is S3 Control's generic validation code; every text below is UNVERIFIED. */
  missingAccountId: () =>
    new AwsError("InvalidRequest", "Missing required header for this request: x-amz-account-id", { status: 400 }),
  invalidAccountId: (v: string) => new AwsError("InvalidRequest", `Invalid account id: ${v}`, { status: 400 }),
  missingParameter: (name: string) =>
    new AwsError("InvalidRequest", `Missing required parameter: ${name}`, { status: 400 }),
  invalidTarget: (v: string) => new AwsError("InvalidRequest", `Invalid S3 target: ${v}`, { status: 400 }),
  invalidPermission: (v: string) =>
    new AwsError("InvalidRequest", `Invalid permission: ${v}. Valid values are READ, WRITE, READWRITE`, {
      status: 400,
    }),
  invalidPrivilege: (v: string) =>
    new AwsError("InvalidRequest", `Invalid privilege: ${v}. Valid values are Default, Minimal`, { status: 400 }),
  invalidTargetType: (v: string) =>
    new AwsError("InvalidRequest", `Invalid targetType: ${v}. Valid value is Object`, { status: 400 }),
  /** Range 900–43200 is documented (BC:s3control, DOC-S3AG-CRED); the error code and text are UNVERIFIED. */
  invalidDuration: (v: string) =>
    new AwsError(
      "InvalidRequest",
      `The duration ${v} is not valid. The duration must be between 900 and 43200 seconds.`,
      { status: 400 },
    ),
  invalidAuditContext: () =>
    new AwsError("InvalidRequest", "auditContext must be between 1 and 2048 characters", { status: 400 }),
  invalidMaxResults: (v: string) =>
    new AwsError("InvalidRequest", `Invalid maxResults: ${v}. The value must be between 0 and 1000`, { status: 400 }),
  invalidNextToken: () => new AwsError("InvalidRequest", "The continuation token provided is invalid", { status: 400 }),
  invalidFilter: (name: string, v: string) => new AwsError("InvalidRequest", `Invalid ${name}: ${v}`, { status: 400 }),
  /** GetAccessGrantsInstanceForPrefix with a prefix no registered location covers. UNVERIFIED (code, status, text). */
  noInstanceForPrefix: () =>
    new AwsError("NoSuchAccessGrantsInstance", "There is no S3 Access Grants instance for the given prefix", {
      status: 404,
    }),
  /** The session's identity context has expired. UNVERIFIED (the sandbox's choice: refuse like an expired token). */
  identityContextExpired: () => new AwsError("ExpiredToken", "The provided token has expired.", { status: 400 }),
  /** 3P (LocalStack's recording of real S3): unsigned x-amz-* headers are refused. */
  headersNotSigned: (names: string[]) =>
    new AwsError("AccessDenied", "There were headers present in the request which were not signed", {
      status: 403,
      fields: { HeadersNotSigned: names.join(", ") },
    }),
  notEmulated: (method: string, path: string) =>
    new AwsError("NotImplemented", `The sandbox does not emulate S3 Control ${method} ${path}`, { status: 501 }),
};
