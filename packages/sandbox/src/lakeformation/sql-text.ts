// Small lexical helpers over the caller's query text: Athena-style "line L:C" positions, the leading
// statement keyword, a (qualified) identifier at an offset, and ExecutionParameters substitution.
// Deliberately tiny: parsing proper is DuckDB's job; these only read what an error position points at.

/** DuckDB reports UTF-8 byte offsets; Athena counts characters (1-based line and column). */
export function lineCol(query: string, byteOffset: number): { line: number; col: number; index: number } {
  const index = Buffer.from(query, "utf8").subarray(0, Math.max(0, byteOffset)).toString("utf8").length;
  const before = query.slice(0, index);
  const line = before.split("\n").length;
  const col = index - (before.lastIndexOf("\n") + 1) + 1;
  return { line, col, index };
}

/** Index of the first token that is not whitespace, a comment or an opening parenthesis. */
export function firstTokenIndex(query: string, from = 0): number {
  let i = from;
  while (i < query.length) {
    if (/\s|\(/.test(query[i])) {
      i++;
      continue;
    }
    if (query.startsWith("--", i)) {
      const nl = query.indexOf("\n", i);
      i = nl < 0 ? query.length : nl + 1;
      continue;
    }
    if (query.startsWith("/*", i)) {
      const end = query.indexOf("*/", i + 2);
      i = end < 0 ? query.length : end + 2;
      continue;
    }
    break;
  }
  return i;
}

/** The leading keyword (upper-cased) and its character index, or undefined for an empty query. */
export function leadingKeyword(query: string): { word: string; index: number } | undefined {
  const i = firstTokenIndex(query);
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(i));
  if (m) return { word: m[0].toUpperCase(), index: i };
  return i < query.length ? { word: query[i], index: i } : undefined;
}

/** Reads `a`, `"a"."b"`, `a . b . c` starting at a character index; parts unquoted (quotes doubled → one). */
export function qualifiedNameAt(query: string, index: number): string[] {
  const parts: string[] = [];
  let i = index;
  for (;;) {
    while (query[i] === " " || query[i] === "\t" || query[i] === "\n" || query[i] === "\r") i++;
    if (query[i] === '"') {
      let j = i + 1,
        s = "";
      while (j < query.length) {
        if (query[j] === '"') {
          if (query[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += query[j++];
      }
      parts.push(s);
      i = j + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(query.slice(i));
      if (!m) break;
      parts.push(m[0]);
      i += m[0].length;
    }
    let k = i;
    while (query[k] === " " || query[k] === "\t" || query[k] === "\n" || query[k] === "\r") k++;
    if (query[k] !== ".") break;
    i = k + 1;
  }
  return parts;
}

/** Character indexes of `?` placeholders outside string literals, quoted identifiers and comments. */
export function placeholderIndexes(query: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < query.length && !(query[j] === ch && query[j + 1] !== ch)) j += query[j] === ch ? 2 : 1;
      i = j;
    } else if (query.startsWith("--", i)) {
      const nl = query.indexOf("\n", i);
      i = nl < 0 ? query.length : nl;
    } else if (query.startsWith("/*", i)) {
      const end = query.indexOf("*/", i + 2);
      i = end < 0 ? query.length : end + 1;
    } else if (ch === "?") out.push(i);
  }
  return out;
}

/** Substitutes ExecutionParameters (SQL literal texts) for the `?` placeholders, in order. */
export function substituteParameters(query: string, params: string[]): { sql: string } | { expected: number } {
  const at = placeholderIndexes(query);
  if (at.length !== params.length) return { expected: at.length };
  let sql = "",
    last = 0;
  at.forEach((idx, n) => {
    sql += query.slice(last, idx) + params[n];
    last = idx + 1;
  });
  return { sql: sql + query.slice(last) };
}
