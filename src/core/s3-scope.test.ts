import { describe, expect, it } from "vitest";
import { locationCovers, scopeCovers } from "./s3-scope.js";

describe("scopeCovers: a grant scope against a target", () => {
  it.each([
    ["s3://b/p/*", "s3://b/p/*", true],
    ["s3://b/p/**", "s3://b/p/x.csv", true],
    ["s3://b/p*", "s3://b/p-payroll/*", true],
    ["s3://b/p/*", "s3://b/p-payroll/*", false],
    ["s3://b/p/*", "s3://b/*", false],
    ["s3://b/p/x.csv", "s3://b/p/x.csv", true],
    ["s3://b/p/x.csv", "s3://b/p/*", false],
    ["s3://b", "s3://b/any/key", true],
    ["s3://b*", "s3://b/any/*", true],
    ["s3://b*", "s3://b-archive/any/*", false],
    ["s3://b/*", "s3://b-archive/any/*", false],
    ["s3://*", "s3://anything/x", true],
  ])("%s covers %s: %s", (scope, target, want) => expect(scopeCovers(scope, target, true)).toBe(want));

  it("a scope it cannot read covers what the caller says", () => {
    expect(scopeCovers("not-a-scope", "s3://b/p/*", true)).toBe(true);
    expect(scopeCovers("not-a-scope", "s3://b/p/*", false)).toBe(false);
  });
});

describe("locationCovers: bucket and key compared apart", () => {
  it.each([
    ["s3://", "s3://b/p/*", true],
    ["s3://b", "s3://b/p/*", true],
    ["s3://b", "s3://b-archive/p/*", false],
    ["s3://b/p/", "s3://b/p/x", true],
    ["s3://b/p/", "s3://b/q/x", false],
  ])("location %s covers %s: %s", (loc, uri, want) => expect(locationCovers(loc, uri)).toBe(want));
});
