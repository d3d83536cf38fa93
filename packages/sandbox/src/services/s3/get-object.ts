// GetObject and HeadObject: bucket → authorization → key, in that order, so a caller without access
// learns nothing about which keys exist. The stored CRC32 is returned only on request
// (x-amz-checksum-mode: ENABLED) and only for whole-object reads, where the SDK validates it.
import type { SandboxContext } from "../../context.js";
import type { StoredObject } from "../../s3store.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { authorize, missingKeyError } from "./authorize.js";
import { s3Errors } from "./messages.js";

interface ByteRange {
  start: number;
  end: number;
}

/** Parses a single `bytes=` range; multi-range and malformed headers are ignored (whole object), as S3 does. */
function parseRange(header: string | undefined, size: number): ByteRange | undefined | "unsatisfiable" {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
    if (Number(m[2]) === 0) return "unsatisfiable";
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

export function objectHeaders(obj: StoredObject): Record<string, string> {
  return {
    "content-type": obj.contentType,
    etag: obj.etag,
    "last-modified": obj.lastModified.toUTCString(),
    "accept-ranges": "bytes",
  };
}

export async function getObject(
  ctx: SandboxContext,
  req: SandboxRequest,
  bucket: string,
  key: string,
): Promise<SandboxResponse> {
  if (!ctx.objects.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
  authorize(ctx, req.lineage, { action: "s3:GetObject", bucket, key });
  const obj = ctx.objects.get(bucket, key);
  if (!obj) throw missingKeyError(ctx, req.lineage, bucket, key);

  const range = parseRange(req.headers.range, obj.body.length);
  if (range === "unsatisfiable") throw s3Errors.invalidRange(obj.body.length);
  const headers = objectHeaders(obj);
  const body = range ? obj.body.subarray(range.start, range.end + 1) : obj.body;
  if (range) headers["content-range"] = `bytes ${range.start}-${range.end}/${obj.body.length}`;
  else if (req.headers["x-amz-checksum-mode"]?.toUpperCase() === "ENABLED") {
    headers["x-amz-checksum-crc32"] = obj.checksumCrc32;
    headers["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  headers["content-length"] = String(body.length);
  // HEAD: same headers, no body (the server never writes a body for HEAD).
  return { status: range ? 206 : 200, headers, body: req.method === "HEAD" ? Buffer.alloc(0) : body };
}
