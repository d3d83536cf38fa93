// What the run proved without any persona (core/run reads it through the ProofReader port), indexed
// for the judge. Absent proofs are never assumed: a denial that needs one becomes an error.
import { namesTableOf } from "../sql-words.js";
import type {
  CatalogProof,
  GrantsHeldProof,
  GrantsIamProof,
  GrantsInstanceProof,
  GrantsLocationsProof,
  ObjectProof,
  RunProofs,
  WorkgroupProof,
} from "../../model/report.js";

export class ProofIndex {
  private readonly tables = new Map<string, CatalogProof>();
  private readonly groups = new Map<string, WorkgroupProof>();
  private readonly objects = new Map<string, ObjectProof>();
  private readonly instances = new Map<string, GrantsInstanceProof>();
  private readonly locations = new Map<string, GrantsLocationsProof>();
  private readonly iam = new Map<string, GrantsIamProof>();
  private readonly held = new Map<string, GrantsHeldProof>();
  constructor(readonly proofs?: RunProofs) {
    // Only the account's own catalog is ever proven: a proof of db.t there says nothing about db.t in another catalog.
    for (const t of proofs?.catalog ?? [])
      if (!t.catalog || isDefaultCatalog(t.catalog)) this.tables.set(`${t.database}.${t.table}`.toLowerCase(), t);
    for (const w of proofs?.workgroups ?? []) this.groups.set(w.name, w);
    for (const o of proofs?.objects ?? []) this.objects.set(o.uri, o);
    for (const g of proofs?.accessGrants ?? []) this.instances.set(`${g.accountId}\u0000${g.target}`, g);
    for (const l of proofs?.accessGrantsLocations ?? []) this.locations.set(l.accountId, l);
    for (const g of proofs?.accessGrantsIam ?? []) this.iam.set(g.accountId, g);
    for (const h of proofs?.accessGrantsHeld ?? []) this.held.set(heldKey(h.scenario, h.persona, h.accountId), h);
  }

  /** The proofs as seen from a query in `catalog`: no table is proven outside AwsDataCatalog. */
  forCatalog(catalog: string): ProofIndex {
    return isDefaultCatalog(catalog) ? this : new ProofIndex(this.proofs ? { ...this.proofs, catalog: [] } : undefined);
  }

  table(database: string, table: string): CatalogProof | undefined {
    return this.tables.get(`${database}.${table}`.toLowerCase());
  }

  /** Catalog columns of a table that exists, lower-cased; undefined when the catalog could not say or has no such table. */
  columns(database: string, table: string): Set<string> | undefined {
    const t = this.table(database, table);
    // A table without one column (a resource link, whose columns are its target's) proves nothing (review s23 L2).
    return t && t.status !== "unavailable" && !t.tableMissing && t.columns?.length
      ? new Set(t.columns.map((c) => c.toLowerCase()))
      : undefined;
  }

  /** The catalog was read and has no such table. */
  missing(database: string, table: string): boolean {
    return !!this.table(database, table)?.tableMissing;
  }

  /**
   * The proven tables a query reads: its `table:` for structured checks; for raw SQL, the catalog
   * tables of its database whose names appear in the SQL (and its `table:` when given).
   */
  tablesRead(a: { database: string; table?: string; raw?: boolean; sql: string }): CatalogProof[] {
    const all = [...this.tables.values()].filter(
      (t) => t.database.toLowerCase() === a.database.toLowerCase() && t.status !== "unavailable" && !t.tableMissing,
    );
    if (!a.raw) return all.filter((t) => t.table.toLowerCase() === a.table?.toLowerCase());
    // Named as this database's table: `archive.t` is another table, whose columns prove nothing here.
    return all.filter(
      (t) => namesTableOf(a.sql, a.database, t.table) || t.table.toLowerCase() === a.table?.toLowerCase(),
    );
  }

  workgroup(name: string): WorkgroupProof | undefined {
    return this.groups.get(name);
  }

  object(uri: string): ObjectProof | undefined {
    return this.objects.get(uri);
  }

  /** Which Access Grants instance governs `target` when asked of `accountId` (absent: never asked, as in older facts). */
  grantsInstance(accountId: string, target: string): GrantsInstanceProof | undefined {
    return this.instances.get(`${accountId}\u0000${target}`);
  }

  /** The account's Access Grants locations and their roles (absent: never asked, as in older facts). */
  grantsLocations(accountId: string): GrantsLocationsProof | undefined {
    return this.locations.get(accountId);
  }

  /** The account's Access Grants grants to IAM principals (absent: never asked, as in older facts). */
  grantsIam(accountId: string): GrantsIamProof | undefined {
    return this.iam.get(accountId);
  }

  /** The grants one persona holds in the account (absent: never asked, as in older facts). */
  grantsHeld(scenario: string, persona: string, accountId: string): GrantsHeldProof | undefined {
    return this.held.get(heldKey(scenario, persona, accountId));
  }
}

const heldKey = (scenario: string, persona: string, accountId: string) =>
  `${scenario}\u0000${persona}\u0000${accountId}`;

export function isDefaultCatalog(catalog: string): boolean {
  return catalog.toLowerCase() === "awsdatacatalog";
}
