// Today's access from Lake Formation permissions, per principal set: which columns of a table a user can
// SELECT through named grants, LF-tag policies and data cells filters. The baseline init writes; a
// difference at run time is the regression the scenario then catches.
import type { AccountFacts, AccountTable, LfTagMap } from "./facts.js";

const SELECTS = new Set(["SELECT", "ALL", "SUPER"]);

/** An LF-tag expression matches when every key has one of its values on the resource (AND of keys, OR of values). */
export function expressionMatches(expression: LfTagMap, tags: LfTagMap): boolean {
  return Object.entries(expression).every(([k, values]) => (tags[k] ?? []).some((v) => values.includes(v)));
}

/** Columns of `table` the principals may SELECT, in the table's order. */
export function readableColumns(facts: AccountFacts, principals: Set<string>, table: AccountTable): string[] {
  const all = table.columns.map((c) => c.name);
  const readable = new Set<string>();
  const add = (cols: string[]) => cols.forEach((c) => readable.add(c));
  for (const p of facts.permissions) {
    if (!principals.has(p.principal) || !p.permissions.some((x) => SELECTS.has(x))) continue;
    const r = p.resource;
    if (r.kind === "table" && r.database === facts.database && (r.table === "*" || r.table === table.name)) {
      add(r.columns ?? all.filter((c) => !(r.excluded ?? []).includes(c)));
    } else if (r.kind === "tagPolicy" && r.resourceType === "TABLE") {
      add(table.columns.filter((c) => expressionMatches(r.expression, c.tags)).map((c) => c.name));
    } else if (r.kind === "filter" && r.database === facts.database && r.table === table.name) {
      const f = facts.filters.find((x) => x.database === r.database && x.table === r.table && x.name === r.name);
      if (f) add(f.columns ?? all.filter((c) => !(f.excluded ?? []).includes(c)));
    }
  }
  return all.filter((c) => readable.has(c));
}
