// The redaction guarantee: no access key, secret key, session token, JWT, password, or any value read
// from a queried table appears in any report file or on the console; only column names, counts and
// ids. Runs the bundled scenarios with every reporter (including the run where Wei is wrongly allowed
// the PII columns, so values really were returned), then scans every byte of every output.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { ALL_FILE_REPORTERS } from "../../src/reporters/registry.js";
import type { Sandbox } from "@tip-proof/sandbox";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, editedBankScenario, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";

/** Raw SQL whose failures echo table values in the engine's text: casts, regex, overflow, date parsing. */
const HOSTILE_SQL = [
  "SELECT CAST(initiator_name AS INTEGER) AS x FROM bankdata_icebergtbl",
  "SELECT CAST(bank_account_number AS BIGINT) AS x FROM bankdata_icebergtbl",
  "SELECT regexp_like(region, initiator_name || '(') AS x FROM bankdata_icebergtbl",
  "SELECT CAST(CAST(substr(bank_account_number, 3) AS DECIMAL(38,0)) * 100000000000000000000 AS INTEGER) AS x FROM bankdata_icebergtbl",
  "SELECT date_parse(recipient_name, '%Y-%m-%d') AS x FROM bankdata_icebergtbl WHERE recipient_name <> ''",
  "SELECT CAST(transaction_id AS DOUBLE) AS x FROM bankdata_icebergtbl",
  "SELECT error(initiator_name) AS x FROM bankdata_icebergtbl",
];

/** Values of these CSV columns cannot be mistaken for a column name or a number. */
const DATA_COLUMNS: Record<string, string[]> = {
  "packages/sandbox/fixtures/bank/bank-transactions.csv": [
    "transaction_id",
    "bank_account_number",
    "initiator_name",
    "recipient_name",
  ],
  "packages/sandbox/fixtures/regional/regional-orders.csv": ["order_id", "customer_name", "customer_email"],
  "packages/sandbox/fixtures/regional/regional-targets.csv": ["owner"],
};

function dataValues(csv: string, columns: string[]): string[] {
  const [header, ...rows] = readFileSync(csv, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const idx = columns.map((c) => header.indexOf(c));
  expect(
    idx.every((i) => i >= 0),
    `${csv}: ${columns.join(", ")}`,
  ).toBe(true);
  return [...new Set(rows.flatMap((r) => idx.map((i) => r[i]).filter((v) => v && v.length >= 5)))];
}

/** The ways a value could be written into an output: as is, JSON-escaped, HTML-escaped. */
const spellings = (v: string) => [
  ...new Set([
    v,
    JSON.stringify(v).slice(1, -1),
    v.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;"),
  ]),
];
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}/;
const JSON_B64 = /eyJ[A-Za-z0-9_-]{10,}/; // base64url of '{"…': any JWT part, even cut short

async function runAndScan(paths: string[], fixture: string | undefined, csvs: string[]) {
  const dir = tempDir("tip-redact-");
  const screen = captureScreen();
  let sb: Sandbox | undefined;
  const r = await runFromOptions(
    { paths: paths, output: dir, fixture, reporter: [...ALL_FILE_REPORTERS] },
    {
      cwd: process.cwd(),
      screen,
      env: { PATH: process.env.PATH },
      onSandbox: (s) => {
        sb = s;
      },
    },
  );
  expect(sb, "the run must expose its sandbox").toBeDefined();
  const outputs: [string, string][] = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString("latin1")]);
  outputs.push(["console", Buffer.from(screen.text(), "utf8").toString("latin1")]);
  // Secrets are only known after the run: every key, secret and session token the sandbox issued.
  const secrets = [
    ...sb!.credentials.allSecrets(),
    sb!.baseCredentials.secretAccessKey,
    ...sb!.users.map((u) => u.password),
  ];
  const data = csvs.flatMap((c) => dataValues(c, DATA_COLUMNS[c]));
  const findings: string[] = [];
  for (const [name, text] of outputs) {
    const utf8 = Buffer.from(text, "latin1").toString("utf8");
    for (const s of secrets)
      if (s.length >= 8 && utf8.includes(s)) findings.push(`${name}: credential or password ${s.slice(0, 4)}…`);
    for (const v of data)
      for (const sp of spellings(v)) if (utf8.includes(sp)) findings.push(`${name}: table value ${JSON.stringify(v)}`);
    if (JWT.test(utf8) || JSON_B64.test(utf8))
      findings.push(`${name}: JWT-shaped text ${(JWT.exec(utf8) ?? JSON_B64.exec(utf8))![0].slice(0, 12)}…`);
  }
  return { dir, report: r.report!, outputs, findings, secrets, data };
}

