// Planning is pure: a validated scenario in, the ordered list of persona × check tasks out, with the
// access matrix expanded so every undeclared cell is an expected denial.
import type { Layer } from "../model/outcome.js";
import type { PersonaClass } from "../model/report.js";
import type { ValidScenario } from "../scenario/parse.js";
import type { CheckSpec, RowPredicate } from "../scenario/schema.js";

/** Rows fetched at most when a check sets no limit: keeps a run cheap on a real account. */
export const DEFAULT_LIMIT_GUARD = 1000;

export type ActionSpec =
  | {
      type: "athena";
      sql: string;
      table?: string;
      database: string;
      workgroup: string;
      catalog: string;
      limitGuard?: number;
      raw?: boolean;
    }
  | {
      type: "accessGrants";
      accountId: string;
      /** The persona sessions' role: an IAM grant to it covers every persona (absent in older facts). */
      carrierRoleArn?: string;
      target: string;
      permission: "READ" | "WRITE" | "READWRITE";
      privilege: "Default" | "Minimal";
      durationSeconds?: number;
      probe?: { inside: string[]; outside: string[] };
    }
  | { type: "signin" };

export interface Expectation {
  outcome: "allowed" | "denied";
  layer?: Layer;
  code?: string;
  columns?: { visible?: string[]; hidden?: string[] };
  rows?: { equals?: number; min?: number; max?: number };
  every?: RowPredicate[];
  scope?: string;
}

export interface Task {
  id: string;
  scenario: string;
  check: string;
  description?: string;
  persona: string;
  personaClass: PersonaClass;
  action: ActionSpec;
  expectation: Expectation;
  cloudtrail: boolean;
  /**
   * Columns an unresolvable reference may be denied on: the check's own declared table (structured
   * checks). Raw queries get none here; their denials need another persona's contrast (core/contrast.ts).
   */
  declaredColumns: string[];
  /** Columns declared anywhere in the scenario (raw queries: candidates for contrast). */
  scenarioColumns: string[];
}

