import type { z } from "zod";
import type { RefusalFacts } from "./facts.js";
import type { observationSchema, probeSchema } from "./report-schema.js";

// One outcome shape for every action, whatever happened (execa's `reject: false`): an AWS call never
// throws into the runner. Denials and errors are different kinds so a typo can never pass as a denial.

/** Where an authorization decision was made. */
export type Layer = "signin" | "sts" | "athena" | "lakeformation" | "accessgrants" | "s3";
export const LAYERS: readonly Layer[] = ["signin", "sts", "athena", "lakeformation", "accessgrants", "s3"];

/** Why an action could not produce a verdict-worthy result. */
export type ErrorKind =
  | "not-found" // unknown table, bucket, role… (a typo is never a denial)
  | "invalid-request" // SQL syntax, bad parameter
  | "throttled" // still throttled after the retry budget
  | "network" // connection refused, DNS, reset
  | "timeout" // no answer within the connect or request timeout
  | "server" // 5xx from AWS or the sandbox
  | "ambiguous-denial" // looks like a denial but cannot be told apart from a misconfiguration
  | "budget" // a cost guard stopped it (LIMIT guard, bytes-scanned budget)
  | "cancelled" // the run was interrupted
  | "harness"; // a bug in this tool

export interface AllowedOutcome {
  kind: "allowed";
  observation: Observation;
}
export interface DeniedOutcome {
  kind: "denied";
  layer: Layer;
  code: string;
  message: string;
  /** What proves this is a decision of the action's own layer about an object that exists (for the report). */
  proof?: string[];
}
export interface ErrorOutcome {
  kind: "error";
  errorKind: ErrorKind;
  code?: string;
  message: string;
}
/**
 * AWS said no, and the adapter reports only what it saw. core/judge turns this into a proven denial or
 * an error: adapters never decide that a refusal is a policy decision.
 */
export interface RefusedOutcome {
  kind: "refused";
  facts: RefusalFacts;
}
/** What the judge decides: an allow, a proven denial, or an error. */
export type Outcome = AllowedOutcome | DeniedOutcome | ErrorOutcome;
/** What an adapter observes: an allow, a refusal (facts), or an error that is no answer from AWS at all. */
export type Observed = AllowedOutcome | RefusedOutcome | ErrorOutcome;

/**
 * What an allowed action showed. Names, counts, ids and verdicts of predicates only: never values.
 * The same shape the report stores under `observed` (report-schema.ts#observationSchema), except that
 * an adapter always records a probe's side.
 */
export type Observation = Omit<z.infer<typeof observationSchema>, "probes"> & { probes?: Probe[] };

/** One S3 read with vended credentials, inside or outside their scope. */
export type Probe = z.infer<typeof probeSchema> & { side: "inside" | "outside" };

/** Correlation keys that tie an action to its CloudTrail record. */
export interface Correlation {
  requestId?: string;
  queryExecutionId?: string;
  accessKeyId?: string;
  roleSessionName?: string;
  startedAt: number;
  finishedAt: number;
  /**
   * When the call CloudTrail records had returned, where that is before the end of the action (an
   * Athena check's StartQueryExecution, then polls and results): the poller waits for delivery to
   * reach this, not the action's end, before a key lookup.
   */
  recordedBy?: number;
}

export const allowed = (observation: Observation = {}): AllowedOutcome => ({ kind: "allowed", observation });
export const denied = (layer: Layer, code: string, message: string): DeniedOutcome => ({
  kind: "denied",
  layer,
  code,
  message,
});
export const errored = (errorKind: ErrorKind, message: string, code?: string): ErrorOutcome => ({
  kind: "error",
  errorKind,
  message,
  ...(code ? { code } : {}),
});
export const refused = (facts: RefusalFacts): RefusedOutcome => ({ kind: "refused", facts });
