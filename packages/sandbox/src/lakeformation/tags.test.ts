import { describe, expect, it } from "vitest";
import { effectiveTags, expressionMatches } from "./tags.js";

describe("effective LF-tags", () => {
  it("inherits per key: column over table over database", () => {
    const db = { transactions: ["accessible"], domain: ["finance"] };
    expect(effectiveTags(db)).toEqual(db);
    expect(effectiveTags(db, undefined, { transactions: ["secured"] })).toEqual({
      transactions: ["secured"],
      domain: ["finance"],
    });
    expect(effectiveTags(db, { domain: ["sales"] }, { transactions: ["secured"] })).toEqual({
      transactions: ["secured"],
      domain: ["sales"],
    });
    expect(effectiveTags(db, { transactions: ["secured"] })).toEqual({
      transactions: ["secured"],
      domain: ["finance"],
    });
  });

  it("replaces a key wholesale rather than merging values", () => {
    expect(effectiveTags({ k: ["a", "b"] }, { k: ["c"] })).toEqual({ k: ["c"] });
  });
});

describe("LF-tag expressions", () => {
  it("ORs values within a key", () => {
    expect(expressionMatches({ transactions: ["accessible", "secured"] }, { transactions: ["secured"] })).toBe(true);
    expect(expressionMatches({ transactions: ["accessible"] }, { transactions: ["secured"] })).toBe(false);
  });

  it("ANDs keys", () => {
    const expr = { transactions: ["accessible"], domain: ["finance"] };
    expect(expressionMatches(expr, { transactions: ["accessible"], domain: ["finance"] })).toBe(true);
    expect(expressionMatches(expr, { transactions: ["accessible"], domain: ["sales"] })).toBe(false);
  });

  it("never matches a resource without the key, nor an empty expression", () => {
    expect(expressionMatches({ transactions: ["accessible"] }, {})).toBe(false);
    expect(expressionMatches({ transactions: ["accessible"] }, { domain: ["finance"] })).toBe(false);
    expect(expressionMatches({}, { transactions: ["accessible"] })).toBe(false);
  });

  it("ignores resource keys the expression does not mention", () => {
    expect(expressionMatches({ transactions: ["accessible"] }, { transactions: ["accessible"], extra: ["x"] })).toBe(
      true,
    );
  });
});
