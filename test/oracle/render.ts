// World → files: a sandbox fixture (derived from the bank fixture: same account, principals, roles,
// trusted token issuer and IdP client) with its CSV data, and one scenario YAML per ScenarioSpec.
// `clean: true` renders the fixture without any non-policy cause (for the sandbox's ground truth).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import {
  DATA_BUCKET,
  DATABASE,
  IDC_WORKGROUP,
  KMS_KEY_ARN,
  PLAIN_WORKGROUP,
  RESULTS_BUCKET,
  type Action,
  type Expect,
  type ScenarioSpec,
  type Table,
  type World,
} from "./model.js";

const BANK = fileURLToPath(new URL("../../packages/sandbox/fixtures/bank/fixture.yaml", import.meta.url));
let bankCache: Record<string, any> | undefined;
const bank = () => (bankCache ??= parse(readFileSync(BANK, "utf8")) as Record<string, any>);

const ACCOUNT = "111122223333";
const INSTANCE = "ssoins-7223b8f2c1d4e5a6";
const HARNESS_APP = `arn:aws:sso::${ACCOUNT}:application/${INSTANCE}/apl-4d2e9f1a7b3c8e05`;
const ATHENA_APP = `arn:aws:sso::${ACCOUNT}:application/${INSTANCE}/apl-9a8b7c6d5e4f3a2b`;
const CARRIER = `arn:aws:iam::${ACCOUNT}:role/TipHarnessCarrier`;
const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/AthenaTipExecutionRole`;
const STORE = "d-9067c2a1f3";
const userId = (i: number) => `9067c2a1f3-0ac1e000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const groupId = (i: number) => `9067c2a1f3-0ac1e000-0000-4000-9000-${String(i).padStart(12, "0")}`;
export const password = (u: string) => `oracle-pw-${u}-7Qm2`;
const tableLocation = (t: string) => `s3://${DATA_BUCKET}/tables/${t}/`;
const OUTPUT = `s3://${RESULTS_BUCKET}/athena/`;

export function csvOf(t: Table): string {
  const header = t.columns.map((c) => c.name).join(",");
  const rows = Array.from({ length: t.rows }, (_, r) =>
    t.columns
      .map((c, k) => (k === 0 ? String(r + 1) : c.type === "int" ? String((r * 7 + k * 13) % 100) : `v${r + 1}_${k}`))
      .join(","),
  );
  return [header, ...rows].join("\n") + "\n";
}

