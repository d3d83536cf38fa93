import { describe, expect, it } from "vitest";
import { AwsError } from "../../protocols/errors.js";
import { cloudTrailExpiration } from "./audit.js";
import { memberList, parseForm } from "./form.js";
import { parseAssumeRole } from "./validation.js";

const form = (s: string) => parseForm(Buffer.from(s));
const errorOf = (f: () => unknown): AwsError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error("expected an AwsError");
};

describe("awsQuery forms", () => {
  it("reads .member.N. lists in index order and keeps '+' and '/' of encoded values", () => {
    const f = form(
      "Action=AssumeRole&ProvidedContexts.member.2.ProviderArn=b&ProvidedContexts.member.1.ProviderArn=a&ProvidedContexts.member.1.ContextAssertion=x%2By%2Fz%3D",
    );
    expect(memberList(f, "ProvidedContexts")).toEqual({
      present: true,
      items: [{ ProviderArn: "a", ContextAssertion: "x+y/z=" }, { ProviderArn: "b" }],
    });
    expect(memberList(form("ProvidedContexts="), "ProvidedContexts")).toEqual({ present: true, items: [] });
    expect(memberList(form("Action=x"), "ProvidedContexts").present).toBe(false);
  });
});

describe("AssumeRole validation", () => {
  const base = "RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FR&RoleSessionName=ok";

  it("reports every violated constraint at once", () => {
    const e = errorOf(() => parseAssumeRole(form("RoleSessionName=a&DurationSeconds=50000")));
    expect(e.code).toBe("ValidationError");
    expect(e.message).toBe(
      "3 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
        "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    );
  });

  it("checks the session name pattern and the ProvidedContexts bounds without echoing assertions", () => {
    expect(errorOf(() => parseAssumeRole(form(base.replace("ok", "a%20b")))).message).toContain(
      "regular expression pattern: [\\w+=,.@-]*",
    );
    expect(errorOf(() => parseAssumeRole(form(`${base}&ProvidedContexts=`))).message).toContain(
      "'providedContexts' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const short = errorOf(() =>
      parseAssumeRole(
        form(
          `${base}&ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter&ProvidedContexts.member.1.ContextAssertion=sEc`,
        ),
      ),
    );
    expect(short.message).toContain("Value at 'providedContexts.1.member.contextAssertion'");
    expect(short.message).not.toContain("sEc");
  });

  it("refuses parameters it cannot enforce and ignores unknown ones", () => {
    expect(errorOf(() => parseAssumeRole(form(`${base}&PolicyArns.member.1.arn=x`))).code).toBe(
      "InvalidParameterValue",
    );
    expect(parseAssumeRole(form(`${base}&MinimumSessionTokenSize=4096&Version=2011-06-15`))).toMatchObject({
      roleSessionName: "ok",
    });
  });
});

describe("CloudTrail expiration format", () => {
  it("prints AssumeRole expirations like CloudTrail does (UTC, 12-hour clock)", () => {
    expect(cloudTrailExpiration(Date.UTC(2020, 2, 19, 17, 39, 46))).toBe("Mar 19, 2020, 5:39:46 PM");
    expect(cloudTrailExpiration(Date.UTC(2026, 0, 1, 0, 5, 9))).toBe("Jan 1, 2026, 12:05:09 AM");
  });
});
