// DuckDB's own catalog is reachable from any query: its system views (pg_tables, duckdb_tables,
// sqlite_master…) resolve wherever a query runs, whatever the default schema or search path, and so do
// its metadata table functions (duckdb_tables(), pragma_table_info()…). Athena has none of them, and
// getTableNames expands a view into what it reads, so Lake Formation's per-table check never saw such a
// name: a persona who may see nothing got DuckDB's metadata as an allowed result. The parse tree
// (json_serialize_sql, parse-only) lists names as written, before any expansion.

export interface InternalRef {
  kind: "table" | "function";
  /** As written: 1–3 parts for a table, the function's name for a function. */
  parts: string[];
}

/** Table functions that read DuckDB's catalog or settings (names, not a list: DuckDB adds more). */
const INTERNAL_FUNCTION = /^(duckdb_|pragma_|sqlite_|pg_)/i;

/**
 * Every table or table function in a serialized statement that names DuckDB's own catalog: a system
 * view (`views`: lower-case names of DuckDB's internal views in its default search path), unqualified
 * or in DuckDB's system catalogs, that no CTE of the statement defines; or a metadata table function.
 */
export function internalRefsOf(serialized: string, views: ReadonlySet<string>): InternalRef[] {
  let tree: unknown;
  try {
    tree = JSON.parse(serialized);
  } catch {
    return [];
  }
  const ctes = new Set<string>();
  const refs: InternalRef[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    if (o.cte_map && typeof o.cte_map === "object") {
      for (const e of (o.cte_map as { map?: { key?: unknown }[] }).map ?? [])
        if (typeof e.key === "string") ctes.add(e.key.toLowerCase());
    }
    if (o.type === "BASE_TABLE" && typeof o.table_name === "string") {
      const parts = [o.catalog_name, o.schema_name, o.table_name].filter(
        (p): p is string => typeof p === "string" && p !== "",
      );
      refs.push({ kind: "table", parts });
    }
    if (o.type === "TABLE_FUNCTION" && o.function && typeof o.function === "object") {
      const name = (o.function as { function_name?: unknown }).function_name;
      if (typeof name === "string") refs.push({ kind: "function", parts: [name] });
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(tree);
  return refs.filter((r) => {
    if (r.kind === "function") return INTERNAL_FUNCTION.test(r.parts[0]);
    const [name, schema, catalog] = [...r.parts].reverse().map((p) => p.toLowerCase());
    if (!views.has(name)) return false;
    if (r.parts.length === 1) return !ctes.has(name);
    return (
      catalog === "system" ||
      catalog === "temp" ||
      (catalog === undefined && (schema === "pg_catalog" || schema === "main"))
    );
  });
}
