// schemas/facts.schema.json, derived from the zod source (src/model/facts-blob.ts); drift-tested.
import { z } from "zod";
import { runFactsSchema } from "./facts-blob.js";

export const FACTS_SCHEMA_ID = "https://github.com/tip-proof/tip-proof/schemas/facts.schema.json";

export function factsJsonSchema(): string {
  const schema = z.toJSONSchema(runFactsSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return (
    JSON.stringify(
      { $id: FACTS_SCHEMA_ID, title: "tip-proof judge inputs of a shard (facts.json)", ...schema },
      null,
      2,
    ) + "\n"
  );
}
