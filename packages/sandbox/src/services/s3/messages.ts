// Every S3 error the sandbox returns, in one place. Codes and texts marked "well known" are S3's
// long-documented ones; "3P" ones were observed against real S3 by third parties (versitygw issues
// #1173/#1684/#1694, ceph/s3-tests#644); UNVERIFIED ones are the sandbox's choice. Replace from a live
// capture here only.
import { AwsError } from "../../protocols/errors.js";

export const s3Errors = {
  /** Well known. Also what S3 answers when Access Grants credentials reach outside their scope. */
  accessDenied: () => new AwsError("AccessDenied", "Access Denied", { status: 403 }),
  /** 3P (LocalStack's recording of real S3). */
  headersNotSigned: (names: string[]) =>
    new AwsError("AccessDenied", "There were headers present in the request which were not signed", {
      status: 403,
      fields: { HeadersNotSigned: names.join(", ") },
    }),
  /** Well known text. */
  missingContentSha256: () =>
    new AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", { status: 400 }),
  /** 3P/UNVERIFIED text: a payload hash that is neither hex SHA-256 nor a known marker. */
  invalidContentSha256: (v: string) =>
    new AwsError(
      "InvalidArgument",
      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
      { status: 400, fields: { ArgumentName: "x-amz-content-sha256", ArgumentValue: v } },
    ),
  /** Well known. */
  noSuchBucket: (bucket: string) =>
    new AwsError("NoSuchBucket", "The specified bucket does not exist", {
      status: 404,
      fields: { BucketName: bucket },
    }),
  /** Well known. */
  noSuchKey: (key: string) =>
    new AwsError("NoSuchKey", "The specified key does not exist.", { status: 404, fields: { Key: key } }),
  /** Well known. */
  invalidRange: (size: number) =>
    new AwsError("InvalidRange", "The requested range is not satisfiable", {
      status: 416,
      fields: { ActualObjectSize: size },
    }),
  /** Well known text; used for every operation and header combination the sandbox does not emulate. */
  notImplemented: (what: string) =>
    new AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", {
      status: 501,
      fields: { Header: what },
    }),
  /** 3P: a well-formed checksum that does not match the body, in a header or an aws-chunked trailer. */
  badChecksum: (algorithm: string) =>
    new AwsError("BadDigest", `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`, {
      status: 400,
    }),
  /** 3P: a checksum value that is not base64 of the right length. */
  invalidChecksumHeader: (header: string) =>
    new AwsError("InvalidRequest", `Value for ${header} header is invalid.`, { status: 400 }),
  invalidChecksumTrailer: (header: string) =>
    new AwsError("InvalidRequest", `Value for ${header} trailing header is invalid.`, { status: 400 }),
  /** UNVERIFIED text. */
  multipleChecksums: () =>
    new AwsError(
      "InvalidRequest",
      "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
      { status: 400 },
    ),
  /** UNVERIFIED (code and text): x-amz-trailer announces a checksum the body does not carry. */
  missingTrailer: (header: string) =>
    new AwsError("InvalidRequest", `The trailing header ${header} was declared but not provided.`, { status: 400 }),
  /** The sandbox verifies only CRC32, SHA1 and SHA256; it refuses rather than store unverified data. */
  unsupportedChecksum: (header: string) =>
    new AwsError("NotImplemented", `The sandbox cannot verify ${header}; use CRC32, SHA1 or SHA256.`, {
      status: 501,
      fields: { Header: header },
    }),
  /** 3P: decoded aws-chunked length differs from x-amz-decoded-content-length. */
  incompleteBody: (expected: number, provided: number) =>
    new AwsError(
      "IncompleteBody",
      "You did not provide the number of bytes specified by the Content-Length HTTP header",
      { status: 400, fields: { NumberBytesExpected: expected, NumberBytesProvided: provided } },
    ),
  /** UNVERIFIED: aws-chunked framing that cannot be parsed. */
  malformedChunkedBody: () =>
    new AwsError("IncompleteBody", "The request body terminated unexpectedly", { status: 400 }),
  /** Well known code; used when an aws-chunked body lacks x-amz-decoded-content-length. */
  missingContentLength: () =>
    new AwsError("MissingContentLength", "You must provide the Content-Length HTTP header.", { status: 411 }),
  /** Well known. */
  invalidDigest: () => new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", { status: 400 }),
  badMd5: () =>
    new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", { status: 400 }),
  /** UNVERIFIED texts (code InvalidArgument with ArgumentName/ArgumentValue is S3's usual shape). */
  invalidMaxKeys: (v: string) =>
    new AwsError("InvalidArgument", "Provided max-keys not an integer or within integer range", {
      status: 400,
      fields: { ArgumentName: "max-keys", ArgumentValue: v },
    }),
  invalidContinuationToken: (v: string) =>
    new AwsError("InvalidArgument", "The continuation token provided is incorrect", {
      status: 400,
      fields: { ArgumentName: "continuation-token", ArgumentValue: v },
    }),
  invalidEncodingType: (v: string) =>
    new AwsError("InvalidArgument", "Invalid Encoding Method specified in Request", {
      status: 400,
      fields: { ArgumentName: "encoding-type", ArgumentValue: v },
    }),
};
