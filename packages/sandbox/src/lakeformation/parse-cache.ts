// What DuckDB's parser says about a query text: how many statements it holds, and its parse tree
// (json_serialize_sql). Both are parse-only (nothing is bound against a catalog), so they depend on the
// text alone and hold for every engine of the sandbox. Scenarios run the same SQL for every persona:
// without this, each query paid two extra trips to DuckDB on the sandbox's event loop. The tables a
// statement names are NOT kept here: DuckDB resolves them against each engine's catalog. Only answers
// are kept: a text that fails to parse is asked again, so its error is DuckDB's own, every time.

/** One query text's parse facts, each filled on first use. */
export interface ParseFacts {
  statementCount?: number;
  serialized?: string;
}

/** Bounded, least recently used first out: a long-lived sandbox with ever-new SQL stays small. */
export class ParseCache {
  private readonly byText = new Map<string, ParseFacts>();

  constructor(private readonly capacity = 512) {}

  /** The facts known for `sql` (an empty record the first time, which the caller fills). */
  of(sql: string): ParseFacts {
    let facts = this.byText.get(sql);
    if (facts) {
      // Map order is insertion order: re-inserting marks the text as recently used.
      this.byText.delete(sql);
    } else {
      facts = {};
      if (this.byText.size >= this.capacity) this.byText.delete(this.byText.keys().next().value!);
    }
    this.byText.set(sql, facts);
    return facts;
  }

  get size(): number {
    return this.byText.size;
  }
}
