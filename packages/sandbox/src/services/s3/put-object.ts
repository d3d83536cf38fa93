// PutObject: authorization first, then the body. aws-chunked bodies are decoded, their length checked
// against x-amz-decoded-content-length, and every supplied checksum (header or trailer) verified before
// the DECODED bytes are stored. Signed-chunk streaming is refused: its chunk signatures are not verified.
import type { SandboxContext } from "../../context.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { authorize } from "./authorize.js";
import { decodeAwsChunked } from "./aws-chunked.js";
import { checksumsIn, verifyChecksum, verifyContentMd5 } from "./checksum.js";
import { s3Errors } from "./messages.js";

// S3's default content type for objects uploaded without one.
const DEFAULT_CONTENT_TYPE = "binary/octet-stream";

function payload(req: SandboxRequest): { body: Buffer; trailers: Record<string, string> } {
  const sha = req.headers["x-amz-content-sha256"] ?? "";
  if (/^STREAMING-(AWS4-HMAC-SHA256|AWS4-ECDSA-P256-SHA256)-/.test(sha))
    throw s3Errors.notImplemented(`x-amz-content-sha256: ${sha}`);
  const chunked =
    (req.headers["content-encoding"] ?? "").split(",").some((e) => e.trim() === "aws-chunked") ||
    sha === "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  if (!chunked) return { body: req.body, trailers: {} };
  const declared = req.headers["x-amz-decoded-content-length"];
  if (declared === undefined || !/^\d+$/.test(declared)) throw s3Errors.missingContentLength();
  const decoded = decodeAwsChunked(req.body);
  if (decoded.body.length !== Number(declared)) throw s3Errors.incompleteBody(Number(declared), decoded.body.length);
  return decoded;
}

export async function putObject(
  ctx: SandboxContext,
  req: SandboxRequest,
  bucket: string,
  key: string,
): Promise<SandboxResponse> {
  if (!ctx.objects.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
  authorize(ctx, req.lineage, { action: "s3:PutObject", bucket, key });
  if (req.headers["x-amz-copy-source"] !== undefined) throw s3Errors.notImplemented("x-amz-copy-source");

  const { body, trailers } = payload(req);
  const declaredTrailers = (req.headers["x-amz-trailer"] ?? "")
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const t of declaredTrailers) if (trailers[t] === undefined) throw s3Errors.missingTrailer(t);
  const supplied = [...checksumsIn(req.headers, "header"), ...checksumsIn(trailers, "trailer")];
  if (supplied.length > 1) throw s3Errors.multipleChecksums();
  for (const c of supplied) verifyChecksum(c, body);
  verifyContentMd5(req.headers["content-md5"], body);

  const obj = ctx.objects.put(
    bucket,
    key,
    body,
    req.headers["content-type"] ?? DEFAULT_CONTENT_TYPE,
    new Date(ctx.clock.now()),
  );
  const headers: Record<string, string> = { etag: obj.etag };
  if (supplied.length === 1) {
    if (supplied[0].algorithm === "crc32") headers["x-amz-checksum-crc32"] = obj.checksumCrc32;
    else headers[supplied[0].header] = supplied[0].value;
    headers["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  return { status: 200, headers, body: "" };
}
