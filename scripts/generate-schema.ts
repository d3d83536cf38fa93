// Writes schemas/scenario.schema.json (and schemas/exceptions.schema.json, src/exceptions/schema.ts) from the one zod source (src/scenario/schema.ts).
// A test fails when the committed file drifts from what this would write.
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../src/scenario/json-schema.js";
import { exceptionsJsonSchema } from "../src/exceptions/schema.js";

writeFileSync(new URL("../schemas/scenario.schema.json", import.meta.url), scenarioJsonSchema());
console.log("wrote schemas/scenario.schema.json");
writeFileSync(new URL("../schemas/exceptions.schema.json", import.meta.url), exceptionsJsonSchema());
console.log("wrote schemas/exceptions.schema.json");
