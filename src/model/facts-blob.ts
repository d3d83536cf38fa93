// facts.json: what the judge decides FROM, written by each shard (`run --shard i/n`) so `report merge`
// can re-judge across shards with the same pure judge (core/verdicts.ts). The plan's tasks, what the
// adapters observed (typed facts, never decisions), the base principal's proofs, persona state, the
// CloudTrail evidence found and the run's metadata. The same redaction as report.json: names, counts,
// ids and codes, never table values, tokens or credentials (access key ids only shortened, ASIA…WXYZ,
// in trimmed CloudTrail records).
// schemas/facts.schema.json is generated from this file (drift-tested). Additive changes only within
// a factsVersion.
import { z } from "zod";
import type { Observed } from "./outcome.js";
import { LAYERS, type Layer } from "./outcome.js";
import { STAGES, type RefusalFacts, type Stage } from "./facts.js";
import type { Task } from "../core/plan.js";
import {
  evidenceEventSchema,
  evidenceLookupSchema,
  observationSchema,
  personaReportSchema,
  probeSchema,
  reportTargetSchema,
  runProofsSchema,
} from "./report-schema.js";

/**
 * 2 (2026-11-30): shards record what a merge must compare to tell one run from several: each scenario's
 * resolved target, the base principal for AWS targets, the sandbox's world. A version 1 blob lacks
 * them, so it cannot show it belongs with the others and is refused (review s24d).
 */
export const FACTS_VERSION = 2 as const;
/** The blob's name in a report folder (listed in manifest.json like the other files). */
export const FACTS_FILE = "facts.json";

const layer = z.enum(LAYERS as [Layer, ...Layer[]]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const refusalFactsSchema = z
  .object({
    stage: z.enum(STAGES as [Stage, ...Stage[]]),
    api: z.string(),
    httpStatus: z.number().optional(),
    serviceCode: z.string(),
    reason: z.string().optional(),
    athena: z
      .object({
        errorCategory: z.number().optional(),
        errorType: z.number().optional(),
        retryable: z.boolean().optional(),
        engineCode: z.string().optional(),
        column: z.string().optional(),
        namedResource: z.string().optional(),
        columnWithheld: z.boolean().optional(),
        resourceWithheld: z.boolean().optional(),
      })
      .optional(),
    presented: z
      .union([
        z.object({
          userId: z.string(),
          assignment: z.enum(["assigned", "unassigned", "not-required"]).optional(),
          assignmentUnknown: z.string().optional(),
        }),
        z.object({ unresolved: z.string() }),
      ])
      .optional()
      .describe(
        "For a sign-in refusal: the directory user the presented token maps to and whether it is assigned to the application, or why that is unknown.",
      ),
    objectExists: z.boolean().optional(),
    message: z.string().describe("Redacted text, for people (engine texts are already reduced to allow-listed parts)."),
  })
  .describe("What an adapter saw when AWS said no (src/model/facts.ts).");

const errorKind = z.enum([
  "not-found",
  "invalid-request",
  "throttled",
  "network",
  "timeout",
  "server",
  "ambiguous-denial",
  "budget",
  "cancelled",
  "harness",
]);

export const observedSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("allowed"),
      observation: observationSchema.extend({
        probes: z.array(probeSchema.extend({ side: z.enum(["inside", "outside"]) })).optional(),
      }),
    }),
    z.object({ kind: z.literal("refused"), facts: refusalFactsSchema }),
    z.object({ kind: z.literal("error"), errorKind, code: z.string().optional(), message: z.string() }),
  ])
  .describe("An observation before any judgement: an allow, a refusal (facts) or no answer from AWS.");

const actionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("athena"),
    sql: z.string(),
    table: z.string().optional(),
    database: z.string(),
    workgroup: z.string(),
    catalog: z.string(),
    limitGuard: z.number().optional(),
    raw: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("accessGrants"),
    accountId: z.string(),
    carrierRoleArn: z.string().optional(),
    target: z.string(),
    permission: z.enum(["READ", "WRITE", "READWRITE"]),
    privilege: z.enum(["Default", "Minimal"]),
    durationSeconds: z.number().optional(),
    probe: z.object({ inside: z.array(z.string()), outside: z.array(z.string()) }).optional(),
  }),
  z.object({ type: z.literal("signin") }),
]);

