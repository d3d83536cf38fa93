import { describe, expect, it } from "vitest";
import { ParseCache } from "./parse-cache.js";

describe("ParseCache", () => {
  it("gives the same record for the same text, so facts filled once are read back", () => {
    const c = new ParseCache();
    c.of("SELECT 1").statementCount = 1;
    expect(c.of("SELECT 1")).toEqual({ statementCount: 1 });
    expect(c.of("SELECT 2")).toEqual({});
  });

  it("drops the least recently used text beyond its capacity", () => {
    const c = new ParseCache(2);
    c.of("a").statementCount = 1;
    c.of("b").statementCount = 1;
    c.of("a"); // a is now the most recent
    c.of("c").statementCount = 1;
    expect(c.size).toBe(2);
    expect(c.of("a")).toEqual({ statementCount: 1 });
    expect(c.of("b")).toEqual({}); // evicted
  });
});
