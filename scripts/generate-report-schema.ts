// Writes schemas/report.schema.json from the one zod source (src/model/report-schema.ts).
// A test fails when the committed file drifts from what this would write.
import { writeFileSync } from "node:fs";
import { reportJsonSchema } from "../src/report/json-schema.js";

writeFileSync(new URL("../schemas/report.schema.json", import.meta.url), reportJsonSchema());
console.log("wrote schemas/report.schema.json");
