// Shared wiring for the sandbox-athena integration tests: the REAL AthenaClient pointed at a sandbox,
// with identity-enhanced credentials issued directly by the sandbox's credential store (so these tests
// do not depend on the STS/OIDC emulation), and small polling/result helpers.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type QueryExecution,
} from "@aws-sdk/client-athena";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { identityStoreArn, userByName } from "../../src/fixture/directory.js";
import type { Sandbox } from "../../src/index.js";

export interface CarrierRole {
  arn: string;
  name: string;
  roleId: string;
}

/** A carrier-role session; with `userName` it carries that Identity Center user's identity context. */
export function roleCredentials(sb: Sandbox, role: CarrierRole, userName?: string): AwsCredentialIdentity {
  const f = sb.fixture;
  const now = Date.now();
  const user = userName ? userByName(f, userName) : undefined;
  if (userName && !user) throw new Error(`no Identity Center user ${userName}`);
  const session = `test-${userName ?? "plain"}`;
  const c = sb.credentials.issueTemporary({
    kind: "assumed-role",
    accountId: f.account,
    principalArn: role.arn,
    callerArn: `arn:aws:sts::${f.account}:assumed-role/${role.name}/${session}`,
    principalId: `${role.roleId}:${session}`,
    role: { ...role, sessionName: session },
    identityContext: user
      ? {
          userId: user.userId,
          identityStoreId: f.identityCenter.identityStoreId,
          identityStoreArn: identityStoreArn(f),
          instanceArn: f.identityCenter.instanceArn,
          applicationArn: f.exports.applicationArn,
          credentialId: "x",
          expiresAt: now + 3600e3,
        }
      : undefined,
    chained: false,
    issuedAt: now,
    expiresAt: now + 3600e3,
  });
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

export type Rows = (string | undefined)[][];

/** Athena clients per persona plus the polling helpers every test needs. */
export class AthenaHarness {
  private readonly clients = new Map<string, AthenaClient>();

  constructor(
    private readonly sb: () => Sandbox,
    private readonly role: CarrierRole,
    private readonly defaults: { workGroup: string; database: string },
  ) {}

  /** A client for a persona (user name) or for explicit credentials. */
  client(who: string | AwsCredentialIdentity): AthenaClient {
    const key = typeof who === "string" ? `user:${who}` : who.accessKeyId;
    let c = this.clients.get(key);
    if (!c) {
      const sb = this.sb();
      const credentials = typeof who === "string" ? roleCredentials(sb, this.role, who) : who;
      c = new AthenaClient({ endpoint: sb.endpoint, region: sb.identifiers.region, maxAttempts: 1, credentials });
      this.clients.set(key, c);
    }
    return c;
  }

  plain(): AwsCredentialIdentity {
    return roleCredentials(this.sb(), this.role);
  }

  async start(
    who: string,
    query: string,
    extra: { ClientRequestToken?: string; WorkGroup?: string } = {},
  ): Promise<string> {
    const out = await this.client(who).send(
      new StartQueryExecutionCommand({
        QueryString: query,
        WorkGroup: extra.WorkGroup ?? this.defaults.workGroup,
        QueryExecutionContext: { Database: this.defaults.database, Catalog: "AwsDataCatalog" },
        ClientRequestToken: extra.ClientRequestToken,
      }),
    );
    return out.QueryExecutionId!;
  }

  async waitDone(who: string | AwsCredentialIdentity, id: string): Promise<QueryExecution> {
    for (let i = 0; i < 400; i++) {
      const { QueryExecution: q } = await this.client(who).send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      if (q?.Status?.State && !["QUEUED", "RUNNING"].includes(q.Status.State)) return q;
      await new Promise((r) => setTimeout(r, 15));
    }
    throw new Error(`query ${id} did not finish`);
  }

  async run(who: string, query: string): Promise<QueryExecution> {
    return this.waitDone(who, await this.start(who, query));
  }

  /** Every row of every page (header included), and the number of pages read. */
  async rows(who: string, id: string, maxResults?: number): Promise<{ rows: Rows; pages: number }> {
    const rows: Rows = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await this.client(who).send(
        new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: maxResults }),
      );
      pages++;
      for (const r of out.ResultSet?.Rows ?? []) rows.push((r.Data ?? []).map((d) => d.VarCharValue));
      token = out.NextToken;
    } while (token);
    return { rows, pages };
  }

  /** Runs a query and returns its rows when it succeeded (none otherwise). */
  async runRows(who: string, query: string): Promise<{ q: QueryExecution; rows: Rows }> {
    const q = await this.run(who, query);
    return { q, rows: q.Status?.State === "SUCCEEDED" ? (await this.rows(who, q.QueryExecutionId!)).rows : [] };
  }
}

export interface CaughtError {
  name: string;
  message: string;
  AthenaErrorCode?: string;
  status?: number;
}

export async function errorOf(p: Promise<unknown>): Promise<CaughtError> {
  try {
    await p;
  } catch (e) {
    const x = e as { name: string; message: string; AthenaErrorCode?: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: x.name,
      message: x.message,
      AthenaErrorCode: x.AthenaErrorCode,
      status: x.$metadata?.httpStatusCode,
    };
  }
  throw new Error("expected the call to fail");
}
