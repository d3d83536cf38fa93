// IAM wildcard semantics as AWS documents them: `*` any run of characters, `?` exactly one; the rest
// is literal (a dot in an ARN is a dot). Action names compare case-insensitively.
import { describe, expect, it } from "vitest";
import { isActionAllowed, wildcardMatch } from "./policy.js";

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
  ])("%s matches %s: %s", (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
    // Compiled once and reused: the same answer the second time.
    expect(wildcardMatch(pattern, value)).toBe(expected);
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
