// The identifiers a SQL text names, lower-cased, with string literals and comments removed first: the
// names a scenario itself wrote (never a value), used to tell which tables a raw query reads, whether a
// query selects a column, and which names an engine error may repeat in a report.

/**
 * SQL with its string literals and comments blanked (double-quoted identifiers kept): one pass, so a
 * `--` inside a string and a quote inside a comment are each read as what they are. A name in a comment
 * is not one the query reads (review s23 F2).
 */
export function stripSql(sql: string): string {
  // A string becomes an empty one (still a literal: `DATE '2026-01-01'` keeps its shape), a comment a space.
  return sql.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (m) =>
    m[0] === '"' ? m : m[0] === "'" ? " '' " : " ",
  );
}

export function sqlWords(...texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const w of stripSql(t).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) out.add(w.toLowerCase());
  return out;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether the SQL refers to a column of this name: outside strings and comments, in any case, quoted or
 * not, qualified or not. Not a function of that name (`year(ts)`), not a name given after AS (an
 * alias, `CAST(x AS date)`), not a table's alias written without AS straight after the table
 * (`FROM t acct`, `JOIN u acct`), not a typed literal's type (`DATE '2026-01-01'`). A name followed by a
 * dot still counts: it may be a row column's field.
 */
export function refersToColumn(sql: string, column: string): boolean {
  const name = escapeRe(column);
  const tableAlias = String.raw`(?<!\b(?:from|join)\s+(?:${IDENT}\s*\.\s*){0,3}${IDENT}\s+)`;
  const re = new RegExp(
    String.raw`(?<![A-Za-z0-9_])(?<!\bas\s+)${tableAlias}(?:${name}|"${name}")(?![A-Za-z0-9_"])(?!\s*\()(?!\s*'')`,
    "i",
  );
  return re.test(stripSql(sql));
}

/**
 * The table the outermost `SELECT *` reads when the query is just that, straight from one table
 * (`SELECT [DISTINCT|ALL] * FROM t [[AS] x] [WHERE|GROUP|ORDER|LIMIT …]`), as its qualifiers and name;
 * undefined for anything else (a join, a list of tables, a sub-query or WITH around or inside the star).
 */
export function starTable(sql: string): { qualifiers: string[]; table: string } | undefined {
  const re = new RegExp(
    String.raw`^\s*select\s+(?:(?:distinct|all)\s+)?\*\s+from\s+((?:${IDENT}\s*\.\s*){0,2})(${IDENT})(?:\s+(?:as\s+)?${IDENT})?\s*(?:$|;|\b(?:where|group|order|limit|offset|fetch|having)\b)`,
    "i",
  );
  const m = re.exec(stripSql(sql));
  if (!m) return undefined;
  return { qualifiers: (m[1].match(new RegExp(IDENT, "g")) ?? []).map(unquote), table: unquote(m[2]) };
}
const unquote = (s: string) => s.replace(/^"|"$/g, "").replace(/""/g, '"').toLowerCase();

/**
 * Whether the SQL names `table` only as the scenario database's (unqualified, `database.table` or
 * `awsdatacatalog.database.table`): a name qualified with another database or catalog is another table,
 * and its columns prove nothing about this one (review s23 F2b). False when the name is not there at all.
 */
export function namesTableOf(sql: string, database: string, table: string): boolean {
  const re = new RegExp(String.raw`((?:${IDENT}\s*\.\s*){0,3})(${IDENT})(?![A-Za-z0-9_])`, "g");
  const text = stripSql(sql);
  let found = false;
  for (const m of text.matchAll(re)) {
    if (unquote(m[2]) !== table.toLowerCase()) continue;
    if (/[A-Za-z0-9_."]$/.test(text.slice(0, m.index))) continue; // the tail of a longer name
    const quals = (m[1].match(new RegExp(IDENT, "g")) ?? []).map(unquote);
    const own =
      quals.length === 0 ||
      (quals.length === 1 && quals[0] === database.toLowerCase()) ||
      (quals.length === 2 && quals[0] === "awsdatacatalog" && quals[1] === database.toLowerCase());
    if (!own) return false;
    found = true;
  }
  return found;
}