/** The fixture as a plain object (fixture.yaml's content). */
export function fixtureObject(w: World, clean = false): Record<string, unknown> {
  const b = bank();
  const c = w.causes;
  const roles = (b.iamRoles as any[]).filter((r) => r.name !== "TipHarnessNoContext").map((r) => structuredClone(r));
  const exec = roles.find((r) => r.arn === EXEC_ROLE);
  if (!clean && c.glueIam)
    exec.policies = [{ Effect: "Allow", Action: ["lakeformation:GetDataAccess", "s3:*"], Resource: "*" }];
  const carrier = roles.find((r) => r.arn === CARRIER);
  carrier.policies = [
    carrier.policies[0],
    { Effect: "Allow", Action: ["s3:PutObject"], Resource: `arn:aws:s3:::${RESULTS_BUCKET}/plain/*` },
  ];

  const lfPrincipal = (p: { group: string } | { user: string }) =>
    "group" in p ? { group: p.group } : { user: p.user };
  const grants: unknown[] = [];
  for (const g of w.lfGrants) {
    const principal = lfPrincipal(g.principal);
    if (g.kind === "tag-table")
      grants.push({
        principal,
        resource: { lfTagPolicy: { resourceType: "TABLE", expression: g.expression } },
        permissions: ["SELECT", "DESCRIBE"],
      });
    else if (g.kind === "tag-database")
      grants.push({
        principal,
        resource: { lfTagPolicy: { resourceType: "DATABASE", expression: g.expression } },
        permissions: ["DESCRIBE"],
      });
    else if (g.kind === "named")
      grants.push({
        principal,
        resource: {
          table: {
            database: DATABASE,
            name: g.table,
            ...(g.columns ? { columns: g.columns } : {}),
            ...(g.excludedColumns ? { excludedColumns: g.excludedColumns } : {}),
          },
        },
        permissions: ["SELECT"],
      });
    else
      grants.push({
        principal,
        resource: { dataCellsFilter: { database: DATABASE, table: g.table, name: g.filter } },
        permissions: ["SELECT"],
      });
  }
  for (const u of w.users)
    if (clean || !c.noDefaultDescribe.includes(u))
      grants.push({ principal: { user: u }, resource: { database: "default" }, permissions: ["DESCRIBE"] });
  grants.push({ principal: { iamRole: CARRIER }, resource: { database: "default" }, permissions: ["DESCRIBE"] });
  if (w.carrierGrant)
    grants.push({
      principal: { iamRole: CARRIER },
      resource: { table: { database: DATABASE, name: "*" } },
      permissions: ["SELECT", "DESCRIBE"],
    });

  const agGrants: unknown[] = w.agGrants.map((g, i) => ({
    id: `0a0a0a0a-0000-4000-8000-${String(i).padStart(12, "0")}`,
    grantee: lfPrincipal(g.grantee),
    permission: g.permission,
    scope: g.scope,
  }));
  w.users.forEach((u, i) => {
    if (clean || !c.noResultsGrant.includes(u))
      agGrants.push({
        id: `0b0b0b0b-0000-4000-8000-${String(i).padStart(12, "0")}`,
        grantee: { user: u },
        permission: "READWRITE",
        scope: `${OUTPUT}*`,
      });
  });

  const tables = w.tables.map((t) => ({
    name: t.name,
    location: tableLocation(t.name),
    data: `${t.name}.csv`,
    ...(t.tags ? { lfTags: t.tags } : {}),
    ...(t.kmsKeyArn && !clean ? { kmsKeyArn: t.kmsKeyArn } : {}),
    columns: t.columns.map((col) => ({
      name: col.name,
      type: col.type,
      ...(col.tags ? { lfTags: col.tags } : {}),
      ...(col.renamedFrom ? { renamedFrom: col.renamedFrom } : {}),
    })),
  }));

  const idp = b.idp;
  return {
    fixtureVersion: 1,
    name: "oracle",
    account: ACCOUNT,
    region: "us-east-1",
    basePrincipal: b.basePrincipal,
    iamUsers: b.iamUsers,
    iamRoles: roles,
    identityCenter: {
      instanceArn: `arn:aws:sso:::instance/${INSTANCE}`,
      identityStoreId: STORE,
      users: w.users.map((u, i) => ({ userId: userId(i), userName: u, email: `${u}@example.com`, displayName: u })),
      groups: w.groups.map((g, i) => ({ groupId: groupId(i), displayName: g.name, members: g.members })),
      trustedTokenIssuers: b.identityCenter.trustedTokenIssuers,
      applications: [
        { ...b.identityCenter.applications[0], assignments: w.harnessAssign },
        { ...b.identityCenter.applications[1], assignments: w.athenaAssign },
      ],
    },
    idp: {
      clientId: idp.clientId,
      audience: idp.audience,
      tokenLifetimeSeconds: 3600,
      users: w.users.map((u) => ({ username: u, email: `${u}@example.com`, password: password(u) })),
      serviceClients: [],
    },
    glue: {
      catalogId: ACCOUNT,
      databases: [
        { name: "default", lfTags: {}, tables: [] },
        { name: DATABASE, lfTags: w.dbTags, tables },
      ],
    },
    lakeFormation: {
      admins: [b.basePrincipal.arn],
      lfTags: { sens: ["public", "pii"], team: ["mkt", "sci"] },
      dataCellsFilters: w.cellsFilters.map((f) => ({ database: DATABASE, ...f })),
      grants,
      ...(!clean && c.unregistered.length
        ? {
            dataLocations: w.tables
              .filter((t) => !c.unregistered.includes(t.name))
              .map((t) => ({ location: tableLocation(t.name) })),
          }
        : {}),
    },
    ...(!clean && c.kms
      ? { kms: { keys: [{ arn: KMS_KEY_ARN, allowDecrypt: c.kms.carrierMayDecrypt ? [CARRIER] : [] }] } }
      : {}),
    athena: {
      workgroups: [
        {
          name: IDC_WORKGROUP,
          identityCenterEnabled: true,
          identityCenterApplicationArn: ATHENA_APP,
          executionRole: EXEC_ROLE,
          outputLocation: OUTPUT,
          createUserLevelPrefix: w.createUserLevelPrefix,
        },
        { name: PLAIN_WORKGROUP, identityCenterEnabled: false, outputLocation: `s3://${RESULTS_BUCKET}/plain/` },
      ],
    },
    s3: {
      buckets: [
        {
          name: DATA_BUCKET,
          objects: [
            ...w.prefixes.flatMap((p) => p.objects.map((key) => ({ key, content: `object ${key}\n` }))),
            ...w.tables.map((t) => ({ key: `tables/${t.name}/${t.name}.csv`, file: `${t.name}.csv` })),
          ],
        },
        { name: RESULTS_BUCKET, objects: [] },
      ],
    },
    accessGrants: {
      instanceArn: `arn:aws:s3:us-east-1:${ACCOUNT}:access-grants/default`,
      identityCenterInstanceArn: `arn:aws:sso:::instance/${INSTANCE}`,
      locations: b.accessGrants.locations,
      grants: agGrants,
    },
    exports: { applicationArn: HARNESS_APP, carrierRoleArn: CARRIER, workgroup: IDC_WORKGROUP, database: DATABASE },
    cloudtrail: { deliveryDelayMs: 0, lookupRequestsPerSecond: 50 },
  };
}

