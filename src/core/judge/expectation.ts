// Does a judged outcome meet the scenario's expectation? Pure: expectation + outcome + proofs in,
// pass | fail | error out. A denial meets a denial expectation only when it came from the layer the
// expectation names or, when it names none (`denied: {}`, matrix cells), from the action's own
// decision layer; a refused sign-in (Identity Center's decision about the person) counts for every
// check of that persona.
import type { Layer, Outcome } from "../../model/outcome.js";
import type { Verdict } from "../../model/report.js";
import type { ActionSpec, Expectation, Task } from "../plan.js";
import type { ProofIndex } from "./proof-index.js";
import { refersToColumn, starTable } from "../sql-words.js";

export interface VerdictResult {
  verdict: Exclude<Verdict, "pending">;
  reasons: string[];
  unexpectedAllow?: boolean;
  leakedColumns?: string[];
}

/** The layers whose "no" is this action's authorization decision. */
export function decisionLayers(a: ActionSpec): Layer[] {
  return a.type === "athena"
    ? ["lakeformation", "signin"]
    : a.type === "accessGrants"
      ? ["accessgrants", "signin"]
      : ["signin", "sts"];
}

export function matchExpectation(task: Task, out: Outcome, proofs: ProofIndex): VerdictResult {
  const exp = task.expectation;
  if (out.kind === "error")
    return {
      verdict: "error",
      reasons: [`could not decide: ${out.errorKind}${out.code ? ` (${out.code})` : ""}: ${out.message}`],
    };
  if (exp.outcome === "denied") {
    if (out.kind === "allowed") {
      const o = out.observation;
      return {
        verdict: "fail",
        unexpectedAllow: true,
        reasons: [
          `UNEXPECTED ALLOW: expected a denial, but it was allowed${o.columns ? ` (columns returned: ${o.columns.join(", ")})` : ""}${o.grantedScope ? ` (granted scope ${o.grantedScope})` : ""}`,
        ],
      };
    }
    if (exp.layer && exp.layer !== out.layer)
      return {
        verdict: "fail",
        reasons: [`denied by ${out.layer} (${out.code}), but the scenario expects the denial from ${exp.layer}`],
      };
    if (!exp.layer && !decisionLayers(task.action).includes(out.layer))
      return {
        verdict: "error",
        reasons: [
          `denied by ${out.layer} (${out.code}), which is not this action's decision layer (${decisionLayers(task.action)[0]}): that layer never decided. Write layer: ${out.layer} if that refusal is what this check is about.`,
        ],
      };
    if (exp.code && exp.code !== out.code)
      return { verdict: "fail", reasons: [`denied with ${out.code}, but the scenario expects ${exp.code}`] };
    return {
      verdict: "pass",
      reasons: [
        `denied by ${out.layer} (${out.code}) as expected${out.proof?.length ? `; proof: ${out.proof.join("; ")}` : ""}`,
      ],
    };
  }
  if (out.kind === "denied")
    return {
      verdict: "fail",
      reasons: [`UNEXPECTED DENIAL: expected access, but ${out.layer} denied it (${out.code}): ${out.message}`],
    };
  return checkAllowed(task, exp, out.observation, proofs);
}

type Obs = Extract<Outcome, { kind: "allowed" }>["observation"];

