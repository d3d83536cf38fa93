// The differential oracle's generated worlds. fast-check generates a "genome" (small integers, booleans
// and index lists, all shrinkable), and `resolveWorld` turns it, deterministically, into a World: a
// small Identity Center directory, one or two tables under Lake Formation, S3 Access Grants, optional
// non-policy causes (KMS, data location, Glue IAM, DESCRIBE on default, results write, non-IdC
// workgroup, renamed columns, throttled queries), and up to four scenarios over it whose expectations
// are partly derived from the policy truth (truth.ts) and partly random (wrong on purpose).
import fc from "fast-check";

export const USER_POOL = ["ana", "ben", "chen", "dev", "eli", "fay"] as const;
export const GROUP_POOL = ["analysts", "science", "finance", "ops"] as const;
/** Data columns (the first column of every table is `id int`, never renamed, used by row filters). */
export const COLUMN_POOL: [string, "string" | "int"][] = [
  ["name", "string"],
  ["email", "string"],
  ["amount", "int"],
  ["region", "string"],
  ["account_no", "string"],
  ["ssn", "string"],
  ["city", "string"],
  ["score", "int"],
  ["phone", "string"],
  ["segment", "string"],
];
export const TABLE_POOL = ["orders", "customers"] as const;
export const PREFIX_POOL = ["alpha", "beta", "gamma", "delta"] as const;
export const TAG_KEYS = { sens: ["public", "pii"], team: ["mkt", "sci"] } as const;
export const DATABASE = "oracle_db";
export const DATA_BUCKET = "oracle-data";
export const RESULTS_BUCKET = "oracle-results";
export const IDC_WORKGROUP = "oracle-idc";
export const PLAIN_WORKGROUP = "oracle-plain";

export type Tags = Record<string, string[]>;
export type Principal = { group: string } | { user: string };

export interface Column {
  name: string;
  type: "string" | "int";
  tags?: Tags;
  renamedFrom?: string;
}
export interface Table {
  name: string;
  columns: Column[];
  tags?: Tags;
  rows: number;
  kmsKeyArn?: string;
}

export type LfGrant =
  | { principal: Principal; kind: "tag-table"; expression: Tags }
  | { principal: Principal; kind: "tag-database"; expression: Tags }
  | { principal: Principal; kind: "named"; table: string; columns?: string[]; excludedColumns?: string[] }
  | { principal: Principal; kind: "filter"; table: string; filter: string };

export interface CellsFilter {
  name: string;
  table: string;
  rowFilter?: string;
  columnNames?: string[];
  excludedColumnNames?: string[];
}
export interface AgGrant {
  grantee: Principal;
  permission: "READ" | "WRITE" | "READWRITE";
  scope: string;
}

export interface Causes {
  /** Users without any Lake Formation permission on database `default`. */
  noDefaultDescribe: string[];
  /** Users without their Access Grant on the Athena results location. */
  noResultsGrant: string[];
  /** Table whose kmsKeyArn the execution role may not decrypt with. */
  kms?: { table: string; carrierMayDecrypt: boolean };
  /** Tables whose S3 location Lake Formation's registered data locations do not cover. */
  unregistered: string[];
  /** The IdC workgroup's execution role lacks glue:Get*. */
  glueIam: boolean;
  /** Columns renamed in the catalog after the grants and scenarios were written. */
  renames: { table: string; from: string; to: string; keepTags: boolean }[];
  /** Share of Athena queries failing with a retryable Glue-throttling error (fault profile). */
  throttle: number;
}

export type AthenaAction = { kind: "athena"; table: string; columns: "*" | string[] };
export type AgAction = { kind: "ag"; target: string };
export type Action = AthenaAction | AgAction;

export type Expect =
  | { denied: { layer?: string; code?: string } }
  | { allowed: { columns?: { visible?: string[] | "all"; hidden?: string[] } } };

export interface CheckSpec {
  id: string;
  action: Action;
  cloudtrail: boolean;
  expect: { personas: string[]; exp: Expect }[];
}
export interface PersonaSpec {
  name: string;
  groups: string[];
  cls: "allowed" | "partial" | "denied";
}
export interface ScenarioSpec {
  name: string;
  workgroup: string;
  declareTables: boolean;
  personas: PersonaSpec[];
  checks: CheckSpec[];
  matrix?: { resources: { name: string; action: Action }[]; allow: Record<string, string[]> };
}

