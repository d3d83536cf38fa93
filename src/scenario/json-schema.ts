// The published JSON Schema (for editor completion via yaml-language-server), derived from the zod source.
import { publishedJsonSchema } from "../model/published-schema.js";
import { scenarioSchema } from "./schema.js";

export function scenarioJsonSchema(): string {
  return publishedJsonSchema(scenarioSchema, "scenario.schema.json", "tip-proof scenario");
}
