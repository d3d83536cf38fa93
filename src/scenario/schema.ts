// The scenario language, defined once: the TypeScript types (z.infer), the validator, and the
// published JSON Schema (schemas/scenario.schema.json, drift-tested) all come from this file.
import { z } from "zod";
import { LAYERS } from "../model/outcome.js";

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, "use lower-case letters, digits, '-' or '_' (start with a letter)");
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, "use a duration such as 500ms, 30s, 20m or 1h");
/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30). Also the exception register's `expires`. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date such as 2026-09-30 (YYYY-MM-DD)")
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return Number.isNaN(t.getTime()) || t.toISOString().startsWith(d);
  }, "this date does not exist");
const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, "use an S3 URI such as s3://bucket/prefix/*");

const oidcPassword = z
  .object({
    type: z
      .literal("oidc-password")
      .describe(
        "OAuth 2.0 password grant against an OIDC token endpoint (test IdPs: Keycloak, Okta, Entra ID, the sandbox IdP).",
      ),
    tokenUrl: z.string().url().describe("The IdP's token endpoint."),
    clientId: z.string().describe("OAuth client id registered at the IdP."),
    clientSecret: z.string().optional().describe("Client secret, as ${VAR} only."),
    username: z.string().describe("The test user's sign-in name at the IdP."),
    password: z.string().describe("The test user's password, as ${VAR} only."),
    scope: z.string().default("openid email profile").describe("Scopes to request."),
    tokenField: z
      .enum(["id_token", "access_token"])
      .default("id_token")
      .describe("Which returned token is the JWT the trusted token issuer accepts."),
  })
  .strict();
const oidcClientCredentials = z
  .object({
    type: z
      .literal("oidc-client-credentials")
      .describe("OAuth 2.0 client-credentials grant (a machine identity mapped to an Identity Center user)."),
    tokenUrl: z.string().url(),
    clientId: z.string(),
    clientSecret: z.string().describe("As ${VAR} only."),
    scope: z.string().optional(),
    tokenField: z.enum(["id_token", "access_token"]).default("access_token"),
  })
  .strict();
const commandSource = z
  .object({
    type: z.literal("command").describe("An external command that prints a JWT on stdout (like credential_process)."),
    command: z.array(z.string()).min(1).describe("argv; no shell is involved."),
    timeout: duration.default("30s"),
  })
  .strict();
const envSource = z
  .object({
    type: z.literal("env").describe("A JWT taken from an environment variable."),
    variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  })
  .strict();
const refreshTokenSource = z
  .object({
    type: z.literal("refresh-token").describe("An IdP refresh token exchanged for a fresh JWT."),
    tokenUrl: z.string().url(),
    clientId: z.string(),
    clientSecret: z.string().optional(),
    refreshToken: z.string().describe("As ${VAR} only."),
    tokenField: z.enum(["id_token", "access_token"]).default("id_token"),
  })
  .strict();
const browserSource = z
  .object({
    type: z
      .literal("browser")
      .describe(
        "Interactive sign-in: authorization code + PKCE in the browser via a loopback redirect (pilot sessions).",
      ),
    issuer: z.string().url().describe("The IdP issuer; its discovery document names the endpoints."),
    clientId: z.string(),
    scope: z.string().default("openid email profile"),
    tokenField: z.enum(["id_token", "access_token"]).default("id_token"),
    loginHint: z.string().optional(),
  })
  .strict();

export const tokenSourceSchema = z.discriminatedUnion("type", [
  oidcPassword,
  oidcClientCredentials,
  commandSource,
  envSource,
  refreshTokenSource,
  browserSource,
]);
export type TokenSourceConfig = z.infer<typeof tokenSourceSchema>;
/** Fields that hold secrets: they must be written as ${VAR}, never inline. */
export const SECRET_FIELDS = ["password", "clientSecret", "refreshToken"] as const;

