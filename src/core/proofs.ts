// Before any check: what the base principal can prove without a persona. Tables and columns from the
// Glue Data Catalog (compared with the scenario's `tables:`, like directory drift), the workgroups'
// Identity Center setting, the S3 objects and prefixes that Access Grants checks and outside probes
// name, which Access Grants instance governs each Access Grants target, and each such account's
// locations and grants to IAM principals. Pure: it talks to the world
// only through the ProofReader port.
import type {
  CatalogProof,
  GrantsHeldProof,
  GrantsIamProof,
  GrantsInstanceProof,
  GrantsLocationsProof,
  ObjectProof,
  RunProofs,
  WorkgroupProof,
} from "../model/report.js";
import type { ValidScenario } from "../scenario/parse.js";
import { limiter } from "./limit.js";
import type { Task } from "./plan.js";
import type { ProofReader } from "./ports.js";

export async function gatherProofs(
  reader: ProofReader | undefined,
  scenarios: ValidScenario[],
  tasks: Task[],
  concurrency = 8,
): Promise<RunProofs> {
  const limit = limiter(concurrency);
  // declared undefined: a table a check reads that the scenario does not declare (proven, not compared).
  const tables = new Map<string, { database: string; table: string; declared?: string[]; catalog: string }>();
  const workgroups = new Set<string>();
  const objects = new Set<string>();
  const grantTargets = new Map<string, { accountId: string; target: string }>();
  for (const t of tasks) {
    if (t.action.type === "athena") workgroups.add(t.action.workgroup);
    if (t.action.type === "accessGrants") {
      const { accountId, target } = t.action;
      grantTargets.set(`${accountId}\u0000${target}`, { accountId, target });
      objects.add(t.action.target);
      for (const u of t.action.probe?.outside ?? []) objects.add(u);
    }
  }
  for (const s of scenarios) {
    const db = s.target.athena?.database;
    if (!db || !tasks.some((t) => t.scenario === s.name && t.action.type === "athena")) continue;
    const catalog = s.target.athena?.catalog ?? "AwsDataCatalog";
    const key = (name: string) => `${catalog}\u0000${db}.${name}`.toLowerCase();
    for (const [name, spec] of Object.entries(s.tables))
      tables.set(key(name), { database: db, table: name, declared: spec.columns, catalog });
    for (const t of tasks)
      if (t.scenario === s.name && t.action.type === "athena" && t.action.table && !tables.has(key(t.action.table)))
        tables.set(key(t.action.table), { database: db, table: t.action.table, catalog });
  }
  const none = (what: string) => `no proof reader: ${what} cannot be proven`;
  const grantAccounts = [...new Set([...grantTargets.values()].map((g) => g.accountId))];
  const [catalog, groups, objs, grants, locations, iam] = await Promise.all([
    Promise.all(
      [...tables.values()].map((t) =>
        limit(async (): Promise<CatalogProof> => {
          if (!reader) return { database: t.database, table: t.table, status: "unavailable", error: none("the table") };
          if (t.catalog.toLowerCase() !== "awsdatacatalog")
            return {
              catalog: t.catalog,
              database: t.database,
              table: t.table,
              status: "unavailable",
              error: `catalog ${t.catalog} is not the account's Glue Data Catalog: tip-proof proves tables in AwsDataCatalog only`,
            };
          const r = await reader.table(t.database, t.table);
          if ("error" in r)
            return {
              database: t.database,
              table: t.table,
              status: r.notFound ? "drift" : "unavailable",
              ...(r.notFound ? { ...(t.declared ? { missing: t.declared } : {}), tableMissing: true } : {}),
              error: r.error,
            };
          return t.declared
            ? catalogDrift(t.database, t.table, t.declared, r.columns)
            : { database: t.database, table: t.table, status: "ok", columns: r.columns };
        }),
      ),
    ),
    Promise.all(
      [...workgroups].map((name) =>
        limit(async (): Promise<WorkgroupProof> => {
          if (!reader) return { name, status: "unavailable", error: none("the workgroup") };
          const r = await reader.workgroup(name);
          if ("error" in r) return { name, status: "unavailable", error: r.error };
          return {
            name,
            status: r.identityCenterEnabled ? "ok" : "not-identity-center",
            identityCenterEnabled: r.identityCenterEnabled,
            ...(r.applicationArn ? { identityCenterApplicationArn: r.applicationArn } : {}),
            ...(r.instanceArn ? { identityCenterInstanceArn: r.instanceArn } : {}),
          };
        }),
      ),
    ),
    Promise.all(
      [...objects].map((uri) =>
        limit(async (): Promise<ObjectProof> => {
          if (!reader) return { uri, status: "unavailable", error: none("the object") };
          const r = await reader.exists(uri);
          return typeof r === "boolean"
            ? { uri, status: r ? "exists" : "missing" }
            : { uri, status: "unavailable", error: r.error };
        }),
      ),
    ),
    Promise.all(
      [...grantTargets.values()].map((g) =>
        limit(async (): Promise<GrantsInstanceProof> => {
          if (!reader) return { ...g, status: "unavailable", error: none("the Access Grants instance") };
          const r = await reader.grantsInstance(g.accountId, g.target);
          if ("error" in r) return { ...g, status: "unavailable", error: r.error };
          if ("none" in r) return { ...g, status: "no-instance" };
          // arn:aws:s3:<region>:<account>:access-grants/default: another account's instance (shared through
          // RAM) answers for its own locations, and GetDataAccess asked of this account refuses them.
          const governed = r.instanceArn.split(":")[4] === g.accountId;
          return { ...g, status: governed ? "governed" : "other-instance", instanceArn: r.instanceArn };
        }),
      ),
    ),
    Promise.all(
      grantAccounts.map((accountId) =>
        limit(async (): Promise<GrantsLocationsProof> => {
          if (!reader) return { accountId, status: "unavailable", error: none("the Access Grants locations") };
          const r = await reader.grantsLocations(accountId);
          return "error" in r
            ? { accountId, status: "unavailable", error: r.error }
            : { accountId, status: "ok", locations: r.locations };
        }),
      ),
    ),
    Promise.all(
      grantAccounts.map((accountId) =>
        limit(async (): Promise<GrantsIamProof> => {
          if (!reader) return { accountId, status: "unavailable", error: none("the Access Grants IAM grants") };
          const r = await reader.grantsIam(accountId);
          return "error" in r
            ? { accountId, status: "unavailable", error: r.error }
            : { accountId, status: "ok", grants: r.grants };
        }),
      ),
    ),
  ]);
  return {
    catalog,
    workgroups: groups,
    objects: objs,
    ...(grants.length ? { accessGrants: grants, accessGrantsLocations: locations, accessGrantsIam: iam } : {}),
  };
}