function checkAllowed(task: Task, exp: Expectation, obs: Obs, proofs: ProofIndex): VerdictResult {
  const reasons: string[] = [];
  const undecided: string[] = [];
  let leaked: string[] = [];
  const seen = (obs.columns ?? []).map((c) => c.toLowerCase());
  if (exp.columns?.visible) {
    const want = exp.columns.visible.map((c) => c.toLowerCase());
    const extra = seen.filter((c) => !want.includes(c));
    const missing = want.filter((c) => !seen.includes(c));
    if (extra.length) {
      leaked = extra;
      reasons.push(`LEAKED COLUMNS: returned but not expected: ${extra.join(", ")}`);
    }
    if (missing.length) reasons.push(`missing columns: expected but not returned: ${missing.join(", ")}`);
  }
  if (exp.columns?.hidden) {
    const shown = exp.columns.hidden.filter((c) => seen.includes(c.toLowerCase()));
    const fresh = shown.filter((c) => !leaked.includes(c.toLowerCase()));
    if (fresh.length) reasons.push(`LEAKED COLUMNS: must be hidden but were returned: ${fresh.join(", ")}`);
    // Lake Formation refuses a query that names a column the persona may not read (COLUMN_NOT_FOUND),
    // wherever it is named: in a WHERE, under an alias, inside a function. One that succeeded read it.
    const named = hiddenNamed(task, exp.columns.hidden).filter(
      (c) => !shown.some((x) => x.toLowerCase() === c.toLowerCase()),
    );
    if (named.length)
      reasons.push(
        `LEAKED COLUMNS: the query names ${named.join(", ")} and succeeded, so Lake Formation let ${task.persona} read ${named.length > 1 ? "them" : "it"} (a column it may not read fails the query with COLUMN_NOT_FOUND)`,
      );
    leaked = [...new Set([...leaked, ...shown.map((c) => c.toLowerCase()), ...named.map((c) => c.toLowerCase())])];
    undecided.push(...hiddenUnproven(task, exp.columns.hidden, proofs));
  }
  if (exp.rows && obs.rowCount !== undefined) {
    const n = obs.rowCount;
    if (exp.rows.equals !== undefined && n !== exp.rows.equals)
      reasons.push(`row count ${n}, expected ${exp.rows.equals}`);
    if (exp.rows.min !== undefined && n < exp.rows.min)
      reasons.push(`row count ${n}, expected at least ${exp.rows.min}`);
    if (exp.rows.max !== undefined && n > exp.rows.max)
      reasons.push(`row count ${n}, expected at most ${exp.rows.max}`);
  }
  for (const v of obs.predicateViolations ?? [])
    if (v.violations > 0) reasons.push(`${v.violations} row(s) violate "${v.predicate}"`);
  if (exp.scope && normalizeScope(obs.grantedScope) !== normalizeScope(exp.scope))
    reasons.push(`granted scope ${obs.grantedScope ?? "(none)"}, expected ${exp.scope}`);
  // AWS documents Grantee in every GetDataAccess answer; without it, an IAM grant of the carrier role
  // (which every persona would get) cannot be ruled out (review s22 L1).
  if (task.action.type === "accessGrants" && !obs.granteeType)
    undecided.push(
      "GetDataAccess named no grantee, so whether a directory grant served it, and not an IAM grant of the carrier role that every persona would get, is unknown",
    );
  if (obs.granteeType && obs.granteeType.toUpperCase() === "IAM")
    reasons.push(
      `granted through an IAM grant of the carrier role (GranteeType IAM), not a directory grant: every persona using this role would get it`,
    );
  let unexpectedAllow = false;
  for (const p of obs.probes ?? []) {
    if (p.result === "error")
      undecided.push(
        p.code === "OBJECT_NOT_PROVEN"
          ? `probe ${p.operation} ${p.uri} could not be decided: the object's existence could not be proven with the base principal, so its refusal proves nothing`
          : `probe ${p.operation} ${p.uri} could not be decided (${p.code ?? "error"})`,
      );
    else if (p.side === "outside" && p.result === "allowed") {
      unexpectedAllow = true;
      reasons.push(`UNEXPECTED ALLOW: vended credentials read ${p.uri} outside their scope`);
    } else if (p.side === "inside" && p.result !== "allowed")
      reasons.push(`vended credentials could not read ${p.uri} inside their scope (${p.code})`);
  }
  if (reasons.length)
    return {
      verdict: "fail",
      reasons: [...reasons, ...undecided],
      ...(leaked.length ? { leakedColumns: leaked } : {}),
      ...(unexpectedAllow ? { unexpectedAllow } : {}),
    };
  if (undecided.length) return { verdict: "error", reasons: undecided };
  return { verdict: "pass", reasons: ["allowed, and everything observed matches the expectation"] };
}

/** The hidden columns an Athena query refers to (outside strings, comments, function names and aliases). */
function hiddenNamed(task: Task, hidden: string[]): string[] {
  const a = task.action;
  return a.type === "athena" ? hidden.filter((c) => refersToColumn(a.sql, c)) : [];
}

/**
 * Whether not seeing a hidden column proves anything. A column the query never asks for is "hidden"
 * trivially; a named one that came back without an error is a leak (hiddenNamed, checkAllowed). The
 * rest needs a star straight over one table, `SELECT * FROM t`, whose catalog columns have it: the
 * columns of that very table, not of the check's `table:` or of another table the SQL names (a star
 * inside a sub-query or WITH, or over one, is narrowed by the query around it; review s23 F2, s23b 1).
 * A hidden column that does not exist is "hidden" trivially: after a rename it proves nothing.
 */
function hiddenUnproven(task: Task, hidden: string[], all: ProofIndex): string[] {
  const a = task.action;
  if (a.type !== "athena") return [];
  const proofs = all.forCatalog(a.catalog);
  const named = hiddenNamed(task, hidden);
  const rest = hidden.filter((c) => !named.includes(c));
  if (!rest.length) return [];
  const star = starTable(a.sql);
  if (!star)
    return [
      `hidden column(s) ${rest.join(", ")} are not selected by this query: not seeing them proves nothing. Use SELECT * FROM the table (columns: "*"), from that one table, with no join, sub-query or WITH around or inside it.`,
    ];
  const q = star.qualifiers;
  const db = a.database.toLowerCase();
  const own =
    q.length === 0 || (q.length === 1 && q[0] === db) || (q.length === 2 && q[0] === "awsdatacatalog" && q[1] === db);
  const known = own ? proofs.columns(a.database, star.table) : undefined;
  if (!known)
    return [
      `hidden column(s) ${rest.join(", ")} not proven to exist: ${own ? `the catalog could not say which columns ${a.database}.${star.table} has` : `the query reads ${[...q, star.table].join(".")}, not a table of database ${a.database}`}, so "hidden" proves nothing`,
    ];
  const absent = rest.filter((c) => !known.has(c.toLowerCase()));
  if (!absent.length) return [];
  const renamed = proofs.table(a.database, star.table)?.renamed ?? [];
  const hint = absent.map((c) => {
    const r = renamed.find((x) => x.from.toLowerCase() === c.toLowerCase());
    return r ? `${c} (catalog drift: renamed to ${r.to}?)` : c;
  });
  return [
    `hidden column(s) ${hint.join(", ")} do not exist in ${a.database}.${star.table} in the Glue Data Catalog: not seeing them proves nothing (Lake Formation stops excluding a renamed column)`,
  ];
}

/**
 * Access Grants answer a grant's scope in more than one spelling (`s3://b/p/*` and `s3://b/p/**`):
 * compare what they cover. `s3://b/p*` is NOT `s3://b/p/*`: it also covers `s3://b/p-payroll/…`.
 */
export function normalizeScope(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const wild = /\*+$/.test(s);
  return `${s.replace(/\*+$/, "")}${wild ? "*" : ""}`;
}
