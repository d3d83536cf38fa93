// A failed query as facts: Athena's own AthenaError fields, plus the few identifiers its text names
// (the error name at its start, the column of COLUMN_NOT_FOUND, the table or database a permission or
// not-found failure names). The text itself never leaves this file: engine texts echo table values
// ("Cannot cast 'Sofia Tanaka' to integer"), so what reaches a report is built from allow-listed parts
// only (codes, and names the scenario itself wrote), and the rest is a hash and a length.
import { createHmac, randomBytes } from "node:crypto";

/** Keyed per process: the digest tells texts apart within a run, but cannot confirm a guessed value offline. */
const DIGEST_KEY = randomBytes(32);
import type { AthenaFailureFacts, RefusalFacts } from "../../model/facts.js";
import { sqlWords, stripSql } from "../../core/sql-words.js";

export interface AthenaFailure {
  reason: string;
  errorCategory?: number;
  errorType?: number;
  retryable?: boolean;
}

const ENGINE_CODE = /^([A-Z][A-Z0-9_]+):/;
const COLUMN = /COLUMN_NOT_FOUND: line \d+:\d+: Column '([^']+)' cannot be resolved/;
const TABLE = /TABLE_NOT_FOUND: line \d+:\d+: Table '([^']+)' does not exist/;
const SCHEMA = /SCHEMA_NOT_FOUND: line \d+:\d+: Schema '([^']+)' does not exist/;
// "…permission(s) on db.t" and the Glue/LF form "…permission(s): Required Describe on default".
const PERMISSION_ON = /permission\(s\)(?: on|: Required \w+ on) ([A-Za-z0-9_.-]+)/i;

/** Facts of a FAILED query. `knownNames`: identifiers the scenario wrote (its SQL, tables, columns). */
export function athenaFailureFacts(f: AthenaFailure, knownNames: ReadonlySet<string>): RefusalFacts {
  const text = f.reason;
  const engineCode = ENGINE_CODE.exec(text)?.[1];
  const column = COLUMN.exec(text)?.[1];
  const namedResource =
    TABLE.exec(text)?.[1] ?? SCHEMA.exec(text)?.[1] ?? PERMISSION_ON.exec(text)?.[1]?.replace(/\.$/, "");
  // The patterns may match inside a quoted value ("Cannot cast 'x COLUMN_NOT_FOUND: …'"), so only a
  // name the scenario wrote is kept as a fact; any other is withheld, and the judge treats it as
  // another column or resource than the check's (review s24b 3).
  const known = knownName(knownNames);
  const athena: AthenaFailureFacts = {
    ...(f.errorCategory !== undefined ? { errorCategory: f.errorCategory } : {}),
    ...(f.errorType !== undefined ? { errorType: f.errorType } : {}),
    ...(f.retryable !== undefined ? { retryable: f.retryable } : {}),
    ...(engineCode ? { engineCode } : {}),
    ...(column ? (known(column) ? { column } : { columnWithheld: true }) : {}),
    ...(namedResource ? (known(namedResource) ? { namedResource } : { resourceWithheld: true }) : {}),
  };
  return {
    stage: "query-run",
    api: "GetQueryExecution",
    serviceCode: engineCode ?? "",
    athena,
    message: safeFailureText(f, athena, knownNames),
  };
}

/** Names only a scenario could have written: never a value from the table. */
export const namesOf = (texts: string[], names: string[] = []): Set<string> => {
  const out = sqlWords(...texts);
  // Names the scenario wrote as names (its database, table, columns) count whole: `2024_accounts` is
  // no SQL word (words start with a letter), yet it is the scenario's (review s24c 3). So are the
  // double-quoted identifiers of its SQL.
  for (const n of names) if (n) out.add(n.toLowerCase());
  // Over the SQL without its string literals and comments: a double quote there is no identifier.
  for (const t of texts)
    for (const m of stripSql(t).matchAll(/"((?:[^"]|"")+)"/g)) out.add(m[1].replace(/""/g, '"').toLowerCase());
  return out;
};

/**
 * Whether every part of a dotted name is one the scenario wrote, or the account's catalog or default
 * database (fixed names, never data).
 */
const knownName =
  (known: ReadonlySet<string>) =>
  (name: string): boolean =>
    name.split(".").every((p) => known.has(p.toLowerCase()) || /^(awsdatacatalog|default)$/i.test(p));

/** `COLUMN_NOT_FOUND column 'x' (ErrorType 1006; text hmac:ab12cd34, 118 chars)`: allow-listed parts only. */
export function safeFailureText(f: AthenaFailure, a: AthenaFailureFacts, known: ReadonlySet<string>): string {
  const ok = knownName(known);
  const parts = [a.engineCode ?? (a.errorType !== undefined ? `ErrorType ${a.errorType}` : "query failed")];
  if (a.column) parts.push(ok(a.column) ? `column '${a.column}'` : `a column not named in the scenario`);
  if (a.columnWithheld) parts.push(`a column not named in the scenario`);
  if (a.namedResource)
    parts.push(ok(a.namedResource) ? `on ${a.namedResource}` : `on a resource not named in the scenario`);
  if (a.resourceWithheld) parts.push(`on a resource not named in the scenario`);
  const meta = [
    a.errorType !== undefined ? `ErrorType ${a.errorType}` : undefined,
    a.errorCategory !== undefined ? `ErrorCategory ${a.errorCategory}` : undefined,
    a.retryable ? "Retryable" : undefined,
  ].filter(Boolean);
  return `${parts.join(" ")} (${[...meta, `text hmac:${createHmac("sha256", DIGEST_KEY).update(f.reason).digest("hex").slice(0, 12)}, ${f.reason.length} chars`].join("; ")})`;
}
