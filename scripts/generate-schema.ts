// Writes schemas/scenario.schema.json from the one zod source (src/scenario/schema.ts).
// A test fails when the committed file drifts from what this would write.
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../src/scenario/json-schema.js";

writeFileSync(new URL("../schemas/scenario.schema.json", import.meta.url), scenarioJsonSchema());
console.log("wrote schemas/scenario.schema.json");
