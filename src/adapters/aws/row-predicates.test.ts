// Row predicates compare each cell with the text Athena returns, and on a numeric column as a number:
// a double prints as 5.0 and a decimal with its scale, so a notEquals compared as text would never
// match them and would hold for every row (review s23 F1).
import { describe, expect, it } from "vitest";
import { holds, numericKind, type NumericKind } from "./athena.js";

describe("holds", () => {
  const E = "exact" as const,
    F = "double" as const,
    R = "real" as const;
  it.each<[Parameters<typeof holds>[0], string | undefined, NumericKind | undefined, boolean]>([
    // predicate, cell, column kind, holds
    [{ column: "x", notEquals: 1322.6 }, "1322.60", E, false],
    [{ column: "x", notEquals: "1322.60" }, "1322.6", E, false],
    [{ column: "x", notEquals: 5 }, "5.0", F, false],
    [{ column: "x", notEquals: 10000000 }, "1.0E7", F, false],
    [{ column: "x", notEquals: 5 }, "6.0", F, true],
    [{ column: "x", notEquals: 5 }, undefined, E, true],
    [{ column: "x", equals: 5 }, "5.00", E, true],
    [{ column: "x", equals: "-0" }, "0", E, true],
    [{ column: "x", equals: "+007" }, "7", E, true],
    [{ column: "x", equals: "5" }, "5.5", E, false],
    [{ column: "x", in: [1, "2"] }, "2.0", E, true],
    [{ column: "x", in: [1, 2] }, "3", E, false],
    // review s23b 2: 64-bit ids and long decimals compare digit by digit, never through a double.
    [{ column: "x", equals: "1234567890123456789" }, "1234567890123456790", E, false],
    [{ column: "x", in: ["1234567890123456789", "42"] }, "1234567890123456790", E, false],
    [{ column: "x", equals: "1234567890123456789" }, "1234567890123456789", E, true],
    [{ column: "x", equals: "0.10000000000000000000" }, "0.10000000000000000001", E, false],
    // review s23c 4: an exponent on an exact column applies digit by digit; a double compares as a double.
    [{ column: "x", equals: "1e3" }, "1000", E, true],
    [{ column: "x", notEquals: "0.00000001" }, "1E-8", E, false],
    [{ column: "x", notEquals: "0.1000000000000000055511151231257827" }, "0.1", F, false],
    // A numeric cell that reads as no number: neither equals nor notEquals holds (a violation, never a pass).
    [{ column: "x", notEquals: "5" }, "five", E, false],
    [{ column: "x", equals: "5" }, "five", E, false],
    // review s23c 3: a REAL compares as a float, whichever digits print it.
    [{ column: "x", notEquals: "0.1" }, "0.10000000149011612", R, false],
    [{ column: "x", notEquals: "0.1" }, "0.1", R, false],
    [{ column: "x", notEquals: "0.1" }, "0.2", R, true],
    // Text columns compare as text: "00002" is not "2".
    [{ column: "x", equals: "00002" }, "00002", undefined, true],
    [{ column: "x", equals: 2 }, "00002", undefined, false],
    [{ column: "x", notEquals: "EU" }, "EU", undefined, false],
    // A numeric column's cell that is no number (NaN, an empty string) compares as text.
    [{ column: "x", notEquals: "NaN" }, "NaN", F, false],
    [{ column: "x", equals: "Infinity" }, "Infinity", F, true],
    [{ column: "x", equals: "" }, "", E, false],
    [{ column: "x", equals: 0 }, "", E, false],
    [{ column: "x", equals: true }, "true", undefined, true],
  ])("%j on %j (%s): %s", (p, cell, kind, expected) => {
    expect(holds(p, cell, kind)).toBe(expected);
  });

  it.each([
    ["integer", "exact"],
    ["bigint", "exact"],
    ["decimal(12,2)", "exact"],
    ["DECIMAL", "exact"],
    ["double", "double"],
    ["real", "real"],
    ["float", "real"],
    ["varchar", undefined],
    ["char(5)", undefined],
    ["date", undefined],
    ["boolean", undefined],
    [undefined, undefined],
  ])("%s compares as %s", (type, kind) => {
    expect(numericKind(type)).toBe(kind);
  });
});
