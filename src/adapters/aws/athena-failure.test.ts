import { describe, expect, it } from "vitest";
import { athenaFailureFacts, namesOf } from "./athena-failure.js";

const known = namesOf(["SELECT bank_account_number FROM bankdata_icebergtbl", "bankdata_db", "default"]);

describe("athenaFailureFacts", () => {
  it.each([
    [
      "COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized to access requested resources",
      2,
      1006,
      { engineCode: "COLUMN_NOT_FOUND", column: "bank_account_number" },
    ],
    [
      "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.bankdata_db.bankdata_icebergtbl' does not exist",
      2,
      1006,
      { engineCode: "TABLE_NOT_FOUND", namedResource: "awsdatacatalog.bankdata_db.bankdata_icebergtbl" },
    ],
    [
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl",
      2,
      234,
      { namedResource: "bankdata_db.bankdata_icebergtbl", errorType: 234 },
    ],
    [
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on default",
      2,
      234,
      { namedResource: "default" },
    ],
    [
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s): Required Describe on default",
      2,
      234,
      { namedResource: "default" },
    ],
  ])("%s", (reason, errorCategory, errorType, want) => {
    expect(athenaFailureFacts({ reason, errorCategory, errorType }, known).athena).toMatchObject(want);
  });

  it.each([
    [
      "a cast error quoting a value that reads like COLUMN_NOT_FOUND",
      "INVALID_CAST_ARGUMENT: Cannot cast 'x COLUMN_NOT_FOUND: line 1:1: Column 'CANARYCELL-secret' cannot be resolved' to INT",
      { engineCode: "INVALID_CAST_ARGUMENT", columnWithheld: true },
    ],
    [
      "a value that reads like a permission failure's resource",
      "INVALID_CAST_ARGUMENT: Cannot cast 'y permission(s) on CANARYCELL2.value' to INT",
      { engineCode: "INVALID_CAST_ARGUMENT", resourceWithheld: true },
    ],
    [
      "a COLUMN_NOT_FOUND naming a column the scenario never wrote",
      "COLUMN_NOT_FOUND: line 1:8: Column 'CANARYCELL3' cannot be resolved",
      { engineCode: "COLUMN_NOT_FOUND", columnWithheld: true },
    ],
  ])("review s24b 3: %s: the name is withheld from the facts", (_n, reason, want) => {
    const f = athenaFailureFacts({ reason, errorCategory: 2, errorType: 1006 }, known);
    expect(f.athena).toMatchObject(want);
    expect(f.athena).not.toHaveProperty("column");
    expect(f.athena).not.toHaveProperty("namedResource");
    expect(JSON.stringify(f)).not.toMatch(/CANARY/);
  });

  it("review s24c 3: names starting with a digit that the scenario wrote are kept, not withheld", () => {
    const k = namesOf(['SELECT "2fa_enabled" FROM "2024_accounts"'], ["bank_db", "2024_accounts", "2fa_enabled"]);
    const col = athenaFailureFacts(
      {
        reason: "COLUMN_NOT_FOUND: line 1:8: Column '2fa_enabled' cannot be resolved",
        errorCategory: 2,
        errorType: 1006,
      },
      k,
    );
    expect(col.athena).toMatchObject({ column: "2fa_enabled" });
    const lf = athenaFailureFacts(
      {
        reason: "Insufficient Lake Formation permission(s) on bank_db.2024_accounts",
        errorCategory: 2,
        errorType: 234,
      },
      k,
    );
    expect(lf.athena).toMatchObject({ namedResource: "bank_db.2024_accounts" });
  });

  it("review s24d: a double-quoted text inside a string literal or a comment is no name of the scenario", () => {
    const k = namesOf([`SELECT region FROM t WHERE note = 'x "acct 4411-2233" y' -- "CANARY"`]);
    expect(k.has("acct 4411-2233")).toBe(false);
    expect(k.has("canary")).toBe(false);
  });

  it("keeps Athena's Retryable flag", () => {
    expect(athenaFailureFacts({ reason: "x", errorType: 1404, retryable: true }, known).athena?.retryable).toBe(true);
  });
});

describe("the text reaching a report is built from allow-listed parts only", () => {
  it.each([
    "INVALID_CAST_ARGUMENT: Cannot cast 'Sofia Tanaka' to integer",
    "Conversion Error: Could not convert string 'DE3389229776000001' to INT32",
    "NUMERIC_VALUE_OUT_OF_RANGE: value 3389229776 is out of range",
    "INVALID_FUNCTION_ARGUMENT: regexp travel is invalid",
    "COLUMN_NOT_FOUND: line 1:8: Column 'Sofia Tanaka' cannot be resolved",
  ])("%s", (reason) => {
    const m = athenaFailureFacts({ reason, errorCategory: 2, errorType: 1006 }, known).message;
    for (const v of ["Sofia", "Tanaka", "DE3389", "3389229776", "travel"]) expect(m).not.toContain(v);
    expect(m).toMatch(/hmac:[0-9a-f]{12}, \d+ chars/);
  });

  it("names what the scenario itself wrote", () => {
    const m = athenaFailureFacts(
      {
        reason:
          "COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized",
        errorType: 1006,
      },
      known,
    ).message;
    expect(m).toContain("COLUMN_NOT_FOUND column 'bank_account_number'");
  });
});
