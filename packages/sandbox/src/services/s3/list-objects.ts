// ListObjectsV2 (?list-type=2): prefix, delimiter (CommonPrefixes count toward max-keys), max-keys
// (default and ceiling 1000), start-after, continuation-token, encoding-type=url. Keys are listed in
// UTF-8 binary order; the continuation token names the last returned key or common prefix.
import type { SandboxContext } from "../../context.js";
import { toXml, xmlResponse } from "../../protocols/wire.js";
import { q, type SandboxRequest, type SandboxResponse } from "../../types.js";
import { authorize } from "./authorize.js";
import { s3Errors } from "./messages.js";

const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
const MAX_KEYS = 1000;

interface Cursor {
  after: string;
  commonPrefix: boolean;
}

function encodeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.commonPrefix ? 1 : 0, c.after])).toString("base64");
}
function decodeToken(token: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && (v[0] === 0 || v[0] === 1) && typeof v[1] === "string")
      return { commonPrefix: v[0] === 1, after: v[1] };
  } catch {
    /* fall through */
  }
  throw s3Errors.invalidContinuationToken(token);
}

/** Whether a key comes after the cursor (past the whole common prefix when the cursor is one). */
function isAfter(key: string, c: Cursor | undefined): boolean {
  if (!c) return true;
  if (c.commonPrefix && key.startsWith(c.after)) return false;
  return key > c.after;
}

export async function listObjectsV2(
  ctx: SandboxContext,
  req: SandboxRequest,
  bucket: string,
): Promise<SandboxResponse> {
  if (!ctx.objects.hasBucket(bucket)) throw s3Errors.noSuchBucket(bucket);
  const prefix = q(req, "prefix") ?? "";
  authorize(ctx, req.lineage, { action: "s3:ListBucket", bucket, prefix });

  const delimiter = q(req, "delimiter") || undefined;
  const rawMax = q(req, "max-keys");
  if (rawMax !== undefined && !/^\d{1,10}$/.test(rawMax)) throw s3Errors.invalidMaxKeys(rawMax);
  const maxKeys = rawMax === undefined ? MAX_KEYS : Math.min(Number(rawMax), MAX_KEYS);
  const encoding = q(req, "encoding-type");
  if (encoding !== undefined && encoding !== "url") throw s3Errors.invalidEncodingType(encoding);
  const enc = (s: string) => (encoding === "url" ? encodeURIComponent(s) : s);
  const token = q(req, "continuation-token");
  const startAfter = q(req, "start-after");
  const cursor: Cursor | undefined =
    token !== undefined ? decodeToken(token) : startAfter ? { after: startAfter, commonPrefix: false } : undefined;

  const contents: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let last: Cursor | undefined;
  let truncated = false;
  for (const [key, obj] of ctx.objects.list(bucket, prefix)) {
    if (!isAfter(key, cursor) || (last?.commonPrefix && key.startsWith(last.after))) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    // max-keys=0 answers an empty, untruncated page (a truncated page without a token would loop a client).
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = maxKeys > 0;
      break;
    }
    if (cut >= 0) {
      const cp = key.slice(0, cut + delimiter!.length);
      prefixes.push(cp);
      last = { after: cp, commonPrefix: true };
    } else {
      contents.push({
        Key: enc(key),
        LastModified: obj.lastModified,
        ETag: obj.etag,
        ChecksumAlgorithm: "CRC32",
        ChecksumType: "FULL_OBJECT",
        Size: obj.body.length,
        StorageClass: "STANDARD",
      });
      last = { after: key, commonPrefix: false };
    }
  }

  return xmlResponse(
    toXml(
      "ListBucketResult",
      {
        Name: bucket,
        Prefix: enc(prefix),
        Delimiter: delimiter === undefined ? undefined : enc(delimiter),
        MaxKeys: maxKeys,
        EncodingType: encoding,
        KeyCount: contents.length + prefixes.length,
        IsTruncated: truncated,
        ContinuationToken: token,
        NextContinuationToken: truncated && last ? encodeToken(last) : undefined,
        StartAfter: startAfter === undefined ? undefined : enc(startAfter),
        Contents: contents,
        CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
      },
      S3_XMLNS,
    ),
    200,
    { "content-type": "application/xml" },
  );
}
