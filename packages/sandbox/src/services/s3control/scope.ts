// S3 Access Grants scopes and targets: `s3://b/p/*` (keys under p/), `s3://b/p*` (keys starting with p),
// `s3://b/key` (exactly one object). Shared by GetDataAccess (is the target within a grant?) and S3
// (may these vended credentials touch this key?), so both sides read a scope the same way.

export interface S3Scope {
  bucket: string;
  /** Key prefix for wildcard scopes; the exact key otherwise. */
  prefix: string;
  /** True when the scope ends in `*` and covers every key starting with `prefix`. */
  wildcard: boolean;
}

/**
 * Parses an `s3://bucket[/rest]` scope or target. A `*` is allowed only as the last character.
 * `s3://bucket` and `s3://bucket/` mean the whole bucket (the sandbox's reading; AWS lists a
 * whole-bucket grant as `s3://bucket/*` or, reportedly, `s3://bucket*` — UNVERIFIED).
 */
export function parseScope(uri: string): S3Scope | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\*|\/.*)?$/.exec(uri);
  if (!m) return undefined;
  const rest = m[2] ?? "";
  if (rest === "*" || rest === "" || rest === "/") return { bucket: m[1], prefix: "", wildcard: true };
  const path = rest.slice(1);
  const star = path.indexOf("*");
  if (star >= 0 && star !== path.length - 1) return undefined;
  return star >= 0
    ? { bucket: m[1], prefix: path.slice(0, -1), wildcard: true }
    : { bucket: m[1], prefix: path, wildcard: false };
}

/**
 * Whether a registered location (`s3://`, `s3://bucket`, `s3://bucket/prefix/`) covers an S3 URI or
 * scope. Bucket and key prefix are compared apart: `s3://b` covers every key of bucket b and nothing of
 * `s3://b-archive`, which a plain string prefix would also take.
 */
export function locationCovers(location: string, uri: string): boolean {
  if (location === "s3://") return /^s3:\/\/[^/]+/.test(uri);
  const split = (u: string) => /^s3:\/\/([^/*]+)(?:\/(.*))?$/.exec(u);
  const l = split(location),
    u = split(uri);
  return !!l && !!u && l[1] === u[1] && (u[2] ?? "").startsWith(l[2] ?? "");
}

export function formatScope(s: S3Scope): string {
  return `s3://${s.bucket}/${s.prefix}${s.wildcard ? "*" : ""}`;
}

/** Whether every key `inner` covers is covered by `outer` (a target within a grant). */
export function scopeContains(outer: S3Scope, inner: S3Scope): boolean {
  if (outer.bucket !== inner.bucket) return false;
  if (outer.wildcard) return inner.prefix.startsWith(outer.prefix);
  return !inner.wildcard && inner.prefix === outer.prefix;
}

/** Higher = narrower. Only meaningful between scopes that all contain one target (they form a chain). */
export function specificity(s: S3Scope): number {
  return s.wildcard ? s.prefix.length : Number.MAX_SAFE_INTEGER;
}

/** Whether the scope covers one object key. */
export function scopeCoversKey(s: S3Scope, bucket: string, key: string): boolean {
  if (s.bucket !== bucket) return false;
  return s.wildcard ? key.startsWith(s.prefix) : key === s.prefix;
}

/**
 * Whether a ListObjects request with this prefix stays inside the scope. Object-scoped credentials
 * cannot list at all (a listing by the key as prefix would reveal longer keys beside it); this is
 * the sandbox's stricter reading of the vended session policy — UNVERIFIED.
 */
export function scopeCoversListPrefix(s: S3Scope, bucket: string, prefix: string): boolean {
  return s.bucket === bucket && s.wildcard && prefix.startsWith(s.prefix);
}
