// schemas/report.schema.json, derived from the zod source (src/model/report-schema.ts); drift-tested.
import { publishedJsonSchema, SCHEMA_BASE_URL } from "../model/published-schema.js";
import { runReportSchema } from "../model/report-schema.js";

export const REPORT_SCHEMA_ID = `${SCHEMA_BASE_URL}report.schema.json`;

export function reportJsonSchema(): string {
  return publishedJsonSchema(runReportSchema, "report.schema.json", "tip-proof run report (report.json)");
}
