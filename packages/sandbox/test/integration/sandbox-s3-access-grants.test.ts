// S3 Access Grants against the embedded sandbox, driven by the real S3ControlClient: who gets which
// credentials for which target, and what is refused (the negative paths are the point).
import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetAccessGrantsInstanceForPrefixCommand,
  GetDataAccessCommand,
  ListAccessGrantsCommand,
  ListAccessGrantsLocationsCommand,
  S3ControlClient,
  type GetDataAccessCommandInput,
} from "@aws-sdk/client-s3-control";
import { startSandbox, type Sandbox } from "../../src/index.js";
import type { IssuedCredentials } from "../../src/auth/credentials.js";
import { carrierSession } from "../helpers/sandbox-credentials.js";

const ACCOUNT = "111122223333";
const CARRIER = "arn:aws:iam::111122223333:role/TipHarnessCarrier";
let sb: Sandbox;

function personaCredentials(userName: string): IssuedCredentials {
  return carrierSession(sb, userName);
}

/** An S3 Control client of `on` (the suite's sandbox, or one started with an edited fixture). */
function control(credentials: IssuedCredentials, on: Sandbox = sb): S3ControlClient {
  return new S3ControlClient({
    region: "us-east-1",
    maxAttempts: 1,
    credentials,
    endpointProvider: () => ({ url: new URL(on.endpoint) }),
  });
}

async function dataAccess(user: string, input: Omit<GetDataAccessCommandInput, "AccountId">) {
  return control(personaCredentials(user)).send(new GetDataAccessCommand({ AccountId: ACCOUNT, ...input }));
}

async function denial(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error("expected the call to be refused, but it succeeded");
}

const groupId = (name: string) => sb.fixture.identityCenter.groups.find((g) => g.displayName === name)!.groupId;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

