// AWS Glue Data Catalog (awsJson1_1) through the real GlueClient: GetTable and GetDatabase bodies conform
// to the @aws-sdk/client-glue model, unknown names are EntityNotFoundException, IAM refusals are
// AccessDeniedException, and Lake Formation decides what non-administrators see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetDatabaseCommand, GetTableCommand, type GetTableCommandOutput } from "@aws-sdk/client-glue";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { personaCredentials, send } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectOk } from "./expect.js";

let sb: Sandbox;
let wei: SigningCredentials;
let dana: SigningCredentials;
const coverage = new ErrorCoverage("glue");
const glue = <T = Record<string, unknown>>(
  command: { constructor: { name: string }; input: unknown },
  credentials?: SigningCredentials,
) => send<T>(sb, "glue", command, { credentials });

beforeAll(async () => {
  sb = await startSandbox();
  [wei, dana] = await Promise.all([personaCredentials(sb, "wei"), personaCredentials(sb, "dana")]);
});
afterAll(async () => {
  await sb?.stop();
});

describe("Glue GetTable / GetDatabase", () => {
  it("the base principal (a data lake administrator) sees the table with every column and its location", async () => {
    const out = expectOk(
      "glue",
      await glue<GetTableCommandOutput>(
        new GetTableCommand({ DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" }),
      ),
    );
    expect(out.Table).toMatchObject({
      Name: "bankdata_icebergtbl",
      DatabaseName: "bankdata_db",
      CatalogId: "111122223333",
      TableType: "EXTERNAL_TABLE",
      PartitionKeys: [],
    });
    expect(out.Table?.StorageDescriptor?.Location).toBe("s3://tip-sandbox-data/bankdata-iceberg/");
    expect(out.Table?.StorageDescriptor?.Columns).toHaveLength(11);
    expect(out.Table?.StorageDescriptor?.Columns?.[0]).toEqual({ Name: "transaction_id", Type: "string" });
    expectOk(
      "glue",
      await glue(
        new GetTableCommand({ CatalogId: "111122223333", DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" }),
      ),
    );
    const db = expectOk(
      "glue",
      await glue<{ Database?: { Name?: string } }>(new GetDatabaseCommand({ Name: "bankdata_db" })),
    );
    expect(db.Database?.Name).toBe("bankdata_db");
  });

  it("an Identity Center user sees only the columns Lake Formation lets them SELECT; no permission is AccessDeniedException", async () => {
    const out = expectOk(
      "glue",
      await glue<GetTableCommandOutput>(
        new GetTableCommand({ DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" }),
        wei,
      ),
    );
    expect(out.Table?.StorageDescriptor?.Columns?.map((c) => c.Name)).not.toContain("bank_account_number");
    expect(out.Table?.StorageDescriptor?.Columns).toHaveLength(8);
    const e = expectAwsError(
      "glue",
      await glue(new GetTableCommand({ DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" }), dana),
      "AccessDeniedException",
      400,
    );
    expect(e.message).toBe("Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl");
  });

  it("unknown database or table: EntityNotFoundException with Glue's message form", async () => {
    const t = expectAwsError(
      "glue",
      await glue(new GetTableCommand({ DatabaseName: "bankdata_db", Name: "no_such_table" })),
      "EntityNotFoundException",
      400,
    );
    expect(t.message).toBe("Table no_such_table not found.");
    coverage.modelled("GetTable", "EntityNotFoundException");
    const d = expectAwsError(
      "glue",
      await glue(new GetDatabaseCommand({ Name: "nope_db" })),
      "EntityNotFoundException",
      400,
    );
    expect(d.message).toBe("Database nope_db not found.");
    coverage.modelled("GetDatabase", "EntityNotFoundException");
    expectAwsError(
      "glue",
      await glue(new GetTableCommand({ DatabaseName: "nope_db", Name: "x" })),
      "EntityNotFoundException",
      400,
    );
  });

  it("a missing required member is InvalidInputException", async () => {
    expectAwsError(
      "glue",
      await glue(new GetTableCommand({ DatabaseName: "bankdata_db" } as never)),
      "InvalidInputException",
      400,
    );
    coverage.modelled("GetTable", "InvalidInputException");
    expectAwsError("glue", await glue(new GetDatabaseCommand({} as never)), "InvalidInputException", 400);
    coverage.modelled("GetDatabase", "InvalidInputException");
  });

  it("IAM: a principal without glue:GetTable gets AccessDeniedException naming itself, the action and the table", async () => {
    const s = await startSandbox({ fixture: "bank" });
    try {
      s.fixture.iamUsers[0].policies = s.fixture.iamUsers[0].policies.map((p) => ({
        ...p,
        Action: (p.Action as string[]).filter((a) => !a.startsWith("glue:")),
      }));
      const r = await send(
        s,
        "glue",
        new GetTableCommand({ DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" }),
      );
      const e = expectAwsError("glue", r, "AccessDeniedException", 400);
      expect(e.message).toBe(
        "User: arn:aws:iam::111122223333:user/tip-harness-runner is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl because no identity-based policy allows the glue:GetTable action",
      );
    } finally {
      await s.stop();
    }
  });

  it("every call is a glue.amazonaws.com CloudTrail record, refusals included", async () => {
    const records = sb.trail.events.filter((e) => e.eventSource === "glue.amazonaws.com");
    expect(records.map((e) => e.eventName)).toEqual(expect.arrayContaining(["GetTable", "GetDatabase"]));
    expect(records.some((e) => e.record.errorCode === "EntityNotFoundException")).toBe(true);
    const weiRecord = records.find((e) => JSON.stringify(e.record.userIdentity).includes("onBehalfOf"));
    expect(weiRecord).toBeDefined();
  });

  it("modelled errors are exercised or listed as not emulated", () => {
    const notEmulated = {
      FederationSourceException: "no federated catalogs in the sandbox",
      FederationSourceRetryableException: "no federated catalogs in the sandbox",
      GlueEncryptionException: "catalog encryption is not emulated",
      InternalServiceException: "the fault profile's 5xx answers InternalServerException-style errors generically",
      OperationTimeoutException: "no timeouts in the sandbox",
      ResourceNotReadyException: "tables are always ready",
    };
    coverage.complete("GetTable", notEmulated);
    coverage.complete("GetDatabase", notEmulated);
  });
});
