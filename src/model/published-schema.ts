// The JSON Schemas tip-proof publishes (schemas/*.schema.json: scenario, exceptions, report, facts),
// each derived from its zod source in one way: input types, draft 2020-12, with its $id and title.
import { z } from "zod";

export const SCHEMA_BASE_URL = "https://github.com/tip-proof/tip-proof/schemas/";

export function publishedJsonSchema(source: z.ZodType, file: string, title: string): string {
  const schema = z.toJSONSchema(source, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return JSON.stringify({ $id: `${SCHEMA_BASE_URL}${file}`, title, ...schema }, null, 2) + "\n";
}