/** Declared columns against the catalog's; a missing and an added column side by side look like a rename. */
export function catalogDrift(database: string, table: string, declared: string[], actual: string[]): CatalogProof {
  const lc = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const have = lc(actual),
    want = lc(declared);
  const missing = declared.filter((c) => !have.has(c.toLowerCase()));
  const added = actual.filter((c) => !want.has(c.toLowerCase()));
  const renamed = missing.slice(0, added.length).map((from, i) => ({ from, to: added[i] }));
  const drift = missing.length > 0 || added.length > 0;
  return {
    database,
    table,
    status: drift ? "drift" : "ok",
    columns: actual,
    ...(missing.length ? { missing } : {}),
    ...(added.length ? { added } : {}),
    ...(renamed.length ? { renamed } : {}),
  };
}

/** One line per problem, for reasons and findings. */
export function describeCatalogProof(p: CatalogProof): string | undefined {
  if (p.status === "ok") return undefined;
  if (p.status === "unavailable")
    return `catalog unproven: ${p.database}.${p.table} could not be read with the base principal (${p.error ?? "unknown"}); grant it glue:GetTable`;
  if (p.tableMissing)
    return `catalog drift: ${p.database}.${p.table} is not in the Glue Data Catalog (a typo, or the table lives in another database)`;
  const parts = [
    ...(p.renamed ?? []).map((r) => `${r.from} renamed to ${r.to}?`),
    ...(p.missing ?? []).filter((m) => !p.renamed?.some((r) => r.from === m)).map((m) => `${m} missing`),
    ...(p.added ?? []).filter((a) => !p.renamed?.some((r) => r.to === a)).map((a) => `${a} added`),
  ];
  return `catalog drift in ${p.database}.${p.table}: ${parts.join(", ")} (the scenario's tables: and the catalog disagree)`;
}

/**
 * The grants one persona holds in each account its Access Grants checks ask (base principal, by
 * grantee: its directory user and each of its groups, as the directory reads them). Without the user
 * or its groups nothing can be listed: the proof is unavailable, and so is every refusal's proof.
 */
export async function gatherHeldGrants(
  reader: ProofReader | undefined,
  who: { scenario: string; persona: string },
  accountIds: string[],
  directory: { userId?: string; groupIds?: string[]; error?: string } | undefined,
): Promise<GrantsHeldProof[]> {
  return Promise.all(
    accountIds.map(async (accountId): Promise<GrantsHeldProof> => {
      const base = { ...who, accountId };
      if (!reader) return { ...base, status: "unavailable", error: "no base principal reader for this target" };
      if (!directory?.userId || !directory.groupIds)
        return {
          ...base,
          status: "unavailable",
          error: `the persona's directory user and groups were not read${directory?.error ? ` (${directory.error})` : ""}`,
        };
      const r = await reader.grantsHeld(accountId, directory.userId, directory.groupIds);
      return "error" in r
        ? { ...base, status: "unavailable", error: r.error }
        : { ...base, status: "ok", grantees: [directory.userId, ...directory.groupIds], grants: r.grants };
    }),
  );
}

/** In scenario, persona and account order, whatever order the personas' sign-ins finished in. */
export function sortHeld(held: GrantsHeldProof[]): GrantsHeldProof[] {
  return [...held].sort(
    (a, b) =>
      a.scenario.localeCompare(b.scenario) ||
      a.persona.localeCompare(b.persona) ||
      a.accountId.localeCompare(b.accountId),
  );
}
