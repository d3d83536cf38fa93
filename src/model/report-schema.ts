// The report model, the one source: src/model/report.ts infers its types from these schemas, report.json
// is validated against them when read back (verify, diff, confirm), and schemas/report.schema.json is
// generated from them (drift-tested). Objects are not strict: a v1 reader must accept additive v1 fields.
// A contract other tools rely on: additive changes only within a schemaVersion.
import { z } from "zod";
import { LAYERS, type Layer } from "./outcome.js";

export const REPORT_SCHEMA_VERSION = 1 as const;

const layer = z.enum(LAYERS as [Layer, ...Layer[]]).describe("Where an authorization decision was made.");
const verdict = z
  .enum(["pass", "fail", "error", "pending"])
  .describe(
    "pass: the expectation held and is on record; fail: it did not (or the record contradicts it); error: no verdict was possible (harness or AWS error); pending: held, CloudTrail record not yet delivered.",
  );
const personaClass = z
  .enum(["allowed", "partial", "denied"])
  .describe("What the scenario intends for this persona overall.");
const isoTime = z.string().describe("ISO-8601 timestamp (UTC).");

export const reportTargetSchema = z.object({
  kind: z.enum(["sandbox", "aws"]).describe("The embedded sandbox or a real AWS account."),
  accountId: z.string().describe("Target AWS account id."),
  region: z.string().describe("Target region."),
  identityCenterInstanceArn: z.string().optional().describe("IAM Identity Center instance ARN, when known."),
  endpoint: z
    .string()
    .optional()
    .describe("A custom endpoint the run used instead of AWS's (e.g. a standalone sandbox)."),
  sandboxSha256: z
    .string()
    .optional()
    .describe(
      "SHA-256 of the embedded sandbox's world (its fixture and the data files it names): shards of one run have the same.",
    ),
});

export const evidenceEventSchema = z.object({
  eventId: z.string().describe("CloudTrail eventID."),
  eventName: z.string(),
  eventSource: z.string(),
  eventTime: z.string(),
  onBehalfOfUserId: z
    .string()
    .optional()
    .describe("userIdentity.onBehalfOf.userId: the Identity Center user the call was made for."),
  onBehalfOfIdentityStoreArn: z.string().optional(),
  errorCode: z.string().optional(),
  requestId: z.string().optional(),
  record: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("The matched CloudTrail record with secrets and request/response bodies trimmed."),
});

export const evidenceLookupSchema = z
  .object({
    eventSource: z.string(),
    eventName: z.string(),
    requestId: z.string().optional(),
    queryExecutionId: z.string().optional(),
    startedAt: z.number().describe("Epoch ms around the call."),
    finishedAt: z.number(),
    userId: z.string().optional(),
    userIfRecorded: z
      .boolean()
      .optional()
      .describe("A refused sign-in: the record's user, where AWS records one, must be userId."),
    expectErrorCode: z.boolean(),
    requestParameters: z.record(z.string(), z.string()).optional(),
  })
  .describe("What identifies a result's CloudTrail record, kept so `confirm` can look again later. No secrets.");

/** What a check expects, as the scenario states it (the core's Expectation adds the structured row predicates). */
export const expectationSchema = z.object({
  outcome: z.enum(["allowed", "denied"]),
  layer: layer.optional(),
  code: z.string().optional(),
  columns: z.object({ visible: z.array(z.string()).optional(), hidden: z.array(z.string()).optional() }).optional(),
  rows: z.object({ equals: z.number().optional(), min: z.number().optional(), max: z.number().optional() }).optional(),
  scope: z.string().optional().describe("Expected Access Grants scope."),
});

export const resultExpectedSchema = expectationSchema.extend({
  predicates: z
    .array(z.string())
    .optional()
    .describe("Row predicates as text (from the scenario, never from the data)."),
  cloudtrail: z.boolean().describe("Whether a CloudTrail record on behalf of the persona is required."),
});

/** One S3 read with vended credentials. `side` is absent in reports written before sides were recorded. */
export const probeSchema = z.object({
  uri: z.string(),
  side: z.enum(["inside", "outside"]).optional().describe("Inside or outside the vended credentials' scope."),
  operation: z.string(),
  result: z.enum(["allowed", "denied", "error"]),
  code: z.string().optional(),
  objectExists: z.boolean().optional().describe("Proven with the base principal (outside probes that were refused)."),
});

