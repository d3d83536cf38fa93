// Golden wire files: the sandbox's response bytes for the operations the harness leans on most, with
// volatile values (ids, times, keys, tokens, signatures, request ids, ports) replaced by stable
// placeholders. Equal values get equal numbered placeholders (<uuid:1> twice = the same id twice), so a
// golden still shows which id a response repeats. A change in the bytes is then a reviewed diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { statusLine, type Exchange } from "./wire-capture.js";

export const GOLDEN_DIR = fileURLToPath(new URL("../fixtures/wire/", import.meta.url));
export const UPDATE_COMMAND = "npm run update-golden -w @tip-proof/sandbox -- --write";

/** Response headers left out of goldens: transport details, or values that change with every call. */
const SKIPPED_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

/**
 * Value patterns, applied in order (longer tokens before the UUIDs they may contain). `numbered` keeps
 * equality visible; un-numbered placeholders are for values whose equality is itself timing-dependent.
 */
const PATTERNS: { re: RegExp; tag: string; numbered: boolean }[] = [
  // Element/member values that are secret or random whatever their shape (JSON, XML, escaped JSON).
  { re: /(?<=<SecretAccessKey>)[^<]+(?=<\/SecretAccessKey>)/g, tag: "secret", numbered: true },
  { re: /(?<=\\?"SecretAccessKey\\?":\\?")[^"\\]+/g, tag: "secret", numbered: true },
  { re: /(?<=<HostId>)[^<]+(?=<\/HostId>)/g, tag: "host-id", numbered: true },
  { re: /(?<=^x-amz-id-2: ).+$/gm, tag: "host-id", numbered: true },
  { re: /(?<=<NextToken>)[^<]+(?=<\/NextToken>)/g, tag: "next-token", numbered: true },
  { re: /(?<="NextToken":")[^"]+/g, tag: "next-token", numbered: true },
  { re: /(?<="(?:accessToken|refreshToken)":")[^"]+/g, tag: "opaque-token", numbered: true },
  { re: /eyJ[\w-]+\.[\w-]+\.[\w-]+/g, tag: "jwt", numbered: true },
  { re: /IQoJb3JpZ2luX2Vj[A-Za-z0-9+/=-]+/g, tag: "session-token", numbered: true },
  { re: /AQoJb3JpZ2luX2Vj[A-Za-z0-9+/=_-]+/g, tag: "identity-context", numbered: true },
  { re: /\bASIA[A-Z0-9]{16}\b/g, tag: "access-key", numbered: true },
  { re: /aws-sdk-js\/[^"\\]*/g, tag: "user-agent", numbered: false },
  {
    re: /(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/g,
    tag: "uuid",
    numbered: true,
  },
  { re: /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g, tag: "time", numbered: false },
  { re: /(?<=\\?"\w*(?:Time|DateTime|Date|At)\\?":)\d+(\.\d+)?/g, tag: "epoch", numbered: false },
  { re: /(?<=\\?"\w+InMillis\\?":)\d+/g, tag: "millis", numbered: false },
  { re: /(?<=(?:127\.0\.0\.1|localhost):)\d{2,5}\b/g, tag: "port", numbered: false },
];

export interface StabilizeOptions {
  /** Numbering state shared by the parts of one file. */
  seen?: Map<string, string>;
  /** UUIDs that are fixed by the fixture (grant ids): kept verbatim. */
  stable?: (value: string) => boolean;
}

/** Replaces volatile values by placeholders. */
export function stabilize(text: string, opts: StabilizeOptions = {}): string {
  const seen = opts.seen ?? new Map<string, string>();
  let out = text;
  for (const { re, tag, numbered } of PATTERNS) {
    out = out.replace(re, (v) => {
      if (tag === "uuid" && opts.stable?.(v)) return v;
      if (!numbered) return `<${tag}>`;
      const key = `${tag}\u0000${v}`;
      let p = seen.get(key);
      if (!p) {
        const n = [...seen.keys()].filter((k) => k.startsWith(`${tag}\u0000`)).length + 1;
        p = `<${tag}:${n}>`;
        seen.set(key, p);
      }
      return p;
    });
  }
  return out;
}

/** The golden text of one exchange: what was asked, the status line, the headers that matter, the body. */
export function renderGolden(title: string, x: Exchange, stable?: (value: string) => boolean): string {
  const q = Object.entries(x.request.query)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join("&");
  const target = x.request.headers["x-amz-target"];
  const lines = [
    `# ${title}`,
    `# request: ${x.request.method} ${x.request.path}${q ? `?${q}` : ""}${target ? `  (X-Amz-Target: ${target})` : ""}`,
    statusLine(x.response.status),
    ...Object.entries(x.response.headers)
      .filter(([k]) => !SKIPPED_HEADERS.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`),
    "",
    x.response.body.toString("utf8"),
  ];
  return `${stabilize(lines.join("\n"), { stable })}\n`;
}

export const goldenPath = (name: string) => join(GOLDEN_DIR, `${name}.txt`);

export function readGolden(name: string): string | undefined {
  const p = goldenPath(name);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

export function writeGolden(name: string, text: string): void {
  const p = goldenPath(name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** A short line diff for failure messages (first differing lines only). */
export function lineDiff(expected: string, actual: string, max = 6): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max * 2; i++) {
    if (a[i] === b[i]) continue;
    out.push(`- ${(a[i] ?? "<missing>").slice(0, 400)}`, `+ ${(b[i] ?? "<missing>").slice(0, 400)}`);
  }
  return out.join("\n");
}
