// Writes schemas/fixture.schema.json from the one zod source (src/fixture/schema.ts).
// A test fails when the committed file drifts from what this would write.
import { writeFileSync } from "node:fs";
import { fixtureJsonSchema } from "../src/fixture/json-schema.js";

writeFileSync(new URL("../schemas/fixture.schema.json", import.meta.url), fixtureJsonSchema());
console.log("wrote schemas/fixture.schema.json");
