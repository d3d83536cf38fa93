// schemas/report.schema.json, derived from the zod source (src/model/report-schema.ts); drift-tested.
import { z } from "zod";
import { runReportSchema } from "../model/report-schema.js";

export const REPORT_SCHEMA_ID = "https://github.com/tip-proof/tip-proof/schemas/report.schema.json";

export function reportJsonSchema(): string {
  const schema = z.toJSONSchema(runReportSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return (
    JSON.stringify({ $id: REPORT_SCHEMA_ID, title: "tip-proof run report (report.json)", ...schema }, null, 2) + "\n"
  );
}
