// Reads what `init --from-account` scaffolds from, with the base principal: the Glue catalog of one
// database, Lake Formation permissions, column LF-tags and data cells filters, the Identity Center groups,
// users and the application's assignments, and the Access Grants (with whether anything exists below
// each scope, since a denial on an empty prefix proves nothing).
import { GetDatabasesCommand, paginateGetTables } from "@aws-sdk/client-glue";
import {
  DescribeUserCommand,
  GetUserIdCommand,
  paginateListGroupMemberships,
  paginateListGroups,
} from "@aws-sdk/client-identitystore";
import {
  GetResourceLFTagsCommand,
  paginateListDataCellsFilter,
  paginateListPermissions,
  type Resource,
} from "@aws-sdk/client-lakeformation";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { ListAccessGrantsCommand } from "@aws-sdk/client-s3-control";
import type { AccountFacts, LfPermission, LfTagMap } from "../../init/facts.js";
import type { Clients } from "./clients.js";
import { IdentityStoreDirectory } from "./directory.js";

export interface AccountTarget {
  accountId: string;
  identityStoreId: string;
  applicationArn: string;
  database?: string;
}

const tagMap = (tags: { TagKey?: string; TagValues?: string[] }[] | undefined): LfTagMap =>
  Object.fromEntries((tags ?? []).map((t) => [t.TagKey!, t.TagValues ?? []]));

function permissionOf(r: Resource | undefined): LfPermission["resource"] {
  if (r?.LFTagPolicy)
    return {
      kind: "tagPolicy",
      resourceType: r.LFTagPolicy.ResourceType as "DATABASE" | "TABLE",
      expression: tagMap(r.LFTagPolicy.Expression),
    };
  if (r?.TableWithColumns)
    return {
      kind: "table",
      database: r.TableWithColumns.DatabaseName!,
      table: r.TableWithColumns.Name!,
      ...(r.TableWithColumns.ColumnNames
        ? { columns: r.TableWithColumns.ColumnNames }
        : { excluded: r.TableWithColumns.ColumnWildcard?.ExcludedColumnNames ?? [] }),
    };
  if (r?.Table)
    return { kind: "table", database: r.Table.DatabaseName!, table: r.Table.TableWildcard ? "*" : r.Table.Name! };
  if (r?.DataCellsFilter)
    return {
      kind: "filter",
      database: r.DataCellsFilter.DatabaseName!,
      table: r.DataCellsFilter.TableName!,
      name: r.DataCellsFilter.Name!,
    };
  return { kind: "other" };
}

