// A small IAM evaluator: explicit Deny wins, then any Allow, else implicit deny. Enough for the
// identity, session and trust policies in fixtures. Conditions: the string operators on the session's
// Identity Center context keys (fixture/schema.ts refuses any other). NotAction matches every action
// except the listed ones (IAM semantics; wildcards allowed).
import type { CONDITION_KEYS, PolicyStatement } from "../fixture/schema.js";

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Compiled patterns: every request checks the same few policies. Bounded, since session policies vary. */
const compiled = new Map<string, RegExp>();
const COMPILED_MAX = 2_000;

/**
 * IAM's wildcards: `*` any run of characters, `?` any one character; everything else literal. Action
 * names compare case-insensitively (`iam:ListAccessKeys` is `IAM:listaccesskeys`); resource ARNs do not
 * (IAM's Resource element: "the IAM user name is case sensitive"; S3 keys are), so `ignoreCase` is for
 * actions only.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(key, re);
  }
  return re.test(value);
}

function actionMatches(s: PolicyStatement, action: string): boolean {
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((a) => wildcardMatch(a, action, true));
  return asList(s.Action).some((a) => wildcardMatch(a, action, true));
}

function statementMatches(s: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  return (
    actionMatches(s, action) && asList(s.Resource).some((r) => wildcardMatch(r, resource)) && conditionHolds(s, context)
  );
}

/** The request's condition context keys that the sandbox knows (a session without Identity Center has none). */
export type RequestContext = Partial<Record<(typeof CONDITION_KEYS)[number], string>>;

/**
 * IAM's rules: every operator and every key of a Condition must hold; a key's values are alternatives.
 * A key the request does not carry fails the positive operators and satisfies the negated ones
 * (StringNotEquals on a missing key matches, as in IAM). Keys compare case-sensitively.
 */
export function conditionHolds(s: PolicyStatement, context: RequestContext): boolean {
  for (const [op, keys] of Object.entries(s.Condition ?? {}))
    for (const [key, want] of Object.entries(keys ?? {})) {
      const have = context[key as keyof RequestContext];
      const values = asList(want);
      const like = op === "StringLike" || op === "StringNotLike";
      const hit = have !== undefined && values.some((v) => (like ? wildcardMatch(v, have) : v === have));
      if ((op === "StringEquals" || op === "StringLike") !== hit) return false;
    }
  return true;
}

export function isActionAllowed(
  policies: PolicyStatement[],
  action: string,
  resource = "*",
  context: RequestContext = {},
): boolean {
  if (policies.some((s) => s.Effect === "Deny" && statementMatches(s, action, resource, context))) return false;
  return policies.some((s) => s.Effect === "Allow" && statementMatches(s, action, resource, context));
}

/** Trust policy check: does any Allow statement name this principal (AWS or Service) for the action? */
export function trustAllows(
  statements: PolicyStatement[],
  principal: { aws?: string; service?: string },
  action: string,
): boolean {
  const names = (s: PolicyStatement) => [
    ...asList(s.Principal?.AWS)
      .filter(() => principal.aws !== undefined)
      .map((p) => ({ p, v: principal.aws! })),
    ...asList(s.Principal?.Service)
      .filter(() => principal.service !== undefined)
      .map((p) => ({ p, v: principal.service! })),
  ];
  // Trust conditions are read as for a request without Identity Center keys (the caller's own session).
  const hit = (s: PolicyStatement) =>
    actionMatches(s, action) &&
    names(s).some(({ p, v }) => p === "*" || p === v || accountRootMatches(p, v)) &&
    conditionHolds(s, {});
  if (statements.some((s) => s.Effect === "Deny" && hit(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && hit(s));
}

/** The account principal, as its root ARN or as the bare account id (IAM's Principal element accepts both). */
function accountRootMatches(pattern: string, arn: string): boolean {
  const m = /^(?:arn:aws:iam::(\d{12}):root|(\d{12}))$/.exec(pattern);
  return !!m && arn.split(":")[4] === (m[1] ?? m[2]);
}
