// Row predicates compare each cell with the text Athena returns, and on a numeric column as a number:
// a double prints as 5.0 and a decimal with its scale, so a notEquals compared as text would never
// match them and would hold for every row (review s23 F1).
import { describe, expect, it } from "vitest";
import { holds, isNumericType } from "./athena.js";

describe("holds", () => {
  it.each([
    // predicate, cell, numeric column, holds
    [{ column: "x", notEquals: 1322.6 }, "1322.60", true, false],
    [{ column: "x", notEquals: "1322.60" }, "1322.6", true, false],
    [{ column: "x", notEquals: 5 }, "5.0", true, false],
    [{ column: "x", notEquals: 10000000 }, "1.0E7", true, false],
    [{ column: "x", notEquals: 5 }, "6.0", true, true],
    [{ column: "x", notEquals: 5 }, undefined, true, true],
    [{ column: "x", equals: 5 }, "5.00", true, true],
    [{ column: "x", equals: "5" }, "5.5", true, false],
    [{ column: "x", in: [1, "2"] }, "2.0", true, true],
    [{ column: "x", in: [1, 2] }, "3", true, false],
    // Text columns compare as text: "00002" is not "2".
    [{ column: "x", equals: "00002" }, "00002", false, true],
    [{ column: "x", equals: 2 }, "00002", false, false],
    [{ column: "x", notEquals: "EU" }, "EU", false, false],
    // A numeric column's cell that is no number (NaN, an empty string) compares as text.
    [{ column: "x", notEquals: "NaN" }, "NaN", true, false],
    [{ column: "x", equals: "" }, "", true, true],
    [{ column: "x", equals: 0 }, "", true, false],
    [{ column: "x", equals: true }, "true", false, true],
  ])("%j on %j (numeric %s): %s", (p, cell, numeric, expected) => {
    expect(holds(p, cell, numeric)).toBe(expected);
  });

  it.each([
    ["integer", true],
    ["bigint", true],
    ["double", true],
    ["decimal(12,2)", true],
    ["DECIMAL", true],
    ["real", true],
    ["varchar", false],
    ["char(5)", false],
    ["date", false],
    ["boolean", false],
    [undefined, false],
  ])("%s is numeric: %s", (type, numeric) => {
    expect(isNumericType(type)).toBe(numeric);
  });
});
