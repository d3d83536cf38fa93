// Small builders for the judge's table tests (changesets' FakeFullState in spirit): a task, facts,
// proofs and the other personas' observations, each with defaults a row overrides.
import type { RefusalFacts } from "../../src/model/facts.js";
import { allowed, refused, type Observed } from "../../src/model/outcome.js";
import type { GrantsHeldProof, RunProofs } from "../../src/model/report.js";
import type { ActionSpec, Expectation, Task } from "../../src/core/plan.js";
import { ContrastIndex, type ObservedTask } from "../../src/core/judge/contrast-index.js";
import { ProofIndex } from "../../src/core/judge/proof-index.js";
import type { JudgeContext } from "../../src/core/judge/refusal.js";
import { judgeAction, matchExpectation } from "../../src/core/judge/index.js";
import { expect, it } from "vitest";

export const TABLE_COLUMNS = ["transaction_id", "bank_account_number", "region"];

export function athenaTask(
  over: Partial<Extract<ActionSpec, { type: "athena" }>> = {},
  exp: Expectation = { outcome: "denied" },
  persona = "wei",
  check = "pii",
): Task {
  const action: ActionSpec = {
    type: "athena",
    sql: "SELECT bank_account_number FROM t",
    table: "t",
    database: "db",
    workgroup: "wg",
    catalog: "AwsDataCatalog",
    ...over,
  };
  return task(action, exp, persona, check);
}

export function grantTask(
  target = "s3://b/p/*",
  exp: Expectation = { outcome: "denied" },
  persona = "wei",
  probe?: { inside: string[]; outside: string[] },
  privilege: "Default" | "Minimal" = "Default",
): Task {
  return task(
    {
      type: "accessGrants",
      accountId: "111122223333",
      carrierRoleArn: CARRIER_ROLE,
      target,
      permission: "READ",
      privilege,
      ...(probe ? { probe } : {}),
    },
    exp,
    persona,
    `grant:${target}`,
  );
}

export function task(action: ActionSpec, expectation: Expectation, persona = "wei", check = "c"): Task {
  return {
    id: `s/${check}/${persona}`,
    scenario: "s",
    check,
    persona,
    personaClass: "partial",
    action,
    expectation,
    cloudtrail: true,
    declaredColumns: TABLE_COLUMNS,
    scenarioColumns: TABLE_COLUMNS,
  };
}

export const facts = (f: Partial<RefusalFacts> & Pick<RefusalFacts, "stage">): RefusalFacts => ({
  api: "X",
  serviceCode: "",
  message: "m",
  ...f,
});
export const run = (f: Partial<RefusalFacts["athena"]> = {}) =>
  refused(facts({ stage: "query-run", athena: { errorCategory: 2, ...f } }));

export const CARRIER_ROLE = "arn:aws:iam::111122223333:role/TipHarnessCarrier";
export const LOCATION_ROLE = "arn:aws:iam::111122223333:role/AccessGrantsLocationRole";
/** An Access Grants allow as a directory user's grant vends it (Default: the grant's scope). */
export const granted = (scope: string) => allowed({ grantedScope: scope, granteeType: "DIRECTORY_GROUP" });

