// The text of a row predicate in the report contract: `expected.predicates` and
// `observed.predicateViolations[].predicate` are both written with it, so a reader can pair them.
// It lives in the model, not in core or a reporter, because the core, the Athena adapter and any
// report reader share it; it reads the scenario's predicate, never the data.

export interface PredicateLike {
  column: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  isNull?: boolean;
}

export function describePredicate(p: PredicateLike): string {
  if (p.equals !== undefined) return `${p.column} = ${JSON.stringify(p.equals)}`;
  if (p.notEquals !== undefined) return `${p.column} <> ${JSON.stringify(p.notEquals)}`;
  if (p.in) return `${p.column} in ${JSON.stringify(p.in)}`;
  if (p.isNull !== undefined) return `${p.column} is ${p.isNull ? "" : "not "}null`;
  return `${p.column}`;
}
