// Semantic rules the schema cannot express: references between sections, uniqueness, and whether an
// expectation fits its action. Every rule reports with a position; none stops the others.
import type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
import type { Path, SourceMap } from "../yaml/source-map.js";
import { tokenSourceSchema, type Scenario, type TokenSourceConfig } from "./schema.js";

export type ResolvedTokens = Record<string, TokenSourceConfig>;

export function checkRules(
  s: Scenario,
  file: string,
  map: SourceMap,
): { diagnostics: Diagnostic[]; tokens: ResolvedTokens } {
  const diags: Diagnostic[] = [];
  const add = (code: DiagnosticCode, path: Path, message: string, key = false) => {
    const pos = map.position(path, { key });
    // An undeclared table is only a warning: the query still runs, and Athena's TABLE_NOT_FOUND for a
    // typo becomes an `error` verdict at run time (never a pass).
    diags.push({
      code,
      file,
      line: pos.line,
      column: pos.column,
      message,
      severity: code === "SCN014" ? "warning" : "error",
    });
  };
  const personaNames = Object.keys(s.personas ?? {});
  s = {
    ...s,
    personas: s.personas ?? {},
    checks: Array.isArray(s.checks) ? s.checks : [],
    tables: s.tables ?? {},
    tokenSources: s.tokenSources ?? {},
  } as Scenario;
  const tokens: ResolvedTokens = {};

  for (const [name, p] of Object.entries(s.personas)) {
    const { use, ...overrides } = (p?.token ?? {}) as { use?: unknown } & Record<string, unknown>;
    let merged: Record<string, unknown> = overrides;
    if (use !== undefined) {
      const base = typeof use === "string" ? s.tokenSources[use] : undefined;
      if (!base) {
        add(
          "SCN012",
          ["personas", name, "token", "use"],
          `token source "${String(use)}" is not defined under tokenSources (defined: ${Object.keys(s.tokenSources).join(", ") || "none"}).`,
        );
        continue;
      }
      merged = { ...(base as Record<string, unknown>), ...overrides };
    }
    const t = tokenSourceSchema.safeParse(merged);
    if (!t.success) {
      const issue = t.error.issues[0];
      add(
        "SCN020",
        ["personas", name, "token", ...issue.path.filter((x): x is string | number => typeof x !== "symbol")],
        `token source of persona "${name}": ${issue.path.join(".") || "type"}: ${issue.message}. See docs/identity-sources.md.`,
      );
      continue;
    }
    tokens[name] = t.data;
  }

  const seenIds = new Map<string, number>();
  s.checks.forEach((c, i) => {
    if (!c || typeof c !== "object") return;
    const at = (...rest: (string | number)[]): Path => ["checks", i, ...rest];
    if (seenIds.has(c.id))
      add(
        "SCN009",
        at("id"),
        `check id "${c.id}" is already used by checks[${seenIds.get(c.id)}]. Check ids must be unique.`,
      );
    else seenIds.set(c.id, i);
    const actions = (["athena", "accessGrants", "signIn"] as const).filter((k) => c[k] !== undefined);
    if (actions.length !== 1)
      add(
        "SCN011",
        at(),
        `check "${c.id}" has ${actions.length ? actions.join(" and ") : "no action"}; give exactly one of athena, accessGrants, signIn.`,
      );
    if (c.athena) checkAthena(s, c.athena, at("athena"), add);
    if (c.athena && !s.target.athena)
      add(
        "SCN005",
        ["target"],
        `check "${c.id}" runs an Athena query but target.athena is not set. Add workgroup and database.`,
      );
    if (c.accessGrants && !s.target.accessGrants)
      add(
        "SCN005",
        ["target"],
        `check "${c.id}" calls GetDataAccess but target.accessGrants is not set. Add accountId.`,
      );

    const seen = new Set<string>();
    (Array.isArray(c?.expect) ? c.expect : []).forEach((e, j) => {
      const ep = at("expect", j);
      if ((e.allowed === undefined) === (e.denied === undefined))
        add("SCN017", ep, "give exactly one of `allowed:` or `denied:` (use `allowed: {}` for a plain allow).");
      (Array.isArray(e?.personas) ? e.personas : []).forEach((p, k) => {
        const names = p === "*" ? personaNames : [p];
        if (p !== "*" && !s.personas[p])
          add(
            "SCN008",
            [...ep, "personas", k],
            `persona "${p}" is not defined (defined personas: ${personaNames.join(", ")}).`,
          );
        for (const n of names) {
          if (seen.has(n))
            add(
              "SCN010",
              [...ep, "personas", k],
              `persona "${n}" already has an expectation in check "${c.id}"; give each persona one expectation per check.`,
            );
          seen.add(n);
        }
      });
      const a = e.allowed;
      if (a && !c.athena && (a.columns || a.rows !== undefined || a.every))
        add("SCN018", [...ep, "allowed"], "columns, rows and every apply to Athena checks only.");
      if (a && !c.accessGrants && a.scope)
        add("SCN018", [...ep, "allowed", "scope"], "scope applies to accessGrants checks only.");
      if (a?.columns?.visible === "all" && !c.athena?.table)
        add(
          "SCN018",
          [...ep, "allowed", "columns", "visible"],
          "visible: all needs the check's athena.table so the harness knows the columns.",
        );
      const table = c.athena?.table ? s.tables[c.athena.table] : undefined;
      if (table && Array.isArray(table.columns) && a?.columns) {
        const cols = [
          ...(Array.isArray(a.columns.visible) ? a.columns.visible : []),
          ...(Array.isArray(a.columns.hidden) ? a.columns.hidden : []),
        ];
        for (const col of cols)
          if (!table.columns.includes(col))
            add(
              "SCN013",
              [...ep, "allowed", "columns"],
              `column "${col}" is not declared for table "${c.athena!.table}" (declared: ${table.columns.join(", ")}).`,
            );
      }
      // Cells are compared as the text Athena returns, and YAML reads `00002` as 2 and `1322.60` as 1322.6:
      // a notEquals that can never match would pass every row (review s23 F1).
      if (Array.isArray(a?.every))
        a.every.forEach((pr, k) => {
          const values: [Path, unknown][] = [
            [["equals"], pr?.equals],
            [["notEquals"], pr?.notEquals],
            ...(Array.isArray(pr?.in) ? pr.in.map((v, m): [Path, unknown] => [["in", m], v]) : []),
          ];
          for (const [rest, v] of values) {
            if (typeof v !== "number") continue;
            const path = [...ep, "allowed", "every", k, ...rest];
            const written = map.source(path);
            // A value whose text cannot be found cannot be shown to be what was meant: refused too.
            if (written === undefined)
              add(
                "SCN025",
                path,
                `${String(rest[0])} is the number ${String(v)}, but the text it was written as cannot be found: write it in place, quoted as Athena prints it.`,
              );
            else if (written !== String(v))
              add(
                "SCN025",
                path,
                `${written} is read by YAML as the number ${String(v)}, and cells are compared as the text Athena returns: quote it as Athena prints it, ${String(rest[0])}: "${written}".`,
              );
          }
        });
      if (table && Array.isArray(a?.every))
        a.every.forEach((pr, k) => {
          if (!table.columns.includes(pr.column))
            add(
              "SCN013",
              [...ep, "allowed", "every", k, "column"],
              `column "${pr.column}" is not declared for table "${c.athena!.table}".`,
            );
        });
    });
  });

  if (s.matrix && typeof s.matrix === "object" && s.matrix.allow && s.matrix.resources) {
    const resources = Object.keys(s.matrix.resources);
    for (const [persona, list] of Object.entries(s.matrix.allow)) {
      if (!s.personas[persona])
        add(
          "SCN008",
          ["matrix", "allow", persona],
          `persona "${persona}" is not defined (defined personas: ${personaNames.join(", ")}).`,
          true,
        );
      (Array.isArray(list) ? list : []).forEach((r, k) => {
        if (!s.matrix!.resources[r])
          add(
            "SCN019",
            ["matrix", "allow", persona, k],
            `resource "${r}" is not defined under matrix.resources (defined: ${resources.join(", ")}).`,
          );
      });
    }
    for (const [r, spec] of Object.entries(s.matrix.resources)) {
      const n = (spec.athena ? 1 : 0) + (spec.accessGrants ? 1 : 0);
      if (n !== 1)
        add(
          "SCN011",
          ["matrix", "resources", r],
          `matrix resource "${r}" needs exactly one of athena or accessGrants.`,
        );
      if (spec.athena) checkAthena(s, spec.athena, ["matrix", "resources", r, "athena"], add);
      if (seenIds.has(r))
        add(
          "SCN009",
          ["matrix", "resources", r],
          `matrix resource "${r}" has the same id as a check; rename one.`,
          true,
        );
    }
  }
  // Directory assertions are read from the Identity Store: without its id every one of them would only
  // be "unproven" at run time, after sign-ins and minutes of checks. Say so now, where it is written.
  // (A missing target or identityCenter is SCN005 already.)
  const identityCenter = s.target?.identityCenter as { identityStoreId?: unknown } | undefined;
  if (s.directory && identityCenter && typeof identityCenter === "object" && !identityCenter.identityStoreId) {
    const state = identityCenter.identityStoreId === undefined ? "is not set" : "is empty (is its variable set?)";
    add(
      "SCN024",
      ["directory"],
      `directory: assertions are read from the Identity Store, but target.identityCenter.identityStoreId ${state}. Add identityStoreId: \${TIP_IDENTITY_STORE_ID} under target.identityCenter, or remove directory:.`,
      true,
    );
  }
  return { diagnostics: diags, tokens };
}

function checkAthena(
  s: Scenario,
  a: NonNullable<Scenario["checks"][number]["athena"]>,
  at: Path,
  add: (c: DiagnosticCode, p: Path, m: string) => void,
) {
  if (!a.query && !a.table) add("SCN011", at, "an athena action needs `table` (with optional `columns`) or `query`.");
  if (a.query && a.columns) add("SCN011", [...at, "columns"], "give either `query` or `table` + `columns`, not both.");
  if (a.table && !s.tables[a.table] && !a.query)
    add(
      "SCN014",
      [...at, "table"],
      `table "${a.table}" is not declared under tables (declared: ${Object.keys(s.tables).join(", ") || "none"}). Declare its columns so denials can be told from typos.`,
    );
  const t = a.table ? s.tables[a.table] : undefined;
  if (t && Array.isArray(t.columns) && Array.isArray(a.columns))
    a.columns.forEach((c, k) => {
      if (!t.columns.includes(c))
        add(
          "SCN013",
          [...at, "columns", k],
          `column "${c}" is not declared for table "${a.table}" (declared: ${t.columns.join(", ")}).`,
        );
    });
}