/** What an allowed action showed: names, counts, ids and verdicts of predicates only, never values. */
export const observationSchema = z.object({
  columns: z.array(z.string()).optional().describe("Column names returned (names only, never values)."),
  rowCount: z.number().optional(),
  predicateViolations: z
    .array(z.object({ predicate: z.string(), violations: z.number() }))
    .optional()
    .describe("Per row predicate: how many rows violated it (values are never kept)."),
  queryExecutionId: z.string().optional().describe("Athena query execution id."),
  dataScannedInBytes: z.number().optional(),
  grantedScope: z.string().optional().describe("The S3 Access Grants scope the vended credentials carry."),
  granteeType: z
    .string()
    .optional()
    .describe("The grantee type of the Access Grant that matched (DIRECTORY_USER, DIRECTORY_GROUP or IAM)."),
  probes: z.array(probeSchema).optional().describe("S3 reads with the vended credentials."),
});

/** The outcome as judged (allowed, a proven denial, or an error) with the observation of an allow. */
export const resultObservedSchema = z
  .object({
    outcome: z.enum(["allowed", "denied", "error"]),
    layer: layer.optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    errorKind: z.string().optional(),
  })
  .extend(observationSchema.shape);

/** The exception of the register that covered (or, expired, no longer covers) a failing result. */
export const waiverSchema = z
  .object({
    exception: z.string().describe("The exception's id in the exceptions file."),
    justification: z.string(),
    owner: z.string(),
    ticket: z.string(),
    expires: z.string().describe("YYYY-MM-DD: the last day the exception covers."),
  })
  .describe("An entry of the exception register (docs/exceptions.md).");

export const checkResultSchema = z.object({
  id: z.string().describe("Stable id: <scenario>/<check>/<persona>."),
  scenario: z.string(),
  persona: z.string(),
  personaClass,
  identityCenterUserId: z.string().optional(),
  check: z.string(),
  description: z.string().optional(),
  action: z.object({ type: z.enum(["athena", "accessGrants", "signin"]), summary: z.string(), layer }),
  expected: resultExpectedSchema,
  observed: resultObservedSchema,
  verdict,
  reasons: z.array(z.string()).describe("Why the verdict is what it is, most important first."),
  unexpectedAllow: z
    .boolean()
    .optional()
    .describe("A denial was expected and the action was allowed: the headline finding."),
  leakedColumns: z.array(z.string()).optional().describe("Columns the identity saw that it must not see."),
  waiver: waiverSchema
    .optional()
    .describe(
      "A live exception covers this failure: the result is waived (the verdict stays `fail` and its reasons stay), and it does not fail the run.",
    ),
  lapsedWaiver: waiverSchema
    .optional()
    .describe(
      "An exception that would cover this failure expired before the run's date: it covers nothing, the result fails.",
    ),
  timings: z.object({ startedAt: isoTime, durationMs: z.number() }),
  retries: z.number(),
  evidence: z.object({
    status: z.enum(["confirmed", "pending", "mismatch", "not-required"]),
    cloudtrail: z.array(evidenceEventSchema),
    note: z.string().optional(),
    lookup: evidenceLookupSchema.optional(),
  }),
});

export const personaReportSchema = z.object({
  name: z.string(),
  scenario: z.string(),
  class: personaClass,
  identityCenterUserId: z.string().optional(),
  expectedGroups: z.array(z.string()),
  resolvedGroups: z.array(z.string()).optional().describe("Groups Identity Center reports for the user at run time."),
  signIn: z.enum(["ok", "denied", "error"]),
  note: z.string().optional(),
  drift: z
    .object({ expected: z.array(z.string()), actual: z.array(z.string()) })
    .optional()
    .describe("Groups the scenario declares and Identity Center does not agree on."),
  identityMismatch: z
    .object({ signedIn: z.string(), directory: z.string() })
    .optional()
    .describe("The token signed in another Identity Center user than the persona's directory user."),
  directoryError: z.string().optional().describe("The persona's identity could not be proven from the directory."),
});

export const catalogProofSchema = z
  .object({
    catalog: z
      .string()
      .optional()
      .describe("Set when the scenario's catalog is not the account's AwsDataCatalog (never proven)."),
    database: z.string(),
    table: z.string(),
    status: z.enum(["ok", "drift", "unavailable"]),
    columns: z.array(z.string()).optional().describe("Column names in the Glue Data Catalog."),
    missing: z.array(z.string()).optional().describe("Declared under tables: but not in the catalog."),
    added: z.array(z.string()).optional().describe("In the catalog but not declared."),
    renamed: z
      .array(z.object({ from: z.string(), to: z.string() }))
      .optional()
      .describe("Pairs that look like renames."),
    tableMissing: z.boolean().optional().describe("The catalog was read and has no such table."),
    error: z.string().optional(),
  })
  .describe("A table as the Glue Data Catalog has it, read with the base principal before any check runs.");

