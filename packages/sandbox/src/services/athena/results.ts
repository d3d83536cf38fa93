// GetQueryResults pages and the CSV result object Athena writes to the output location.
// Header row rule: for SELECT the first row of the FIRST page holds the column names, and it counts
// against MaxResults (a page of MaxResults=N carries the header and N-1 data rows) — commonly relied
// upon, UNVERIFIED against AWS (aws-wire-facts §3.4). NULL is a Datum without VarCharValue ({}).
import type { QueryColumn } from "../../lakeformation/query-runner.js";
import { invalidRequest } from "./access.js";
import type { Settled } from "./executions.js";
import { apiText, resultConventions } from "./messages.js";

export const MAX_RESULTS = 1000;

interface PageToken {
  q: string;
  o: number;
}

function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString("base64url");
}

function decodeToken(token: string, queryId: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<PageToken>;
    if (t.q === queryId && Number.isInteger(t.o) && (t.o as number) > 0) return t.o as number;
  } catch {
    /* fall through */
  }
  throw invalidRequest(apiText.malformedToken(token), "INVALID_INPUT");
}

/** All result rows as Athena lists them: the header row, then the data rows. */
function allRows(s: Settled): (string | null)[][] {
  return [s.columns.map((c) => c.name), ...s.rows];
}

function columnInfo(c: QueryColumn): Record<string, unknown> {
  const k = resultConventions;
  return {
    CatalogName: k.catalogName,
    SchemaName: k.schemaName,
    TableName: k.tableName,
    Name: c.name,
    Label: c.name,
    Type: c.type,
    Precision: c.precision,
    Scale: c.scale,
    Nullable: "UNKNOWN",
    CaseSensitive: c.caseSensitive,
  };
}

export function resultsPage(
  queryId: string,
  s: Settled,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Record<string, unknown> {
  if (maxResults !== undefined && maxResults > MAX_RESULTS)
    throw invalidRequest(apiText.maxResultsTooLarge(), "INVALID_INPUT");
  const limit = maxResults ?? MAX_RESULTS;
  const offset = nextToken === undefined ? 0 : decodeToken(nextToken, queryId);
  const rows = allRows(s);
  const page = rows.slice(offset, offset + limit);
  const out: Record<string, unknown> = {
    UpdateCount: resultConventions.updateCount,
    ResultSet: {
      Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      ResultSetMetadata: { ColumnInfo: s.columns.map(columnInfo) },
    },
  };
  if (offset + limit < rows.length) out.NextToken = encodeToken({ q: queryId, o: offset + limit });
  return out;
}

/** Athena's result CSV: every value quoted (quotes doubled), NULL as an empty unquoted field, \n endings. */
export function resultsCsv(s: Settled): Buffer {
  const line = (r: (string | null)[]) => r.map((v) => (v === null ? "" : `"${v.replace(/"/g, '""')}"`)).join(",");
  return Buffer.from(allRows(s).map(line).join("\n") + "\n", "utf8");
}
