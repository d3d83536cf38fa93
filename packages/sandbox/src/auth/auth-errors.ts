// Authentication failures as each protocol family reports them. Codes are AWS's well-known ones
// (query: InvalidClientTokenId/SignatureDoesNotMatch/ExpiredToken; JSON services:
// UnrecognizedClientException/InvalidSignatureException/ExpiredTokenException; S3: InvalidAccessKeyId/
// SignatureDoesNotMatch/ExpiredToken/InvalidToken/AuthorizationHeaderMalformed). Every text is in
// AUTH_TEXT below, with its source; UNVERIFIED marks those no public source settles.
import { AwsError, type Protocol } from "../protocols/errors.js";

export const AUTH_TEXT = {
  signature:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  s3Signature:
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  /** Seen from STS and JSON services in many public reports ("…, not 'eu-west-1'. " in older ones). Exact current form UNVERIFIED. */
  scopeRegion: "Credential should be scoped to a valid region. ",
  /** API Gateway/JSON services: "Credential should be scoped to correct service: 'execute-api'. " (public reports). For these services UNVERIFIED. */
  scopeService: (expected: string) => `Credential should be scoped to correct service: '${expected}'. `,
  /** S3, many public captures: `<Region>` names the expected Region. */
  s3ScopeRegion: (given: string, expected: string) =>
    `The authorization header is malformed; the region '${given}' is wrong; expecting '${expected}'`,
  /** UNVERIFIED: S3's text for a credential scoped to another service. */
  s3ScopeService: (given: string, expected: string) =>
    `The authorization header is malformed; incorrect service "${given}". This endpoint belongs to "${expected}".`,
  /** S3 InvalidToken (public captures of `aws s3 ls` with a stale session token). */
  s3InvalidToken: "The provided token is malformed or otherwise invalid.",
} as const;

export function authErrors(protocol: Protocol) {
  // restJson1 services answer signature problems with 403 (Lambda, API Gateway, CloudFront KeyValueStore:
  // aws/aws-sdk-js#4545); awsJson services with 400. For SSO OIDC specifically the status is UNVERIFIED.
  const json = protocol === "awsJson1_1" || protocol === "restJson";
  const jsonStatus = protocol === "restJson" ? 403 : 400;
  const s3 = protocol === "restXml" || protocol === "restXmlControl";
  const msgKey = "message" as const;
  const sigError = (message: string) =>
    json
      ? new AwsError("InvalidSignatureException", message, { status: jsonStatus, messageKey: msgKey })
      : new AwsError("SignatureDoesNotMatch", message, { status: 403 });
  return {
    missing: () =>
      s3
        ? new AwsError("AccessDenied", "Access Denied", { status: 403 })
        : json
          ? new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", {
              status: 403,
              messageKey: msgKey,
            })
          : new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", { status: 403 }),
    unknownKey: (key: string) =>
      s3
        ? new AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", {
            status: 403,
            fields: { AWSAccessKeyId: key },
          })
        : json
          ? new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.", {
              status: jsonStatus,
              messageKey: msgKey,
            })
          : new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", {
              status: 403,
            }),
    /** A session token that is not the one issued with the key: S3 says InvalidToken 400; the others as for an unknown key. */
    badToken: (key: string, token: string) =>
      s3
        ? new AwsError("InvalidToken", AUTH_TEXT.s3InvalidToken, { status: 400, fields: { "Token-0": token } })
        : authErrors(protocol).unknownKey(key),
    /** S3 also tells the caller what it signed: AWSAccessKeyId, StringToSign, SignatureProvided. */
    badSignature: (detail?: { accessKeyId: string; signatureProvided: string; stringToSign?: string }) =>
      s3
        ? new AwsError("SignatureDoesNotMatch", AUTH_TEXT.s3Signature, {
            status: 403,
            fields: detail
              ? {
                  AWSAccessKeyId: detail.accessKeyId,
                  StringToSign: detail.stringToSign ?? "",
                  SignatureProvided: detail.signatureProvided,
                }
              : {},
          })
        : sigError(AUTH_TEXT.signature),
    /** Credential scope Region differs from the endpoint's. */
    wrongRegion: (given: string, expected: string) =>
      s3
        ? new AwsError("AuthorizationHeaderMalformed", AUTH_TEXT.s3ScopeRegion(given, expected), {
            status: 400,
            fields: { Region: expected },
          })
        : sigError(AUTH_TEXT.scopeRegion),
    /** Credential scope service differs from the endpoint's signing name. */
    wrongService: (given: string, expected: string) =>
      s3
        ? new AwsError("AuthorizationHeaderMalformed", AUTH_TEXT.s3ScopeService(given, expected), { status: 400 })
        : sigError(AUTH_TEXT.scopeService(expected)),
    contentHash: () =>
      s3
        ? new AwsError(
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            { status: 400 },
          )
        : sigError(AUTH_TEXT.signature),
    skewed: (date: Date, now: number) => {
      const msg = `Signature expired: ${date.toISOString()} is now earlier than ${new Date(now - 15 * 60 * 1000).toISOString()} (${new Date(now).toISOString()} - 15 min.)`;
      return s3
        ? new AwsError(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            { status: 403 },
          )
        : sigError(msg);
    },
    expired: () =>
      s3
        ? new AwsError("ExpiredToken", "The provided token has expired.", { status: 400 })
        : json
          ? new AwsError("ExpiredTokenException", "The security token included in the request is expired", {
              status: 400,
              messageKey: msgKey,
            })
          : new AwsError("ExpiredToken", "The security token included in the request is expired", { status: 400 }),
  };
}
