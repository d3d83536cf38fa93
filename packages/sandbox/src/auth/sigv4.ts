// Server-side SigV4 verification with @smithy/signature-v4: re-sign exactly the signed headers over
// the raw path and raw query, and recompute the payload hash (the signer trusts x-amz-content-sha256).
import { createHash, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import type { CredentialStore, Lineage } from "./credentials.js";
import { AwsError, type Protocol } from "../protocols/errors.js";
import { authErrors } from "./auth-errors.js";

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface SignatureScope {
  accessKeyId: string;
  region: string;
  service: string;
}

export function parseAuthorization(
  header: string | undefined,
): (SignatureScope & { signedHeaders: string[]; signature: string; date: string }) | undefined {
  const m = header ? AUTH_RE.exec(header) : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(";"),
    signature: m[6],
  };
}

/** Splits a raw query string without URLSearchParams (which would turn '+' into a space). */
export function parseRawQuery(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!raw) return out;
  for (const part of raw.split("&")) {
    if (!part) continue;
    const i = part.indexOf("=");
    const k = decodeURIComponent(i < 0 ? part : part.slice(0, i));
    const v = i < 0 ? "" : decodeURIComponent(part.slice(i + 1));
    (out[k] ??= []).push(v);
  }
  return out;
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

export interface VerifyInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: Buffer;
  protocol: Protocol;
  now: number;
  /** The endpoint's signing name and Region: a credential scope naming others is refused. */
  expected?: { signingName: string; region: string };
}

/** Returns the caller's lineage, or throws the AwsError AWS would return for this protocol. */
export async function verifySigV4(
  input: VerifyInput,
  store: CredentialStore,
): Promise<{ lineage: Lineage; scope: SignatureScope }> {
  const errors = authErrors(input.protocol);
  const auth = parseAuthorization(input.headers["authorization"]);
  if (!auth) throw errors.missing();
  // The credential scope must name this endpoint's service and Region (checked before the key, as AWS
  // answers a mis-scoped request the same whoever signed it).
  if (input.expected && auth.service !== input.expected.signingName)
    throw errors.wrongService(auth.service, input.expected.signingName);
  if (input.expected && auth.region !== input.expected.region)
    throw errors.wrongRegion(auth.region, input.expected.region);
  const entry = store.get(auth.accessKeyId);
  if (!entry) throw errors.unknownKey(auth.accessKeyId);
  const token = input.headers["x-amz-security-token"];
  if (token !== undefined && token !== entry.sessionToken) throw errors.badToken(auth.accessKeyId, token);
  if (token === undefined && entry.sessionToken !== undefined) throw errors.unknownKey(auth.accessKeyId);
  for (const h of auth.signedHeaders) if (input.headers[h] === undefined) throw errors.badSignature();
  if (!auth.signedHeaders.includes("host")) throw errors.badSignature();

  const signingDate = parseAmzDate(input.headers["x-amz-date"] ?? "");
  if (!signingDate) throw errors.badSignature();
  if (Math.abs(signingDate.getTime() - input.now) > MAX_SKEW_MS) throw errors.skewed(signingDate, input.now);

  // Payload: recompute; accept the unsigned/streaming markers only where S3 allows them. Any other
  // service must sign its body, or a tampered JSON/form body would pass under "UNSIGNED-PAYLOAD".
  const declared = input.headers["x-amz-content-sha256"];
  const actual = createHash("sha256").update(input.body).digest("hex");
  if (declared && /^[0-9a-f]{64}$/.test(declared) && declared !== actual) throw errors.contentHash();
  // (S3 itself answers unknown markers with InvalidArgument; its service checks that.)
  if (declared && !/^[0-9a-f]{64}$/.test(declared) && auth.service !== "s3") throw errors.contentHash();
  const body = declared && !/^[0-9a-f]{64}$/.test(declared) ? undefined : input.body;

  const headers: Record<string, string> = {};
  for (const h of auth.signedHeaders) headers[h] = input.headers[h];
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: auth.service !== "s3",
    applyChecksum: false,
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: entry.secretAccessKey, sessionToken: token },
  });
  // Keep the signer's own string-to-sign: S3 returns it in SignatureDoesNotMatch so callers can debug.
  let stringToSign: string | undefined;
  const internal = signer as unknown as { createStringToSign: (...a: unknown[]) => Promise<string> };
  const original = internal.createStringToSign.bind(signer);
  internal.createStringToSign = async (...a: unknown[]) => (stringToSign = await original(...a));
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: input.rawPath,
      query: flatQuery(parseRawQuery(input.rawQuery)),
      headers,
      body: body ?? "",
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected =
    /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1] ?? "";
  if (expected.length !== 64 || !timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature)))
    throw errors.badSignature({ accessKeyId: auth.accessKeyId, signatureProvided: auth.signature, stringToSign });

  if (entry.lineage.expiresAt !== undefined && entry.lineage.expiresAt <= input.now) throw errors.expired();
  return { lineage: entry.lineage, scope: auth };
}

function flatQuery(q: Record<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(q)) out[k] = v.length === 1 ? v[0] : v;
  return out;
}

export { AwsError };
