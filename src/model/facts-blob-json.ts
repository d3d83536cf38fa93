// schemas/facts.schema.json, derived from the zod source (src/model/facts-blob.ts); drift-tested.
import { publishedJsonSchema, SCHEMA_BASE_URL } from "./published-schema.js";
import { runFactsSchema } from "./facts-blob.js";

export const FACTS_SCHEMA_ID = `${SCHEMA_BASE_URL}facts.schema.json`;

export function factsJsonSchema(): string {
  return publishedJsonSchema(runFactsSchema, "facts.schema.json", "tip-proof judge inputs of a shard (facts.json)");
}
