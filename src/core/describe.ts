// Turns tasks and outcomes into the report's expected/observed shapes (names and counts only). The
// shapes are the core's own, composed rather than copied field by field: `observed` is the outcome's
// kind, layer, code and message plus the Observation as the adapter recorded it, and `expected` is the
// expectation with its row predicates as text.
import type { Outcome } from "../model/outcome.js";
import { describePredicate } from "../model/predicate-text.js";
import type { ResultExpected, ResultObserved } from "../model/report.js";
import type { ActionSpec, Task } from "./plan.js";

export function describeAction(a: ActionSpec): string {
  switch (a.type) {
    case "athena":
      return `Athena: ${a.sql.replace(/\s+/g, " ")}`;
    case "accessGrants":
      return `GetDataAccess ${a.permission} ${a.target} (${a.privilege})`;
    case "signin":
      return "sign-in: IdP token → CreateTokenWithIAM → AssumeRole (ProvidedContexts)";
  }
}

export function toExpected(t: Task): ResultExpected {
  const { every, ...shape } = t.expectation;
  return { ...shape, ...(every ? { predicates: every.map(describePredicate) } : {}), cloudtrail: t.cloudtrail };
}

export function toObserved(o: Outcome): ResultObserved {
  switch (o.kind) {
    case "allowed":
      return { outcome: "allowed", ...o.observation };
    // A denial's `proof` is stated in the reasons of a passing denial, not stored under `observed`.
    case "denied":
      return { outcome: "denied", layer: o.layer, code: o.code, message: o.message };
    case "error":
      return { outcome: "error", errorKind: o.errorKind, ...(o.code ? { code: o.code } : {}), message: o.message };
  }
}
