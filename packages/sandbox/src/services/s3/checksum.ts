// Flexible checksums (x-amz-checksum-<alg>) sent by the SDK on PutObject, in a header or an aws-chunked
// trailer. CRC32 is the SDK default (node:zlib crc32, big-endian, base64); SHA1/SHA256 come from
// node:crypto. Algorithms the sandbox cannot compute are refused, never stored unverified.
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { s3Errors } from "./messages.js";

const COMPUTE: Record<string, (b: Buffer) => Buffer> = {
  crc32: (b) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(b) >>> 0);
    return out;
  },
  sha1: (b) => createHash("sha1").update(b).digest(),
  sha256: (b) => createHash("sha256").update(b).digest(),
};
const KNOWN_UNVERIFIABLE = new Set(["crc32c", "crc64nvme"]);
/** x-amz-checksum-* headers that are not checksum values. */
const NOT_VALUES = new Set(["x-amz-checksum-mode", "x-amz-checksum-type", "x-amz-checksum-algorithm"]);

export interface SuppliedChecksum {
  header: string;
  algorithm: string;
  value: string;
  where: "header" | "trailer";
}

export function checksumsIn(fields: Record<string, string>, where: "header" | "trailer"): SuppliedChecksum[] {
  return Object.entries(fields)
    .filter(([k]) => k.startsWith("x-amz-checksum-") && !NOT_VALUES.has(k))
    .map(([k, v]) => ({ header: k, algorithm: k.slice("x-amz-checksum-".length), value: v, where }));
}

/** Throws InvalidRequest for a malformed value, BadDigest for a wrong one, NotImplemented for an unknown algorithm. */
export function verifyChecksum(c: SuppliedChecksum, body: Buffer): void {
  const compute = COMPUTE[c.algorithm];
  if (!compute) {
    if (KNOWN_UNVERIFIABLE.has(c.algorithm)) throw s3Errors.unsupportedChecksum(c.header);
    throw c.where === "header" ? s3Errors.invalidChecksumHeader(c.header) : s3Errors.invalidChecksumTrailer(c.header);
  }
  const expected = compute(body);
  const given = Buffer.from(c.value, "base64");
  if (given.length !== expected.length || given.toString("base64") !== c.value) {
    throw c.where === "header" ? s3Errors.invalidChecksumHeader(c.header) : s3Errors.invalidChecksumTrailer(c.header);
  }
  if (!given.equals(expected)) throw s3Errors.badChecksum(c.algorithm);
}

/** Content-MD5 (base64 of the MD5 digest), when sent. */
export function verifyContentMd5(value: string | undefined, body: Buffer): void {
  if (value === undefined) return;
  const given = Buffer.from(value, "base64");
  if (given.length !== 16 || given.toString("base64") !== value) throw s3Errors.invalidDigest();
  if (!given.equals(createHash("md5").update(body).digest())) throw s3Errors.badMd5();
}
