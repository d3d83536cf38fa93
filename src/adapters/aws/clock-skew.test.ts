import { describe, expect, it } from "vitest";
import { ClockSkew } from "./clock-skew.js";

describe("ClockSkew", () => {
  it("is 0 before any response, then the median of AWS minus us", () => {
    const s = new ClockSkew();
    expect(s.ms).toBe(0);
    const now = Date.UTC(2026, 10, 29, 12, 0, 0);
    for (const d of [600_000, 600_000, 601_000, 5_000_000])
      s.observe(new Date(now + d).toUTCString(), now - 100, now + 100);
    expect(Math.abs(s.ms - 600_500)).toBeLessThanOrEqual(1_000); // the outlier does not move the median
    expect(s.count).toBe(4);
  });
  it("ignores responses without a usable Date header", () => {
    const s = new ClockSkew();
    s.observe(undefined, 0, 1);
    s.observe("not a date", 0, 1);
    expect(s.count).toBe(0);
  });
});
