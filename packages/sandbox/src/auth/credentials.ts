// Every credential the sandbox accepts has a lineage: who it is, through which role, on behalf of which
// Identity Center user, with which Access Grants scope, until when. GetCallerIdentity, CloudTrail's
// userIdentity and every authorization decision derive from it. There is no default identity.
import { randomBytes, randomUUID } from "node:crypto";

export interface IdentityContext {
  userId: string;
  identityStoreId: string;
  identityStoreArn: string;
  instanceArn: string;
  applicationArn: string;
  credentialId: string;
  /** Epoch ms after which STS refuses the assertion. */
  expiresAt: number;
}

export interface AccessGrantsScope {
  /** s3://bucket/prefix* style scope (a trailing '*' matches any suffix; otherwise exact object). */
  scope: string;
  permission: "READ" | "WRITE" | "READWRITE";
  grantId: string;
}

export interface Lineage {
  kind: "iam-user" | "assumed-role" | "access-grants";
  accountId: string;
  /** IAM user ARN, or the role ARN for sessions. */
  principalArn: string;
  /** AIDA… for users, AROA…:session for roles (CloudTrail principalId / GetCallerIdentity UserId). */
  principalId: string;
  role?: { arn: string; name: string; roleId: string; sessionName: string };
  /** ARN shown by GetCallerIdentity (assumed-role ARN for sessions). */
  callerArn: string;
  identityContext?: IdentityContext;
  accessGrants?: AccessGrantsScope;
  /** The credentials this one was obtained with (role chaining, Access Grants vending). */
  parentAccessKeyId?: string;
  /** True when a role session was obtained with role-session credentials (1-hour cap). */
  chained: boolean;
  sourceIdentity?: string;
  issuedAt: number;
  expiresAt?: number;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

interface Entry {
  secretAccessKey: string;
  sessionToken?: string;
  lineage: Lineage;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function keyId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (let i = 0; i < 16; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

export class CredentialStore {
  private readonly byKey = new Map<string, Entry>();

  /** Registers long-term credentials (the fixture's base principal). */
  registerStatic(accessKeyId: string, secretAccessKey: string, lineage: Lineage): void {
    this.byKey.set(accessKeyId, { secretAccessKey, lineage });
  }

  /** Issues temporary credentials (ASIA…) bound to a lineage on the server side. */
  issueTemporary(lineage: Lineage): IssuedCredentials {
    const accessKeyId = keyId("ASIA");
    const secretAccessKey = randomBytes(30).toString("base64");
    // Opaque like AWS's; nothing about the lineage is readable from the token itself.
    const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(96).toString("base64")}${randomUUID()}`;
    this.byKey.set(accessKeyId, { secretAccessKey, sessionToken, lineage });
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration: lineage.expiresAt ? new Date(lineage.expiresAt) : undefined,
    };
  }

  get(accessKeyId: string): Entry | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** Every secret and token issued so far (the redaction tests scan outputs for these). */
  allSecrets(): string[] {
    const out: string[] = [];
    for (const [key, e] of this.byKey) out.push(key, e.secretAccessKey, ...(e.sessionToken ? [e.sessionToken] : []));
    return out;
  }
}
