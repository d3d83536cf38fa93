// Authentication failures as each protocol family reports them. Codes are AWS's well-known ones
// (query: InvalidClientTokenId/SignatureDoesNotMatch/ExpiredToken; JSON services:
// UnrecognizedClientException/InvalidSignatureException/ExpiredTokenException; S3: InvalidAccessKeyId/
// SignatureDoesNotMatch/ExpiredToken). Message texts are the commonly seen ones; keep them here only.
import { AwsError, type Protocol } from "../protocols/errors.js";

const SIG_MSG = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const S3_SIG_MSG = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

export function authErrors(protocol: Protocol) {
  const json = protocol === "awsJson1_1" || protocol === "restJson";
  const s3 = protocol === "restXml" || protocol === "restXmlControl";
  const msgKey = "message" as const;
  return {
    missing: () =>
      s3 ? new AwsError("AccessDenied", "Access Denied", { status: 403 })
        : json ? new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", { status: 403, messageKey: msgKey })
        : new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", { status: 403 }),
    unknownKey: (key: string) =>
      s3 ? new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { status: 403, fields: { AWSAccessKeyId: key } })
        : json ? new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.", { status: 400, messageKey: msgKey })
        : new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", { status: 403 }),
    /** S3 also tells the caller what it signed: AWSAccessKeyId, StringToSign, SignatureProvided. */
    badSignature: (detail?: { accessKeyId: string; signatureProvided: string; stringToSign?: string }) =>
      s3 ? new AwsError("SignatureDoesNotMatch", S3_SIG_MSG, { status: 403, fields: detail ? { AWSAccessKeyId: detail.accessKeyId, StringToSign: detail.stringToSign ?? "", SignatureProvided: detail.signatureProvided } : {} })
        : json ? new AwsError("InvalidSignatureException", SIG_MSG, { status: 400, messageKey: msgKey })
        : new AwsError("SignatureDoesNotMatch", SIG_MSG, { status: 403 }),
    contentHash: () =>
      s3 ? new AwsError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", { status: 400 })
        : json ? new AwsError("InvalidSignatureException", SIG_MSG, { status: 400, messageKey: msgKey })
        : new AwsError("SignatureDoesNotMatch", SIG_MSG, { status: 403 }),
    skewed: (date: Date, now: number) => {
      const msg = `Signature expired: ${date.toISOString()} is now earlier than ${new Date(now - 15 * 60 * 1000).toISOString()} (${new Date(now).toISOString()} - 15 min.)`;
      return s3 ? new AwsError("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", { status: 403 })
        : json ? new AwsError("InvalidSignatureException", msg, { status: 400, messageKey: msgKey })
        : new AwsError("SignatureDoesNotMatch", msg, { status: 403 });
    },
    expired: () =>
      s3 ? new AwsError("ExpiredToken", "The provided token has expired.", { status: 400 })
        : json ? new AwsError("ExpiredTokenException", "The security token included in the request is expired", { status: 400, messageKey: msgKey })
        : new AwsError("ExpiredToken", "The security token included in the request is expired", { status: 400 }),
  };
}
