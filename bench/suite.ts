// Generates the benchmark suite: the bank fixture grown to N personas (a third DataScientists, a third
// MarketAnalytics, the rest in no group) and a scenario of M checks over them, every persona × check
// with an exact expectation, so the benchmark also proves the verdicts at scale.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";

type Group = "DataScientists" | "MarketAnalytics" | "none";
const ALL = [
  "transaction_id",
  "transaction_date",
  "transaction_type",
  "transaction_amount",
  "currency",
  "bank_account_number",
  "initiator_name",
  "recipient_name",
  "merchant_category",
  "region",
  "is_flagged",
];
const PII = ["transaction_id", "bank_account_number", "initiator_name"];
const groupOf = (i: number, n: number): Group =>
  i < Math.ceil(n / 3) ? "DataScientists" : i < Math.ceil((2 * n) / 3) ? "MarketAnalytics" : "none";

interface CheckTemplate {
  athena?: boolean;
  yaml: (personas: Record<Group, string[]>) => string;
}

function athenaCheck(id: string, columns: string[] | "*", where?: string): CheckTemplate {
  return {
    athena: true,
    yaml: (p) => {
      const cols = columns === "*" ? undefined : columns;
      const piiAsked = cols ? cols.some((c) => PII.includes(c)) : false;
      const action = where
        ? `athena: { query: "SELECT ${cols!.join(", ")} FROM bankdata_icebergtbl WHERE ${where}" }`
        : `athena: { table: bankdata_icebergtbl, columns: ${cols ? `[${cols.join(", ")}]` : '"*"'} }`;
      const exp = [
        p.DataScientists.length &&
          `      - personas: [${p.DataScientists.join(", ")}]\n        allowed: { columns: { visible: [${(cols ?? ALL).join(", ")}] } }`,
        p.MarketAnalytics.length &&
          (piiAsked
            ? `      - personas: [${p.MarketAnalytics.join(", ")}]\n        denied: { layer: lakeformation }`
            : `      - personas: [${p.MarketAnalytics.join(", ")}]\n        allowed: { columns: { visible: [${(cols ?? ALL.filter((c) => !PII.includes(c))).join(", ")}] } }`),
        p.none.length && `      - personas: [${p.none.join(", ")}]\n        denied: { layer: lakeformation }`,
      ]
        .filter(Boolean)
        .join("\n");
      return `  - id: ${id}\n    ${action}\n    expect:\n${exp}\n`;
    },
  };
}

function grantsCheck(
  id: string,
  target: string,
  allowedGroup: Exclude<Group, "none"> | "both" | "nobody",
): CheckTemplate {
  return {
    yaml: (p) => {
      const allow =
        allowedGroup === "both"
          ? [...p.DataScientists, ...p.MarketAnalytics]
          : allowedGroup === "nobody"
            ? []
            : p[allowedGroup];
      const deny = [...p.DataScientists, ...p.MarketAnalytics, ...p.none].filter((x) => !allow.includes(x));
      const exp = [
        allow.length && `      - personas: [${allow.join(", ")}]\n        allowed: {}`,
        deny.length && `      - personas: [${deny.join(", ")}]\n        denied: { layer: accessgrants }`,
      ]
        .filter(Boolean)
        .join("\n");
      return `  - id: ${id}\n    accessGrants: { target: "${target}", permission: READ }\n    expect:\n${exp}\n`;
    },
  };
}

const TEMPLATES: CheckTemplate[] = [
  athenaCheck("select-all", "*"),
  athenaCheck("pii-transaction-id", ["transaction_id"]),
  athenaCheck("pii-account", ["bank_account_number"]),
  athenaCheck("pii-initiator", ["initiator_name"]),
  athenaCheck("amounts", ["transaction_amount", "currency"]),
  athenaCheck("regions", ["region", "merchant_category"]),
  athenaCheck("eu-rows", ["region"], "region = 'EU'"),
  athenaCheck("flagged", ["is_flagged", "transaction_type"], "is_flagged = true"),
  grantsCheck("ds-prefix", "s3://tip-sandbox-data/datascience/*", "DataScientists"),
  grantsCheck("ds-models", "s3://tip-sandbox-data/datascience/models/*", "DataScientists"),
  grantsCheck("ds-notebooks", "s3://tip-sandbox-data/datascience/notebooks/*", "DataScientists"),
  grantsCheck("csv-prefix", "s3://tip-sandbox-data/bankdata-csv/*", "DataScientists"),
  grantsCheck("mkt-prefix", "s3://tip-sandbox-data/marketing/*", "MarketAnalytics"),
  grantsCheck("mkt-campaigns", "s3://tip-sandbox-data/marketing/campaigns/*", "MarketAnalytics"),
  grantsCheck("results", "s3://tip-sandbox-results/athena/*", "both"),
  grantsCheck("results-ds", "s3://tip-sandbox-results/athena/ds/*", "both"),
  // Every target has a persona who must be allowed: an unproven target would be an (ambiguous) error.
  grantsCheck("ds-readme", "s3://tip-sandbox-data/datascience/models/README.txt", "DataScientists"),
  grantsCheck("csv-file", "s3://tip-sandbox-data/bankdata-csv/dummy_bank_transaction_data.csv", "DataScientists"),
  grantsCheck("mkt-q3", "s3://tip-sandbox-data/marketing/campaigns/2026-q3.csv", "MarketAnalytics"),
  grantsCheck("ds-deep", "s3://tip-sandbox-data/datascience/notebooks/2026/*", "DataScientists"),
];