/** Writes fixture.yaml and the tables' CSV files into `dir`; returns the fixture file. */
export function writeFixture(w: World, dir: string, clean = false): string {
  mkdirSync(dir, { recursive: true });
  for (const t of w.tables) writeFileSync(join(dir, `${t.name}.csv`), csvOf(t));
  const file = join(dir, "fixture.yaml");
  writeFileSync(
    file,
    `# Generated by the differential oracle (test/oracle). Sandbox-only credentials.\n${stringify(fixtureObject(w, clean), { lineWidth: 0 })}`,
  );
  return file;
}

function actionYaml(a: Action): Record<string, unknown> {
  return a.kind === "athena"
    ? { athena: { table: a.table, columns: a.columns } }
    : { accessGrants: { target: a.target, permission: "READ" } };
}

function expectYaml(e: Expect): Record<string, unknown> {
  return "denied" in e ? { denied: e.denied } : { allowed: e.allowed };
}

export function scenarioObject(w: World, s: ScenarioSpec): Record<string, unknown> {
  return {
    version: 1,
    name: s.name,
    target: {
      region: "${AWS_REGION}",
      accountId: "${TIP_ACCOUNT_ID}",
      identityCenter: { applicationArn: "${TIP_APPLICATION_ARN}", identityStoreId: "${TIP_IDENTITY_STORE_ID}" },
      carrierRoleArn: "${TIP_CARRIER_ROLE_ARN}",
      athena: { workgroup: s.workgroup, database: DATABASE },
      accessGrants: { accountId: "${TIP_ACCOUNT_ID}" },
    },
    ...(s.declareTables
      ? { tables: Object.fromEntries(Object.entries(w.declared).map(([t, cols]) => [t, { columns: cols }])) }
      : {}),
    tokenSources: {
      idp: { type: "oidc-password", tokenUrl: "${TIP_IDP_TOKEN_URL}", clientId: "${TIP_IDP_CLIENT_ID}" },
    },
    personas: Object.fromEntries(
      s.personas.map((p) => [
        p.name,
        {
          identity: { userName: p.name },
          groups: p.groups,
          class: p.cls,
          token: {
            use: "idp",
            username: `${p.name}@example.com`,
            password: `\${TIP_IDP_PASSWORD_${p.name.toUpperCase()}}`,
          },
        },
      ]),
    ),
    checks: s.checks.map((c) => ({
      id: c.id,
      ...actionYaml(c.action),
      ...(c.cloudtrail ? {} : { cloudtrail: false }),
      expect: c.expect.map((e) => ({ personas: e.personas, ...expectYaml(e.exp) })),
    })),
    ...(s.matrix
      ? {
          matrix: {
            resources: Object.fromEntries(s.matrix.resources.map((r) => [r.name, actionYaml(r.action)])),
            allow: s.matrix.allow,
          },
        }
      : {}),
  };
}

export function writeScenario(w: World, s: ScenarioSpec, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${s.name}.yaml`);
  writeFileSync(file, stringify(scenarioObject(w, s), { lineWidth: 0 }));
  return file;
}
