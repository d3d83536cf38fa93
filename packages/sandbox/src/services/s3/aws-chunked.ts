// `content-encoding: aws-chunked` bodies (x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER):
//   <hex-size>[;ext]\r\n <data> \r\n ... 0\r\n <name>:<value>\r\n ... \r\n
// The trailer is unsigned, so its checksum is the only integrity check of this path: the caller must
// verify it (checksum.ts) and store the DECODED bytes, never the framing.
import { s3Errors } from "./messages.js";

export interface ChunkedBody {
  body: Buffer;
  /** Trailing headers, lower-cased names. */
  trailers: Record<string, string>;
}

const CRLF = Buffer.from("\r\n");

function lineAt(raw: Buffer, pos: number): { line: string; next: number } {
  const end = raw.indexOf(CRLF, pos);
  if (end < 0) throw s3Errors.malformedChunkedBody();
  return { line: raw.toString("latin1", pos, end), next: end + 2 };
}

export function decodeAwsChunked(raw: Buffer): ChunkedBody {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const { line, next } = lineAt(raw, pos);
    const sizeText = line.split(";")[0].trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw s3Errors.malformedChunkedBody();
    const size = parseInt(sizeText, 16);
    pos = next;
    if (size === 0) break;
    if (pos + size + 2 > raw.length || raw[pos + size] !== 0x0d || raw[pos + size + 1] !== 0x0a)
      throw s3Errors.malformedChunkedBody();
    parts.push(raw.subarray(pos, pos + size));
    pos += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (;;) {
    const { line, next } = lineAt(raw, pos);
    pos = next;
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon <= 0) throw s3Errors.malformedChunkedBody();
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (pos !== raw.length) throw s3Errors.malformedChunkedBody();
  return { body: Buffer.concat(parts), trailers };
}
