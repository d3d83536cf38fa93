import { describe, expect, it } from "vitest";
import { decodeToken, encodeToken, page } from "./pagination.js";

describe("Identity Store pagination", () => {
  it("round-trips offsets only within the listing that issued them", () => {
    const t = encodeToken("List/u1", 3);
    expect(t).toMatch(/^[-a-zA-Z0-9_]+$/);
    expect(decodeToken("List/u1", t)).toBe(3);
    expect(decodeToken("List/u2", t)).toBeUndefined();
    expect(decodeToken("List/u1", "garbage")).toBeUndefined();
  });

  it("slices pages and says where the next one starts", () => {
    expect(page([1, 2, 3], 0, 2)).toEqual({ items: [1, 2], next: 2 });
    expect(page([1, 2, 3], 2, 2)).toEqual({ items: [3], next: undefined });
  });
});
