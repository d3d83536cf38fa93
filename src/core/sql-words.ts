// The identifiers a SQL text names, lower-cased, with string literals removed first: the names a
// scenario itself wrote (never a value), used to tell which tables a raw query reads, whether a query
// selects a column, and which names an engine error may repeat in a report.
export function sqlWords(...texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts)
    for (const w of t.replace(/'(?:[^']|'')*'/g, " ").match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) out.add(w.toLowerCase());
  return out;
}
