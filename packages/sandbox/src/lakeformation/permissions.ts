// What a persona can see is decided here, and only here. Everything else (the per-identity DuckDB
// engine, Athena's table-denial texts, the CloudTrail GetDataAccess records) calls resolveVisibility.
//
// Rules (one "slice" per applicable SELECT grant on a table; a slice = a column set + a row filter):
//   * TABLE lfTagPolicy     → the columns whose EFFECTIVE tags match the expression, all rows. A table
//                             whose own tag does not match still yields the columns that do.
//   * named table grant     → `columns`, or all but `excludedColumns`, or all columns; all rows.
//                             name "*" = every table of the database (LF's TableWildcard).
//   * dataCellsFilter grant → the filter's columns (columnNames | all but excludedColumnNames | all) and
//                             its rowFilter (absent = all rows). A grant naming a missing filter grants nothing.
//   * DATABASE lfTagPolicy / database grant → database permissions only (DESCRIBE…), never SELECT.
//   * ALL and SUPER include SELECT and DESCRIBE.
// Union of slices, cell by cell (LF cell-level security: a cell is visible if ANY grant exposes it):
//   * visible rows    = rows admitted by at least one slice (row filters OR'd; any all-rows slice = all rows);
//   * visible columns = union of the slices' columns (table order);
//   * a cell (row, column) is visible when some slice covering that column admits the row; otherwise the
//     column is present but the cell reads NULL ("In restricted rows, the query results return NULL",
//     LF data-filters docs). A column is masked only when its covering slices admit fewer rows than the
//     table's visible rows — with a full-table grant or a single filter nothing is ever masked.
import { createHash } from "node:crypto";
import type { Fixture } from "../fixture/load.js";
import { grantApplies, type LfPrincipal } from "./principals.js";
import { effectiveTags, expressionMatches } from "./tags.js";

type GlueDatabase = Fixture["glue"]["databases"][number];
type GlueTable = GlueDatabase["tables"][number];
type Grant = Fixture["lakeFormation"]["grants"][number];

export interface ColumnAccess {
  name: string;
  /** Glue type as written in the fixture (string, int, decimal(12,2)…). */
  glueType: string;
  /** SQL predicate over the base table under which this cell is visible; null = whenever the row is. */
  cellFilter: string | null;
}

export interface TableAccess {
  database: string;
  table: string;
  columns: ColumnAccess[];
  /** SQL predicate selecting the visible rows; null = all rows. */
  rowFilter: string | null;
  /** Human-readable grants that contributed (for debugging; not part of the data). */
  grants: string[];
}

export interface DatabaseAccess {
  name: string;
  describe: boolean;
}

export interface Visibility {
  principal: LfPrincipal;
  databases: DatabaseAccess[];
  /** Only tables with SELECT on at least one column. */
  tables: TableAccess[];
}

interface Slice {
  columns: Set<string>;
  rowFilter: string | null;
  source: string;
}

const SELECT_PERMS = new Set(["SELECT", "ALL", "SUPER"]);
const DESCRIBE_PERMS = new Set(["DESCRIBE", "ALL", "SUPER"]);
const grants = (g: Grant, perms: Set<string>) => g.permissions.some((p) => perms.has(p.toUpperCase()));

/** The one visibility decision: every table and database this principal may see, and how much of it. */
export function resolveVisibility(fixture: Fixture, principal: LfPrincipal): Visibility {
  const applicable = fixture.lakeFormation.grants.filter((g) => grantApplies(g.principal, principal));
  const tables: TableAccess[] = [];
  const databases: DatabaseAccess[] = [];
  for (const db of fixture.glue.databases) {
    let anyTable = false;
    for (const table of db.tables) {
      const slices = applicable.filter((g) => grants(g, SELECT_PERMS)).flatMap((g) => slicesOf(fixture, g, db, table));
      if (slices.length === 0) continue;
      tables.push(combine(db, table, slices));
      anyTable = true;
    }
    const explicit = applicable.some((g) => grants(g, DESCRIBE_PERMS) && describesDatabase(g, db));
    // A principal with access to a table can see its database (LF's implicit DESCRIBE on the parent).
    databases.push({ name: db.name, describe: explicit || anyTable });
  }
  return { principal, databases, tables };
}

