// S3 Access Grants scopes as the harness reads them: `s3://b/p/*` and `s3://b/p*` (keys starting with
// the prefix; `**` the same), `s3://b/key` (one object), `s3://b`, `s3://b/`, `s3://b*` and `s3://b/*`
// (the whole bucket), `s3://*` (everything). Bucket and key are compared apart, so nothing of
// `s3://b-archive` is within `s3://b*`. The sandbox reads scopes the same way
// (packages/sandbox/src/services/s3control/scope.ts); the harness never imports it.

export interface S3Scope {
  bucket: string;
  /** The key prefix of a wildcard scope; the exact key otherwise. */
  prefix: string;
  wildcard: boolean;
}

export function parseScope(uri: string): S3Scope | undefined {
  const m = /^s3:\/\/([^/*]+)(\*+|\/.*)?$/.exec(uri);
  if (!m) return undefined;
  const rest = m[2] ?? "";
  if (/^(\*+|\/?|\/\*+)$/.test(rest)) return { bucket: m[1], prefix: "", wildcard: true };
  const path = rest.slice(1);
  return { bucket: m[1], prefix: path.replace(/\*+$/, ""), wildcard: /\*+$/.test(path) };
}

/**
 * Whether a grant scope covers every key of `uri` (a target, or a prefix when it ends in `*`). A scope
 * it cannot read counts as covering when `unreadable` says so: a caller that must not miss a grant
 * (the judge) passes true, advice that must not claim one passes false.
 */
export function scopeCovers(scope: string, uri: string, unreadable: boolean): boolean {
  if (/^s3:\/\/\*+$/.test(scope)) return true;
  const s = parseScope(scope),
    t = parseScope(uri);
  if (!s) return unreadable;
  if (!t || s.bucket !== t.bucket) return false;
  return s.wildcard ? t.prefix.startsWith(s.prefix) : !t.wildcard && t.prefix === s.prefix;
}

/**
 * Whether a registered location (`s3://`, `s3://bucket`, `s3://bucket/prefix/`) covers an S3 URI: bucket
 * and key prefix compared apart, so `s3://b` covers nothing of `s3://b-archive`.
 */
export function locationCovers(location: string, uri: string): boolean {
  if (location === "s3://") return /^s3:\/\/[^/]+/.test(uri);
  const split = (u: string) => /^s3:\/\/([^/*]+)(?:\/(.*))?$/.exec(u);
  const l = split(location),
    u = split(uri);
  return !!l && !!u && l[1] === u[1] && (u[2] ?? "").startsWith(l[2] ?? "");
}
