// Glue column types → DuckDB column types for the sandbox's tables. Unknown types fail the load loudly:
// a silently mistyped column would make every type assertion of the harness meaningless.

const SIMPLE: Record<string, string> = {
  string: "VARCHAR",
  varchar: "VARCHAR",
  char: "VARCHAR",
  tinyint: "TINYINT",
  smallint: "SMALLINT",
  int: "INTEGER",
  integer: "INTEGER",
  bigint: "BIGINT",
  float: "FLOAT",
  real: "FLOAT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
  binary: "BLOB",
};

export class GlueTypeError extends Error {
  override name = "GlueTypeError" as const;
}

export function duckTypeOfGlue(glueType: string): string {
  const t = glueType.trim().toLowerCase();
  const dec = /^decimal\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(t);
  if (dec) {
    // Hive's bare `decimal` is decimal(10,0).
    const p = Number(dec[1] ?? 10),
      s = Number(dec[2] ?? 0);
    if (p < 1 || p > 38 || s > p) throw new GlueTypeError(`unsupported Glue type ${glueType}`);
    return `DECIMAL(${p},${s})`;
  }
  const base = t.replace(/\(\s*\d+\s*\)$/, ""); // varchar(20), char(3)
  const duck = SIMPLE[base];
  if (!duck) throw new GlueTypeError(`unsupported Glue type ${glueType} (the sandbox loads scalar types only)`);
  return duck;
}
