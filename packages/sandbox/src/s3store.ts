// The sandbox's S3 object store, shared by the S3 service (reads/writes) and Athena (query results).
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  /** base64 CRC32, known for every object the sandbox stores. */
  checksumCrc32: string;
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }
  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }
  put(
    bucket: string,
    key: string,
    body: Buffer,
    contentType = "application/octet-stream",
    now = new Date(),
  ): StoredObject {
    const b = this.buckets.get(bucket);
    if (!b) throw new Error(`no such bucket ${bucket}`);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    const obj: StoredObject = {
      body,
      contentType,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      lastModified: now,
      checksumCrc32: crc.toString("base64"),
    };
    b.set(key, obj);
    return obj;
  }
  get(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }
  /** Keys in a bucket with the prefix, sorted (S3 lists in UTF-8 binary order). */
  list(bucket: string, prefix = ""): [string, StoredObject][] {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    return [...b.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
  }
}

/** Splits s3://bucket/key into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}