export async function readAccount(clients: Clients, t: AccountTarget): Promise<AccountFacts> {
  const glue = clients.glue(),
    lf = clients.lakeformation(),
    ids = clients.identitystore(),
    s3c = clients.s3controlBase(),
    s3 = clients.s3Base();
  try {
    const database = t.database ?? (await pickDatabase(clients));
    const tables: AccountFacts["tables"] = [];
    for await (const page of paginateGetTables({ client: glue }, { DatabaseName: database })) {
      for (const tb of page.TableList ?? []) {
        const tags = await lf.send(
          new GetResourceLFTagsCommand({ Resource: { Table: { DatabaseName: database, Name: tb.Name! } } }),
        );
        const byColumn = new Map((tags.LFTagsOnColumns ?? []).map((c) => [c.Name!, tagMap(c.LFTags)]));
        tables.push({
          name: tb.Name!,
          columns: (tb.StorageDescriptor?.Columns ?? []).map((c) => ({
            name: c.Name!,
            tags: byColumn.get(c.Name!) ?? tagMap(tags.LFTagsOnTable),
          })),
        });
      }
    }
    const permissions: LfPermission[] = [];
    for await (const page of paginateListPermissions({ client: lf }, {})) {
      for (const p of page.PrincipalResourcePermissions ?? [])
        permissions.push({
          principal: p.Principal?.DataLakePrincipalIdentifier ?? "",
          permissions: p.Permissions ?? [],
          resource: permissionOf(p.Resource),
        });
    }
    const filters: AccountFacts["filters"] = [];
    for await (const page of paginateListDataCellsFilter({ client: lf }, {})) {
      for (const d of page.DataCellsFilters ?? [])
        filters.push({
          database: d.DatabaseName!,
          table: d.TableName!,
          name: d.Name!,
          ...(d.ColumnNames ? { columns: d.ColumnNames } : { excluded: d.ColumnWildcard?.ExcludedColumnNames ?? [] }),
        });
    }
    const groups: AccountFacts["groups"] = [];
    const userIds = new Set<string>();
    const memberIds = new Map<string, string[]>();
    for await (const page of paginateListGroups({ client: ids }, { IdentityStoreId: t.identityStoreId })) {
      for (const g of page.Groups ?? []) {
        const members: string[] = [];
        for await (const mp of paginateListGroupMemberships(
          { client: ids },
          { IdentityStoreId: t.identityStoreId, GroupId: g.GroupId! },
        )) {
          for (const m of mp.GroupMemberships ?? [])
            if (m.MemberId && "UserId" in m.MemberId && m.MemberId.UserId) {
              members.push(m.MemberId.UserId);
              userIds.add(m.MemberId.UserId);
            }
        }
        memberIds.set(g.GroupId!, members);
        groups.push({ id: g.GroupId!, name: g.DisplayName ?? g.GroupId!, members: [] });
      }
    }
    const assignments = await new IdentityStoreDirectory(clients).applicationAssignments(
      t.identityStoreId,
      t.applicationArn,
    );
    if ("error" in assignments) throw new Error(`application assignments: ${assignments.error}`);
    const users = await Promise.all(
      [...userIds].map(async (id) => {
        const u = await ids.send(new DescribeUserCommand({ IdentityStoreId: t.identityStoreId, UserId: id }));
        return { id, userName: u.UserName ?? id, ...(u.Emails?.[0]?.Value ? { email: u.Emails[0].Value } : {}) };
      }),
    );
    // Users assigned directly but in no group (by name from the assignments read above).
    for (const g of groups)
      g.members = (memberIds.get(g.id) ?? []).map((id) => users.find((u) => u.id === id)?.userName ?? id);
    const direct = await Promise.all(
      assignments.users
        .filter((n) => !users.some((u) => u.userName === n))
        .map(async (name) => {
          const { UserId } = await ids.send(
            new GetUserIdCommand({
              IdentityStoreId: t.identityStoreId,
              AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: name } },
            }),
          );
          const u = await ids.send(new DescribeUserCommand({ IdentityStoreId: t.identityStoreId, UserId: UserId! }));
          return { id: UserId!, userName: name, ...(u.Emails?.[0]?.Value ? { email: u.Emails[0].Value } : {}) };
        }),
    );
    const grants = await s3c.send(new ListAccessGrantsCommand({ AccountId: t.accountId }));
    const accessGrants: AccountFacts["accessGrants"] = await Promise.all(
      (grants.AccessGrantsList ?? []).map(async (g) => {
        const m = /^s3:\/\/([^/]+)\/?(.*?)\*?$/.exec(g.GrantScope ?? "");
        const listed = m
          ? await s3.send(new ListObjectsV2Command({ Bucket: m[1], Prefix: m[2], MaxKeys: 1 })).catch(() => undefined)
          : undefined;
        const type =
          g.Grantee?.GranteeType === "DIRECTORY_GROUP"
            ? "group"
            : g.Grantee?.GranteeType === "DIRECTORY_USER"
              ? "user"
              : "iam";
        return {
          grantee: { type, id: g.Grantee?.GranteeIdentifier ?? "" },
          permission: (g.Permission ?? "READ") as "READ",
          scope: g.GrantScope ?? "",
          hasObjects: (listed?.KeyCount ?? 0) > 0,
        };
      }),
    );
    return { database, tables, permissions, filters, users: [...users, ...direct], groups, assignments, accessGrants };
  } finally {
    for (const c of [glue, lf, ids, s3c, s3]) c.destroy();
  }
}

/** The first database that holds tables, when none is named. */
async function pickDatabase(clients: Clients): Promise<string> {
  const glue = clients.glue();
  try {
    const dbs = await glue.send(new GetDatabasesCommand({}));
    for (const d of dbs.DatabaseList ?? []) {
      for await (const p of paginateGetTables({ client: glue }, { DatabaseName: d.Name! }))
        if (p.TableList?.length) return d.Name!;
    }
    throw new Error("no Glue database with tables is visible to the base principal; name one with --database");
  } finally {
    glue.destroy();
  }
}
