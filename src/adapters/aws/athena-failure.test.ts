import { describe, expect, it } from "vitest";
import { classifyAthenaFailure, redactFailureText } from "./athena-failure.js";

const declared = ["bank_account_number", "region"];
describe("classifyAthenaFailure", () => {
  it.each([
    ["COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized to access requested resources", "denied", "COLUMN_NOT_FOUND"],
    ["COLUMN_NOT_FOUND: line 1:8: Column 'bank_acount_number' cannot be resolved or requester is not authorized to access requested resources", "error", "COLUMN_NOT_FOUND"],
    ["Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on bankdata_icebergtbl", "denied", "INSUFFICIENT_PERMISSIONS"],
    ["TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.bankdata_db.nope' does not exist", "error", "TABLE_NOT_FOUND"],
    ["SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'", "error", "SYNTAX_ERROR"],
    ["Access denied when writing output to url: s3://b/x.csv . Please ensure you are allowed to access the S3 bucket.", "denied", "S3_ACCESS_DENIED"],
  ])("%s", (reason, kind, code) => {
    const o = classifyAthenaFailure({ reason, errorCategory: 2 }, declared);
    expect(o.kind).toBe(kind);
    expect(o.code).toBe(code);
  });
  it("calls an undeclared unresolvable column a typo, not a denial", () => {
    const o = classifyAthenaFailure({ reason: "COLUMN_NOT_FOUND: line 1:8: Column 'zz' cannot be resolved or requester is not authorized to access requested resources" }, declared);
    expect(o).toMatchObject({ kind: "error", errorKind: "not-found" });
  });
});

describe("redactFailureText", () => {
  it("masks quoted values (they can be table data) but keeps the identifiers of not-found messages", () => {
    expect(redactFailureText("INVALID_CAST_ARGUMENT: Cannot cast 'Sofia Tanaka' to integer")).toBe("INVALID_CAST_ARGUMENT: Cannot cast '…' to integer");
    expect(redactFailureText("Conversion Error: Could not convert string 'DE3389229776000001' to INT32")).not.toContain("DE3389");
    expect(redactFailureText("COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved")).toContain("'bank_account_number'");
  });
});
