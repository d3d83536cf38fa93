import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks } from "./files.js";

const whole = (v: object) => JSON.stringify(v, null, 2) + "\n";

describe("report.json in chunks", () => {
  it("is byte for byte JSON.stringify(value, null, 2), for any JSON object (property)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.boolean(),
        (rest, results, withResults) => {
          const value = withResults ? { ...rest, results } : rest;
          expect([...jsonChunks(value, "results")].join("")).toBe(whole(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("matches on the awkward cases: line breaks inside strings, empty containers, undefined and nested arrays", () => {
    const value = {
      summary: { passed: 1, note: 'two\nlines\u2028 and a quote " and …' },
      empty: {},
      none: [],
      skipped: undefined,
      results: [{ a: [1, [2, {}]], b: "x\ny" }, undefined, [], "s", null, { deep: { deeper: { deepest: [] } } }],
    };
    expect([...jsonChunks(value, "results")].join("")).toBe(whole(value));
    expect([...jsonChunks({}, "results")].join("")).toBe(whole({}));
  });
});
