import { describe, expect, it } from "vitest";
import { QueryStore, type QueryRecord } from "./executions.js";

const settled = {
  state: "SUCCEEDED",
  statementType: "DML",
  substatementType: "SELECT",
  columns: [],
  rows: [],
  dataScannedBytes: 0,
  settledAt: 0,
} as const;
const query = (id: string, submittedAt: number, account = "111122223333"): QueryRecord =>
  ({
    id,
    submittedAt,
    queuedMs: 10,
    runningMs: 90,
    lineage: { accountId: account },
    region: "us-east-1",
    clientRequestToken: id,
    settled: { ...settled },
  }) as unknown as QueryRecord;

describe("QueryStore.countActive (the active-query quota's count)", () => {
  it("counts the queries not yet ended at `now`, whatever was counted before", () => {
    const s = new QueryStore();
    s.add(query("a", 0), "a");
    s.add(query("b", 50), "b");
    const mine = () => true;
    expect(s.countActive(mine, 20)).toBe(2);
    expect(s.countActive(mine, 120)).toBe(1); // a ended at 100
    expect(s.countActive(mine, 200)).toBe(0);
    s.add(query("c", 300), "c");
    expect(s.countActive(mine, 310)).toBe(1);
  });

  it("applies the filter, and a query left running (engine not settled) stays counted", () => {
    const s = new QueryStore();
    const other = query("x", 0, "444455556666");
    const running = { ...query("r", 0), settled: undefined } as QueryRecord;
    s.add(other, "x");
    s.add(running, "r");
    const mineOnly = (r: QueryRecord) => r.lineage.accountId === "111122223333";
    expect(s.countActive(mineOnly, 50)).toBe(1);
    expect(s.countActive(mineOnly, 10_000)).toBe(1);
    expect(s.countActive(() => true, 10_000)).toBe(1);
  });
});
