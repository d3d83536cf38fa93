// What the run proved without any persona (core/run reads it through the ProofReader port), indexed
// for the judge. Absent proofs are never assumed: a denial that needs one becomes an error.
import type { CatalogProof, ObjectProof, RunProofs, WorkgroupProof } from "../../model/report.js";

export class ProofIndex {
  private readonly tables = new Map<string, CatalogProof>();
  private readonly groups = new Map<string, WorkgroupProof>();
  private readonly objects = new Map<string, ObjectProof>();
  constructor(readonly proofs?: RunProofs) {
    for (const t of proofs?.catalog ?? []) this.tables.set(`${t.database}.${t.table}`.toLowerCase(), t);
    for (const w of proofs?.workgroups ?? []) this.groups.set(w.name, w);
    for (const o of proofs?.objects ?? []) this.objects.set(o.uri, o);
  }

  table(database: string, table: string): CatalogProof | undefined {
    return this.tables.get(`${database}.${table}`.toLowerCase());
  }

  /** Catalog columns of a table, lower-cased; undefined when the catalog could not say. */
  columns(database: string, table: string): Set<string> | undefined {
    const t = this.table(database, table);
    return t && t.status !== "unavailable" && t.columns ? new Set(t.columns.map((c) => c.toLowerCase())) : undefined;
  }

  /** Every table of this database the catalog proved, for raw queries that name their own tables. */
  tablesOf(database: string): CatalogProof[] {
    return [...this.tables.values()].filter((t) => t.database.toLowerCase() === database.toLowerCase() && t.status !== "unavailable");
  }

  workgroup(name: string): WorkgroupProof | undefined {
    return this.groups.get(name);
  }

  object(uri: string): ObjectProof | undefined {
    return this.objects.get(uri);
  }
}
