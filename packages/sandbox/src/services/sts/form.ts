// awsQuery form bodies: flat key/value pairs, with lists as `Name.member.N.Field`.

export type Form = Record<string, string>;

/** Parses an application/x-www-form-urlencoded body (the SDK percent-encodes '+' as %2B). */
export function parseForm(body: Buffer): Form {
  const out: Form = {};
  for (const [k, v] of new URLSearchParams(body.toString("utf8"))) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * Members of a `.member.N.` list, in index order. `present` is true when the list was sent at all
 * (an empty list is sent as `Name=`), so "present but empty" can fail the min-length constraint.
 */
export function memberList(form: Form, name: string): { present: boolean; items: Record<string, string>[] } {
  const byIndex = new Map<number, Record<string, string>>();
  const prefix = `${name}.member.`;
  for (const [k, v] of Object.entries(form)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf(".");
    const idx = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(idx) || idx < 1) continue;
    const item = byIndex.get(idx) ?? {};
    if (dot >= 0) item[rest.slice(dot + 1)] = v;
    byIndex.set(idx, item);
  }
  const items = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  return { present: name in form || items.length > 0, items };
}
