// IAM wildcard semantics as AWS documents them: `*` any run of characters, `?` exactly one; the rest
// is literal (a dot in an ARN is a dot). Action names compare case-insensitively, resource ARNs do not.
import { describe, expect, it } from "vitest";
import { conditionHolds, isActionAllowed, trustAllows, wildcardMatch, type RequestContext } from "./policy.js";
import type { PolicyStatement } from "../fixture/schema.js";

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

describe("conditions on the session's Identity Center keys", () => {
  const WEI = "9067c2a1f3-wei";
  const ctx = {
    "identitystore:UserId": WEI,
    "identitystore:IdentityStoreArn": "arn:aws:identitystore::111122223333:identitystore/d-1",
  };
  const allow = { Effect: "Allow" as const, Action: "s3:GetDataAccess", Resource: "*" };
  const denyFor = (Condition: PolicyStatement["Condition"]): PolicyStatement => ({
    Effect: "Deny",
    Action: "s3:GetDataAccess",
    Resource: "*",
    Condition,
  });
  it.each<[string, PolicyStatement["Condition"], RequestContext, boolean]>([
    ["StringEquals on the user: denied", { StringEquals: { "identitystore:UserId": WEI } }, ctx, false],
    ["StringEquals on another user: allowed", { StringEquals: { "identitystore:UserId": "other" } }, ctx, true],
    ["StringEquals, one of several values", { StringEquals: { "identitystore:UserId": ["x", WEI] } }, ctx, false],
    [
      "StringEquals compares case-sensitively",
      { StringEquals: { "identitystore:UserId": WEI.toUpperCase() } },
      ctx,
      true,
    ],
    ["StringLike with a wildcard", { StringLike: { "identitystore:UserId": "9067c2a1f3-*" } }, ctx, false],
    [
      "StringNotEquals: everybody else denied, not this user",
      { StringNotEquals: { "identitystore:UserId": WEI } },
      ctx,
      true,
    ],
    [
      "StringNotEquals, a session without the key: denied (IAM)",
      { StringNotEquals: { "identitystore:UserId": WEI } },
      {},
      false,
    ],
    [
      "StringEquals, a session without the key: not denied",
      { StringEquals: { "identitystore:UserId": WEI } },
      {},
      true,
    ],
    [
      "every operator must hold",
      { StringEquals: { "identitystore:UserId": WEI }, StringNotLike: { "identitystore:IdentityStoreArn": "*d-1" } },
      ctx,
      true,
    ],
  ])("%s", (_how, condition, context, allowed) => {
    expect(isActionAllowed([allow, denyFor(condition)], "s3:GetDataAccess", "*", context)).toBe(allowed);
  });
  it("an Allow whose condition fails allows nothing", () => {
    const onlyOther = { ...allow, Condition: { StringEquals: { "identitystore:UserId": "other" } } };
    expect(isActionAllowed([onlyOther], "s3:GetDataAccess", "*", ctx)).toBe(false);
    expect(conditionHolds(onlyOther, { "identitystore:UserId": "other" })).toBe(true);
  });
});