const persona = z
  .object({
    identity: z
      .union([z.object({ userName: z.string() }).strict(), z.object({ email: z.string() }).strict()])
      .describe("The Identity Center user this persona must resolve to."),
    groups: z.array(z.string()).default([]).describe("Identity Center groups the user is expected to be in (exactly)."),
    class: z
      .enum(["allowed", "partial", "denied"])
      .describe("allowed: sees everything in scope; partial: sees some; denied: sees nothing."),
    token: z
      .record(z.string(), z.unknown())
      .describe("The token source: `use: <tokenSources name>` plus overrides, or a full token source."),
  })
  .strict();

const predicate = z
  .object({
    column: z.string(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    notEquals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    isNull: z.boolean().optional(),
  })
  .strict()
  .refine(
    (p) => ["equals", "notEquals", "in", "isNull"].filter((k) => p[k as keyof typeof p] !== undefined).length === 1,
    {
      message: "give exactly one of equals, notEquals, in, isNull",
    },
  )
  .describe("A condition every returned row must meet; evaluated as rows stream by, values are never stored.");
export type RowPredicate = z.infer<typeof predicate>;

const allowedExpectation = z
  .object({
    columns: z
      .object({
        visible: z
          .union([z.literal("all"), z.array(z.string())])
          .optional()
          .describe("Exactly these columns are returned ('all' = every declared column of the table)."),
        hidden: z.array(z.string()).optional().describe("None of these columns may be returned."),
      })
      .strict()
      .optional(),
    rows: z
      .union([
        z.number().int().min(0),
        z.object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() }).strict(),
      ])
      .optional(),
    every: z.array(predicate).optional(),
    scope: s3Uri.optional().describe("Access Grants: the scope the vended credentials must carry."),
  })
  .strict();
const deniedExpectation = z
  .object({
    layer: z
      .enum(LAYERS as [string, ...string[]])
      .optional()
      .describe("Where the denial must come from."),
    code: z.string().optional().describe("The error code the denial must carry (e.g. AccessDenied, COLUMN_NOT_FOUND)."),
  })
  .strict();

const expectation = z
  .object({
    personas: z.array(z.string()).min(1).describe("Persona names (or '*' for every persona)."),
    allowed: allowedExpectation.optional(),
    denied: deniedExpectation.optional(),
  })
  .strict();

const athenaAction = z
  .object({
    table: z
      .string()
      .optional()
      .describe("A table declared under `tables`; with `columns`, the harness writes the SELECT."),
    columns: z.union([z.literal("*"), z.array(z.string()).min(1)]).optional(),
    query: z.string().max(262144).optional().describe("Raw SQL, when a structured SELECT is not enough."),
    limit: z.number().int().min(1).max(100000).optional(),
  })
  .strict();
const probe = z
  .object({
    inside: z.array(s3Uri).default([]).describe("Objects the vended credentials must be able to read."),
    outside: z.array(s3Uri).default([]).describe("Objects the vended credentials must NOT be able to read."),
  })
  .strict();
const accessGrantsAction = z
  .object({
    target: s3Uri,
    permission: z.enum(["READ", "WRITE", "READWRITE"]),
    privilege: z.enum(["Default", "Minimal"]).default("Default"),
    durationSeconds: z.number().int().min(900).max(43200).optional(),
    probe: probe.optional(),
  })
  .strict();

const check = z
  .object({
    id: name,
    description: z.string().optional(),
    athena: athenaAction.optional(),
    accessGrants: accessGrantsAction.optional(),
    signIn: z
      .object({})
      .strict()
      .optional()
      .describe("Only the sign-in chain (token → CreateTokenWithIAM → AssumeRole)."),
    expect: z.array(expectation).min(1),
    cloudtrail: z.boolean().default(true).describe("Require the CloudTrail record of each call (default true)."),
  })
  .strict();
export type CheckSpec = z.infer<typeof check>;

const matrixResource = z
  .object({
    athena: athenaAction.optional(),
    accessGrants: accessGrantsAction.omit({ probe: true }).optional(),
  })
  .strict();
