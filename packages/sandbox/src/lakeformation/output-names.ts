// Result column names as Trino gives them: an alias or a plain column reference keeps its (lower-cased)
// name, any other expression is "_col<position>" — DuckDB would say "count_star()" or "sum(x)".
// The select list comes from DuckDB's own parser (json_serialize_sql), so nothing is guessed from text.

export type SelectItem = { kind: "star" } | { kind: "named"; name: string } | { kind: "expr" };

interface ParsedExpr {
  class?: string;
  alias?: string;
  column_names?: string[];
}
interface ParsedNode {
  type?: string;
  select_list?: ParsedExpr[];
  left?: ParsedNode;
}

/** The top-level select list of a serialized statement (left-most branch of a set operation). */
export function selectItems(serialized: string): SelectItem[] | undefined {
  let node: ParsedNode | undefined;
  try {
    node = (JSON.parse(serialized) as { statements?: { node?: ParsedNode }[] }).statements?.[0]?.node;
  } catch {
    return undefined;
  }
  while (node && node.type === "SET_OPERATION_NODE") node = node.left;
  if (!node?.select_list) return undefined;
  return node.select_list.map((e): SelectItem => {
    if (e.class === "STAR") return { kind: "star" };
    if (e.alias) return { kind: "named", name: e.alias };
    if (e.class === "COLUMN_REF" && e.column_names?.length)
      return { kind: "named", name: e.column_names[e.column_names.length - 1] };
    return { kind: "expr" };
  });
}

/** Final output names for `engineNames` (DuckDB's), given the parsed select list when available. */
export function outputNames(engineNames: string[], items: SelectItem[] | undefined): string[] {
  const fallback = (n: string, i: number) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n.toLowerCase() : `_col${i}`);
  const stars = items?.filter((x) => x.kind === "star").length ?? 0;
  if (!items || stars > 1 || (stars === 0 && items.length !== engineNames.length)) return engineNames.map(fallback);
  const starWidth = engineNames.length - (items.length - stars);
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === "star") {
      // Star columns are table columns: DuckDB's names are the column names.
      for (let k = 0; k < starWidth; k++) out.push(engineNames[out.length].toLowerCase());
    } else {
      out.push(item.kind === "named" ? item.name.toLowerCase() : `_col${out.length}`);
    }
  }
  return out.length === engineNames.length ? out : engineNames.map(fallback);
}
