// Every member the sandbox sends must exist, with a compatible JSON type, in the installed
// @aws-sdk/client-athena model: the SDK silently drops unknown members, so only a check like this
// catches a misspelt one.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES } from "../../index.js";
import { loadFixture } from "../../fixture/load.js";
import type { QueryRecord } from "./executions.js";
import { resultsPage } from "./results.js";
import { queryExecutionShape, workGroupShape } from "./shapes.js";

const require = createRequire(import.meta.url);
const modelFile = join(
  dirname(require.resolve("@aws-sdk/client-athena/package.json")),
  "dist-types/models/models_0.d.ts",
);
const model = readFileSync(modelFile, "utf8");

interface Member {
  type: string;
  array: boolean;
}
const interfaces = new Map<string, Map<string, Member>>();
for (const m of model.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
  const members = new Map<string, Member>();
  for (const x of m[2].matchAll(/^ {4}(\w+)\??: ([^;]+);/gm)) {
    const t = x[2].replace(/ \| undefined/g, "").trim();
    members.set(x[1], { type: t.replace(/\[\]$/, ""), array: t.endsWith("[]") });
  }
  interfaces.set(m[1], members);
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
  Date: (v) => typeof v === "number", // awsJson: epoch seconds on the wire
};

/** Returns the paths of members that do not exist in the model or have the wrong JSON type. */
function violations(value: unknown, shape: string, path = shape): string[] {
  const members = interfaces.get(shape);
  if (!members) return [`${path}: unknown model shape ${shape}`];
  if (!value || typeof value !== "object") return [`${path}: not an object`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const m = members.get(k);
    if (!m) {
      out.push(`${path}.${k}: not in model`);
      continue;
    }
    const items = m.array ? (Array.isArray(v) ? v : [Symbol("not-array")]) : [v];
    for (const item of items) {
      if (PRIMITIVE[m.type]) {
        if (!PRIMITIVE[m.type](item)) out.push(`${path}.${k}: expected ${m.type}`);
      } else if (interfaces.has(m.type)) out.push(...violations(item, m.type, `${path}.${k}`));
      else if (typeof item !== "string") out.push(`${path}.${k}: expected enum string (${m.type})`); // enums
    }
  }
  return out;
}

const f = loadFixture(BUNDLED_FIXTURES.bank);
const wg = f.athena.workgroups.find((w) => w.name === "tip-analysts")!;
const record = (over: Partial<QueryRecord>): QueryRecord => ({
  id: "11111111-2222-4333-8444-555555555555",
  query: "SELECT 1",
  workgroup: wg,
  database: "bankdata_db",
  catalog: "AwsDataCatalog",
  clientRequestToken: "t".repeat(36),
  region: "us-east-1",
  submittedAt: 1_000_000,
  queuedMs: 10,
  runningMs: 10,
  lineage: {
    kind: "iam-user",
    accountId: f.account,
    principalArn: "arn:aws:iam::111122223333:user/x",
    principalId: "AIDAX",
    callerArn: "x",
    chained: false,
    issuedAt: 0,
  },
  outputBucket: "tip-sandbox-results",
  outputKey: "athena/u/q.csv",
  ...over,
});
const settled = {
  state: "SUCCEEDED" as const,
  statementType: "DML" as const,
  substatementType: "SELECT",
  dataScannedBytes: 10,
  settledAt: 1_000_010,
  columns: [{ name: "a", type: "decimal", precision: 12, scale: 2, caseSensitive: false }],
  rows: [["1.50"], [null]],
};

describe("responses match the @aws-sdk/client-athena model", () => {
  it("parses the model", () => {
    expect(interfaces.get("QueryExecution")?.has("QueryResultsS3AccessGrantsConfiguration")).toBe(true);
  });

  it("QueryExecution in every state", () => {
    const shapes = [
      queryExecutionShape(record({}), 1_000_001),
      queryExecutionShape(record({}), 1_000_015),
      queryExecutionShape(record({ settled }), 1_000_100),
      queryExecutionShape(
        record({
          settled: {
            ...settled,
            state: "FAILED",
            failure: { message: "X", category: 2, errorType: 1006, retryable: false },
          },
        }),
        1_000_100,
      ),
      queryExecutionShape(record({ cancelledAt: 1_000_005, executionParameters: ["1"] }), 1_000_100),
    ];
    for (const s of shapes) expect(violations(s, "QueryExecution")).toEqual([]);
  });

  it("GetQueryResultsOutput, including NULL datums and NextToken", () => {
    const page = resultsPage("q", settled, 1, undefined);
    expect(violations(page, "GetQueryResultsOutput")).toEqual([]);
    expect(page.NextToken).toBeTruthy();
  });

  it("WorkGroup for IdC and plain workgroups", () => {
    for (const w of f.athena.workgroups) expect(violations(workGroupShape(f, w, 1_000_000), "WorkGroup")).toEqual([]);
  });

  it("catches a misspelt member (the check itself works)", () => {
    expect(violations({ QueryExecutionID: "x" }, "QueryExecution")).toEqual([
      "QueryExecution.QueryExecutionID: not in model",
    ]);
  });
});
