// Lake Formation read operations over the fixture's lakeFormation section, for `tip-proof init
// --from-account`: ListPermissions, ListLFTags, GetResourceLFTags, ListDataCellsFilter. Member names
// follow @aws-sdk/client-lakeformation. Filters of ListPermissions other than none are UNVERIFIED and
// not emulated (every grant is listed); principals are Identity Center ARNs (arn:aws:identitystore:::
// group/<id>, user/<id>) or IAM role ARNs, as Lake Formation shows them.
import type { Fixture } from "../../fixture/load.js";
import type { PrincipalRef, LfResource } from "../../fixture/schema.js";
import { effectiveTags } from "../../lakeformation/tags.js";
import { AwsError } from "../../protocols/errors.js";
import { requireLfAction, type LfOperation } from "./index.js";

const invalid = (message: string) =>
  new AwsError("InvalidInputException", message, { status: 400, messageKey: "Message" });
const notFound = (message: string) =>
  new AwsError("EntityNotFoundException", message, { status: 400, messageKey: "Message" });
const tagList = (f: Fixture, tags: Record<string, string[]>) =>
  Object.entries(tags).map(([TagKey, TagValues]) => ({ CatalogId: f.account, TagKey, TagValues }));

function principalArn(f: Fixture, p: PrincipalRef): string {
  if ("group" in p)
    return `arn:aws:identitystore:::group/${f.identityCenter.groups.find((g) => g.displayName === p.group)?.groupId ?? p.group}`;
  if ("user" in p)
    return `arn:aws:identitystore:::user/${f.identityCenter.users.find((u) => u.userName === p.user)?.userId ?? p.user}`;
  return p.iamRole;
}

function resourceOf(f: Fixture, r: LfResource): Record<string, unknown> {
  if ("lfTagPolicy" in r)
    return {
      LFTagPolicy: {
        CatalogId: f.account,
        ResourceType: r.lfTagPolicy.resourceType,
        Expression: Object.entries(r.lfTagPolicy.expression).map(([TagKey, TagValues]) => ({ TagKey, TagValues })),
      },
    };
  if ("database" in r) return { Database: { CatalogId: f.account, Name: r.database } };
  if ("dataCellsFilter" in r)
    return {
      DataCellsFilter: {
        TableCatalogId: f.account,
        DatabaseName: r.dataCellsFilter.database,
        TableName: r.dataCellsFilter.table,
        Name: r.dataCellsFilter.name,
      },
    };
  const t = r.table;
  if (t.columns)
    return {
      TableWithColumns: { CatalogId: f.account, DatabaseName: t.database, Name: t.name, ColumnNames: t.columns },
    };
  if (t.excludedColumns)
    return {
      TableWithColumns: {
        CatalogId: f.account,
        DatabaseName: t.database,
        Name: t.name,
        ColumnWildcard: { ExcludedColumnNames: t.excludedColumns },
      },
    };
  return {
    Table: {
      CatalogId: f.account,
      DatabaseName: t.database,
      ...(t.name === "*" ? { TableWildcard: {} } : { Name: t.name }),
    },
  };
}

function paged<T>(items: T[], body: Record<string, unknown>, key: string): Record<string, unknown> {
  const max = body.MaxResults === undefined ? 100 : body.MaxResults;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 1000)
    throw invalid("MaxResults must be between 1 and 1000.");
  const offset =
    body.NextToken === undefined ? 0 : Number(Buffer.from(String(body.NextToken), "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0) throw invalid("The NextToken is invalid.");
  const next = offset + max < items.length ? Buffer.from(String(offset + max)).toString("base64url") : undefined;
  return { [key]: items.slice(offset, offset + max), ...(next ? { NextToken: next } : {}) };
}

const listPermissions: LfOperation = (ctx, req, body) => {
  requireLfAction(ctx, req, "lakeformation:ListPermissions");
  const f = ctx.fixture;
  const all = f.lakeFormation.grants.map((g) => ({
    Principal: { DataLakePrincipalIdentifier: principalArn(f, g.principal) },
    Resource: resourceOf(f, g.resource),
    Permissions: g.permissions.map((p) => p.toUpperCase()),
    PermissionsWithGrantOption: [],
  }));
  return paged(all, body, "PrincipalResourcePermissions");
};

const listLfTags: LfOperation = (ctx, req, body) => {
  requireLfAction(ctx, req, "lakeformation:ListLFTags");
  return paged(tagList(ctx.fixture, ctx.fixture.lakeFormation.lfTags), body, "LFTags");
};

/** Effective tags (inherited from the database and table unless ShowAssignedLFTags), per column for a table. */
const getResourceLfTags: LfOperation = (ctx, req, body) => {
  requireLfAction(ctx, req, "lakeformation:GetResourceLFTags");
  const f = ctx.fixture;
  const r = (body.Resource ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const assigned = body.ShowAssignedLFTags === true;
  const dbName = String(r.Database?.Name ?? r.Table?.DatabaseName ?? r.TableWithColumns?.DatabaseName ?? "");
  if (!dbName) throw invalid("Resource must name a Database, Table or TableWithColumns.");
  const db = f.glue.databases.find((d) => d.name === dbName);
  if (!db) throw notFound(`Database ${dbName} not found.`);
  if (r.Database) return { LFTagOnDatabase: tagList(f, db.lfTags) };
  const tableName = String(r.Table?.Name ?? r.TableWithColumns?.Name ?? "");
  const t = db.tables.find((x) => x.name === tableName);
  if (!t) throw notFound(`Table ${tableName} not found.`);
  const wanted = (r.TableWithColumns?.ColumnNames as string[] | undefined) ?? t.columns.map((c) => c.name);
  return {
    LFTagOnDatabase: tagList(f, db.lfTags),
    LFTagsOnTable: tagList(f, assigned ? (t.lfTags ?? {}) : effectiveTags(db.lfTags, t.lfTags)),
    LFTagsOnColumns: t.columns
      .filter((c) => wanted.includes(c.name))
      .map((c) => ({
        Name: c.name,
        LFTags: tagList(f, assigned ? (c.lfTags ?? {}) : effectiveTags(db.lfTags, t.lfTags, c.lfTags)),
      })),
  };
};

const listDataCellsFilter: LfOperation = (ctx, req, body) => {
  requireLfAction(ctx, req, "lakeformation:ListDataCellsFilter");
  const f = ctx.fixture;
  const all = f.lakeFormation.dataCellsFilters.map((d) => ({
    TableCatalogId: f.account,
    DatabaseName: d.database,
    TableName: d.table,
    Name: d.name,
    RowFilter: d.rowFilter ? { FilterExpression: d.rowFilter } : { AllRowsWildcard: {} },
    ...(d.columnNames
      ? { ColumnNames: d.columnNames }
      : { ColumnWildcard: { ExcludedColumnNames: d.excludedColumnNames ?? [] } }),
  }));
  return paged(all, body, "DataCellsFilters");
};

export const lakeFormationReadOperations: Record<string, LfOperation> = {
  ListPermissions: listPermissions,
  ListLFTags: listLfTags,
  GetResourceLFTags: getResourceLfTags,
  ListDataCellsFilter: listDataCellsFilter,
};
