// Checks S3 makes before any operation: every x-amz-* header is signed, and x-amz-content-sha256 is a
// real SHA-256 or one of the documented markers. The shared SigV4 verifier trusts any non-hex value as
// "unsigned payload"; S3 accepts only these, so a made-up marker cannot switch body verification off.
import type { SandboxRequest } from "../../types.js";
import { unsignedAmzHeaders } from "../s3control/request.js";
import { s3Errors } from "./messages.js";

const PAYLOAD_MARKERS = new Set([
  "UNSIGNED-PAYLOAD",
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
]);

export function checkFrontDoor(req: SandboxRequest): void {
  const unsigned = unsignedAmzHeaders(req);
  if (unsigned.length) throw s3Errors.headersNotSigned(unsigned);
  const sha = req.headers["x-amz-content-sha256"];
  if (sha === undefined) throw s3Errors.missingContentSha256();
  if (!/^[0-9a-f]{64}$/.test(sha) && !PAYLOAD_MARKERS.has(sha)) throw s3Errors.invalidContentSha256(sha);
}