/**
 * The run's own records under the event names a busy account shares with it: per Athena check its
 * StartQueryExecution and Lake Formation's GetDataAccess (one table a query), per Access Grants check
 * one GetDataAccess, per persona CreateTokenWithIAM and AssumeRole.
 */
export function ownTrailRecords(personas: number, checks: number): number {
  const athena = Array.from({ length: checks }, (_, i) => TEMPLATES[i % TEMPLATES.length].athena).filter(
    Boolean,
  ).length;
  return personas * (2 * athena + (checks - athena) + 2);
}

export function generateSuite(
  personas: number,
  checks: number,
  lookupRequestsPerSecond = 2,
  backgroundPerSecond?: number,
): { fixture: string; scenario: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "tip-bench-"));
  const f = parse(readFileSync("packages/sandbox/fixtures/bank/fixture.yaml", "utf8"));
  copyFileSync("packages/sandbox/fixtures/bank/bank-transactions.csv", join(dir, "bank-transactions.csv"));
  const byGroup: Record<Group, string[]> = { DataScientists: [], MarketAnalytics: [], none: [] };
  let personasYaml = "";
  const env: Record<string, string> = {};
  for (let i = 0; i < personas; i++) {
    const name = `p${String(i + 1).padStart(2, "0")}`,
      g = groupOf(i, personas);
    byGroup[g].push(name);
    f.identityCenter.users.push({
      userId: `9067c2a1f3-b0000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      userName: name,
      email: `${name}@example.com`,
      displayName: `Bench ${name}`,
    });
    f.idp.users.push({ username: name, email: `${name}@example.com`, password: `bench-pw-${name}` });
    env[`BENCH_PASSWORD_${name.toUpperCase()}`] = `bench-pw-${name}`;
    if (g !== "none")
      f.identityCenter.groups.find((x: { displayName: string }) => x.displayName === g).members.push(name);
    else {
      for (const app of f.identityCenter.applications) app.assignments.users.push(name);
      // Like dana: DESCRIBE on `default` (Athena needs it), so Lake Formation refuses the table itself.
      f.lakeFormation.grants.push({
        principal: { user: name },
        resource: { database: "default" },
        permissions: ["DESCRIBE"],
      });
    }
    personasYaml += `  ${name}:\n    identity: { userName: ${name} }\n    groups: [${g === "none" ? "" : g}]\n    class: ${g === "DataScientists" ? "allowed" : g === "MarketAnalytics" ? "partial" : "denied"}\n    token: { use: idp, username: ${name}@example.com, password: "\${BENCH_PASSWORD_${name.toUpperCase()}}" }\n`;
  }
  // Every denied target must exist (proven with the base principal), or the judge cannot tell a denial
  // from a misspelt target and answers error: give the two otherwise empty prefixes an object each.
  const bucket = (name: string) => f.s3.buckets.find((b: { name: string }) => b.name === name);
  bucket("tip-sandbox-data").objects.push({
    key: "datascience/notebooks/2026/week-01.ipynb",
    content: '{"cells": []}\n',
  });
  bucket("tip-sandbox-results").objects.push({ key: "athena/ds/placeholder.txt", content: "results\n" });
  // A per-query data limit on the workgroup, as AWS recommends for any shared workgroup: Athena cancels a
  // query past it, so the run's bytes-scanned budget can start queries together from the first one
  // instead of running one alone until a cost is known (a whole query's time at every run's start).
  for (const wg of f.athena.workgroups) wg.bytesScannedCutoffPerQuery ??= 10 * 1024 * 1024;
  f.cloudtrail = {
    ...f.cloudtrail,
    lookupRequestsPerSecond,
    ...(backgroundPerSecond ? { backgroundTraffic: { eventsPerSecond: backgroundPerSecond, users: 200 } } : {}),
  };
  writeFileSync(join(dir, "fixture.yaml"), stringify(f));
  const head = readFileSync("scenarios/bank-transactions.yaml", "utf8")
    .split("\ntokenSources:")[0]
    .replace("name: bank-transactions", "name: bench");
  const scenario = `${head}\ntokenSources:\n  idp: { type: oidc-password, tokenUrl: "\${TIP_IDP_TOKEN_URL}", clientId: "\${TIP_IDP_CLIENT_ID}" }\n\npersonas:\n${personasYaml}\nchecks:\n${Array.from({ length: checks }, (_, i) => TEMPLATES[i % TEMPLATES.length].yaml(byGroup).replace(/id: (\S+)/, `id: $1${i >= TEMPLATES.length ? `-${Math.floor(i / TEMPLATES.length)}` : ""}`)).join("")}`;
  writeFileSync(join(dir, "bench.yaml"), scenario);
  return { fixture: join(dir, "fixture.yaml"), scenario: join(dir, "bench.yaml"), env };
}
