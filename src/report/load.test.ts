// Reading a report back: one clear message for anything that is not a tip-proof report.
import { describe, expect, it } from "vitest";
import { parseReport } from "./load.js";
import { sampleReport } from "../../test/helpers/sample-report.js";

describe("parseReport", () => {
  it("says what is wrong with a report that is not one", () => {
    const bad = { ...sampleReport(), results: [{ id: 1 }] };
    const r = parseReport(JSON.stringify(bad), "x/report.json");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^x\/report\.json: not a tip-proof report \(results\.0\./);
  });

  it("refuses a newer schemaVersion with an upgrade hint rather than a field list", () => {
    const r = parseReport(JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
    expect(!r.ok && r.message).toMatch(/schemaVersion 2 is newer than this tool reads \(1\); upgrade tip-proof/);
  });

  it("keeps additive fields of a newer v1 writer when reading", () => {
    const r = parseReport(JSON.stringify({ ...sampleReport(), extra: { note: "from a later 1.x" } }));
    expect(r.ok && (r.report as unknown as { extra: unknown }).extra).toEqual({ note: "from a later 1.x" });
  });

  it("rejects text that is not JSON", () => {
    expect(parseReport("{", "r.json")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^r\.json: not valid JSON/),
    });
  });
});
