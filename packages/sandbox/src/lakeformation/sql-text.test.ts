import { describe, expect, it } from "vitest";
import { leadingKeyword, lineCol, qualifiedNameAt, substituteParameters } from "./sql-text.js";
import { javaDouble, javaFloat } from "./athena-types.js";
import { outputNames, selectItems } from "./output-names.js";

describe("positions", () => {
  it("turns engine byte offsets into 1-based line:column in characters", () => {
    expect(lineCol("SELECT banana FROM t", 7)).toMatchObject({ line: 1, col: 8, index: 7 });
    const q = "SELECT 'é😀', zz FROM t";
    expect(lineCol(q, Buffer.byteLength("SELECT 'é😀', ")).index).toBe(q.indexOf("zz"));
    expect(lineCol("SELECT a,\n  zz\nFROM t", 12)).toMatchObject({ line: 2, col: 3 });
  });
});

describe("lexical helpers", () => {
  it("finds the leading keyword past comments and parentheses", () => {
    expect(leadingKeyword("  -- hi\n /* x */ (select 1)")).toEqual({ word: "SELECT", index: 18 });
    expect(leadingKeyword("attach 'x'")?.word).toBe("ATTACH");
    expect(leadingKeyword("   ")).toBeUndefined();
  });

  it("reads qualified, quoted names", () => {
    expect(qualifiedNameAt(`x "AwsDataCatalog" . "bank""db".t y`, 2)).toEqual(["AwsDataCatalog", 'bank"db', "t"]);
    expect(qualifiedNameAt("t.zz + 1", 0)).toEqual(["t", "zz"]);
  });

  it("substitutes ExecutionParameters outside literals and comments", () => {
    expect(substituteParameters("SELECT '?', ? -- ?\n, ?", ["1", "'a'"])).toEqual({ sql: "SELECT '?', 1 -- ?\n, 'a'" });
    expect(substituteParameters("SELECT ?", [])).toEqual({ expected: 1 });
  });
});

describe("Athena value and name rendering", () => {
  it("prints doubles like Java (Trino)", () => {
    expect([1, 0.5, 0.001, 1e-4, 1e7, 12345.678, -2.5, 0].map(javaDouble)).toEqual([
      "1.0",
      "0.5",
      "0.001",
      "1.0E-4",
      "1.0E7",
      "12345.678",
      "-2.5",
      "0.0",
    ]);
  });

  it("prints floats (REAL) like Java's Float.toString: the fewest digits that read back as the float", () => {
    const f = (x: number) => javaFloat(Math.fround(x));
    expect([0.1, 1e-5, 123456789, 0.5, 3.4028234663852886e38, 0, -1.5, 16777217].map(f)).toEqual([
      "0.1",
      "1.0E-5",
      "1.2345679E8",
      "0.5",
      "3.4028235E38",
      "0.0",
      "-1.5",
      "1.6777216E7",
    ]);
  });

  it("names unaliased expressions _colN and keeps aliases and column names", () => {
    const parsed = JSON.stringify({
      statements: [
        {
          node: {
            type: "SELECT_NODE",
            select_list: [
              { class: "COLUMN_REF", alias: "", column_names: ["t", "Region"] },
              { class: "FUNCTION", alias: "" },
              { class: "FUNCTION", alias: "Total" },
              { class: "STAR", alias: "" },
            ],
          },
        },
      ],
    });
    expect(outputNames(["Region", "count_star()", "Total", "a", "b"], selectItems(parsed))).toEqual([
      "region",
      "_col1",
      "total",
      "a",
      "b",
    ]);
    expect(outputNames(["count_star()", "x"], undefined)).toEqual(["_col0", "x"]);
  });
});
