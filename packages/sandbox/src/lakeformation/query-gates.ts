// The non-column reasons a query can fail with "Insufficient permissions to execute the query." — each
// decided from fixture data, never by chance. Pure functions over the fixture, shared by the emulated
// Athena (services/athena/start.ts) and the ground-truth oracle (ground-truth.ts), so both agree.
//   * DESCRIBE on `default`: Athena UG (Lake Formation) "The DESCRIBE permission is required on the default
//     database". A principal with no Lake Formation permission on database `default` fails every query.
//   * catalog IAM: the principal Athena reads the Glue Data Catalog with (the workgroup's execution role in
//     IAM Identity Center workgroups, else the caller) needs glue:GetTable and glue:GetDatabase.
//   * data location: the table's S3 location must be registered with Lake Formation, and the registration
//     role must be able to s3:GetObject it (LF reads through that role).
//   * KMS: a table encrypted with a customer key (kmsKeyArn) needs the reader to be allowed kms:Decrypt.
import type { Fixture } from "../fixture/load.js";
import type { PolicyStatement } from "../fixture/schema.js";
import { isActionAllowed, wildcardMatch } from "../iam/policy.js";
import { resolveVisibility } from "./permissions.js";
import type { LfPrincipal } from "./principals.js";

type GlueTable = Fixture["glue"]["databases"][number]["tables"][number];

export const DEFAULT_DATABASE = "default";

export function glueTable(f: Fixture, database: string, table: string): GlueTable | undefined {
  return f.glue.databases
    .find((d) => d.name.toLowerCase() === database.toLowerCase())
    ?.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
}
export const glueDatabaseArn = (f: Fixture, database: string): string =>
  `arn:aws:glue:${f.region}:${f.glue.catalogId}:database/${database}`;
export const glueTableArn = (f: Fixture, database: string, table: string): string =>
  `arn:aws:glue:${f.region}:${f.glue.catalogId}:table/${database}/${table}`;

/** Lake Formation data lake administrator (fixture lakeFormation.admins). */
export function isLakeFormationAdmin(f: Fixture, p: LfPrincipal): boolean {
  return p.kind === "iam" && f.lakeFormation.admins.includes(p.arn);
}

/**
 * Whether the principal holds some Lake Formation permission on database `default` (explicit DESCRIBE, a
 * DATABASE LF-tag policy matching it, or SELECT on one of its tables). A catalog without a `default`
 * database asks for nothing.
 */
export function hasDefaultDescribe(f: Fixture, p: LfPrincipal): boolean {
  if (!f.glue.databases.some((d) => d.name === DEFAULT_DATABASE)) return true;
  if (isLakeFormationAdmin(f, p)) return true;
  return resolveVisibility(f, p).databases.some((d) => d.name === DEFAULT_DATABASE && d.describe);
}

export const LF_GET_DATA_ACCESS = "lakeformation:GetDataAccess";

/**
 * The first glue:GetTable / glue:GetDatabase / lakeformation:GetDataAccess the reader's policies refuse
 * for a table, if any. Lake Formation vends data credentials only to a principal allowed
 * lakeformation:GetDataAccess (Athena UG, "Lake Formation"); what Athena answers without it is
 * UNVERIFIED: the sandbox gives it the Glue IAM text and ErrorType (1500), the most ambiguous reading.
 */
export function catalogDenial(
  f: Fixture,
  policies: PolicyStatement[],
  database: string,
  table: string,
): { action: string; resource: string } | undefined {
  const tableArn = glueTableArn(f, database, table);
  if (!isActionAllowed(policies, "glue:GetTable", tableArn)) return { action: "glue:GetTable", resource: tableArn };
  const dbArn = glueDatabaseArn(f, database);
  if (!isActionAllowed(policies, "glue:GetDatabase", dbArn)) return { action: "glue:GetDatabase", resource: dbArn };
  if (!isActionAllowed(policies, LF_GET_DATA_ACCESS, "*")) return { action: LF_GET_DATA_ACCESS, resource: "*" };
  return undefined;
}

const SERVICE_LINKED_ROLE = "AWSServiceRoleForLakeFormationDataAccess";

/** True when Lake Formation cannot read the table's location (not registered, or the role may not read it). */
export function dataLocationDenied(f: Fixture, location: string): boolean {
  const registered = f.lakeFormation.dataLocations;
  if (registered === undefined) return false; // default: every location registered with the service-linked role
  const withSlash = (s: string) => (s.endsWith("/") ? s : `${s}/`);
  const hit = registered.find((r) => withSlash(location).startsWith(withSlash(r.location)));
  if (!hit) return true;
  if (hit.roleArn === undefined || hit.roleArn.endsWith(`/${SERVICE_LINKED_ROLE}`)) return false;
  const role = f.iamRoles.find((r) => r.arn === hit.roleArn);
  if (!role) return true; // fail closed on a dangling registration role
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!m) return true;
  return !isActionAllowed(role.policies, "s3:GetObject", `arn:aws:s3:::${m[1]}/${m[2]}`);
}

/** True when the table names a KMS key the reader may not decrypt with (unknown keys decrypt for nobody). */
export function kmsDenied(f: Fixture, readerArn: string, kmsKeyArn: string | undefined): boolean {
  if (!kmsKeyArn) return false;
  const key = f.kms.keys.find((k) => k.arn === kmsKeyArn);
  return !key || !key.allowDecrypt.some((a) => wildcardMatch(a, readerArn));
}
