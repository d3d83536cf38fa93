// Writes schemas/facts.schema.json from the one zod source (src/model/facts-blob.ts).
// A test fails when the committed file drifts from what this would write.
import { writeFileSync } from "node:fs";
import { factsJsonSchema } from "../src/model/facts-blob-json.js";

writeFileSync(new URL("../schemas/facts.schema.json", import.meta.url), factsJsonSchema());
console.log("wrote schemas/facts.schema.json");