export function proofs(
  over: Partial<{
    columns: string[] | null | "missing";
    workgroup: "ok" | "not-identity-center" | "unavailable";
    objects: Record<string, "exists" | "missing" | "unavailable">;
    renamed: { from: string; to: string }[];
    more: RunProofs["catalog"];
    /** Which instance governs each Access Grants target; default: account 111122223333's governs s3://b/p/*. */
    instances: Record<string, "governed" | "other-instance" | "no-instance" | "unavailable">;
    /** The account's locations (scope → role), or unreadable; default: s3:// with one role. */
    locations: Record<string, string> | "unavailable";
    /** The account's grants to IAM principals, or unreadable; default: none. */
    iamGrants: { grantee: string; scope: string; permission: string }[] | "unavailable";
    /** Grants wei holds (to its user `u-wei` or group `g-wei`), unreadable, or never listed; default: none. */
    weiHolds: { scope: string; permission: string; applicationArn?: string }[] | "unavailable" | "absent";
  }> = {},
): RunProofs {
  const cols = over.columns === undefined ? TABLE_COLUMNS : over.columns;
  const t: RunProofs["catalog"][number] =
    cols === null
      ? { database: "db", table: "t", status: "unavailable", error: "AccessDeniedException" }
      : cols === "missing"
        ? {
            database: "db",
            table: "t",
            status: "drift",
            tableMissing: true,
            missing: TABLE_COLUMNS,
            error: "EntityNotFoundException",
          }
        : {
            database: "db",
            table: "t",
            status: over.renamed ? "drift" : "ok",
            columns: cols,
            ...(over.renamed ? { renamed: over.renamed } : {}),
          };
  return {
    catalog: [t, ...(over.more ?? [])],
    workgroups: [{ name: "wg", status: over.workgroup ?? "ok" }],
    objects: Object.entries(
      over.objects ?? { "s3://b/p/*": "exists" as const, "s3://b/outside.csv": "exists" as const },
    ).map(([uri, status]) => ({ uri, status })),
    accessGrants: Object.entries(over.instances ?? { "s3://b/p/*": "governed" as const }).map(([target, status]) => ({
      accountId: "111122223333",
      target,
      status,
      ...(status === "governed" ? { instanceArn: "arn:aws:s3:us-east-1:111122223333:access-grants/default" } : {}),
      ...(status === "other-instance"
        ? { instanceArn: "arn:aws:s3:us-east-1:444455556666:access-grants/default" }
        : {}),
      ...(status === "unavailable"
        ? { error: "s3:GetAccessGrantsInstanceForPrefix s3://b/p/: AccessDenied (403)" }
        : {}),
    })),
    accessGrantsLocations: [
      over.locations === "unavailable"
        ? {
            accountId: "111122223333",
            status: "unavailable",
            error: "s3:ListAccessGrantsLocations: AccessDenied (403)",
          }
        : {
            accountId: "111122223333",
            status: "ok",
            locations: Object.entries(over.locations ?? { "s3://": LOCATION_ROLE }).map(([scope, roleArn]) => ({
              scope,
              roleArn,
            })),
          },
    ],
    accessGrantsIam: [
      over.iamGrants === "unavailable"
        ? { accountId: "111122223333", status: "unavailable", error: "s3:ListAccessGrants: AccessDenied (403)" }
        : { accountId: "111122223333", status: "ok", grants: over.iamGrants ?? [] },
    ],
    accessGrantsHeld: over.weiHolds === "absent" ? [] : [held("wei", over.weiHolds ?? []), held("dana", [])],
  };
}

/** The grants a persona of scenario "s" holds in account 111122223333, as the run lists them. */
function held(
  persona: string,
  grants: { scope: string; permission: string; applicationArn?: string }[] | "unavailable",
): GrantsHeldProof {
  const who = { scenario: "s", persona, accountId: "111122223333" };
  return grants === "unavailable"
    ? { ...who, status: "unavailable", error: "s3:ListAccessGrants 111122223333: AccessDenied (403)" }
    : {
        ...who,
        status: "ok",
        grantees: [`u-${persona}`, `g-${persona}`],
        grants: grants.map((g, i) => ({
          granteeType: i % 2 ? "DIRECTORY_GROUP" : "DIRECTORY_USER",
          grantee: i % 2 ? `g-${persona}` : `u-${persona}`,
          ...g,
        })),
      };
}

/** Another persona's observation, for contrast. */
export function other(
  t: Task,
  outcome: Observed = allowed({ columns: ["bank_account_number"] }),
  queryStarted = t.action.type === "athena",
): ObservedTask {
  return { task: { ...t, persona: "arnav", id: t.id.replace(/[^/]+$/, "arnav") }, outcome, queryStarted };
}

export function ctx(
  p: RunProofs = proofs(),
  others: ObservedTask[] = [],
  signIns: { scenario: string; outcome: Observed }[] = [],
): JudgeContext {
  return { proofs: new ProofIndex(p), contrast: new ContrastIndex(others, signIns) };
}

/** A judged action in one short line, for table assertions. */
export const show = (o: { kind: string; layer?: string; code?: string; errorKind?: string }) =>
  o.kind === "denied"
    ? `denied:${o.layer}:${o.code}`
    : o.kind === "error"
      ? `error:${o.errorKind}${o.code ? `:${o.code}` : ""}`
      : "allowed";

/** One row of the judge's tables: facts in, the outcome (`show`'s prefix) and verdict out. */
export interface JudgeRow {
  name: string;
  task: Task;
  observed: Observed;
  ctx: JudgeContext;
  outcome: string;
  verdict: "pass" | "fail" | "error";
}

/** Judges every row and checks its outcome and verdict (inside a describe). */
export function judgeRows(rows: JudgeRow[]): void {
  it.each(rows)("$name", (r) => {
    const out = judgeAction(r.task, r.observed, r.ctx);
    expect(show(out).startsWith(r.outcome)).toBe(true);
    expect(matchExpectation(r.task, out, r.ctx.proofs).verdict).toBe(r.verdict);
  });
}
