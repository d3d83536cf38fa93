// Opaque NextTokens bound to the listing they came from: a token replayed against another member (or
// tampered with) is refused instead of silently paging something else.
import { createHash } from "node:crypto";

function bindingOf(scope: string): string {
  return createHash("sha256").update(scope).digest("base64url").slice(0, 16);
}

export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(`${offset}:${bindingOf(scope)}`).toString("base64url");
}

/** The offset a token stands for, or undefined when it is not a token of this listing. */
export function decodeToken(scope: string, token: string): number | undefined {
  const m = /^(\d{1,9}):([A-Za-z0-9_-]{16})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return m && m[2] === bindingOf(scope) ? Number(m[1]) : undefined;
}

export function page<T>(items: T[], offset: number, max: number): { items: T[]; next?: number } {
  const slice = items.slice(offset, offset + max);
  return { items: slice, next: offset + max < items.length ? offset + max : undefined };
}