export const workgroupProofSchema = z
  .object({
    name: z.string(),
    status: z.enum(["ok", "not-identity-center", "unavailable"]),
    identityCenterEnabled: z.boolean().optional(),
    identityCenterApplicationArn: z.string().optional(),
    identityCenterInstanceArn: z.string().optional(),
    error: z.string().optional(),
  })
  .describe("The Athena workgroup as GetWorkGroup shows it to the base principal.");

export const objectProofSchema = z
  .object({
    uri: z.string(),
    status: z.enum(["exists", "missing", "unavailable"]),
    error: z.string().optional(),
  })
  .describe("An S3 object or prefix proven to exist (or not) with the base principal.");

export const grantsInstanceProofSchema = z
  .object({
    accountId: z.string(),
    target: z.string(),
    status: z.enum(["governed", "other-instance", "no-instance", "unavailable"]),
    instanceArn: z.string().optional(),
    error: z.string().optional(),
  })
  .describe(
    "Which S3 Access Grants instance governs an Access Grants target, as GetAccessGrantsInstanceForPrefix shows it to the base principal: governed when it is the check's account's instance.",
  );

export const grantsLocationsProofSchema = z
  .object({
    accountId: z.string(),
    status: z.enum(["ok", "unavailable"]),
    locations: z
      .array(z.object({ scope: z.string(), roleArn: z.string() }))
      .optional()
      .describe("Each registered location's scope and the IAM role the service assumes for grants in it."),
    error: z.string().optional(),
  })
  .describe(
    "The account's S3 Access Grants locations, as ListAccessGrantsLocations shows them to the base principal: a refusal is a decision only where someone was granted through the same location role.",
  );

export const grantsIamProofSchema = z
  .object({
    accountId: z.string(),
    status: z.enum(["ok", "unavailable"]),
    grants: z
      .array(
        z.object({
          grantee: z.string().describe("The IAM principal ARN the grant names."),
          scope: z.string(),
          permission: z.string(),
        }),
      )
      .optional()
      .describe("Every grant of the account's instance to an IAM principal."),
    error: z.string().optional(),
  })
  .describe(
    "The account's S3 Access Grants grants to IAM principals, as ListAccessGrants (GranteeType IAM) shows them to the base principal: an IAM grant to the carrier role covers every persona, so a refusal where one covers the target is no decision about a person.",
  );

export const grantsHeldProofSchema = z
  .object({
    scenario: z.string(),
    persona: z.string(),
    accountId: z.string(),
    status: z.enum(["ok", "unavailable"]),
    grantees: z
      .array(z.string())
      .optional()
      .describe("The persona's Identity Center user id and group ids, each listed as a grantee."),
    grants: z
      .array(
        z.object({
          granteeType: z.string().describe("DIRECTORY_USER or DIRECTORY_GROUP."),
          grantee: z.string().describe("The user or group id the grant names."),
          scope: z.string(),
          permission: z.string(),
          applicationArn: z.string().optional().describe("The one application the grant serves, if limited to one."),
        }),
      )
      .optional()
      .describe("Every grant of the account's instance to the persona's user or one of its groups."),
    error: z.string().optional(),
  })
  .describe(
    "The S3 Access Grants grants one persona holds, as ListAccessGrants by grantee (its directory user and each of its groups) shows them to the base principal: a refusal is the grants' decision about the persona only where none of them covers the target.",
  );

const directoryMemberSchema = z.object({
  type: z.enum(["user", "group"]),
  name: z.string().describe("User name or group display name (the id when it has none)."),
  persona: z.string().optional().describe("The scenario's persona this user is, if any."),
});
export const directoryProofSchema = z
  .object({
    scenario: z.string(),
    kind: z.enum(["group-members", "application-assignments"]),
    group: z.string().optional().describe("The group (group-members)."),
    applicationArn: z.string().optional().describe("The application (application-assignments)."),
    status: z.enum(["ok", "drift", "unavailable"]),
    unexpected: z.array(directoryMemberSchema).optional().describe("In Identity Center, not in the scenario."),
    missing: z.array(directoryMemberSchema).optional().describe("In the scenario, not in Identity Center."),
    error: z.string().optional(),
  })
  .describe(
    "A directory assertion of the scenario (exact group members, exact application assignments) against Identity Center, read with the base principal before any check runs.",
  );

/** What the run proved without any persona; report.json and a shard's facts.json share it. */
export const runProofsSchema = z.object({
  catalog: z.array(catalogProofSchema),
  workgroups: z.array(workgroupProofSchema),
  objects: z.array(objectProofSchema),
  accessGrants: z.array(grantsInstanceProofSchema).optional(),
  accessGrantsLocations: z.array(grantsLocationsProofSchema).optional(),
  accessGrantsIam: z.array(grantsIamProofSchema).optional(),
  accessGrantsHeld: z.array(grantsHeldProofSchema).optional(),
  directory: z.array(directoryProofSchema).optional(),
});

