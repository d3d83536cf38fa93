// The oracle's own policy truth, written from the World it generated and from the documented rules,
// independently of the harness's judge and of the sandbox's code: who could read what under the
// Identity Center, Lake Formation and S3 Access Grants POLICY, with every non-policy cause (KMS, data
// locations, Glue IAM, DESCRIBE on `default`, results write, a non-IdC workgroup, throttling) ignored.
//   * Sign-in: the user is assigned to the harness application (directly or through a group).
//   * Athena: the user is also assigned to the workgroup's Identity Center application, and Lake
//     Formation grants SELECT on the columns: LF-tag TABLE policies match a column's effective tags
//     (column over table over database, per key; keys AND'd, values OR'd), named-table grants give
//     `columns` or all but `excludedColumns`, data cells filters give their columns (any row filter).
//     Grants name columns as they were written: a renamed column is no longer matched by name (LF:
//     "If you use column-level permissions to exclude a column and then rename the column, the column is
//     no longer excluded").
//   * A query of named columns is readable when every named column (a renamed one: under its new name)
//     is; `SELECT *` when at least one column is.
//   * Access Grants (READ): a READ or READWRITE grant of the user or one of their groups covers the target.
// The sandbox's own ground truth (readableColumns over a fixture without the causes) is compared with
// this one on every world; a disagreement is reported as such (see run.ts), never silently resolved.
import type { Action, Tags, Truth, World } from "./model.js";

export function worldTruth(w: World): Truth {
  const groupsOf = (u: string) => w.groups.filter((g) => g.members.includes(u)).map((g) => g.name);
  const applies = (p: { group: string } | { user: string }, u: string) =>
    "user" in p ? p.user === u : groupsOf(u).includes(p.group);
  const assigned = (a: { groups: string[]; users: string[] }, u: string) =>
    a.users.includes(u) || groupsOf(u).some((g) => a.groups.includes(g));
  const signIn = (u: string) => assigned(w.harnessAssign, u);

  const matches = (expr: Tags, tags: Tags) =>
    Object.keys(expr).length > 0 &&
    Object.entries(expr).every(([k, vs]) => (tags[k] ?? []).some((v) => vs.includes(v)));

  const columns = (u: string, tableName: string): string[] => {
    if (!signIn(u) || !assigned(w.athenaAssign, u)) return [];
    const t = w.tables.find((x) => x.name === tableName);
    if (!t) return [];
    const names = t.columns.map((c) => c.name);
    const out = new Set<string>();
    for (const g of w.lfGrants) {
      if (!applies(g.principal, u)) continue;
      if (g.kind === "tag-table") {
        for (const c of t.columns)
          if (matches(g.expression, { ...w.dbTags, ...(t.tags ?? {}), ...(c.tags ?? {}) })) out.add(c.name);
      } else if (g.kind === "named" && g.table === t.name) {
        for (const n of names)
          if (g.columns ? g.columns.includes(n) : !(g.excludedColumns ?? []).includes(n)) out.add(n);
      } else if (g.kind === "filter" && g.table === t.name) {
        const f = w.cellsFilters.find((x) => x.name === g.filter)!;
        for (const n of names)
          if (f.columnNames ? f.columnNames.includes(n) : !(f.excludedColumnNames ?? []).includes(n)) out.add(n);
      }
    }
    return names.filter((n) => out.has(n));
  };

  const current = (table: string, declaredName: string) =>
    w.causes.renames.find((r) => r.table === table && r.from === declaredName)?.to ?? declaredName;

  const readable = (u: string, a: Action): boolean => {
    if (a.kind === "ag") {
      if (!signIn(u)) return false;
      const target = a.target.replace(/\*$/, "");
      return w.agGrants.some(
        (g) =>
          applies(g.grantee, u) &&
          (g.permission === "READ" || g.permission === "READWRITE") &&
          target.startsWith(g.scope.replace(/\*$/, "")),
      );
    }
    const cols = columns(u, a.table);
    if (a.columns === "*") return cols.length > 0;
    return a.columns.every((c) => cols.includes(current(a.table, c)));
  };

  return { columns, readable, signIn };
}
