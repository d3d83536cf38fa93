// IAM wildcard semantics as AWS documents them: `*` any run of characters, `?` exactly one; the rest
// is literal (a dot in an ARN is a dot). Action names compare case-insensitively, resource ARNs do not.
import { describe, expect, it } from "vitest";
import { isActionAllowed, trustAllows, wildcardMatch } from "./policy.js";

describe("wildcardMatch", () => {
  it.each([
    ["s3:Get*", "s3:GetObject", true],
    ["s3:Get?bject", "s3:GetObject", true],
    ["s3:Get?bject", "s3:GetObbject", false],
    ["arn:aws:s3:::bucket.a/*", "arn:aws:s3:::bucketXa/key", false],
    ["arn:aws:s3:::bucket.a/*", "arn:aws:s3:::bucket.a/key", true],
    ["athena:startqueryexecution", "athena:StartQueryExecution", true],
    ["*", "anything:at-all", true],
    ["arn:aws:kms:*:111122223333:key/(x)", "arn:aws:kms:us-east-1:111122223333:key/(x)", true],
  ])("action %s matches %s: %s", (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value, true)).toBe(expected);
    // Compiled once and reused: the same answer the second time.
    expect(wildcardMatch(pattern, value, true)).toBe(expected);
  });

  it.each([
    ["arn:aws:s3:::Bank-Data/*", "arn:aws:s3:::bank-data/k", false],
    ["arn:aws:s3:::bank-data/PII/*", "arn:aws:s3:::bank-data/pii/k", false],
    ["arn:aws:iam::111122223333:role/Analyst", "arn:aws:iam::111122223333:role/analyst", false],
    ["arn:aws:s3:::bank-data/*", "arn:aws:s3:::bank-data/a\nb", true],
    ["arn:aws:s3:::bank-data/PII/*", "arn:aws:s3:::bank-data/PII/k", true],
  ])("resource %s matches %s case-sensitively: %s", (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it("a policy naming a bucket in other letters grants nothing; its action names may be in any case", () => {
    const policies = [{ Effect: "Allow" as const, Action: "S3:getobject", Resource: "arn:aws:s3:::Bank-Data/*" }];
    expect(isActionAllowed(policies, "s3:GetObject", "arn:aws:s3:::Bank-Data/x")).toBe(true);
    expect(isActionAllowed(policies, "s3:GetObject", "arn:aws:s3:::bank-data/x")).toBe(false);
  });

  it("an explicit Deny wins over an Allow, else implicit deny", () => {
    const policies = [
      { Effect: "Allow" as const, Action: "s3:*", Resource: "*" },
      { Effect: "Deny" as const, Action: "s3:Delete?bject", Resource: "*" },
    ];
    expect(isActionAllowed(policies, "s3:GetObject")).toBe(true);
    expect(isActionAllowed(policies, "s3:DeleteObject")).toBe(false);
    expect(isActionAllowed(policies, "athena:GetWorkGroup")).toBe(false);
  });
});

describe("trustAllows", () => {
  it("names the account principal by its root ARN or by the bare account id, as IAM's Principal element does", () => {
    const trust = (aws: string) => [
      { Effect: "Allow" as const, Principal: { AWS: aws }, Action: "sts:AssumeRole", Resource: "*" },
    ];
    const caller = { aws: "arn:aws:iam::111122223333:role/Runner" };
    expect(trustAllows(trust("arn:aws:iam::111122223333:root"), caller, "sts:AssumeRole")).toBe(true);
    expect(trustAllows(trust("111122223333"), caller, "sts:AssumeRole")).toBe(true);
    expect(trustAllows(trust("444455556666"), caller, "sts:AssumeRole")).toBe(false);
    expect(trustAllows(trust("11112222333"), caller, "sts:AssumeRole")).toBe(false);
  });
});
