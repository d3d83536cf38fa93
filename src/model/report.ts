// The report model: report.json is this, and every other format is a pure rendering of it.
// A contract other tools rely on: additive changes only within a schemaVersion.
import type { Layer, Outcome } from "./outcome.js";

export const REPORT_SCHEMA_VERSION = 1 as const;

export type Verdict = "pass" | "fail" | "error" | "pending";
export type PersonaClass = "allowed" | "partial" | "denied";

export interface ReportTarget {
  kind: "sandbox" | "aws";
  accountId: string;
  region: string;
  identityCenterInstanceArn?: string;
  /** A custom endpoint the run used instead of AWS's (e.g. a standalone sandbox). */
  endpoint?: string;
}

export interface EvidenceEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: string;
  onBehalfOfUserId?: string;
  onBehalfOfIdentityStoreArn?: string;
  errorCode?: string;
  requestId?: string;
  /** The matched CloudTrail record with secrets and request/response bodies trimmed. */
  record?: Record<string, unknown>;
}

export type EvidenceStatus = "confirmed" | "pending" | "mismatch" | "not-required";

/** What identifies a result's CloudTrail record, kept so `confirm` can look again later. No secrets. */
export interface EvidenceLookup {
  eventSource: string;
  eventName: string;
  requestId?: string;
  queryExecutionId?: string;
  /** Epoch ms around the call. */
  startedAt: number;
  finishedAt: number;
  userId?: string;
  /** A refused sign-in: the record's user, where AWS records one, must be `userId`. */
  userIfRecorded?: boolean;
  expectErrorCode: boolean;
  requestParameters?: Record<string, string>;
}

export interface ResultExpected {
  outcome: "allowed" | "denied";
  layer?: Layer;
  code?: string;
  columns?: { visible?: string[]; hidden?: string[] };
  rows?: { equals?: number; min?: number; max?: number };
  predicates?: string[];
  scope?: string;
  cloudtrail: boolean;
}

export interface ResultObserved {
  outcome: Outcome["kind"];
  layer?: Layer;
  code?: string;
  message?: string;
  errorKind?: string;
  columns?: string[];
  rowCount?: number;
  predicateViolations?: { predicate: string; violations: number }[];
  queryExecutionId?: string;
  dataScannedInBytes?: number;
  grantedScope?: string;
  probes?: { uri: string; operation: string; result: string; code?: string; side?: "inside" | "outside"; objectExists?: boolean }[];
}

export interface CheckResult {
  /** Stable id: `<scenario>/<check>/<persona>`. */
  id: string;
  scenario: string;
  persona: string;
  personaClass: PersonaClass;
  identityCenterUserId?: string;
  check: string;
  description?: string;
  action: { type: "athena" | "accessGrants" | "signin"; summary: string; layer: Layer };
  expected: ResultExpected;
  observed: ResultObserved;
  verdict: Verdict;
  /** Why the verdict is what it is, most important first. */
  reasons: string[];
  /** Set when a denial was expected and the action was allowed: the headline finding. */
  unexpectedAllow?: boolean;
  /** Columns an identity saw that it must not see. */
  leakedColumns?: string[];
  timings: { startedAt: string; durationMs: number };
  retries: number;
  evidence: { status: EvidenceStatus; cloudtrail: EvidenceEvent[]; note?: string; lookup?: EvidenceLookup };
}

export interface PersonaReport {
  name: string;
  scenario: string;
  class: PersonaClass;
  identityCenterUserId?: string;
  expectedGroups: string[];
  resolvedGroups?: string[];
  signIn: "ok" | "denied" | "error";
  note?: string;
  /** Groups the scenario declares and Identity Center does not agree on (typed: the exit code reads this, not the note). */
  drift?: { expected: string[]; actual: string[] };
  /** The token signed in another Identity Center user than the directory's user for this persona. */
  identityMismatch?: { signedIn: string; directory: string };
  /** The directory could not be read, or the scenario names no identity store: the persona's identity is unproven. */
  directoryError?: string;
}

/** A table as the Glue Data Catalog has it, read with the base principal before any check runs. */
export interface CatalogProof {
  /** Set when the scenario's catalog is not the account's AwsDataCatalog (never proven). */
  catalog?: string;
  database: string;
  table: string;
  status: "ok" | "drift" | "unavailable";
  /** Columns in the catalog (names only). */
  columns?: string[];
  /** Declared under `tables:` but not in the catalog. */
  missing?: string[];
  /** In the catalog but not declared. */
  added?: string[];
  /** Pairs that look like renames (one missing, one added). */
  renamed?: { from: string; to: string }[];
  /** The catalog was read and has no such table. */
  tableMissing?: boolean;
  error?: string;
}

/** The Athena workgroup as GetWorkGroup shows it to the base principal: is the TIP path live? */
export interface WorkgroupProof {
  name: string;
  status: "ok" | "not-identity-center" | "unavailable";
  identityCenterEnabled?: boolean;
  identityCenterApplicationArn?: string;
  identityCenterInstanceArn?: string;
  error?: string;
}

/** An S3 object or prefix (Access Grants target, outside probe) proven to exist with the base principal. */
export interface ObjectProof {
  uri: string;
  status: "exists" | "missing" | "unavailable";
  error?: string;
}

/** What the run proved about the world without any persona, before the checks. */
export interface RunProofs {
  catalog: CatalogProof[];
  workgroups: WorkgroupProof[];
  objects: ObjectProof[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  pending: number;
  unexpectedAllows: number;
  /** Tables whose catalog columns disagree with the scenario, or could not be read. */
  catalogDrift?: number;
  exitCode: number;
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  runId: string;
  startedAt: string;
  finishedAt: string;
  tool: { name: string; version: string };
  target: ReportTarget;
  basePrincipalArn?: string;
  scenarios: { file: string; name: string; sha256: string }[];
  personas: PersonaReport[];
  results: CheckResult[];
  summary: RunSummary;
  interrupted?: boolean;
  /** Catalog and workgroup proofs read with the base principal (absent in reports of older versions). */
  proofs?: RunProofs;
  /** AWS's clock minus this machine's, from response Date headers; CloudTrail lookups were shifted by it. */
  clock?: { skewMs: number; samples: number };
}
