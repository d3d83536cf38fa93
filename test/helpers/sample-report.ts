// A small deterministic report with one result of every kind (pass, unexpected allow, leaked columns,
// error, pending), for renderer, diff and integrity unit tests and documentation examples. A test fixture: not part of src/.
import type { CheckResult, EvidenceEvent, RunReport } from "../../src/model/report.js";

const USER = (n: number) => `9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a0${n}`;
const STORE = "arn:aws:identitystore::111122223333:identitystore/d-9067c2a1f3";

function event(id: string, name: string, user: string, errorCode?: string): EvidenceEvent {
  const source = name === "GetDataAccess" ? "s3.amazonaws.com" : "athena.amazonaws.com";
  return {
    eventId: id,
    eventName: name,
    eventSource: source,
    eventTime: "2026-11-22T09:00:01Z",
    onBehalfOfUserId: user,
    onBehalfOfIdentityStoreArn: STORE,
    ...(errorCode ? { errorCode } : {}),
    requestId: `req-${id.slice(0, 8)}`,
    record: {
      eventTime: "2026-11-22T09:00:01Z",
      eventSource: source,
      eventName: name,
      awsRegion: "us-east-1",
      userIdentity: {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/tip-run-x",
        accessKeyId: "ASIA…AB12",
        onBehalfOf: { userId: user, identityStoreArn: STORE },
      },
      requestParameters: { queryString: "(omitted)", workGroup: "tip-analysts" },
      ...(errorCode ? { errorCode } : {}),
      eventID: id,
    },
  };
}

function result(
  p: Partial<CheckResult> & Pick<CheckResult, "persona" | "check" | "verdict" | "observed" | "expected">,
): CheckResult {
  const n = { arnav: 1, maria: 2, wei: 3, dana: 4 }[p.persona] ?? 9;
  return {
    id: `bank/${p.check}/${p.persona}`,
    scenario: "bank",
    personaClass: p.persona === "wei" ? "partial" : p.persona === "dana" ? "denied" : "allowed",
    identityCenterUserId: USER(n),
    action: p.check.endsWith("prefix")
      ? {
          type: "accessGrants",
          summary: `GetDataAccess READ s3://tip-sandbox-data/${p.check.split("-")[0]}/* (Default)`,
          layer: "accessgrants",
        }
      : { type: "athena", summary: 'Athena: SELECT * FROM "bankdata_icebergtbl" LIMIT 1000', layer: "lakeformation" },
    reasons: ["allowed, and everything observed matches the expectation"],
    timings: { startedAt: "2026-11-22T09:00:00.500Z", durationMs: 120 },
    retries: 0,
    evidence: { status: "confirmed", cloudtrail: [] },
    ...p,
  };
}

const ALL = [
  "transaction_id",
  "transaction_date",
  "transaction_amount",
  "bank_account_number",
  "initiator_name",
  "region",
];
const PUBLIC = ["transaction_date", "transaction_amount", "region"];

