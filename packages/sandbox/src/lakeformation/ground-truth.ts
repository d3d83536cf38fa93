// Ground truth for a differential oracle: from the fixture alone (no DuckDB, no HTTP), what an Athena
// `SELECT *` by an Identity Center user through the fixture's carrier role would return, and what S3
// Access Grants would grant. It applies the same rules, in the same order, as the emulated Athena
// (services/athena/start.ts + access.ts) through the same functions (resolveVisibility, query-gates.ts),
// so a harness verdict can be compared with what the sandbox was set up to decide.
//
// Order of decisions (first that applies wins), as a query meets them:
//   not-assigned      IdC workgroup whose application the user is not assigned to (StartQueryExecution refused)
//   default-describe  no Lake Formation permission on database `default`
//   no-such-table     database or table not in the Glue catalog
//   glue-iam          the catalog reader (execution role / the carrier session) may not glue:GetTable/GetDatabase
//   table             Lake Formation: no SELECT on any column of the table
//   data-location     the table's S3 location is not registered / its registration role cannot read it
//   kms               the data reader may not decrypt with the table's KMS key
//   results-write     the results location refuses the query's result object
// Faults (throttling) are never part of the ground truth.
import { groupsOf, identityStoreArn, isAssigned, userByName } from "../fixture/directory.js";
import type { Fixture } from "../fixture/load.js";
import { IDENTITY_CONTEXT_ALLOW_LIST_STATEMENT } from "../iam/identity-context-allow-list.js";
import { isActionAllowed } from "../iam/policy.js";
import { forContext, identityPoliciesOf } from "../iam/principal.js";
import { parseS3Uri } from "../s3store.js";
import { resolveVisibility, tableAccess } from "./permissions.js";
import { idcPrincipal, type LfPrincipal } from "./principals.js";
import {
  catalogDenial,
  dataLocationDenied,
  glueTable,
  hasDefaultDescribe,
  kmsDenied,
  LF_GET_DATA_ACCESS,
} from "./query-gates.js";

export type DenialCause =
  | "table"
  | "default-describe"
  | "kms"
  | "data-location"
  | "glue-iam"
  | "results-write"
  | "not-assigned"
  | "no-such-table";
export type ReadableColumns = { columns: string[]; rowFilter?: boolean } | { denied: DenialCause };

export interface ReadableQuery {
  userName: string;
  workgroup: string;
  database: string;
  table: string;
}

/** What `SELECT * FROM database.table` by this Identity Center user in this workgroup returns. */
export function readableColumns(fixture: Fixture, q: ReadableQuery): ReadableColumns {
  const user = userByName(fixture, q.userName);
  if (!user) throw new Error(`ground truth: no Identity Center user ${q.userName} in fixture ${fixture.name}`);
  const wg = fixture.athena.workgroups.find((w) => w.name === q.workgroup);
  if (!wg) throw new Error(`ground truth: no workgroup ${q.workgroup} in fixture ${fixture.name}`);
  const carrier = fixture.exports.carrierRoleArn;

  let principal: LfPrincipal;
  if (wg.identityCenterEnabled) {
    if (!wg.identityCenterApplicationArn || !isAssigned(fixture, wg.identityCenterApplicationArn, user.userId))
      return { denied: "not-assigned" };
    principal = idcPrincipal(fixture, user.userId);
  } else {
    principal = { kind: "iam", arn: carrier }; // Athena acts with the carrier role's own identity
  }
  if (!hasDefaultDescribe(fixture, principal)) return { denied: "default-describe" };
  const table = glueTable(fixture, q.database, q.table);
  if (!table) return { denied: "no-such-table" };
  const database = fixture.glue.databases.find((d) => d.name.toLowerCase() === q.database.toLowerCase())!.name;

  const idcReader = wg.identityCenterEnabled && wg.executionRole !== undefined;
  // Every session of the query carries the user's identity context, as the emulated Athena's do: the
  // caller's, and the execution role's, which Athena assumes with it.
  const keys = { "identitystore:UserId": user.userId, "identitystore:IdentityStoreArn": identityStoreArn(fixture) };
  const callerPolicies = [
    ...forContext(identityPoliciesOf(fixture, carrier), keys),
    ...(fixture.sts.identityContextAllowList ? [IDENTITY_CONTEXT_ALLOW_LIST_STATEMENT] : []),
  ];
  const catalogPolicies = idcReader ? forContext(identityPoliciesOf(fixture, wg.executionRole!), keys) : callerPolicies;
  if (catalogDenial(fixture, catalogPolicies, database, table.name)) return { denied: "glue-iam" };
  // The caller needs lakeformation:GetDataAccess too, where the execution role reads.
  if (idcReader && !isActionAllowed(callerPolicies, LF_GET_DATA_ACCESS, "*")) return { denied: "glue-iam" };

  const access = tableAccess(resolveVisibility(fixture, principal), database, table.name);
  if (!access) return { denied: "table" };
  if (dataLocationDenied(fixture, table.location)) return { denied: "data-location" };
  if (kmsDenied(fixture, idcReader ? wg.executionRole! : carrier, table.kmsKeyArn)) return { denied: "kms" };
  if (!mayWriteResults(fixture, wg, user.userId, carrier)) return { denied: "results-write" };

  const filtered = access.rowFilter !== null || access.columns.some((c) => c.cellFilter !== null);
  return { columns: access.columns.map((c) => c.name), ...(filtered ? { rowFilter: true } : {}) };
}

type Workgroup = Fixture["athena"]["workgroups"][number];

/** The results-write rule of services/athena/access.ts, for a result object under the workgroup's location. */
function mayWriteResults(f: Fixture, wg: Workgroup, userId: string, carrier: string): boolean {
  const out = parseS3Uri(wg.outputLocation.endsWith("/") ? wg.outputLocation : `${wg.outputLocation}/`);
  if (!out) return false;
  if (!f.s3.buckets.some((b) => b.name === out.bucket)) return false;
  const key = `${out.key}${wg.createUserLevelPrefix ? `${userId}/` : ""}00000000-0000-4000-8000-000000000000.csv`;
  if (wg.identityCenterEnabled)
    return grantedTargets(f, f.identityCenter.users.find((u) => u.userId === userId)!.userName, [
      "WRITE",
      "READWRITE",
    ]).some((scope) => scopeCovers(scope, `s3://${out.bucket}/${key}`));
  return isActionAllowed(identityPoliciesOf(f, carrier), "s3:PutObject", `arn:aws:s3:::${out.bucket}/${key}`);
}

function scopeCovers(scope: string, target: string): boolean {
  return scope.endsWith("*") ? target.startsWith(scope.slice(0, -1)) : target === scope;
}

/**
 * The S3 Access Grants scopes a directory user holds (directly or through groups) with a permission that
 * serves `permissions` (default: what GetDataAccess READ matches: READ and READWRITE grants).
 */
export function grantedTargets(
  fixture: Fixture,
  userName: string,
  permissions: string[] = ["READ", "READWRITE"],
): string[] {
  const user = userByName(fixture, userName);
  if (!user) throw new Error(`ground truth: no Identity Center user ${userName} in fixture ${fixture.name}`);
  const groups = groupsOf(fixture, user.userId).map((g) => g.displayName);
  return fixture.accessGrants.grants
    .filter((g) =>
      "user" in g.grantee
        ? g.grantee.user === userName
        : "group" in g.grantee
          ? groups.includes(g.grantee.group)
          : false,
    )
    .filter((g) => permissions.includes(g.permission))
    .map((g) => g.scope);
}
