// GetDatabases and GetTables: the catalog listings `tip-proof init --from-account` scaffolds `tables:`
// from. Each entry is what GetDatabase/GetTable would answer to the caller (IAM on the listing, Lake
// Formation per entry: a database or table the caller may not describe is left out, not refused).
// Pagination: one page (the fixture's catalogs are small; UNVERIFIED page size).
import type { SandboxContext } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import type { SandboxRequest } from "../../types.js";
import { getDatabase, getTable, type Body } from "./operations.js";

const visible = <T>(run: () => T): T[] => {
  try {
    return [run()];
  } catch (e) {
    if (e instanceof AwsError && e.code === "AccessDeniedException") return [];
    throw e;
  }
};

export function getDatabases(
  ctx: SandboxContext,
  req: SandboxRequest,
  body: Body,
  createdAt: number,
): Record<string, unknown> {
  const f = ctx.fixture;
  if (body.CatalogId !== undefined && body.CatalogId !== f.glue.catalogId) return { DatabaseList: [] };
  return {
    DatabaseList: f.glue.databases.flatMap((d) =>
      visible(() => (getDatabase(ctx, req, { Name: d.name }, createdAt) as { Database: unknown }).Database),
    ),
  };
}

export function getTables(
  ctx: SandboxContext,
  req: SandboxRequest,
  body: Body,
  createdAt: number,
): Record<string, unknown> {
  const f = ctx.fixture;
  const dbName = body.DatabaseName;
  // Existence and IAM on the database first: a missing one is EntityNotFoundException, as GetTables answers.
  getDatabase(
    ctx,
    req,
    { Name: dbName, ...(body.CatalogId !== undefined ? { CatalogId: body.CatalogId } : {}) },
    createdAt,
  );
  const db = f.glue.databases.find((d) => d.name === String(dbName).toLowerCase())!;
  return {
    TableList: db.tables.flatMap((t) =>
      visible(
        () => (getTable(ctx, req, { DatabaseName: db.name, Name: t.name }, createdAt) as { Table: unknown }).Table,
      ),
    ),
  };
}
