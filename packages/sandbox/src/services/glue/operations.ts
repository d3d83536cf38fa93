// GetDatabase and GetTable over the fixture's Glue catalog. Order of decisions, as the Data Catalog
// makes them: IAM (glue:GetDatabase / glue:GetTable on the resource ARN, session policies included), then
// existence (EntityNotFoundException), then Lake Formation metadata access:
//   * data lake administrators (fixture lakeFormation.admins) see every database, table and column;
//   * anyone else needs a Lake Formation permission on the resource: for a database, DESCRIBE (explicit,
//     through a DATABASE LF-tag policy, or implied by access to one of its tables); for a table, SELECT on
//     some of its columns or DESCRIBE on the table (named grant or TABLE LF-tag policy on the table's tags).
//     Non-administrators see only the columns they may SELECT (Lake Formation filters metadata), all of
//     them when they only hold DESCRIBE on the table (UNVERIFIED: DESCRIBE-only column visibility).
// Identity-enhanced sessions are evaluated as their Identity Center user, anything else as its IAM
// principal (the role ARN for role sessions), as lakeformation/principals.ts decides for queries.
import type { SandboxContext } from "../../context.js";
import type { Fixture } from "../../fixture/load.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";
import { resolveVisibility, tableAccess } from "../../lakeformation/permissions.js";
import { grantApplies, principalOf, type LfPrincipal } from "../../lakeformation/principals.js";
import { glueDatabaseArn, glueTableArn, isLakeFormationAdmin } from "../../lakeformation/query-gates.js";
import { effectiveTags, expressionMatches } from "../../lakeformation/tags.js";
import { AwsError } from "../../protocols/errors.js";
import type { SandboxRequest } from "../../types.js";
import { glueText } from "./messages.js";

export type Body = Record<string, unknown>;
type GlueDatabase = Fixture["glue"]["databases"][number];
type GlueTable = GlueDatabase["tables"][number];

const err = (code: string, message: string, status = 400) =>
  new AwsError(code, message, { status, messageKey: "Message" });

function requiredString(body: Body, name: string): string {
  const v = body[name];
  if (v === undefined || v === null)
    throw err("InvalidInputException", glueText.missingMember(name.charAt(0).toLowerCase() + name.slice(1)));
  if (typeof v !== "string") throw err("SerializationException", glueText.serialization());
  return v;
}

function requireIam(ctx: SandboxContext, req: SandboxRequest, action: string, resource: string): void {
  if (!isActionAllowed(policiesOf(ctx.fixture, req.lineage!), action, resource)) {
    throw err("AccessDeniedException", glueText.accessDenied(req.lineage!.callerArn, action, resource));
  }
}

/** The catalog must be this account's (or omitted). Another catalog id is "not found" for the database. */
function findDatabase(f: Fixture, body: Body, name: string): GlueDatabase {
  const catalogId = body.CatalogId;
  const db =
    catalogId === undefined || catalogId === f.glue.catalogId
      ? f.glue.databases.find((d) => d.name === name.toLowerCase())
      : undefined;
  if (!db) throw err("EntityNotFoundException", glueText.databaseNotFound(name));
  return db;
}

const DESCRIBE = new Set(["DESCRIBE", "ALL", "SUPER"]);

function describesTable(f: Fixture, p: LfPrincipal, db: GlueDatabase, t: GlueTable): boolean {
  return f.lakeFormation.grants.some((g) => {
    if (!grantApplies(g.principal, p) || !g.permissions.some((x) => DESCRIBE.has(x.toUpperCase()))) return false;
    const r = g.resource;
    if ("table" in r) return r.table.database === db.name && (r.table.name === "*" || r.table.name === t.name);
    if ("lfTagPolicy" in r)
      return (
        r.lfTagPolicy.resourceType === "TABLE" &&
        expressionMatches(r.lfTagPolicy.expression, effectiveTags(db.lfTags, t.lfTags))
      );
    return false;
  });
}

function epoch(ms: number): number {
  return Math.floor(ms / 1000);
}

export function getDatabase(
  ctx: SandboxContext,
  req: SandboxRequest,
  body: Body,
  createdAt: number,
): Record<string, unknown> {
  const f = ctx.fixture;
  const name = requiredString(body, "Name");
  requireIam(ctx, req, "glue:GetDatabase", glueDatabaseArn(f, name.toLowerCase()));
  const db = findDatabase(f, body, name);
  const p = principalOf(f, req.lineage!, true);
  if (!isLakeFormationAdmin(f, p) && !resolveVisibility(f, p).databases.some((d) => d.name === db.name && d.describe)) {
    throw err("AccessDeniedException", glueText.lakeFormationDenied(db.name));
  }
  return {
    Database: {
      Name: db.name,
      CatalogId: f.glue.catalogId,
      CreateTime: epoch(createdAt),
      Parameters: {},
      CreateTableDefaultPermissions: [],
    },
  };
}

export function getTable(
  ctx: SandboxContext,
  req: SandboxRequest,
  body: Body,
  createdAt: number,
): Record<string, unknown> {
  const f = ctx.fixture;
  const dbName = requiredString(body, "DatabaseName");
  const name = requiredString(body, "Name");
  requireIam(ctx, req, "glue:GetTable", glueTableArn(f, dbName.toLowerCase(), name.toLowerCase()));
  const db = findDatabase(f, body, dbName);
  const t = db.tables.find((x) => x.name === name.toLowerCase());
  if (!t) throw err("EntityNotFoundException", glueText.tableNotFound(name));
  const p = principalOf(f, req.lineage!, true);
  let columns = t.columns;
  if (!isLakeFormationAdmin(f, p)) {
    const access = tableAccess(resolveVisibility(f, p), db.name, t.name);
    if (access) columns = t.columns.filter((c) => access.columns.some((a) => a.name === c.name));
    else if (!describesTable(f, p, db, t))
      throw err("AccessDeniedException", glueText.lakeFormationDenied(`${db.name}.${t.name}`));
  }
  return {
    Table: {
      Name: t.name,
      DatabaseName: db.name,
      CatalogId: f.glue.catalogId,
      CreateTime: epoch(createdAt),
      UpdateTime: epoch(createdAt),
      Retention: 0,
      StorageDescriptor: {
        Columns: columns.map((c) => ({ Name: c.name, Type: c.type })),
        Location: t.location,
        InputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        OutputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        Compressed: false,
        NumberOfBuckets: -1,
        SerdeInfo: {
          SerializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
          Parameters: { "field.delim": "," },
        },
        BucketColumns: [],
        SortColumns: [],
        Parameters: {},
        StoredAsSubDirectories: false,
      },
      PartitionKeys: [],
      TableType: "EXTERNAL_TABLE",
      Parameters: {
        classification: "csv",
        "skip.header.line.count": "1",
        ...(t.kmsKeyArn ? { "sandbox.kmsKeyArn": t.kmsKeyArn } : {}),
      },
      IsRegisteredWithLakeFormation: true,
      VersionId: "0",
    },
  };
}
