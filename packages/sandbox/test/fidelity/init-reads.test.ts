// The reads of `tip-proof init --from-account` through the real clients: Glue GetDatabases/GetTables and
// Lake Formation ListPermissions, ListLFTags, GetResourceLFTags, ListDataCellsFilter answer with
// model-conforming bodies; a caller without the permission is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetDatabasesCommand, GetTablesCommand } from "@aws-sdk/client-glue";
import {
  GetResourceLFTagsCommand,
  ListDataCellsFilterCommand,
  ListLFTagsCommand,
  ListPermissionsCommand,
} from "@aws-sdk/client-lakeformation";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { personaCredentials, send } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { expectAwsError, expectOk } from "./expect.js";

let sb: Sandbox;
let carrier: SigningCredentials;
beforeAll(async () => {
  sb = await startSandbox();
  carrier = await personaCredentials(sb, "arnav");
});
afterAll(async () => {
  await sb?.stop();
});

describe("init --from-account reads", () => {
  it("Glue GetDatabases and GetTables", async () => {
    const dbs = expectOk<{ DatabaseList: { Name: string }[] }>(
      "glue",
      await send(sb, "glue", new GetDatabasesCommand({})),
    );
    expect(dbs.DatabaseList.map((d) => d.Name)).toEqual(["default", "bankdata_db"]);
    const tables = expectOk<{ TableList: { Name: string; StorageDescriptor: { Columns: unknown[] } }[] }>(
      "glue",
      await send(sb, "glue", new GetTablesCommand({ DatabaseName: "bankdata_db" })),
    );
    expect(tables.TableList.map((t) => [t.Name, t.StorageDescriptor.Columns.length])).toEqual([
      ["bankdata_icebergtbl", 11],
    ]);
    expectAwsError(
      "glue",
      await send(sb, "glue", new GetTablesCommand({ DatabaseName: "nope" })),
      "EntityNotFoundException",
      400,
    );
  });

  it("Lake Formation ListPermissions, ListLFTags, GetResourceLFTags, ListDataCellsFilter", async () => {
    const perms = expectOk<{ PrincipalResourcePermissions: { Principal: { DataLakePrincipalIdentifier: string } }[] }>(
      "lakeformation",
      await send(sb, "lakeformation", new ListPermissionsCommand({})),
    );
    expect(perms.PrincipalResourcePermissions[0].Principal.DataLakePrincipalIdentifier).toBe(
      "arn:aws:identitystore:::group/9067c2a1f3-7b2c4d6e-1a3b-4c5d-9e8f-7a6b5c4d3e01",
    );
    const tags = expectOk<{ LFTags: { TagKey: string }[] }>(
      "lakeformation",
      await send(sb, "lakeformation", new ListLFTagsCommand({})),
    );
    expect(tags.LFTags.map((t) => t.TagKey)).toEqual(["transactions"]);
    const onTable = expectOk<{ LFTagsOnColumns: { Name: string; LFTags: { TagValues: string[] }[] }[] }>(
      "lakeformation",
      await send(
        sb,
        "lakeformation",
        new GetResourceLFTagsCommand({
          Resource: { Table: { DatabaseName: "bankdata_db", Name: "bankdata_icebergtbl" } },
        }),
      ),
    );
    expect(onTable.LFTagsOnColumns.find((c) => c.Name === "transaction_id")!.LFTags[0].TagValues).toEqual(["secured"]);
    expect(onTable.LFTagsOnColumns.find((c) => c.Name === "currency")!.LFTags[0].TagValues).toEqual(["accessible"]);
    expectOk("lakeformation", await send(sb, "lakeformation", new ListDataCellsFilterCommand({})));
    expectAwsError(
      "lakeformation",
      await send(sb, "lakeformation", new ListPermissionsCommand({}), { credentials: carrier }),
      "AccessDeniedException",
      403,
    );
  });
});