const matrix = z
  .object({
    resources: z.record(name, matrixResource).describe("Named resources; each becomes one check per persona."),
    allow: z
      .record(z.string(), z.array(z.string()))
      .describe("persona → resources it may access; every other persona × resource cell is an expected denial."),
  })
  .strict();

// Directory assertions: the exact state of Identity Center the scenario relies on, compared before any
// check runs. Members and users are Identity Center user names, groups their display names.
const exactUsers = z
  .object({
    exactly: z.array(z.string()).describe("Identity Center user names; any other member, or a missing one, is drift."),
  })
  .strict();
const directoryAssertions = z
  .object({
    groups: z.record(z.string(), exactUsers).default({}).describe("Group display name → its exact members."),
    assignments: z
      .object({
        exactly: z
          .object({
            groups: z.array(z.string()).default([]).describe("Group display names assigned to the application."),
            users: z.array(z.string()).default([]).describe("User names assigned directly (not through a group)."),
          })
          .strict(),
      })
      .strict()
      .optional()
      .describe("The exact assignment list of target.identityCenter.applicationArn."),
  })
  .strict()
  .describe(
    "Exact group membership and application assignments; any difference is drift (exit 1). Needs target.identityCenter.identityStoreId.",
  );
export type DirectoryAssertions = z.infer<typeof directoryAssertions>;

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    name,
    description: z.string().optional(),
    owner: z
      .string()
      .min(1)
      .optional()
      .describe("Who owns this scenario and its verdicts (a team or a person); shown at the top of every report."),
    ticket: z.string().min(1).optional().describe("The ticket or change record the scenario belongs to."),
    reviewBy: isoDate.optional().describe("YYYY-MM-DD: the next review date; a run after it warns in every report."),
    exceptions: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The exception register (docs/exceptions.md), relative to this file; --exceptions / TIP_EXCEPTIONS take precedence.",
      ),
    target: z
      .object({
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "use a region such as us-east-1"),
        accountId: z.string().regex(/^\d{12}$/, "use the 12-digit account id"),
        identityCenter: z
          .object({
            applicationArn: z
              .string()
              .regex(/^arn:aws[a-z-]*:sso::\d{12}:application\//, "use the customer-managed application ARN"),
            instanceArn: z.string().optional(),
            identityStoreId: z.string().optional(),
          })
          .strict(),
        carrierRoleArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\//, "use the IAM role ARN of the identity-enhanced session"),
        sessionDurationSeconds: z
          .number()
          .int()
          .min(900)
          .max(3600)
          .default(3600)
          .describe("≤ 3600: role chaining caps sessions at one hour."),
        athena: z
          .object({
            workgroup: z.string(),
            catalog: z.string().default("AwsDataCatalog"),
            database: z.string(),
          })
          .strict()
          .optional(),
        accessGrants: z
          .object({ accountId: z.string().regex(/^\d{12}$/) })
          .strict()
          .optional(),
        cloudtrail: z
          .object({
            deadline: duration.optional().describe("How long to wait for records (default: 30s sandbox, 30m AWS)."),
            settle: duration.optional().describe("Wait before the first lookup (default: 0 sandbox, 2m AWS)."),
          })
          .strict()
          .optional(),
      })
      .strict(),
    tables: z
      .record(z.string(), z.object({ columns: z.array(z.string()).min(1) }).strict())
      .default({})
      .describe(
        "Declared schemas: a column named here that Athena cannot resolve is a denial; any other is a typo (error).",
      ),
    tokenSources: z
      .record(
        name,
        z.looseObject({
          type: z.enum(["oidc-password", "oidc-client-credentials", "command", "env", "refresh-token", "browser"]),
        }),
      )
      .default({})
      .describe(
        "Shared token-source settings; a persona's `token: { use: <name>, … }` adds its own fields (validated after merging).",
      ),
    personas: z.record(name, persona),
    checks: z.array(check).default([]),
    matrix: matrix.optional(),
    directory: directoryAssertions.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type PersonaSpec = Scenario["personas"][string];
