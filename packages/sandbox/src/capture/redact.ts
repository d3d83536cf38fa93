// Redaction for captured goldens: identifiers masked in texts, values replaced by their type in record
// shapes. A golden may hold codes, statuses, texts and shapes — never a key, token, password or data value.

const MASKS: [RegExp, string][] = [
  [/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, "<jwt>"],
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, "<key-id>"],
  [/\b[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<user-id>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\bssoins-[0-9a-f]{16}\b/g, "<instance>"],
  [/\bapl-[0-9a-f]{16}\b/g, "<application>"],
  [/\btti-[0-9a-f-]{36}\b/g, "<issuer>"],
  [/\bd-[0-9a-f]{10}\b/g, "<identity-store>"],
  [/\b\d{12}\b/g, "<account>"],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "<email>"],
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, "<time>"],
  [/[A-Za-z0-9+/=]{40,}/g, "<token>"],
];

/** A text with every identifier, key, token and time masked. */
export function maskText(text: string): string {
  let out = text;
  for (const [re, mask] of MASKS) out = out.replace(re, mask);
  return out;
}

/** The shape of a JSON value: every leaf replaced by its type; object keys kept (sorted), arrays by their first element. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = shapeOf((value as Record<string, unknown>)[k]);
    return out;
  }
  return typeof value;
}
