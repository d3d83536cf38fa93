// What doctor reads about the target, as plain data: the adapter (adapters/aws/doctor-reads.ts) fills it,
// the pure checks (checks.ts) decide on it. A read either has a value, was refused for lack of a named
// permission (so the check "cannot tell"), or failed otherwise.
/**
 * A read's outcome: its value; refused (`denied`: the permission it needs); unavailable for a passing
 * reason (throttled, a 5xx, a timeout: doctor cannot tell, and a run's preflight does not stop on it);
 * or failed (anything else, e.g. the application does not exist: a problem).
 */
export type Read<T> = { value: T } | { denied: string } | { unavailable: string } | { failed: string };

export const value = <T>(v: T): Read<T> => ({ value: v });

export interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
}

export interface PersonaFacts {
  name: string;
  class: "allowed" | "partial" | "denied";
  /** The Identity Center user the scenario names (identity.userName / identity.email). */
  userId: Read<string | undefined>;
  groupIds: Read<string[]>;
  /** The IdP token's `aud` and the value of the issuer's claim attribute in it. */
  token: Read<{ audience: string[]; claimValue?: string }>;
  /** Who the claim value resolves to in the identity store through the issuer's attribute mapping. */
  claimUsers: Read<string[]>;
  /** Whether the persona is expected to run Athena queries (so it needs the results location). */
  queries: boolean;
}

export interface DoctorFacts {
  target: "sandbox" | "aws";
  region: string;
  accountId: string;
  applicationArn: string;
  carrierRoleArn: string;
  /** target.identityCenter.instanceArn, when the scenario names it. */
  instanceArn?: string;
  workgroup?: string;
  allowList: { accounts: string[]; regions: string[]; instances: string[] };
  needs: { accessGrants: boolean; athena: boolean; cloudtrail: boolean };
  caller: Read<{ account: string; arn: string }>;
  application: Read<{ instanceArn?: string; status?: string }>;
  grants: Read<{ type: string; issuers: { arn: string; audiences: string[] }[] }[]>;
  scopes: Read<string[]>;
  assignmentRequired: Read<boolean>;
  assignments: Read<{ principalId: string; type: string }[]>;
  /** Principals allowed to call CreateTokenWithIAM (the IAM authentication method's ActorPolicy). */
  actors: Read<string[]>;
  issuer: Read<{ arn: string; issuerUrl: string; claimAttributePath: string; identityStoreAttributePath: string }>;
  discovery: Read<{ jwksUri: string; keys: number }>;
  carrierTrust: Read<PolicyStatement[]>;
  workgroupConfig?: Read<{
    identityCenterEnabled: boolean;
    applicationArn?: string;
    executionRole?: string;
    outputLocation?: string;
    userPrefix: boolean;
  }>;
  accessGrantsInstance?: Read<{ identityCenterInstanceArn?: string }>;
  accessGrantsList?: Read<{ granteeType: string; granteeId: string; scope: string; permission: string }[]>;
  lakeFormation?: Read<{ instanceArn?: string }>;
  lookupEvents?: Read<true>;
  personas: PersonaFacts[];
}
