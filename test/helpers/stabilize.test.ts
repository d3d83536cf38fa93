import { describe, expect, it } from "vitest";
import { sampleReport } from "./sample-report.js";
import { stabilize } from "./stabilize.js";

describe("stabilize", () => {
  const r = sampleReport();
  r.results[0].evidence.cloudtrail[0].record = {
    principalId: "AROA:tip-000-abcd-arnav",
    accessKeyId: "ASIA…AB12",
    Host: "127.0.0.1:46305",
  };
  const s = stabilize(r);

  it("masks times, durations, run ids, query and event ids, ports and key suffixes", () => {
    expect(s.runId).toBe("<run-id>");
    expect(s.startedAt).toBe("<time>");
    expect(s.results[0].timings).toEqual({ startedAt: "<time>", durationMs: 0 });
    expect(s.results[0].observed.queryExecutionId).toBe("<uuid>");
    expect(s.results[0].evidence.cloudtrail[0].eventId).toBe("<uuid>");
    expect(s.results[0].evidence.cloudtrail[0].record).toEqual({
      principalId: "AROA:tip-<run>-arnav",
      accessKeyId: "ASIA…<key>",
      Host: "127.0.0.1:<port>",
    });
  });

  it("keeps what should be compared: verdicts, user ids, columns, reasons", () => {
    expect(s.results.map((x) => x.verdict)).toEqual(r.results.map((x) => x.verdict));
    expect(s.results[0].identityCenterUserId).toBe(r.results[0].identityCenterUserId);
    expect(s.results[1].leakedColumns).toEqual(r.results[1].leakedColumns);
  });

  it("does not change its input, and is idempotent", () => {
    expect(sampleReport()).toEqual({ ...sampleReport() });
    expect(stabilize(s)).toEqual(s);
  });
});
