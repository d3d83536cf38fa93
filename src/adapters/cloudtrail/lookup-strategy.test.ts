import { describe, expect, it } from "vitest";
import { LookupStrategy } from "./lookup-strategy.js";

describe("LookupStrategy", () => {
  it("looks up by event name until a name listing has been measured", () => {
    expect(new LookupStrategy().choose("StartQueryExecution", 50, 60_000)).toBe("name");
  });

  it("stays on names when the traffic under a name is smaller than a listing per pending key", () => {
    const s = new LookupStrategy();
    s.observeName("StartQueryExecution", 100, 10_000); // 10 records/s
    expect(s.choose("StartQueryExecution", 50, 60_000)).toBe("name"); // 12 pages against 50
  });

  it("switches to keys when the name costs more, and back when the pending keys outgrow it", () => {
    const s = new LookupStrategy();
    s.observeName("GetDataAccess", 5_000, 10_000); // 500 records/s: 600 pages a minute
    expect(s.choose("GetDataAccess", 50, 60_000)).toBe("keys");
    s.observeKey(3);
    s.observeKey(3); // sessions turn out to take 3 pages each
    expect(s.choose("GetDataAccess", 250, 60_000)).toBe("name"); // 750 pages by key
    expect(s.choose("GetDataAccess", 1, 60_000)).toBe("keys");
  });

  it("remembers that a whole-window listing was cut short and never lowers the rate on a lower bound", () => {
    const s = new LookupStrategy();
    s.observeName("AssumeRole", 100, 1_000, { pages: 2 });
    expect(s.namePages("AssumeRole", 10, true)).toBe(3);
    s.observeName("AssumeRole", 1, 1_000, { pages: 1 });
    expect(s.namePages("AssumeRole", 1_000)).toBe(2);
    expect(s.nameCap(4)).toBe(4);
  });
});