export const taskSchema = z
  .object({
    id: z.string(),
    scenario: z.string(),
    check: z.string(),
    description: z.string().optional(),
    persona: z.string(),
    personaClass: z.enum(["allowed", "partial", "denied"]),
    action: actionSchema,
    expectation: z.object({
      outcome: z.enum(["allowed", "denied"]),
      layer: layer.optional(),
      code: z.string().optional(),
      columns: z.object({ visible: z.array(z.string()).optional(), hidden: z.array(z.string()).optional() }).optional(),
      rows: z
        .object({ equals: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
        .optional(),
      every: z
        .array(
          z.object({
            column: z.string(),
            equals: scalar.optional(),
            notEquals: scalar.optional(),
            in: z.array(z.union([z.string(), z.number()])).optional(),
            isNull: z.boolean().optional(),
          }),
        )
        .optional()
        .describe("Row predicates as the scenario writes them (values from the scenario, never from the data)."),
      scope: z.string().optional(),
    }),
    cloudtrail: z.boolean(),
    declaredColumns: z.array(z.string()),
    scenarioColumns: z.array(z.string()),
  })
  .describe("One persona × check of the plan (src/core/plan.ts).");

const span = z.object({ startedAt: z.number().describe("Epoch ms."), finishedAt: z.number() });

export const personaFactsSchema = z.object({
  report: personaReportSchema.describe(
    "Directory state before sign-in is judged (signIn and the sign-in note are the judge's, filled in by it).",
  ),
  signIn: observedSchema.describe("What the sign-in chain observed; an identity mismatch is already an error here."),
  signInSpan: span.optional(),
  userId: z.string().optional().describe("The Identity Center user the session signed in."),
});

export const checkFactsSchema = z.object({
  planIndex: z
    .number()
    .int()
    .nonnegative()
    .describe("Position in the whole (unsharded) plan; merge restores the plan's order with it."),
  task: taskSchema,
  observed: observedSchema,
  startedAt: z.number().describe("Epoch ms when the check started."),
  span: span.describe("The call's own start and end (epoch ms)."),
  queryStarted: z
    .boolean()
    .describe("An Athena query execution id was returned: the workgroup accepted a query (contrast)."),
  retries: z.number(),
  evidence: z
    .object({
      status: z.enum(["confirmed", "pending", "mismatch"]),
      events: z.array(evidenceEventSchema),
      problems: z.array(z.string()),
    })
    .optional()
    .describe("What the CloudTrail lookup found for this check's record."),
  lookup: evidenceLookupSchema.optional().describe("What identifies the check's CloudTrail record (for `confirm`)."),
});

export const runFactsSchema = z.object({
  factsVersion: z.literal(FACTS_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  target: reportTargetSchema,
  basePrincipalArn: z.string().optional(),
  scenarios: z
    .array(z.object({ file: z.string(), name: z.string(), sha256: z.string(), targetSha256: z.string().optional() }))
    .describe("Scenario inputs with the SHA-256 of their bytes: shards of one run have the same."),
  shard: z
    .object({
      index: z.number().int().min(1),
      total: z.number().int().min(1),
      group: z
        .string()
        .optional()
        .describe(
          "The run this shard belongs to (--run-group, TIP_RUN_GROUP or the CI pipeline's id): report merge joins only shards of one group.",
        ),
    })
    .describe("This blob's shard (1/1 for a whole run or a merge)."),
  plan: z.object({
    tasks: z.number().int().nonnegative().describe("Tasks in the whole plan, across all shards."),
    digest: z
      .string()
      .optional()
      .describe(
        "SHA-256 of the whole plan's task ids in plan order (planDigest): shards of one run planned the same checks, whatever --persona said.",
      ),
  }),
  mergedFrom: z
    .array(z.object({ runId: z.string(), shard: z.string() }))
    .optional()
    .describe("Set by `report merge`: the shard runs it joined."),
  interrupted: z.boolean().optional(),
  /** The run stopped at its --global-timeout (ms): kept so `report merge` exits 124 as the shard did. */
  globalTimeoutMs: z.number().optional(),
  clock: z.object({ skewMs: z.number(), samples: z.number() }).optional(),
  proofs: runProofsSchema,
  personas: z.array(personaFactsSchema),
  checks: z.array(checkFactsSchema),
});

export type RunFacts = z.infer<typeof runFactsSchema>;
export type PersonaFacts = z.infer<typeof personaFactsSchema>;
export type CheckFacts = z.infer<typeof checkFactsSchema>;

// The blob's shapes and the core's types must stay one: these fail to compile when they part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assert = <T extends true>(): T => true as T;
assert<Same<z.infer<typeof refusalFactsSchema>, RefusalFacts>>();
assert<Same<z.infer<typeof observedSchema>, Observed>>();
assert<Same<z.infer<typeof taskSchema>["action"], Task["action"]>>();
assert<[z.infer<typeof taskSchema>] extends [Omit<Task, "expectation">] ? true : false>();
assert<[Task] extends [z.infer<typeof taskSchema>] ? true : false>();
