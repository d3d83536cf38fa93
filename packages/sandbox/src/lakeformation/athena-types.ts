// How Athena (Trino) names and formats result columns: ColumnInfo.Type/Precision/Scale and the
// VarCharValue text of each value. DuckDB's own names and formats must never reach the client
// (a known fidelity gap of other emulators, localstack#7415).
// Precision/Scale per type and CaseSensitive are the conventions commonly seen in Athena output
// (UNVERIFIED beyond decimal's p/s; see aws-wire-facts §9).
import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";

export interface AthenaColumnType {
  type: string;
  precision: number;
  scale: number;
  caseSensitive: boolean;
}

const VARCHAR_PRECISION = 2147483647;

export function athenaTypeOf(t: DuckDBType): AthenaColumnType {
  const plain = (type: string, precision: number, caseSensitive = false): AthenaColumnType => ({
    type,
    precision,
    scale: 0,
    caseSensitive,
  });
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return plain("varchar", VARCHAR_PRECISION, true);
    case DuckDBTypeId.BOOLEAN:
      return plain("boolean", 0);
    case DuckDBTypeId.TINYINT:
      return plain("tinyint", 3);
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return plain("smallint", 5);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return plain("integer", 10);
    // Trino's sum(bigint) is bigint; DuckDB widens to HUGEINT. Report Athena's type.
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return plain("bigint", 19);
    case DuckDBTypeId.FLOAT:
      return plain("float", 17);
    case DuckDBTypeId.DOUBLE:
      return plain("double", 17);
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return { type: "decimal", precision: d.width, scale: d.scale, caseSensitive: false };
    }
    case DuckDBTypeId.DATE:
      return plain("date", 0);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return plain("timestamp", 3);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return plain("timestamp with time zone", 3);
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return plain("time", 3);
    case DuckDBTypeId.TIME_TZ:
      return plain("time with time zone", 3);
    case DuckDBTypeId.INTERVAL:
      return plain("interval day to second", 0);
    case DuckDBTypeId.BLOB:
      return plain("varbinary", VARCHAR_PRECISION);
    case DuckDBTypeId.UUID:
      return plain("uuid", 0);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return plain("array", 0);
    case DuckDBTypeId.STRUCT:
      return plain("row", 0);
    case DuckDBTypeId.MAP:
      return plain("map", 0);
    case DuckDBTypeId.SQLNULL:
      return plain("unknown", 0);
    default:
      return plain("varchar", VARCHAR_PRECISION, true);
  }
}

/** Java's Double.toString, which Trino uses for double results ("1.0", "0.001", "1.0E7", "1.0E-4"). */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mant, exp] = x.toExponential().split("e");
  const m = mant.includes(".") ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}

/**
 * Java's Float.toString, as Trino prints REAL: the fewest digits that read back as the same float, in
 * Double.toString's layout. DuckDB hands the float widened to a double (0.1 → 0.10000000149011612),
 * whose own shortest text is not what Athena prints (review s23c 3). Shortest as since JDK 19, which
 * current Trino runs on (older JDKs print 123456789f as 1.23456792E8); what Athena prints is UNVERIFIED.
 */
export function javaFloat(x: number): string {
  if (!Number.isFinite(x) || x === 0) return javaDouble(x);
  for (let p = 1; p <= 9; p++) {
    const d = Number(x.toPrecision(p));
    if (Math.fround(d) === x) return javaDouble(d);
  }
  return javaDouble(x);
}

/** The VarCharValue text of one value; null stays null (rendered as a Datum without VarCharValue). */
export function athenaText(v: DuckDBValue, t: DuckDBType): string | null {
  if (v === null || v === undefined) return null;
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return v ? "true" : "false";
    case DuckDBTypeId.DOUBLE:
      return javaDouble(Number(v));
    case DuckDBTypeId.FLOAT:
      return javaFloat(Number(v));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return trinoTimestamp(String(v));
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return nestedText(v);
    default:
      return String(v);
  }
}

/** Trino prints timestamp(3) as "YYYY-MM-DD HH:MM:SS.mmm". */
function trinoTimestamp(s: string): string {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(s);
  if (!m) return s;
  return `${m[1]} ${m[2]}.${(m[3] ?? "").padEnd(3, "0").slice(0, 3)}`;
}

/** Trino's rendering of nested values: arrays "[1, 2]", rows and maps "{k=v, …}". */
function nestedText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  const o = v as { items?: unknown[]; entries?: unknown };
  if (Array.isArray(o.items)) return `[${o.items.map(nestedText).join(", ")}]`;
  if (Array.isArray(o.entries))
    return `{${(o.entries as { key: unknown; value: unknown }[]).map((e) => `${nestedText(e.key)}=${nestedText(e.value)}`).join(", ")}}`;
  if (o.entries && typeof o.entries === "object")
    return `{${Object.entries(o.entries as Record<string, unknown>)
      .map(([k, x]) => `${k}=${nestedText(x)}`)
      .join(", ")}}`;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : javaDouble(v);
  return String(v);
}
