// The exception register's file format, defined once: the types, the validator and the published
// JSON Schema (schemas/exceptions.schema.json, drift-tested) come from this file, as
// src/scenario/schema.ts is for scenarios. docs/exceptions.md describes it.
import { z } from "zod";
import { publishedJsonSchema } from "../model/published-schema.js";
import { isoDate } from "../scenario/schema.js";

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, "use lower-case letters, digits, '-' or '_' (start with a letter)");
/** `*` matches any run of characters; everything else is literal. */
const pattern = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_*-]+$/, "use a name, or a pattern with `*` (letters, digits, '-', '_' and '*')");
const required = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

export const exceptionSchema = z
  .object({
    id: id.describe("Stable name of the exception: reports and `report diff` refer to it by this."),
    scenario: z.string().optional().describe("Only this scenario's results (its `name`); all scenarios when absent."),
    personas: z
      .array(pattern)
      .min(1)
      .optional()
      .describe("Persona patterns; each must name at least one persona of the scenarios."),
    checks: z
      .array(pattern)
      .min(1)
      .optional()
      .describe("Check id (or matrix resource) patterns; each must name at least one check of the scenarios."),
    cell: z
      .object({ persona: pattern, resource: pattern })
      .strict()
      .optional()
      .describe("One access-matrix cell: persona × resource (instead of personas and checks)."),
    justification: required("justification").describe("Why this failure is accepted for now."),
    owner: required("owner").describe("Who answers for it (a person or a team)."),
    ticket: required("ticket").describe("Where the fix is tracked."),
    expires: isoDate.describe(
      "YYYY-MM-DD: the last day it covers anything. From the next day on, its failures fail the run again.",
    ),
  })
  .strict();
export type ExceptionSpec = z.infer<typeof exceptionSchema>;

export const exceptionsFileSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    exceptions: z
      .array(exceptionSchema)
      .describe("Accepted failures, each with an owner, a ticket and an expiry date."),
  })
  .strict();
export type ExceptionsFile = z.infer<typeof exceptionsFileSchema>;

export function exceptionsJsonSchema(): string {
  return publishedJsonSchema(exceptionsFileSchema, "exceptions.schema.json", "tip-proof exception register");
}
