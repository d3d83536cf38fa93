// The published JSON Schema (for editor completion via yaml-language-server), derived from the zod source.
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return (
    JSON.stringify(
      {
        $id: "https://github.com/tip-proof/tip-proof/schemas/scenario.schema.json",
        title: "tip-proof scenario",
        ...schema,
      },
      null,
      2,
    ) + "\n"
  );
}