export interface World {
  users: string[];
  groups: { name: string; members: string[] }[];
  harnessAssign: { groups: string[]; users: string[] };
  athenaAssign: { groups: string[]; users: string[] };
  dbTags: Tags;
  /** Tables as the catalog has them now (after renames); `declared` keeps the names as written before. */
  tables: Table[];
  declared: Record<string, string[]>;
  lfGrants: LfGrant[];
  cellsFilters: CellsFilter[];
  carrierGrant: boolean;
  prefixes: { name: string; objects: string[] }[];
  agGrants: AgGrant[];
  createUserLevelPrefix: boolean;
  causes: Causes;
  scenarios: ScenarioSpec[];
}

// ---------------------------------------------------------------------------------------------------
// Genome

const chance = (percent: number) => fc.integer({ min: 0, max: 99 }).map((x) => x < percent);
const bits = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });
const tagsGene = fc.record({ sens: fc.integer({ min: 0, max: 2 }), team: fc.integer({ min: 0, max: 2 }) }); // 0 = unset
const principalGene = fc.record({ isGroup: fc.boolean(), idx: fc.nat(5) });

const expGene = fc.record({
  kind: fc.constantFrom(
    "truth",
    "truth",
    "truth",
    "truth",
    "denied",
    "deniedLF",
    "deniedLFcol",
    "deniedAG",
    "allowed",
    "visible",
    "hidden",
    "visibleHidden",
  ),
  variant: fc.nat(7),
  subset: bits(9),
});
export type ExpGene = { kind: string; variant: number; subset: boolean[] };

const actionGene = fc.record({
  athena: fc.boolean(),
  table: fc.nat(1),
  sel: fc.constantFrom("star", "one", "two"),
  col: fc.nat(8),
  col2: fc.nat(8),
  prefix: fc.nat(3),
});
export type ActionGene = { athena: boolean; table: number; sel: string; col: number; col2: number; prefix: number };