/** The scan must be able to find things: the ids that tie a report to AWS are in every format. */
function expectIdsPresent(report: RunReport, outputs: [string, string][]) {
  const qid = report.results.find((x) => x.observed.queryExecutionId)!.observed.queryExecutionId!;
  const eid = report.results.find((x) => x.evidence.cloudtrail.length)!.evidence.cloudtrail[0].eventId;
  const get = (n: string) => outputs.find(([f]) => f === n)![1];
  for (const f of ["report.json", "report.md", "report.html", "junit.xml"]) {
    expect(get(f), `${f} holds an Athena query id`).toContain(qid);
    expect(get(f), `${f} holds a CloudTrail event id`).toContain(eid);
  }
  expect(get("console"), "console shows CloudTrail event ids (short)").toContain(eid.slice(0, 8));
}

describe("redaction across every output", () => {
  it("the bundled bank scenario, clean and with Wei wrongly granted the PII columns", async () => {
    const fixtures = [undefined, editedBankFixture(LEAK_EDIT)];
    const scans = await Promise.all(
      fixtures.map((f) => runAndScan(["scenarios"], f, ["packages/sandbox/fixtures/bank/bank-transactions.csv"])),
    );
    for (const [i, s] of scans.entries()) {
      const fixture = fixtures[i];
      expect(s.outputs.map(([f]) => f).sort()).toEqual([
        "console",
        "junit.xml",
        "manifest.json",
        "report.html",
        "report.json",
        "report.md",
      ]);
      expect(s.secrets.length).toBeGreaterThan(20);
      expect(s.data.length).toBeGreaterThan(200);
      expect(s.findings).toEqual([]);
      expectIdsPresent(s.report, s.outputs);
      if (fixture) expect(s.report.results.some((x) => x.leakedColumns?.includes("bank_account_number"))).toBe(true);
    }
  }, 60_000);

  it("the bundled regional scenario against its fixture", async () => {
    const s = await runAndScan(["scenarios/regional"], "regional", [
      "packages/sandbox/fixtures/regional/regional-orders.csv",
      "packages/sandbox/fixtures/regional/regional-targets.csv",
    ]);
    expect(s.findings).toEqual([]);
    expectIdsPresent(s.report, s.outputs);
  }, 60_000);

  it("hostile SQL whose engine errors echo table values leaks nothing into any output", async () => {
    const checks = HOSTILE_SQL.map(
      (q, i) =>
        `  - id: hostile-${i}\n    athena: { query: "${q.replace(/"/g, '\\"')}" }\n    expect:\n      - personas: [arnav]\n        allowed: {}\n`,
    ).join("");
    const scn = editedBankScenario((y) => y.slice(0, y.indexOf("\nchecks:\n") + 1) + "checks:\n" + checks);
    const s = await runAndScan([scn], undefined, ["packages/sandbox/fixtures/bank/bank-transactions.csv"]);
    const hostile = s.report.results.filter((x) => x.check.startsWith("hostile-"));
    expect(hostile.length).toBe(HOSTILE_SQL.length);
    expect(hostile.filter((x) => x.verdict === "error").length).toBeGreaterThanOrEqual(5);
    expect(s.findings).toEqual([]);
  }, 60_000);

  it("the scan does find a planted value (it is not blind)", () => {
    const v = dataValues("packages/sandbox/fixtures/bank/bank-transactions.csv", ["initiator_name"])[0];
    expect(spellings(v).some((sp) => `{"x":"${v}"}`.includes(sp))).toBe(true);
    expect(JWT.test("a eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc b")).toBe(true);
  });
});