/** Access to one table, or undefined when the principal has no SELECT on it. */
export function tableAccess(v: Visibility, database: string, table: string): TableAccess | undefined {
  return v.tables.find((t) => t.database === database.toLowerCase() && t.table === table.toLowerCase());
}

/** Identical visibility ⇒ identical engine contents, so engines are cached by this digest. */
export function visibilityFingerprint(v: Visibility): string {
  const material = v.tables.map((t) => ({
    d: t.database,
    t: t.table,
    r: t.rowFilter,
    c: t.columns.map((c) => [c.name, c.glueType, c.cellFilter]),
  }));
  return createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 32);
}

function describesDatabase(g: Grant, db: GlueDatabase): boolean {
  const r = g.resource;
  if ("database" in r) return r.database === db.name;
  if ("lfTagPolicy" in r)
    return (
      r.lfTagPolicy.resourceType === "DATABASE" && expressionMatches(r.lfTagPolicy.expression, effectiveTags(db.lfTags))
    );
  return false;
}

function slicesOf(fixture: Fixture, g: Grant, db: GlueDatabase, table: GlueTable): Slice[] {
  const r = g.resource;
  const all = table.columns.map((c) => c.name);
  const label = `${JSON.stringify(g.principal)} ${JSON.stringify(r)}`;
  if ("lfTagPolicy" in r) {
    if (r.lfTagPolicy.resourceType !== "TABLE") return [];
    const cols = table.columns.filter((c) =>
      expressionMatches(r.lfTagPolicy.expression, effectiveTags(db.lfTags, table.lfTags, c.lfTags)),
    );
    return cols.length ? [{ columns: new Set(cols.map((c) => c.name)), rowFilter: null, source: label }] : [];
  }
  if ("table" in r) {
    const t = r.table;
    if (t.database !== db.name || (t.name !== "*" && t.name !== table.name)) return [];
    return [{ columns: pick(all, t.columns, t.excludedColumns), rowFilter: null, source: label }].filter(
      (s) => s.columns.size > 0,
    );
  }
  if ("dataCellsFilter" in r) {
    const ref = r.dataCellsFilter;
    if (ref.database !== db.name || ref.table !== table.name) return [];
    const f = fixture.lakeFormation.dataCellsFilters.find(
      (x) => x.database === ref.database && x.table === ref.table && x.name === ref.name,
    );
    if (!f) return []; // fail closed: a dangling filter reference grants nothing
    const rowFilter = f.rowFilter && f.rowFilter.trim().toUpperCase() !== "TRUE" ? f.rowFilter.trim() : null;
    return [
      { columns: pick(all, f.columnNames, f.excludedColumnNames), rowFilter, source: `${label} filter=${f.name}` },
    ].filter((s) => s.columns.size > 0);
  }
  return [];
}

function pick(all: string[], include?: string[], exclude?: string[]): Set<string> {
  if (include) return new Set(all.filter((c) => include.includes(c)));
  if (exclude) return new Set(all.filter((c) => !exclude.includes(c)));
  return new Set(all);
}

function orOf(preds: string[]): string {
  return preds.length === 1 ? `(${preds[0]})` : preds.map((p) => `(${p})`).join(" OR ");
}

function combine(db: GlueDatabase, table: GlueTable, slices: Slice[]): TableAccess {
  const distinct = (ps: (string | null)[]) => [...new Set(ps)];
  const allRows = slices.some((s) => s.rowFilter === null);
  const tablePreds = distinct(slices.map((s) => s.rowFilter)).filter((p): p is string => p !== null);
  const columns: ColumnAccess[] = [];
  for (const c of table.columns) {
    const covering = slices.filter((s) => s.columns.has(c.name));
    if (covering.length === 0) continue;
    let cellFilter: string | null = null;
    if (!covering.some((s) => s.rowFilter === null)) {
      const preds = distinct(covering.map((s) => s.rowFilter)).filter((p): p is string => p !== null);
      // Unmasked when the covering slices admit every visible row (same filters as the table's).
      const coversAll = !allRows && tablePreds.every((p) => preds.includes(p));
      cellFilter = coversAll ? null : orOf(preds);
    }
    columns.push({ name: c.name, glueType: c.type, cellFilter });
  }
  return {
    database: db.name,
    table: table.name,
    columns,
    rowFilter: allRows ? null : orOf(tablePreds),
    grants: slices.map((s) => s.source),
  };
}