export const runSummarySchema = z.object({
  total: z.number(),
  passed: z.number(),
  failed: z.number().describe("Failures not waived."),
  errors: z.number(),
  pending: z.number(),
  waived: z
    .number()
    .optional()
    .describe(
      "Failures covered by a live exception (not counted in failed); absent in reports written before the exception register.",
    ),
  unexpectedAllows: z.number(),
  catalogDrift: z.number().optional(),
  exitCode: z.number(),
});

export const exceptionEntrySchema = waiverSchema.omit({ exception: true }).extend({
  id: z.string(),
  scenario: z.string().optional().describe("Only this scenario's results; all scenarios when absent."),
  personas: z.array(z.string()).describe("Persona patterns (`*` matches any characters)."),
  checks: z.array(z.string()).describe("Check id or matrix resource patterns."),
  status: z
    .enum(["live", "expired"])
    .describe("live: expires on or after the run's date; expired: before it (covers nothing)."),
  waived: z.array(z.string()).describe("Result ids this live exception waived."),
  lapsed: z.array(z.string()).describe("Failing result ids this expired exception would have covered."),
});

export const runExceptionsSchema = z
  .object({
    file: z.string().describe("The exceptions file, relative to the run's folder."),
    sha256: z.string().describe("SHA-256 of its bytes (also in manifest.json's inputs)."),
    entries: z.array(exceptionEntrySchema),
  })
  .describe("The exception register the run applied after judging (docs/exceptions.md).");

export const runReportSchema = z.object({
  schemaVersion: z
    .literal(REPORT_SCHEMA_VERSION)
    .describe("Bumped only for breaking changes; additive fields keep the version."),
  runId: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime,
  tool: z.object({ name: z.string(), version: z.string() }),
  target: reportTargetSchema,
  basePrincipalArn: z.string().optional().describe("The AWS principal the run started from."),
  userAgent: z
    .string()
    .optional()
    .describe(
      "The suffix every SDK call of the run appended to its User-Agent (`tip-proof/<version> run/<run-id>`): CloudTrail records it in `userAgent`, so a reader finds the run's records by it.",
    ),
  roleSessionName: z
    .string()
    .optional()
    .describe(
      "The role session name every identity-enhanced session of the run used (`tip-<run id>`), as CloudTrail records it in the session's ARN (and, as AWS's CLI example shows, as the record's Username, which the evidence lookups check before relying on it): `onBehalfOf` tells whose call each record is.",
    ),
  scenarios: z
    .array(
      z.object({
        file: z.string(),
        name: z.string(),
        sha256: z.string(),
        targetSha256: z
          .string()
          .optional()
          .describe(
            "SHA-256 of the scenario's target as the run resolved it (its ${…} variables filled in: account, Region, Identity Center application and identity store, carrier role, workgroup): shards of one run have the same.",
          ),
        owner: z.string().optional().describe("Who owns the scenario (scenario metadata)."),
        ticket: z.string().optional().describe("The ticket or change record it belongs to."),
        reviewBy: z
          .string()
          .optional()
          .describe("YYYY-MM-DD: when the scenario is next reviewed; past it, the reports warn."),
      }),
    )
    .describe("Scenario inputs with the SHA-256 of their bytes, and their owner, ticket and next review date."),
  asOf: z
    .string()
    .optional()
    .describe(
      "YYYY-MM-DD: the date exception expiries and reviewBy dates were judged against (the run's start in UTC, or --today / TIP_TODAY).",
    ),
  exceptions: runExceptionsSchema.optional(),
  warnings: z
    .array(z.string())
    .optional()
    .describe(
      "Warnings about the run that do not fail it: exceptions that matched nothing or expired, scenarios past their reviewBy date.",
    ),
  personas: z.array(personaReportSchema),
  results: z.array(checkResultSchema).describe("One entry per persona × check."),
  summary: runSummarySchema,
  interrupted: z.boolean().optional(),
  globalTimeoutMs: z
    .number()
    .optional()
    .describe("Set when the run stopped at its --global-timeout (this many ms): interrupted, a partial report."),
  proofs: runProofsSchema
    .optional()
    .describe("What the run proved without any persona: catalog tables and columns, workgroup settings."),
  clock: z
    .object({ skewMs: z.number(), samples: z.number() })
    .optional()
    .describe(
      "AWS's clock minus this machine's, measured from response Date headers; CloudTrail lookups were shifted by it.",
    ),
});