const scenarioGene = fc.record({
  plain: chance(8),
  declareTables: chance(94),
  personas: bits(6),
  claims: fc.array(fc.record({ correct: chance(85), groups: bits(4), cls: fc.nat(2) }), { minLength: 6, maxLength: 6 }),
  checks: fc.array(
    fc.record({
      action: actionGene,
      cloudtrail: fc.boolean(),
      /** Per persona slot: 0 = not in this check, 1..3 = which expectation entry. */
      parts: fc.array(fc.nat(3), { minLength: 6, maxLength: 6 }),
      exps: fc.array(expGene, { minLength: 3, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  matrix: fc.option(
    fc.record({
      resources: fc.array(actionGene, { minLength: 1, maxLength: 3 }),
      truthful: chance(60),
      allow: fc.array(bits(3), { minLength: 6, maxLength: 6 }),
    }),
    { freq: 3 },
  ),
});
export type ScenarioGene = typeof scenarioGene extends fc.Arbitrary<infer T> ? T : never;

export const genomeArb = fc.record({
  nUsers: fc.integer({ min: 2, max: 6 }),
  nGroups: fc.integer({ min: 1, max: 4 }),
  membership: fc.array(bits(4), { minLength: 6, maxLength: 6 }),
  harnessGroups: fc.array(chance(80), { minLength: 4, maxLength: 4 }),
  harnessUsers: fc.array(chance(25), { minLength: 6, maxLength: 6 }),
  athenaSame: chance(85),
  athenaGroups: bits(4),
  athenaUsers: bits(6),
  dbTags: tagsGene,
  tables: fc.array(
    fc.record({
      cols: fc.shuffledSubarray([...COLUMN_POOL.keys()], { minLength: 2, maxLength: 7 }),
      colTags: fc.array(tagsGene, { minLength: 7, maxLength: 7 }),
      tableTags: fc.option(tagsGene),
      rows: fc.integer({ min: 4, max: 12 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  lfGrants: fc.array(
    fc.record({
      principal: principalGene,
      kind: fc.constantFrom("tag-table", "tag-table", "tag-database", "named", "named", "filter", "filter"),
      expr: fc.record({ sens: fc.integer({ min: 0, max: 3 }), team: fc.integer({ min: 0, max: 3 }) }), // 0 unset, 3 = both values
      table: fc.nat(1),
      colMode: fc.constantFrom("all", "excluded", "columns"),
      cols: bits(8),
      rowFilter: fc.option(fc.record({ op: fc.constantFrom(">", "<=", "="), k: fc.integer({ min: 0, max: 12 }) })),
    }),
    { minLength: 1, maxLength: 7 },
  ),
  carrierGrant: fc.boolean(),
  nPrefixes: fc.integer({ min: 2, max: 4 }),
  agGrants: fc.array(
    fc.record({
      grantee: principalGene,
      permission: fc.constantFrom("READ", "READ", "READWRITE", "WRITE"),
      scope: fc.constantFrom("prefix", "prefix", "prefix", "bucket"),
      prefix: fc.nat(3),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  createUserLevelPrefix: fc.boolean(),
  causes: fc.record({
    noDefaultDescribe: fc.option(bits(6), { freq: 8 }),
    noResultsGrant: fc.option(bits(6), { freq: 8 }),
    kms: fc.option(fc.record({ table: fc.nat(1), carrier: fc.boolean() }), { freq: 10 }),
    unregistered: fc.option(bits(2), { freq: 10 }),
    glueIam: chance(7),
    renames: fc.option(
      fc.array(fc.record({ table: fc.nat(1), col: fc.nat(6), keepTags: fc.boolean() }), { minLength: 1, maxLength: 2 }),
      { freq: 6 },
    ),
    throttle: fc.option(fc.constantFrom(0.3, 0.6, 1), { freq: 12 }),
  }),
  scenarios: fc.array(scenarioGene, { minLength: 1, maxLength: 4 }),
});
export type Genome = typeof genomeArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------------
// Genome → World

const pick = <T>(xs: readonly T[], mask: boolean[]) => xs.filter((_, i) => mask[i]);
const tagsOf = (g: { sens: number; team: number }): Tags | undefined => {
  const t: Tags = {};
  if (g.sens) t.sens = [TAG_KEYS.sens[g.sens - 1]];
  if (g.team) t.team = [TAG_KEYS.team[g.team - 1]];
  return Object.keys(t).length ? t : undefined;
};
const exprOf = (g: { sens: number; team: number }): Tags => {
  const v = (key: "sens" | "team", n: number) => (n === 3 ? [...TAG_KEYS[key]] : [TAG_KEYS[key][n - 1]]);
  const e: Tags = {};
  if (g.sens) e.sens = v("sens", g.sens);
  if (g.team) e.team = v("team", g.team);
  if (!Object.keys(e).length) e.sens = [...TAG_KEYS.sens]; // LF needs at least one key
  return e;
};

export function resolveWorld(g: Genome, truthOf: (w: World) => Truth): World {
  const users = USER_POOL.slice(0, g.nUsers);
  const groupNames = GROUP_POOL.slice(0, g.nGroups);
  const groups = groupNames.map((name, gi) => ({ name, members: users.filter((_, ui) => g.membership[ui][gi]) }));
  const principal = (p: { isGroup: boolean; idx: number }): Principal =>
    p.isGroup ? { group: groupNames[p.idx % groupNames.length] } : { user: users[p.idx % users.length] };
  const harnessAssign = { groups: pick(groupNames, g.harnessGroups), users: pick(users, g.harnessUsers) };
  const athenaAssign = g.athenaSame
    ? harnessAssign
    : { groups: pick(groupNames, g.athenaGroups), users: pick(users, g.athenaUsers) };

  const tables: Table[] = g.tables.map((t, ti) => ({
    name: TABLE_POOL[ti],
    columns: [
      { name: "id", type: "int" as const },
      ...t.cols.map((ci, k) => {
        const tags = tagsOf(t.colTags[k]);
        return { name: COLUMN_POOL[ci][0], type: COLUMN_POOL[ci][1], ...(tags ? { tags } : {}) };
      }),
    ],
    ...(t.tableTags && tagsOf(t.tableTags) ? { tags: tagsOf(t.tableTags)! } : {}),
    rows: t.rows,
  }));
  const declared = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  const tableAt = (i: number) => tables[i % tables.length];

  const lfGrants: LfGrant[] = [];
  const cellsFilters: CellsFilter[] = [];
  g.lfGrants.forEach((x, i) => {
    const p = principal(x.principal);
    const t = tableAt(x.table);
    const dataCols = t.columns.map((c) => c.name);
    const chosen = dataCols.filter((_, k) => x.cols[k % x.cols.length]);
    if (x.kind === "tag-table") lfGrants.push({ principal: p, kind: "tag-table", expression: exprOf(x.expr) });
    else if (x.kind === "tag-database")
      lfGrants.push({ principal: p, kind: "tag-database", expression: exprOf(x.expr) });
    else if (x.kind === "named") {
      lfGrants.push({
        principal: p,
        kind: "named",
        table: t.name,
        ...(x.colMode === "excluded" && chosen.length && chosen.length < dataCols.length
          ? { excludedColumns: chosen }
          : {}),
        ...(x.colMode === "columns" && chosen.length ? { columns: chosen } : {}),
      });
    } else {
      const name = `f${i}`;
      cellsFilters.push({
        name,
        table: t.name,
        ...(x.rowFilter ? { rowFilter: `id ${x.rowFilter.op} ${x.rowFilter.k}` } : {}),
        ...(x.colMode === "excluded" && chosen.length && chosen.length < dataCols.length
          ? { excludedColumnNames: chosen }
          : {}),
        ...(x.colMode === "columns" && chosen.length ? { columnNames: chosen } : {}),
      });
      lfGrants.push({ principal: p, kind: "filter", table: t.name, filter: name });
    }
  });

  const prefixes = PREFIX_POOL.slice(0, g.nPrefixes).map((name, i) => ({
    name,
    objects: [`${name}/file-${i}.txt`, ...(i % 2 ? [`${name}/sub/more.csv`] : [])],
  }));
  const agGrants: AgGrant[] = g.agGrants.map((x) => ({
    grantee: principal(x.grantee),
    permission: x.permission as AgGrant["permission"],
    scope:
      x.scope === "bucket"
        ? `s3://${DATA_BUCKET}/*`
        : `s3://${DATA_BUCKET}/${prefixes[x.prefix % prefixes.length].name}/*`,
  }));

  // Causes.
  const c = g.causes;
  const renames: Causes["renames"] = [];
  for (const r of c.renames ?? []) {
    const t = tableAt(r.table);
    const col = t.columns[1 + (r.col % (t.columns.length - 1))];
    if (col.renamedFrom) continue;
    const to = `${col.name}_v2`;
    renames.push({ table: t.name, from: col.name, to, keepTags: r.keepTags });
    col.renamedFrom = col.name;
    col.name = to;
    if (!r.keepTags) delete col.tags;
  }
  const kmsTable = c.kms ? tableAt(c.kms.table) : undefined;
  if (kmsTable) kmsTable.kmsKeyArn = KMS_KEY_ARN;
  const causes: Causes = {
    noDefaultDescribe: c.noDefaultDescribe ? pick(users, c.noDefaultDescribe) : [],
    noResultsGrant: c.noResultsGrant ? pick(users, c.noResultsGrant) : [],
    ...(kmsTable ? { kms: { table: kmsTable.name, carrierMayDecrypt: c.kms!.carrier } } : {}),
    unregistered: c.unregistered ? tables.filter((_, i) => c.unregistered![i]).map((t) => t.name) : [],
    glueIam: c.glueIam,
    renames,
    throttle: c.throttle ?? 0,
  };

  const world: World = {
    users: [...users],
    groups,
    harnessAssign,
    athenaAssign,
    dbTags: tagsOf(g.dbTags) ?? {},
    tables,
    declared,
    lfGrants,
    cellsFilters,
    carrierGrant: g.carrierGrant,
    prefixes,
    agGrants,
    createUserLevelPrefix: g.createUserLevelPrefix,
    causes,
    scenarios: [],
  };
  const truth = truthOf(world);
  world.scenarios = g.scenarios.map((s, i) => resolveScenario(world, truth, s, `s${i}`));
  return world;
}

export const KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/oracle-table-key";

/** What the scenario generator needs to know about the policy (see truth.ts). */
export interface Truth {
  /** Columns (current names) the user could read from the table under policy; [] when none. */
  columns(user: string, table: string): string[];
  /** Could the user read the data this action asks for, under policy? */
  readable(user: string, action: Action): boolean;
  /** Is the user assigned to the harness application (may sign in)? */
  signIn(user: string): boolean;
}

function resolveAction(w: World, a: ActionGene): Action {
  if (!a.athena)
    return { kind: "ag", target: `s3://${DATA_BUCKET}/${w.prefixes[a.prefix % w.prefixes.length].name}/*` };
  const t = w.tables[a.table % w.tables.length];
  const cols = w.declared[t.name];
  if (a.sel === "star") return { kind: "athena", table: t.name, columns: "*" };
  const one = cols[a.col % cols.length],
    two = cols[a.col2 % cols.length];
  return { kind: "athena", table: t.name, columns: a.sel === "one" || one === two ? [one] : [one, two] };
}

function resolveScenario(w: World, truth: Truth, s: ScenarioGene, name: string): ScenarioSpec {
  let slots = w.users.map((u, i) => (s.personas[i] ? i : -1)).filter((i) => i >= 0);
  if (!slots.length) slots = [0];
  const personas: PersonaSpec[] = slots.map((i) => {
    const u = w.users[i];
    const actual = w.groups.filter((gr) => gr.members.includes(u)).map((gr) => gr.name);
    const claim = s.claims[i];
    const groups = claim.correct ? actual : w.groups.filter((_, gi) => claim.groups[gi]).map((gr) => gr.name);
    return { name: u, groups, cls: (["allowed", "partial", "denied"] as const)[claim.cls] };
  });
  const checks: CheckSpec[] = s.checks.map((c, ci) => {
    const action = resolveAction(w, c.action);
    const entries = [0, 1, 2]
      .map((part) => ({
        personas: slots.filter((i) => c.parts[i] === part + 1).map((i) => w.users[i]),
        gene: c.exps[part],
      }))
      .filter((e) => e.personas.length);
    if (!entries.length) entries.push({ personas: [w.users[slots[0]]], gene: c.exps[0] });
    return {
      id: `c${ci}`,
      action,
      cloudtrail: c.cloudtrail,
      expect: entries.map((e) => ({
        personas: e.personas,
        exp: resolveExpect(w, truth, action, e.personas[0], e.gene),
      })),
    };
  });
  let matrix: ScenarioSpec["matrix"];
  if (s.matrix) {
    const resources = s.matrix.resources.map((a, ri) => ({ name: `m${ri}`, action: resolveAction(w, a) }));
    const allow: Record<string, string[]> = {};
    personas.forEach((p, pi) => {
      const mine = resources
        .filter((r, ri) => (s.matrix!.truthful ? truth.readable(p.name, r.action) : s.matrix!.allow[pi][ri]))
        .map((r) => r.name);
      if (mine.length) allow[p.name] = mine;
    });
    matrix = { resources, allow };
  }
  return {
    name,
    workgroup: s.plain ? PLAIN_WORKGROUP : IDC_WORKGROUP,
    declareTables: s.declareTables,
    personas,
    checks,
    ...(matrix ? { matrix } : {}),
  };
}

function resolveExpect(w: World, truth: Truth, action: Action, user: string, e: ExpGene): Expect {
  const declared = action.kind === "athena" ? w.declared[action.table] : [];
  const subset = (pool: string[]) => {
    const s = pool.filter((_, i) => e.subset[i % e.subset.length]);
    return s.length ? s : pool.slice(0, 1);
  };
  const deniedVariants: Expect[] =
    action.kind === "ag"
      ? [
          { denied: {} },
          { denied: { layer: "accessgrants" } },
          { denied: { layer: "accessgrants", code: "AccessDenied" } },
        ]
      : [
          { denied: {} },
          { denied: { layer: "lakeformation" } },
          {
            denied: {
              layer: "lakeformation",
              code:
                truth.columns(user, action.table).length && action.columns !== "*"
                  ? "COLUMN_NOT_FOUND"
                  : "INSUFFICIENT_PERMISSIONS",
            },
          },
        ];
  if (e.kind === "truth") {
    if (!truth.readable(user, action)) return deniedVariants[e.variant % deniedVariants.length];
    if (action.kind === "ag") return { allowed: {} };
    const orig = (cur: string) =>
      w.tables.find((t) => t.name === action.table)!.columns.find((c) => c.name === cur)?.renamedFrom ?? cur;
    const readable = truth.columns(user, action.table).map(orig);
    const queried = action.columns === "*" ? declared : action.columns;
    const visible = queried.filter((c) => readable.includes(c));
    const hidden = queried.filter((c) => !readable.includes(c));
    const v = e.variant % 4;
    if (v === 0) return { allowed: {} };
    if (v === 1) return { allowed: { columns: { visible } } };
    if (v === 2 && hidden.length) return { allowed: { columns: { hidden } } };
    return { allowed: { columns: { visible, ...(hidden.length ? { hidden } : {}) } } };
  }
  switch (e.kind) {
    case "denied":
      return { denied: {} };
    case "deniedLF":
      return { denied: { layer: "lakeformation" } };
    case "deniedLFcol":
      return { denied: { layer: "lakeformation", code: "COLUMN_NOT_FOUND" } };
    case "deniedAG":
      return { denied: { layer: "accessgrants" } };
    case "allowed":
      return { allowed: {} };
  }
  if (action.kind === "ag") return { allowed: {} }; // column expectations are invalid on Access Grants checks
  if (e.kind === "visible")
    return { allowed: { columns: { visible: e.variant % 3 === 0 ? "all" : subset(declared) } } };
  if (e.kind === "hidden") return { allowed: { columns: { hidden: subset(declared) } } };
  const vis = subset(declared);
  const hid = declared.filter((c) => !vis.includes(c));
  return { allowed: { columns: { visible: vis, ...(hid.length ? { hidden: hid } : {}) } } };
}
