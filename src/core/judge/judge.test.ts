// The judge, rule by rule, over tables of facts: no sandbox, no SDK. Every rule that can say "denied"
// has rows where the same text comes from a cause other than policy, and those rows must not pass.
import { describe, expect, it } from "vitest";
import { allowed, errored, refused, type Observed } from "../../model/outcome.js";
import {
  athenaTask,
  ctx,
  facts,
  grantTask,
  granted,
  LOCATION_ROLE,
  other,
  proofs,
  run,
  show,
} from "../../../test/helpers/judge-fixtures.js";
import { judgeAction, matchExpectation } from "./index.js";
import type { JudgeContext } from "./refusal.js";
import type { Task } from "../plan.js";

const LF_TEXT = { errorType: 234, namedResource: "db.t" };
const wei = athenaTask();
const weiRaw = athenaTask({ raw: true, table: undefined, sql: "SELECT bank_account_number FROM t" });
const colRefused = run({ engineCode: "COLUMN_NOT_FOUND", column: "bank_account_number", errorType: 1006 });

interface Row {
  name: string;
  task: Task;
  observed: Observed;
  ctx: JudgeContext;
  outcome: string;
  verdict: "pass" | "fail" | "error";
}
const rows: Row[] = [
  // Lake Formation column denial: the column exists in the catalog.
  {
    name: "COLUMN_NOT_FOUND on a catalog column is a Lake Formation denial",
    task: wei,
    observed: colRefused,
    ctx: ctx(),
    outcome: "denied:lakeformation:COLUMN_NOT_FOUND",
    verdict: "pass",
  },
  {
    name: "same text, column renamed in the catalog: error, never a denial",
    task: wei,
    observed: colRefused,
    ctx: ctx(
      proofs({
        columns: ["transaction_id", "bank_acct_no", "region"],
        renamed: [{ from: "bank_account_number", to: "bank_acct_no" }],
      }),
    ),
    outcome: "error:not-found:COLUMN_NOT_IN_CATALOG",
    verdict: "error",
  },
  {
    name: "same text, catalog unreadable and nobody saw the column: ambiguous",
    task: wei,
    observed: colRefused,
    ctx: ctx(proofs({ columns: null })),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "catalog unreadable, another persona of the check saw the column: denial by contrast",
    task: wei,
    observed: colRefused,
    ctx: ctx(proofs({ columns: null }), [other(wei)]),
    outcome: "denied:lakeformation:COLUMN_NOT_FOUND",
    verdict: "pass",
  },
  {
    name: "raw SQL: catalog column alone is not enough",
    task: weiRaw,
    observed: colRefused,
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "raw SQL: catalog column and another persona saw it",
    task: weiRaw,
    observed: colRefused,
    ctx: ctx(proofs(), [other(weiRaw)]),
    outcome: "denied:lakeformation:COLUMN_NOT_FOUND",
    verdict: "pass",
  },
  // ErrorType 234 naming the table under test.
  {
    name: "Lake Formation error naming the table, table in catalog: denial",
    task: wei,
    observed: run(LF_TEXT),
    ctx: ctx(),
    outcome: "denied:lakeformation:INSUFFICIENT_PERMISSIONS",
    verdict: "pass",
  },
  {
    name: "same text naming database default (missing DESCRIBE): error with the fix",
    task: wei,
    observed: run({ errorType: 234, namedResource: "default" }),
    ctx: ctx(),
    outcome: "error:invalid-request:LF_DATABASE_DESCRIBE",
    verdict: "error",
  },
  {
    name: "same text naming another table: error",
    task: wei,
    observed: run({ errorType: 234, namedResource: "db.other" }),
    ctx: ctx(),
    outcome: "error:invalid-request:LF_OTHER_TABLE",
    verdict: "error",
  },
  {
    name: "Lake Formation error, table not provable: ambiguous",
    task: wei,
    observed: run(LF_TEXT),
    ctx: ctx(proofs({ columns: null })),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  // The shared "Insufficient permissions" types.
  {
    name: "KMS / Glue IAM permission error (1500) with nobody reading the table: ambiguous",
    task: wei,
    observed: run({ errorType: 1500 }),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "S3 data-location error (1501) with nobody reading the table: ambiguous",
    task: wei,
    observed: run({ errorType: 1501 }),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "permission error (1500) while another persona read the table: denial by contrast",
    task: wei,
    observed: run({ errorType: 1500 }),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "denied:lakeformation:INSUFFICIENT_PERMISSIONS",
    verdict: "pass",
  },
  {
    name: "the other persona's read was a raw query: no contrast",
    task: wei,
    observed: run({ errorType: 1500 }),
    ctx: ctx(proofs(), [other(weiRaw)]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  // Results write, throttling, system errors, query errors.
  {
    name: "results-write refusal (401) is never a denial",
    task: wei,
    observed: run({ errorType: 401 }),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "error:invalid-request:RESULTS_WRITE",
    verdict: "error",
  },
  {
    name: "results-write refusal (402) in a matrix cell",
    task: athenaTask({}, { outcome: "denied" }),
    observed: run({ errorType: 402 }),
    ctx: ctx(),
    outcome: "error:invalid-request:RESULTS_WRITE",
    verdict: "error",
  },
  {
    name: "Retryable failure after the budget: throttled error",
    task: wei,
    observed: run({ errorType: 1000, retryable: true }),
    ctx: ctx(),
    outcome: "error:throttled",
    verdict: "error",
  },
  {
    name: "Athena throttling type 1404: throttled error",
    task: wei,
    observed: run({ errorType: 1404 }),
    ctx: ctx(),
    outcome: "error:throttled",
    verdict: "error",
  },
  {
    name: "system error category 1",
    task: wei,
    observed: run({ errorCategory: 1, errorType: 200 }),
    ctx: ctx(),
    outcome: "error:server",
    verdict: "error",
  },
  {
    name: "SYNTAX_ERROR",
    task: wei,
    observed: run({ engineCode: "SYNTAX_ERROR", errorType: 1006 }),
    ctx: ctx(),
    outcome: "error:invalid-request:SYNTAX_ERROR",
    verdict: "error",
  },
  {
    name: "unknown failure type: never a denial",
    task: wei,
    observed: run({ errorType: 9999 }),
    ctx: ctx(),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "TABLE_NOT_FOUND for a table the catalog proves: Lake Formation hid it",
    task: wei,
    observed: run({ engineCode: "TABLE_NOT_FOUND", namedResource: "awsdatacatalog.db.t" }),
    ctx: ctx(),
    outcome: "denied:lakeformation:TABLE_NOT_FOUND",
    verdict: "pass",
  },
  {
    name: "TABLE_NOT_FOUND for a table the catalog does not have: typo",
    task: wei,
    observed: run({ engineCode: "TABLE_NOT_FOUND", namedResource: "awsdatacatalog.db.tt" }),
    ctx: ctx(),
    outcome: "error:not-found",
    verdict: "error",
  },
  // The path must be live.
  {
    name: "workgroup not Identity Center-enabled: every Athena check errs, denials too",
    task: wei,
    observed: colRefused,
    ctx: ctx(proofs({ workgroup: "not-identity-center" })),
    outcome: "error:invalid-request:WORKGROUP_NOT_IDENTITY_CENTER",
    verdict: "error",
  },
  {
    name: "workgroup not Identity Center-enabled: allows too",
    task: athenaTask({}, { outcome: "allowed" }),
    observed: allowed({ columns: ["bank_account_number"] }),
    ctx: ctx(proofs({ workgroup: "not-identity-center" })),
    outcome: "error:invalid-request:WORKGROUP_NOT_IDENTITY_CENTER",
    verdict: "error",
  },
  {
    name: "workgroup unreadable",
    task: wei,
    observed: colRefused,
    ctx: ctx(proofs({ workgroup: "unavailable" })),
    outcome: "error:invalid-request:WORKGROUP_UNPROVEN",
    verdict: "error",
  },
  // Start refusals.
  {
    name: "StartQueryExecution AccessDenied, nobody started a query there: ambiguous",
    task: wei,
    observed: refused(facts({ stage: "query-start", serviceCode: "AccessDeniedException", httpStatus: 400 })),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "StartQueryExecution AccessDenied with contrast: an Athena denial, which is not Lake Formation's decision",
    task: wei,
    observed: refused(facts({ stage: "query-start", serviceCode: "AccessDeniedException", httpStatus: 400 })),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "denied:athena:AccessDeniedException",
    verdict: "error",
  },
  {
    name: "…and passes when the scenario names layer athena",
    task: athenaTask({}, { outcome: "denied", layer: "athena" }),
    observed: refused(facts({ stage: "query-start", serviceCode: "AccessDeniedException", httpStatus: 400 })),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "denied:athena:AccessDeniedException",
    verdict: "pass",
  },
  {
    name: "StartQueryExecution InvalidRequestException (plain IAM on an IdC workgroup)",
    task: wei,
    observed: refused(facts({ stage: "query-start", serviceCode: "InvalidRequestException", httpStatus: 400 })),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "throttled start",
    task: wei,
    observed: refused(facts({ stage: "query-start", serviceCode: "TooManyRequestsException", httpStatus: 400 })),
    ctx: ctx(),
    outcome: "error:throttled",
    verdict: "error",
  },
  {
    name: "results read refused after the query started",
    task: wei,
    observed: refused(facts({ stage: "query-status", serviceCode: "AccessDeniedException", httpStatus: 400 })),
    ctx: ctx(proofs(), [other(wei)]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  // Access Grants.
  {
    name: "GetDataAccess AccessDenied, target exists, same target granted to another persona",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "GetDataAccess AccessDenied, target exists, path live through another target",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask("s3://b/q/*"), granted("s3://b/q/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review s21c B1: the same target granted to another persona, but two location roles cover it: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21c B1: the same target granted to another persona only through an IAM grant: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), allowed({ grantedScope: "s3://b/p/*", granteeType: "IAM" }))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: path live only through another location's role (the target's role may be unassumable): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://b/q/": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: another location with the same role a directory grant went through: denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://b/q/": LOCATION_ROLE, "s3://b/p/": LOCATION_ROLE } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review s21b A1: two locations with different roles cover the target: which one a grant uses is unknown",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: only an IAM grant went through the role (sts:SetSourceIdentity, not sts:SetContext): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*", granteeType: "IAM" }))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: the locations unreadable by the base principal: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: "unavailable" }), [other(grantTask("s3://b/q/*"), granted("s3://b/q/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21 F2: target exists, path live elsewhere, but no location of this instance covers the target: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "no-instance" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "review s21 F2: target governed by another account's instance: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "other-instance" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "review s21 F2: which instance governs the target unproven (base principal refused): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "unavailable" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "the same target granted to another persona proves the instance governs it, whatever the proof",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "unavailable" } }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "GetDataAccess AccessDenied, nobody granted anything (missing s3:GetDataAccess looks the same)",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied for a target that does not exist (typo)",
    task: grantTask("s3://b/typo/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/typo/*": "missing" } }), [other(grantTask("s3://b/q/*"), allowed({}))]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied on an empty prefix another persona was granted (a results prefix): denial",
    task: grantTask("s3://b/empty/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/empty/*": "missing" } }), [
      other(grantTask("s3://b/empty/*"), granted("s3://b/empty/*")),
    ]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review 2.1: an empty, misspelt target 'granted' to another persona only through a broader grant: not a denial",
    task: grantTask("s3://b/finanse/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/finanse/*": "missing" } }), [
      other(grantTask("s3://b/finanse/*"), allowed({ grantedScope: "s3://b/*" })),
    ]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "review s21 F1: an empty, misspelt target 'granted exactly' under privilege Minimal (the target echoed back): not a denial",
    task: grantTask("s3://b/modles/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/modles/*": "missing" } }), [
      other(
        grantTask("s3://b/modles/*", { outcome: "allowed" }, "arnav", undefined, "Minimal"),
        allowed({ grantedScope: "s3://b/modles/*" }),
      ),
    ]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied, existence not provable",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/p/*": "unavailable" } }), [other(grantTask("s3://b/q/*"), allowed({}))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "GetDataAccess 5xx",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "InternalError", httpStatus: 500 })),
    ctx: ctx(),
    outcome: "error:server",
    verdict: "error",
  },
  // Fresh-eyes review findings, kept as rows.
  {
    name: "review 1: TABLE_NOT_FOUND for a declared table the catalog does not have (typo)",
    task: wei,
    observed: run({ engineCode: "TABLE_NOT_FOUND", namedResource: "awsdatacatalog.db.t" }),
    ctx: ctx(proofs({ columns: "missing" })),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "review 1: COLUMN_NOT_FOUND on a table the catalog does not have",
    task: wei,
    observed: colRefused,
    ctx: ctx(proofs({ columns: "missing" }), [other(wei)]),
    outcome: "error:not-found:TABLE_NOT_IN_CATALOG",
    verdict: "error",
  },
  {
    name: "review 1: Lake Formation error naming a table the catalog does not have",
    task: wei,
    observed: run(LF_TEXT),
    ctx: ctx(proofs({ columns: "missing" })),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "review 4: raw query with table: refused on another table it joins",
    task: athenaTask({ raw: true, sql: "SELECT x FROM t JOIN u ON 1=1" }),
    observed: run({ errorType: 234, namedResource: "db.u" }),
    ctx: ctx(proofs({ more: [{ database: "db", table: "u", status: "ok", columns: ["x"] }] })),
    outcome: "error:invalid-request:LF_OTHER_TABLE",
    verdict: "error",
  },
  {
    name: "review 4: raw query over two tables without table:, refused on one",
    task: athenaTask({ raw: true, table: undefined, sql: "SELECT x FROM t JOIN u ON 1=1" }),
    observed: run({ errorType: 234, namedResource: "db.u" }),
    ctx: ctx(proofs({ more: [{ database: "db", table: "u", status: "ok", columns: ["x"] }] })),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review 4: raw query over one table, refused on it",
    task: athenaTask({ raw: true, table: undefined, sql: "SELECT * FROM t" }),
    observed: run(LF_TEXT),
    ctx: ctx(),
    outcome: "denied:lakeformation:INSUFFICIENT_PERMISSIONS",
    verdict: "pass",
  },
  {
    name: "review 5a: a Lake Formation error that names nothing does not fall back to the check's table",
    task: wei,
    observed: run({ errorType: 234 }),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review 5b: TABLE_NOT_FOUND in another catalog",
    task: wei,
    observed: run({ engineCode: "TABLE_NOT_FOUND", namedResource: "prodcatalog.db.t" }),
    ctx: ctx(),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "review 5b: Lake Formation error naming the table in another catalog",
    task: wei,
    observed: run({ errorType: 234, namedResource: "prodcatalog.db.t" }),
    ctx: ctx(),
    outcome: "error:invalid-request:LF_OTHER_TABLE",
    verdict: "error",
  },
  {
    name: "network error stays an error",
    task: grantTask(),
    observed: errored("network", "ECONNREFUSED"),
    ctx: ctx(),
    outcome: "error:network",
    verdict: "error",
  },
  {
    name: "timeout stays an error",
    task: wei,
    observed: errored("timeout", "no answer"),
    ctx: ctx(),
    outcome: "error:timeout",
    verdict: "error",
  },
];

describe("judgeAction + matchExpectation", () => {
  it.each(rows)("$name", (r) => {
    const out = judgeAction(r.task, r.observed, r.ctx);
    expect(show(out).startsWith(r.outcome)).toBe(true);
    expect(matchExpectation(r.task, out, r.ctx.proofs).verdict).toBe(r.verdict);
  });
});
