// The named interfaces between the pure core and the edges (AWS, CloudTrail, identity sources,
// reporters). The core never imports the SDK or fs; adapters implement these.
import type { Correlation, Observed } from "../model/outcome.js";
import type { EvidenceEvent, GrantsHeldProof, PersonaReport } from "../model/report.js";
import type { EvidenceRequest } from "./evidence.js";
import type { Task } from "./plan.js";
import type { ValidScenario } from "../scenario/parse.js";

/** A persona's identity-enhanced session. `credentials` is opaque to the core. */
export interface PersonaSession {
  persona: string;
  scenario: string;
  /** What the sign-in chain observed: allowed, refused (facts, judged by core/judge) or error. */
  signIn: Observed;
  signInCorrelation?: Correlation;
  /** True when the refusal came back from the API call itself (so CloudTrail holds an errorCode). */
  signInApiRefused?: boolean;
  userId?: string;
  accessKeyId?: string;
  roleSessionName?: string;
  credentials?: unknown;
}

export interface SessionProvider {
  open(scenario: ValidScenario, persona: string, signal: AbortSignal): Promise<PersonaSession>;
}

export interface ActionResult {
  /** What the adapter saw; core/judge decides what it means. */
  outcome: Observed;
  correlation: Correlation;
  retries: number;
  /** True when the refusal was the HTTP answer to the call (CloudTrail then carries errorCode). */
  apiRefused: boolean;
}

export interface ActionHooks {
  capacityFreed?: () => void;
}
export interface ActionRunner {
  /**
   * `hooks.capacityFreed`: what the action's concurrency cap stands for is over before the action is
   * (an Athena query has ended; its results are still to be read), so the next one may start.
   */
  run(session: PersonaSession, task: Task, signal: AbortSignal, hooks?: ActionHooks): Promise<ActionResult>;
  /** The persona's last check has ended: what the runner holds for its session (SDK clients) may go. */
  release?(session: PersonaSession): void;
}

/** Directory state of a persona, read before any check runs. */
export interface DirectoryState {
  userId?: string;
  groups?: string[];
  /** The ids of `groups`, in the same order (S3 Access Grants names groups by id). */
  groupIds?: string[];
  error?: string;
}
export interface DirectoryReader {
  read(scenario: ValidScenario, persona: string): Promise<DirectoryState>;
  /** A group's members as user names (directory assertions); a user without a name by its id. */
  groupMembers?(identityStoreId: string, group: string): Promise<{ members: string[] } | { error: string }>;
  /** An application's direct assignments: group display names and user names. */
  applicationAssignments?(
    identityStoreId: string,
    applicationArn: string,
  ): Promise<{ groups: string[]; users: string[] } | { error: string }>;
}

export interface EvidenceMatch {
  status: "confirmed" | "pending" | "mismatch";
  events: EvidenceEvent[];
  problems: string[];
}

/** Evidence collection that runs alongside the checks: requests arrive as checks finish. */
export interface AuditSession {
  add(request: EvidenceRequest): void;
  /** No more requests: wait until all are matched, or `deadlineMs` from now has passed. */
  finish(opts: { deadlineMs: number }): Promise<Map<string, EvidenceMatch>>;
}

export interface AuditSource {
  begin(opts: {
    settleMs: number;
    signal: AbortSignal;
    onProgress?: (found: number, total: number) => void;
  }): AuditSession;
  confirm(
    requests: EvidenceRequest[],
    opts: {
      deadlineMs: number;
      settleMs: number;
      signal: AbortSignal;
      onProgress?: (found: number, total: number) => void;
    },
  ): Promise<Map<string, EvidenceMatch>>;
  /** Numbers for benchmarks and the report (LookupEvents calls made, pages read). */
  stats?(): {
    lookupCalls: number;
    pages: number;
    records: number;
    usernameLookups?: "trusted" | "proven" | "disproven";
  };
}

export interface Clock {
  now(): number;
}

/**
 * Reads, with the base principal and never with a persona's session, what a denial's proof needs:
 * that the table and its columns exist (Glue), that the workgroup is Identity Center-enabled (Athena),
 * and that S3 objects and prefixes exist.
 */
export interface ProofReader {
  table(
    database: string,
    table: string,
    catalogId?: string,
  ): Promise<{ columns: string[] } | { error: string; notFound: boolean }>;
  workgroup(
    name: string,
  ): Promise<{ identityCenterEnabled: boolean; applicationArn?: string; instanceArn?: string } | { error: string }>;
  /** An object, or for a prefix (ending in "/" or "*") any object below it. */
  exists(uri: string): Promise<boolean | { error: string }>;
  /**
   * The S3 Access Grants instance whose registered locations cover an Access Grants target
   * (GetAccessGrantsInstanceForPrefix, asked of `accountId`): its ARN, or `none` when no instance does.
   */
  grantsInstance(
    accountId: string,
    target: string,
  ): Promise<{ instanceArn: string } | { none: true } | { error: string }>;
  /** The registered locations of `accountId`'s Access Grants instance and each one's IAM role (ListAccessGrantsLocations). */
  grantsLocations(accountId: string): Promise<{ locations: { scope: string; roleArn: string }[] } | { error: string }>;
  /** Every grant of `accountId`'s instance to an IAM principal (ListAccessGrants, GranteeType IAM). */
  grantsIam(
    accountId: string,
  ): Promise<{ grants: { grantee: string; scope: string; permission: string }[] } | { error: string }>;
  /**
   * Every grant of `accountId`'s instance to these directory identities (ListAccessGrants by grantee:
   * DIRECTORY_USER `userId`, DIRECTORY_GROUP each of `groupIds`).
   */
  grantsHeld(
    accountId: string,
    userId: string,
    groupIds: string[],
  ): Promise<{ grants: HeldGrant[] } | { error: string }>;
}

export type HeldGrant = NonNullable<GrantsHeldProof["grants"]>[number];

export type { PersonaReport };