describe("GetDataAccess matching", () => {
  it("vends arnav READ credentials scoped to the grant (Default) through his DataScientists group", async () => {
    const out = await dataAccess("arnav", { Target: "s3://tip-sandbox-data/datascience/models/*", Permission: "READ" });
    expect(out.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/*");
    expect(out.Grantee).toEqual({ GranteeType: "DIRECTORY_GROUP", GranteeIdentifier: groupId("DataScientists") });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    const lifetime = out.Credentials!.Expiration!.getTime() - sb.clock.now();
    expect(lifetime).toBeGreaterThan(3590e3);
    expect(lifetime).toBeLessThanOrEqual(3600e3);
  });

  it("scopes Minimal credentials to the target", async () => {
    const out = await dataAccess("arnav", {
      Target: "s3://tip-sandbox-data/datascience/models/README.txt",
      Permission: "READ",
      Privilege: "Minimal",
      TargetType: "Object",
    });
    expect(out.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/models/README.txt");
    const lineage = sb.credentials.get(out.Credentials!.AccessKeyId!)!.lineage;
    expect(lineage.kind).toBe("access-grants");
    expect(lineage.accessGrants).toMatchObject({
      scope: "s3://tip-sandbox-data/datascience/models/README.txt",
      permission: "READ",
    });
    expect(lineage.identityContext?.userId).toBe(
      sb.fixture.identityCenter.users.find((u) => u.userName === "arnav")!.userId,
    );
    expect(lineage.role?.name).toBe("AccessGrantsLocationRole");
    expect(lineage.role?.sessionName).toMatch(/^access-grants-[0-9a-f-]{36}$/);
  });

  it("denies wei on the DataScientists prefix (403 AccessDenied)", async () => {
    const d = await denial(dataAccess("wei", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" }));
    expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it("serves wei's READ and WRITE requests from the MarketAnalytics READWRITE grant, with the requested permission", async () => {
    for (const Permission of ["READ", "WRITE", "READWRITE"] as const) {
      const out = await dataAccess("wei", { Target: "s3://tip-sandbox-data/marketing/campaigns/*", Permission });
      expect(out.MatchedGrantTarget).toBe("s3://tip-sandbox-data/marketing/*");
      expect(out.Grantee?.GranteeIdentifier).toBe(groupId("MarketAnalytics"));
      expect(sb.credentials.get(out.Credentials!.AccessKeyId!)!.lineage.accessGrants?.permission).toBe(Permission);
    }
  });

  it("does not let a READ grant serve WRITE or READWRITE", async () => {
    for (const Permission of ["WRITE", "READWRITE"] as const) {
      const d = await denial(dataAccess("arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission }));
      expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
    }
  });

  it("denies dana (in no group) everywhere", async () => {
    for (const Target of [
      "s3://tip-sandbox-data/datascience/*",
      "s3://tip-sandbox-data/marketing/*",
      "s3://tip-sandbox-results/athena/*",
      "s3://tip-sandbox-data/*",
    ]) {
      const d = await denial(dataAccess("dana", { Target, Permission: "READ" }));
      expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
    }
  });

  it("refuses targets outside the grant: the whole bucket, a sibling prefix, a look-alike prefix", async () => {
    for (const Target of [
      "s3://tip-sandbox-data/*",
      "s3://tip-sandbox-data/finance/*",
      "s3://tip-sandbox-data/datascience*",
      "s3://tip-sandbox-data/datascience-x/*",
      "s3://tip-sandbox-data/datascience",
    ]) {
      const d = await denial(dataAccess("arnav", { Target, Permission: "READ" }));
      expect(d.name, Target).toBe("AccessDenied");
    }
  });

  it("refuses plain IAM callers (no identity context, no IAM grant)", async () => {
    const now = sb.clock.now();
    const creds = sb.credentials.issueTemporary({
      kind: "assumed-role",
      accountId: ACCOUNT,
      principalArn: CARRIER,
      callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/TipHarnessCarrier/plain`,
      principalId: "AROA2SANDBOXCARRIER1:plain",
      role: { arn: CARRIER, name: "TipHarnessCarrier", roleId: "AROA2SANDBOXCARRIER1", sessionName: "plain" },
      chained: false,
      issuedAt: now,
      expiresAt: now + 3600e3,
    });
    const d = await denial(
      control(creds).send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/*",
          Permission: "READ",
        }),
      ),
    );
    expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it("refuses a caller whose identity policy lacks s3:GetDataAccess (the base principal)", async () => {
    const d = await denial(
      control(sb.baseCredentials).send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/*",
          Permission: "READ",
        }),
      ),
    );
    expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it.each([
    ["trusts another service", { Service: "ec2.amazonaws.com" }, ["sts:AssumeRole", "sts:SetContext"]],
    ["lacks sts:SetContext for a directory grantee", { Service: "access-grants.s3.amazonaws.com" }, ["sts:AssumeRole"]],
  ])(
    "refuses as for a missing grant when the location role's trust policy %s (review s21 F3)",
    async (_why, principal, actions) => {
      const fixture = structuredClone(sb.fixture);
      const role = fixture.iamRoles.find((r) => r.name === "AccessGrantsLocationRole")!;
      role.trustPolicy = { Statement: [{ Effect: "Allow", Principal: principal, Action: actions, Resource: "*" }] };
      const other = await startSandbox({ fixture });
      try {
        const client = new S3ControlClient({
          region: "us-east-1",
          maxAttempts: 1,
          credentials: carrierSession(other, "arnav"),
          endpointProvider: () => ({ url: new URL(other.endpoint) }),
        });
        const input = {
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/*",
          Permission: "READ" as const,
        };
        const refused = await denial(client.send(new GetDataAccessCommand(input)));
        const missing = await denial(dataAccess("dana", { Target: input.Target, Permission: "READ" }));
        expect(refused).toEqual(missing);
      } finally {
        await other.stop();
      }
    },
  );

  it("answers the SDK's default {account}.host form too, reading the account from x-amz-account-id", async () => {
    // Without the endpointProvider helper the SDK prefixes the account to the host; resolve that name locally.
    const port = new URL(sb.endpoint).port;
    const lookup = ((_host: string, opts: unknown, cb: (...a: unknown[]) => void) => {
      const all = typeof opts === "object" && opts !== null && (opts as { all?: boolean }).all;
      return all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4);
    }) as never;
    const client = new S3ControlClient({
      region: "us-east-1",
      maxAttempts: 1,
      credentials: personaCredentials("arnav"),
      endpoint: `http://localhost:${port}`,
      requestHandler: { httpAgent: new Agent({ lookup }) },
    });
    let host = "";
    client.middlewareStack.add(
      (next) => async (args) => {
        host = (args.request as { headers: Record<string, string> }).headers.host;
        return next(args);
      },
      { step: "finalizeRequest", priority: "low" },
    );
    const out = await client.send(
      new GetDataAccessCommand({
        AccountId: ACCOUNT,
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
      }),
    );
    expect(host).toBe(`${ACCOUNT}.localhost:${port}`);
    expect(out.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/*");
  });

  it("refuses another account id in x-amz-account-id", async () => {
    const d = await denial(
      control(personaCredentials("arnav")).send(
        new GetDataAccessCommand({
          AccountId: "999988887777",
          Target: "s3://tip-sandbox-data/datascience/*",
          Permission: "READ",
        }),
      ),
    );
    expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
  });
});

describe("GetDataAccess parameters", () => {
  it("accepts durationSeconds 900 and 43200 and refuses 899 and 43201", async () => {
    for (const DurationSeconds of [900, 43200]) {
      const out = await dataAccess("arnav", {
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
        DurationSeconds,
      });
      expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThan(sb.clock.now() + (DurationSeconds - 10) * 1000);
    }
    for (const DurationSeconds of [899, 43201]) {
      const d = await denial(
        dataAccess("arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ", DurationSeconds }),
      );
      expect(d).toMatchObject({ name: "InvalidRequest", status: 400 });
    }
  });

  it("refuses a session longer than the location role's maximum as it refuses a missing grant (UNVERIFIED)", async () => {
    const fixture = structuredClone(sb.fixture);
    const role = fixture.iamRoles.find((r) => r.arn === fixture.accessGrants.locations[0].iamRoleArn)!;
    role.maxSessionDuration = 3600;
    const other = await startSandbox({ fixture });
    try {
      const client = control(carrierSession(other, "arnav"), other);
      const ask = (DurationSeconds: number) =>
        client.send(
          new GetDataAccessCommand({
            AccountId: ACCOUNT,
            Target: "s3://tip-sandbox-data/datascience/*",
            Permission: "READ",
            DurationSeconds,
          }),
        );
      expect((await ask(3600)).Credentials).toBeDefined();
      const missing = await denial(
        dataAccess("wei", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" }),
      );
      expect(await denial(ask(3601))).toEqual(missing);
    } finally {
      await other.stop();
    }
  });

  it("refuses unknown privilege and targetType values and malformed targets", async () => {
    const base = { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" as const };
    expect((await denial(dataAccess("arnav", { ...base, Privilege: "Maximal" as never }))).name).toBe("InvalidRequest");
    expect((await denial(dataAccess("arnav", { ...base, TargetType: "Prefix" as never }))).name).toBe("InvalidRequest");
    expect((await denial(dataAccess("arnav", { ...base, Target: "https://tip-sandbox-data/x" }))).name).toBe(
      "InvalidRequest",
    );
    expect((await denial(dataAccess("arnav", { ...base, Target: "s3://tip-sandbox-data/a*b/*" }))).name).toBe(
      "InvalidRequest",
    );
  });

  it("picks the most specific grant when several cover the target", async () => {
    const fixture = structuredClone(sb.fixture);
    fixture.accessGrants.grants.push(
      {
        id: "11111111-0000-4000-8000-000000000001",
        grantee: { group: "DataScientists" },
        permission: "READ",
        scope: "s3://tip-sandbox-data/datascience/models/*",
        locationId: "default",
      },
      {
        id: "11111111-0000-4000-8000-000000000002",
        grantee: { user: "arnav" },
        permission: "READWRITE",
        scope: "s3://tip-sandbox-data/datascience/mod*",
        locationId: "default",
      },
    );
    const other = await startSandbox({ fixture });
    try {
      const user = fixture.identityCenter.users.find((u) => u.userName === "arnav")!;
      const now = other.clock.now();
      const creds = other.credentials.issueTemporary({
        kind: "assumed-role",
        accountId: ACCOUNT,
        principalArn: CARRIER,
        callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/TipHarnessCarrier/a`,
        principalId: "AROA2SANDBOXCARRIER1:a",
        role: { arn: CARRIER, name: "TipHarnessCarrier", roleId: "AROA2SANDBOXCARRIER1", sessionName: "a" },
        identityContext: {
          userId: user.userId,
          identityStoreId: "d-9067c2a1f3",
          identityStoreArn: `arn:aws:identitystore::${ACCOUNT}:identitystore/d-9067c2a1f3`,
          instanceArn: other.identifiers.instanceArn,
          applicationArn: other.identifiers.applicationArn,
          credentialId: "x",
          expiresAt: now + 3600e3,
        },
        chained: false,
        issuedAt: now,
        expiresAt: now + 3600e3,
      });
      const client = new S3ControlClient({
        region: "us-east-1",
        maxAttempts: 1,
        credentials: creds,
        endpointProvider: () => ({ url: new URL(other.endpoint) }),
      });
      const read = await client.send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/models/README.txt",
          Permission: "READ",
        }),
      );
      expect(read.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/models/*"); // prefix "datascience/models/" beats "datascience/mod"
      const write = await client.send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/models/README.txt",
          Permission: "WRITE",
        }),
      );
      expect(write.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/mod*");
      expect(write.Grantee).toEqual({ GranteeType: "DIRECTORY_USER", GranteeIdentifier: user.userId });
      const notes = await client.send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/notebooks/*",
          Permission: "READ",
        }),
      );
      expect(notes.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/*");
    } finally {
      await other.stop();
    }
  });

  it("returns the more restrictive of the IAM-role grant and the directory grant", async () => {
    const fixture = structuredClone(sb.fixture);
    fixture.accessGrants.grants.push(
      // The carrier role itself is granted a narrower prefix inside DataScientists' grant ...
      {
        id: "22222222-0000-4000-8000-000000000001",
        grantee: { iam: CARRIER },
        permission: "READ",
        scope: "s3://tip-sandbox-data/datascience/models/*",
        locationId: "default",
      },
      // ... and a wider one around MarketAnalytics' grant.
      {
        id: "22222222-0000-4000-8000-000000000002",
        grantee: { iam: CARRIER },
        permission: "READWRITE",
        scope: "s3://tip-sandbox-data/*",
        locationId: "default",
      },
    );
    const other = await startSandbox({ fixture });
    try {
      const mk = (userName: string) => {
        const user = fixture.identityCenter.users.find((u) => u.userName === userName)!;
        const now = other.clock.now();
        return new S3ControlClient({
          region: "us-east-1",
          maxAttempts: 1,
          endpointProvider: () => ({ url: new URL(other.endpoint) }),
          credentials: other.credentials.issueTemporary({
            kind: "assumed-role",
            accountId: ACCOUNT,
            principalArn: CARRIER,
            callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/TipHarnessCarrier/${userName}`,
            principalId: `AROA2SANDBOXCARRIER1:${userName}`,
            role: { arn: CARRIER, name: "TipHarnessCarrier", roleId: "AROA2SANDBOXCARRIER1", sessionName: userName },
            identityContext: {
              userId: user.userId,
              identityStoreId: "d-9067c2a1f3",
              identityStoreArn: `arn:aws:identitystore::${ACCOUNT}:identitystore/d-9067c2a1f3`,
              instanceArn: other.identifiers.instanceArn,
              applicationArn: other.identifiers.applicationArn,
              credentialId: "x",
              expiresAt: now + 3600e3,
            },
            chained: false,
            issuedAt: now,
            expiresAt: now + 3600e3,
          }),
        });
      };
      // IAM grant narrower than the directory grant → IAM grant returned.
      const a = await mk("arnav").send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/models/README.txt",
          Permission: "READ",
        }),
      );
      expect(a.MatchedGrantTarget).toBe("s3://tip-sandbox-data/datascience/models/*");
      expect(a.Grantee).toEqual({ GranteeType: "IAM", GranteeIdentifier: CARRIER });
      // Directory grant narrower than the IAM grant → directory grant returned.
      const w = await mk("wei").send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/marketing/campaigns/*",
          Permission: "WRITE",
        }),
      );
      expect(w.MatchedGrantTarget).toBe("s3://tip-sandbox-data/marketing/*");
      expect(w.Grantee?.GranteeType).toBe("DIRECTORY_GROUP");
    } finally {
      await other.stop();
    }
  });
});

describe("ListAccessGrants and GetAccessGrantsInstanceForPrefix", () => {
  it("lists the fixture grants with filters and pagination", async () => {
    const client = control(sb.baseCredentials);
    const all = await client.send(new ListAccessGrantsCommand({ AccountId: ACCOUNT }));
    expect(all.AccessGrantsList).toHaveLength(5);
    expect(all.NextToken).toBeUndefined();
    const first = all.AccessGrantsList![0];
    expect(first).toMatchObject({
      AccessGrantId: "6b1f2a3c-0d4e-4f5a-8b6c-7d8e9f0a1b01",
      Permission: "READ",
      GrantScope: "s3://tip-sandbox-data/datascience/*",
      AccessGrantsLocationId: "default",
      AccessGrantsLocationConfiguration: { S3SubPrefix: "tip-sandbox-data/datascience/*" },
      Grantee: { GranteeType: "DIRECTORY_GROUP", GranteeIdentifier: groupId("DataScientists") },
    });
    expect(first.CreatedAt).toBeInstanceOf(Date);

    const rw = await client.send(new ListAccessGrantsCommand({ AccountId: ACCOUNT, Permission: "READWRITE" }));
    expect(rw.AccessGrantsList!.map((g) => g.GrantScope)).toEqual([
      "s3://tip-sandbox-data/marketing/*",
      "s3://tip-sandbox-results/athena/*",
      "s3://tip-sandbox-results/athena/*",
    ]);
    const mine = await client.send(
      new ListAccessGrantsCommand({
        AccountId: ACCOUNT,
        GranteeType: "DIRECTORY_GROUP",
        GranteeIdentifier: groupId("MarketAnalytics"),
      }),
    );
    expect(mine.AccessGrantsList).toHaveLength(2);
    const none = await client.send(new ListAccessGrantsCommand({ AccountId: ACCOUNT, GranteeType: "IAM" }));
    expect(none.AccessGrantsList ?? []).toHaveLength(0);

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 2, NextToken: token }),
      );
      expect(page.AccessGrantsList!.length).toBeLessThanOrEqual(2);
      seen.push(...page.AccessGrantsList!.map((g) => g.AccessGrantId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all.AccessGrantsList!.map((g) => g.AccessGrantId));
  });

  it("refuses maxResults above 1000, a foreign token, and callers without s3:ListAccessGrants", async () => {
    const client = control(sb.baseCredentials);
    expect(
      (await denial(client.send(new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 1001 })))).name,
    ).toBe("InvalidRequest");
    const page = await client.send(new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 1 }));
    expect(
      (
        await denial(
          client.send(
            new ListAccessGrantsCommand({
              AccountId: ACCOUNT,
              MaxResults: 1,
              Permission: "READ",
              NextToken: page.NextToken,
            }),
          ),
        )
      ).name,
    ).toBe("InvalidRequest");
    expect(
      (await denial(control(personaCredentials("arnav")).send(new ListAccessGrantsCommand({ AccountId: ACCOUNT }))))
        .name,
    ).toBe("AccessDenied");
  });

  it("names the instance for a prefix", async () => {
    const out = await control(sb.baseCredentials).send(
      new GetAccessGrantsInstanceForPrefixCommand({
        AccountId: ACCOUNT,
        S3Prefix: "s3://tip-sandbox-data/datascience/",
      }),
    );
    expect(out).toMatchObject({
      AccessGrantsInstanceArn: "arn:aws:s3:us-east-1:111122223333:access-grants/default",
      AccessGrantsInstanceId: "default",
    });
    const d = await denial(
      control(sb.baseCredentials).send(
        new GetAccessGrantsInstanceForPrefixCommand({ AccountId: ACCOUNT, S3Prefix: "s3://no-such-bucket-here/x/" }),
      ),
    );
    expect(d.status).toBe(404);
  });

  it("lists the locations with the role the service assumes for each, to a caller allowed to list them", async () => {
    const out = await control(sb.baseCredentials).send(new ListAccessGrantsLocationsCommand({ AccountId: ACCOUNT }));
    expect(out.AccessGrantsLocationsList).toEqual([
      expect.objectContaining({
        AccessGrantsLocationId: "default",
        LocationScope: "s3://",
        IAMRoleArn: "arn:aws:iam::111122223333:role/AccessGrantsLocationRole",
        AccessGrantsLocationArn: "arn:aws:s3:us-east-1:111122223333:access-grants/default/location/default",
      }),
    ]);
    const filtered = await control(sb.baseCredentials).send(
      new ListAccessGrantsLocationsCommand({ AccountId: ACCOUNT, LocationScope: "s3://other/" }),
    );
    expect(filtered.AccessGrantsLocationsList ?? []).toEqual([]);
    const d = await denial(
      control(personaCredentials("arnav")).send(new ListAccessGrantsLocationsCommand({ AccountId: ACCOUNT })),
    );
    expect(d).toMatchObject({ name: "AccessDenied", status: 403 });
  });

  it("a location registered as s3://bucket does not cover another bucket whose name starts alike (review s21b A3)", async () => {
    const fixture = structuredClone(sb.fixture);
    fixture.accessGrants.locations = [{ ...fixture.accessGrants.locations[0], scope: "s3://tip-sandbox-data" }];
    fixture.accessGrants.grants = fixture.accessGrants.grants.filter((g) =>
      g.scope.startsWith("s3://tip-sandbox-data/"),
    );
    fixture.s3.buckets.push({ name: "tip-sandbox-data-archive", objects: [] });
    const other = await startSandbox({ fixture });
    try {
      const client = control(other.baseCredentials, other);
      const ask = (prefix: string) =>
        client.send(new GetAccessGrantsInstanceForPrefixCommand({ AccountId: ACCOUNT, S3Prefix: prefix }));
      expect((await ask("s3://tip-sandbox-data/finance/")).AccessGrantsInstanceId).toBe("default");
      expect((await denial(ask("s3://tip-sandbox-data-archive/old/"))).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});