export function actionLayer(a: ActionSpec): Layer {
  return a.type === "athena" ? "lakeformation" : a.type === "accessGrants" ? "accessgrants" : "signin";
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The guard fetches one row more than it allows, so "exactly the limit" and "more than the limit" can
 * be told apart: reaching past it with row expectations is an error, never a silent truncation.
 */
function athenaSql(s: ValidScenario, a: NonNullable<CheckSpec["athena"]>): string {
  const fetch = (a.limit ?? DEFAULT_LIMIT_GUARD) + 1;
  if (a.query) {
    const q = a.query.trim().replace(/;\s*$/, "");
    return /\blimit\s+\d+\s*$/i.test(q) ? q : `${q}\nLIMIT ${fetch}`;
  }
  const cols = !a.columns || a.columns === "*" ? "*" : a.columns.map(quoteIdent).join(", ");
  return `SELECT ${cols} FROM ${quoteIdent(a.table!)} LIMIT ${fetch}`;
}

function toAction(s: ValidScenario, c: Pick<CheckSpec, "athena" | "accessGrants" | "signIn">): ActionSpec {
  if (c.athena) {
    const t = s.target.athena!;
    // The guard is the harness's own LIMIT: reaching it means rows were cut, which only an explicit
    // `limit` in the scenario may accept.
    // A LIMIT the user wrote into raw SQL is the query's meaning; the harness's own (default or
    // `limit:`) is a cost guard, and reaching past it with row expectations is an error.
    const ownLimit = !!(c.athena.query && /\blimit\s+\d+\s*;?\s*$/i.test(c.athena.query.trim()));
    return {
      type: "athena",
      sql: athenaSql(s, c.athena),
      table: c.athena.table,
      database: t.database,
      workgroup: t.workgroup,
      catalog: t.catalog,
      ...(ownLimit ? {} : { limitGuard: c.athena.limit ?? DEFAULT_LIMIT_GUARD }),
      ...(c.athena.query ? { raw: true } : {}),
    };
  }
  if (c.accessGrants) {
    const g = c.accessGrants;
    return {
      type: "accessGrants",
      accountId: s.target.accessGrants!.accountId,
      carrierRoleArn: s.target.carrierRoleArn,
      target: g.target,
      permission: g.permission,
      privilege: g.privilege ?? "Default",
      durationSeconds: g.durationSeconds,
      probe: "probe" in g ? g.probe : undefined,
    };
  }
  return { type: "signin" };
}

function toExpectation(s: ValidScenario, c: CheckSpec, e: CheckSpec["expect"][number]): Expectation {
  if (e.denied) return { outcome: "denied", layer: e.denied.layer as Layer | undefined, code: e.denied.code };
  const a = e.allowed ?? {};
  const table = c.athena?.table ? s.tables[c.athena.table] : undefined;
  const visible = a.columns?.visible === "all" ? table?.columns : a.columns?.visible;
  const rows = a.rows === undefined ? undefined : typeof a.rows === "number" ? { equals: a.rows } : a.rows;
  return {
    outcome: "allowed",
    ...(a.columns
      ? { columns: { ...(visible ? { visible } : {}), ...(a.columns.hidden ? { hidden: a.columns.hidden } : {}) } }
      : {}),
    ...(rows ? { rows } : {}),
    ...(a.every ? { every: a.every } : {}),
    ...(a.scope ? { scope: a.scope } : {}),
  };
}

/** A raw query names tables itself: only SQL the harness generated is known to read just `table`. */
function isRaw(_s: ValidScenario, _table: string, a: Extract<ActionSpec, { type: "athena" }>): boolean {
  return !!a.raw;
}

export interface PlanOptions {
  /** Only these personas (pilot's --persona): the others' cells are left out, `*` and the matrix expand to these. */
  personas?: readonly string[];
}

/** The personas a plan covers, in the scenario's order. */
export function plannedPersonas(s: ValidScenario, o: PlanOptions = {}): string[] {
  return Object.keys(s.personas).filter((p) => !o.personas || o.personas.includes(p));
}

export function buildPlan(scenarios: ValidScenario[], options: PlanOptions = {}): Task[] {
  const tasks: Task[] = [];
  for (const s of scenarios) {
    const scenarioColumns = [...new Set(Object.values(s.tables).flatMap((t) => t.columns))];
    const ownColumns = (a: ActionSpec, table?: string) =>
      a.type === "athena" && table && !isRaw(s, table, a) ? (s.tables[table]?.columns ?? []) : [];
    const personaNames = plannedPersonas(s, options);
    const push = (
      check: string,
      description: string | undefined,
      persona: string,
      action: ActionSpec,
      expectation: Expectation,
      cloudtrail: boolean,
    ) =>
      personaNames.includes(persona) &&
      tasks.push({
        id: `${s.name}/${check}/${persona}`,
        scenario: s.name,
        check,
        description,
        persona,
        personaClass: s.personas[persona].class,
        action,
        expectation,
        cloudtrail,
        declaredColumns: ownColumns(action, action.type === "athena" ? action.table : undefined),
        scenarioColumns,
      });

    for (const c of s.checks) {
      const action = toAction(s, c);
      for (const e of c.expect) {
        const names = e.personas.includes("*") ? personaNames : e.personas;
        for (const p of names) push(c.id, c.description, p, action, toExpectation(s, c, e), c.cloudtrail);
      }
    }
    if (s.matrix) {
      for (const [r, spec] of Object.entries(s.matrix.resources)) {
        const action = toAction(s, spec);
        for (const p of personaNames) {
          const allowed = (s.matrix.allow[p] ?? []).includes(r);
          push(r, `access matrix: ${r}`, p, action, allowed ? { outcome: "allowed" } : { outcome: "denied" }, true);
        }
      }
    }
  }
  return tasks;
}
