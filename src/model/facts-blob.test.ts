// facts.json's zod schema is the one source: the published JSON Schema is what it generates (a change
// without `npm run generate:facts-schema` fails here).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { factsJsonSchema } from "./facts-blob-json.js";
import { FACTS_VERSION, runFactsSchema } from "./facts-blob.js";

describe("facts schema", () => {
  it("schemas/facts.schema.json is what scripts/generate-facts-schema.ts writes (run `npm run generate:facts-schema` after changing src/model/facts-blob.ts)", () => {
    expect(readFileSync("schemas/facts.schema.json", "utf8")).toBe(factsJsonSchema());
  });

  it("refuses a blob of another version and one without its facts", () => {
    const empty = {
      factsVersion: FACTS_VERSION,
      runId: "r",
      startedAt: "t",
      finishedAt: "t",
      tool: { name: "tip-proof", version: "1" },
      target: { kind: "sandbox", accountId: "1", region: "r" },
      scenarios: [],
      shard: { index: 1, total: 1 },
      plan: { tasks: 0 },
      proofs: { catalog: [], workgroups: [], objects: [] },
      personas: [],
      checks: [],
    };
    expect(runFactsSchema.safeParse(empty).success).toBe(true);
    expect(runFactsSchema.safeParse({ ...empty, factsVersion: FACTS_VERSION + 1 }).success).toBe(false);
    expect(runFactsSchema.safeParse({ ...empty, factsVersion: FACTS_VERSION - 1 }).success).toBe(false);
    expect(runFactsSchema.safeParse({ ...empty, checks: undefined }).success).toBe(false);
  });
});
