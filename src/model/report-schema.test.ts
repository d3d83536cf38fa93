// The zod report schema is the one source: the report types are inferred from it, and the published
// JSON Schema is what it generates (a change without `npm run generate:report-schema` fails here).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reportJsonSchema } from "../report/json-schema.js";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { runReportSchema } from "./report-schema.js";

describe("report schema", () => {
  it("accepts a report with every kind of result, dropping nothing", () => {
    const r = sampleReport();
    expect(runReportSchema.parse(r)).toEqual(r);
  });

  it("schemas/report.schema.json is what scripts/generate-report-schema.ts writes (run `npm run generate:report-schema` after changing src/model/report-schema.ts)", () => {
    expect(readFileSync("schemas/report.schema.json", "utf8")).toBe(reportJsonSchema());
  });
});
