import { describe, expect, it } from "vitest";
import { locationCovers } from "./scope.js";

describe("locationCovers", () => {
  it.each([
    ["s3://", "s3://any-bucket/k", true],
    ["s3://tip-sandbox-data", "s3://tip-sandbox-data/finance/*", true],
    ["s3://tip-sandbox-data", "s3://tip-sandbox-data-archive/old/*", false],
    ["s3://tip-sandbox-data/", "s3://tip-sandbox-data-archive/old/*", false],
    ["s3://tip-sandbox-data/finance/", "s3://tip-sandbox-data/finance/q1/*", true],
    ["s3://tip-sandbox-data/finance/", "s3://tip-sandbox-data/finances/*", false],
    ["s3://tip-sandbox-data/finance/", "s3://tip-sandbox-data/*", false],
    ["s3://", "s3://", false],
  ])("location %s covers %s: %s", (location, uri, expected) => {
    expect(locationCovers(location, uri)).toBe(expected);
  });
});
