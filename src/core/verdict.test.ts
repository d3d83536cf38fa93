import { describe, expect, it } from "vitest";
import { allowed, denied, errored } from "../model/outcome.js";
import { decideVerdict } from "./verdict.js";

describe("decideVerdict: a denial passes only on an authorization denial", () => {
  it.each([
    ["an LF denial", denied("lakeformation", "COLUMN_NOT_FOUND", "x"), "pass"],
    ["an unknown table (typo)", errored("not-found", "TABLE_NOT_FOUND"), "error"],
    ["a network failure", errored("network", "ECONNREFUSED"), "error"],
    ["throttling after retries", errored("throttled", "Rate exceeded"), "error"],
    ["a sandbox/server bug", errored("server", "InternalFailure"), "error"],
    ["an ambiguous sign-in refusal", errored("ambiguous-denial", "InvalidGrantException"), "error"],
    ["access", allowed({ columns: ["a"] }), "fail"],
  ] as const)("expected denial + %s → %s", (_n, out, verdict) => {
    expect(decideVerdict({ outcome: "denied" }, out).verdict).toBe(verdict);
  });

  it("makes 'expected a denial, but it was allowed' the headline", () => {
    const v = decideVerdict({ outcome: "denied" }, allowed({ columns: ["bank_account_number"] }));
    expect(v.unexpectedAllow).toBe(true);
    expect(v.reasons[0]).toMatch(/^UNEXPECTED ALLOW/);
  });

  it("fails a denial from the wrong layer or with the wrong code", () => {
    expect(decideVerdict({ outcome: "denied", layer: "lakeformation" }, denied("accessgrants", "AccessDenied", "")).verdict).toBe("fail");
    expect(decideVerdict({ outcome: "denied", code: "COLUMN_NOT_FOUND" }, denied("lakeformation", "INSUFFICIENT_PERMISSIONS", "")).verdict).toBe("fail");
  });
});

describe("decideVerdict: allowed", () => {
  const cols = ["a", "b", "secret"];
  it("names leaked columns when more columns come back than expected", () => {
    const v = decideVerdict({ outcome: "allowed", columns: { visible: ["a", "b"] } }, allowed({ columns: cols }));
    expect(v.verdict).toBe("fail");
    expect(v.leakedColumns).toEqual(["secret"]);
  });
  it("names hidden columns that were returned", () => {
    expect(decideVerdict({ outcome: "allowed", columns: { hidden: ["secret"] } }, allowed({ columns: cols })).leakedColumns).toEqual(["secret"]);
  });
  it("checks row counts and predicate violations", () => {
    expect(decideVerdict({ outcome: "allowed", rows: { equals: 100 } }, allowed({ rowCount: 99 })).verdict).toBe("fail");
    expect(decideVerdict({ outcome: "allowed", rows: { min: 1 } }, allowed({ rowCount: 3, predicateViolations: [{ predicate: "region = EU", violations: 0 }] })).verdict).toBe("pass");
    expect(decideVerdict({ outcome: "allowed" }, allowed({ predicateViolations: [{ predicate: "region = EU", violations: 2 }] })).verdict).toBe("fail");
  });
  it("fails an unexpected denial and passes a matching scope", () => {
    expect(decideVerdict({ outcome: "allowed" }, denied("accessgrants", "AccessDenied", "no grant")).reasons[0]).toMatch(/^UNEXPECTED DENIAL/);
    expect(decideVerdict({ outcome: "allowed", scope: "s3://b/p/*" }, allowed({ grantedScope: "s3://b/p/*" })).verdict).toBe("pass");
  });
  it("treats vended credentials reading outside their scope as an unexpected allow", () => {
    const v = decideVerdict({ outcome: "allowed" }, allowed({ grantedScope: "s3://b/p/*", probes: [{ uri: "s3://b/q/x", operation: "outside: GetObject", result: "allowed" }] }));
    expect(v).toMatchObject({ verdict: "fail", unexpectedAllow: true });
  });
});