export function sampleReport(): RunReport {
  const results: CheckResult[] = [
    result({
      persona: "arnav",
      check: "select-all-columns",
      verdict: "pass",
      expected: { outcome: "allowed", columns: { visible: ALL }, rows: { equals: 100 }, cloudtrail: true },
      observed: {
        outcome: "allowed",
        columns: ALL,
        rowCount: 100,
        queryExecutionId: "11111111-aaaa-4aaa-8aaa-000000000001",
        dataScannedInBytes: 10140,
      },
      evidence: {
        status: "confirmed",
        cloudtrail: [event("e0000001-0000-4000-8000-000000000001", "StartQueryExecution", USER(1))],
      },
    }),
    result({
      persona: "wei",
      check: "select-all-columns",
      verdict: "fail",
      expected: {
        outcome: "allowed",
        columns: { visible: PUBLIC, hidden: ["transaction_id", "bank_account_number", "initiator_name"] },
        cloudtrail: true,
      },
      observed: {
        outcome: "allowed",
        columns: ALL,
        rowCount: 100,
        queryExecutionId: "11111111-aaaa-4aaa-8aaa-000000000002",
        dataScannedInBytes: 10140,
      },
      reasons: ["saw columns that must be hidden: transaction_id, bank_account_number, initiator_name"],
      leakedColumns: ["transaction_id", "bank_account_number", "initiator_name"],
      evidence: {
        status: "confirmed",
        cloudtrail: [event("e0000001-0000-4000-8000-000000000002", "StartQueryExecution", USER(3))],
      },
    }),
    result({
      persona: "wei",
      check: "select-pii-account-number",
      verdict: "fail",
      unexpectedAllow: true,
      expected: { outcome: "denied", layer: "lakeformation", code: "COLUMN_NOT_FOUND", cloudtrail: true },
      observed: {
        outcome: "allowed",
        columns: ["bank_account_number"],
        rowCount: 100,
        queryExecutionId: "11111111-aaaa-4aaa-8aaa-000000000003",
        dataScannedInBytes: 2100,
      },
      reasons: [
        "UNEXPECTED ALLOW: expected a denial by lakeformation (COLUMN_NOT_FOUND), but the query returned 1 columns, 100 rows",
      ],
      evidence: {
        status: "confirmed",
        cloudtrail: [event("e0000001-0000-4000-8000-000000000003", "StartQueryExecution", USER(3))],
      },
    }),
    result({
      persona: "dana",
      check: "select-all-columns",
      verdict: "pass",
      expected: { outcome: "denied", layer: "lakeformation", cloudtrail: true },
      observed: {
        outcome: "denied",
        layer: "lakeformation",
        code: "INSUFFICIENT_PERMISSIONS",
        message: "Insufficient Lake Formation permission(s) on bankdata_icebergtbl",
      },
      reasons: ["denied by lakeformation (INSUFFICIENT_PERMISSIONS) as expected"],
      evidence: {
        status: "confirmed",
        cloudtrail: [event("e0000001-0000-4000-8000-000000000004", "StartQueryExecution", USER(4))],
      },
    }),
    result({
      persona: "arnav",
      check: "datascience-prefix",
      verdict: "pending",
      expected: { outcome: "allowed", scope: "s3://tip-sandbox-data/datascience/*", cloudtrail: true },
      observed: { outcome: "allowed", grantedScope: "s3://tip-sandbox-data/datascience/*" },
      reasons: ["allowed, and everything observed matches the expectation"],
      evidence: {
        status: "pending",
        cloudtrail: [],
        note: "no matching CloudTrail record was delivered before the deadline; run `tip-proof confirm` later",
      },
    }),
    result({
      persona: "dana",
      check: "datascience-prefix",
      verdict: "error",
      expected: { outcome: "denied", layer: "accessgrants", code: "AccessDenied", cloudtrail: true },
      observed: {
        outcome: "error",
        errorKind: "throttled",
        code: "SlowDown",
        message: 'still throttled after 4 attempts <&> "quoted"',
      },
      retries: 4,
      reasons: ['error: throttled (SlowDown): still throttled after 4 attempts <&> "quoted"'],
      evidence: { status: "not-required", cloudtrail: [] },
    }),
  ];
  return {
    schemaVersion: 1,
    runId: "20261122-090000-abcd",
    startedAt: "2026-11-22T09:00:00.000Z",
    finishedAt: "2026-11-22T09:00:03.000Z",
    tool: { name: "tip-proof", version: "0.1.0" },
    target: {
      kind: "sandbox",
      accountId: "111122223333",
      region: "us-east-1",
      identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-7223b8f2c1d4e5a6",
    },
    basePrincipalArn: "arn:aws:iam::111122223333:user/tip-harness-runner",
    scenarios: [
      {
        file: "scenarios/bank.yaml",
        name: "bank",
        sha256: "9d9b0ffd103a3e8d73605aa280c5568672749b1d7cb2760128fdacfb9de18a55",
      },
    ],
    personas: [
      {
        name: "arnav",
        scenario: "bank",
        class: "allowed",
        identityCenterUserId: USER(1),
        expectedGroups: ["DataScientists"],
        resolvedGroups: ["DataScientists"],
        signIn: "ok",
      },
      {
        name: "dana",
        scenario: "bank",
        class: "denied",
        identityCenterUserId: USER(4),
        expectedGroups: [],
        resolvedGroups: [],
        signIn: "ok",
      },
      {
        name: "wei",
        scenario: "bank",
        class: "partial",
        identityCenterUserId: USER(3),
        expectedGroups: ["MarketAnalytics"],
        resolvedGroups: ["MarketAnalytics"],
        signIn: "ok",
      },
    ],
    results,
    summary: { total: 6, passed: 2, failed: 2, errors: 1, pending: 1, unexpectedAllows: 1, exitCode: 1 },
  };
}
