// The report's runtime schema mirrors the TypeScript model exactly, and the published JSON Schema is
// what the zod source generates.
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { RunReport } from "../model/report.js";
import { reportJsonSchema } from "./json-schema.js";
import { parseReport } from "./load.js";
import { sampleReport } from "./sample-report.js";
import { runReportSchema, type RunReportFromSchema } from "./schema.js";

// Compile-time: the zod type and the model type are the same type, both ways.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const sameType: Equals<RunReportFromSchema, RunReport> = true;

describe("report schema", () => {
  it("has the same TypeScript type as src/model/report.ts", () => {
    expect(sameType).toBe(true);
    expectTypeOf<RunReportFromSchema>().toEqualTypeOf<RunReport>();
  });

  it("accepts a report with every kind of result, dropping nothing", () => {
    const r = sampleReport();
    expect(runReportSchema.parse(r)).toEqual(r);
  });

  it("schemas/report.schema.json is what scripts/generate-report-schema.ts writes (run it after changing src/report/schema.ts)", () => {
    expect(readFileSync("schemas/report.schema.json", "utf8")).toBe(reportJsonSchema());
  });

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
    expect(parseReport("{", "r.json")).toMatchObject({ ok: false, message: expect.stringMatching(/^r\.json: not valid JSON/) });
  });
});
