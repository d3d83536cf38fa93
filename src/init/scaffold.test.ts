// init --from-account's scaffolding: account facts in, a scenario document out. Each row is one account
// shape and what the scenario must say about it; every output must also be a valid scenario.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseScenario } from "../scenario/parse.js";
import type { AccessGrant, AccountFacts } from "./facts.js";
import { scaffoldScenario } from "./scaffold.js";

const group = (id: string) => `arn:aws:identitystore:::group/${id}`;

/** Two groups, a user assigned directly in no group, one table with PII, one filter, three grant scopes. */
function bank(): AccountFacts {
  return {
    database: "bank",
    tables: [
      {
        name: "tx",
        columns: [
          { name: "id", tags: {} },
          { name: "account", tags: { pii: ["yes"] } },
          { name: "region", tags: { pii: ["no"] } },
        ],
      },
    ],
    permissions: [
      { principal: group("g-ds"), permissions: ["SELECT"], resource: { kind: "table", database: "bank", table: "tx" } },
      {
        principal: group("g-ma"),
        permissions: ["SELECT"],
        resource: { kind: "filter", database: "bank", table: "tx", name: "no-pii" },
      },
    ],
    filters: [{ database: "bank", table: "tx", name: "no-pii", excluded: ["account"] }],
    users: [
      { id: "u-maria", userName: "maria", email: "maria@example.com" },
      { id: "u-arnav", userName: "arnav", email: "arnav@example.com" },
      { id: "u-wei", userName: "wei" },
      { id: "u-dana", userName: "dana", email: "dana@example.com" },
    ],
    groups: [
      { id: "g-ma", name: "MarketAnalytics", members: ["wei"] },
      { id: "g-ds", name: "DataScientists", members: ["maria", "arnav"] },
    ],
    assignments: { groups: ["MarketAnalytics", "DataScientists"], users: ["dana"] },
    accessGrants: [
      {
        grantee: { type: "group", id: "g-ma" },
        permission: "READWRITE",
        scope: "s3://data/marketing/*",
        hasObjects: true,
      },
      { grantee: { type: "group", id: "g-ds" }, permission: "READ", scope: "s3://data/*", hasObjects: true },
      { grantee: { type: "group", id: "g-ds" }, permission: "READ", scope: "s3://data/empty/*", hasObjects: false },
      { grantee: { type: "group", id: "g-ma" }, permission: "WRITE", scope: "s3://data/uploads/*", hasObjects: true },
    ],
  };
}

interface Doc {
  personas: Record<
    string,
    { identity: { userName: string }; groups: string[]; class: string; token: Record<string, string> }
  >;
  checks: {
    id: string;
    athena?: unknown;
    accessGrants?: { target: string };
    expect: { personas: string[]; allowed?: { columns?: unknown; scope?: string }; denied?: { layer: string } }[];
  }[];
  directory: {
    groups: Record<string, { exactly: string[] }>;
    assignments: { exactly: { groups: string[]; users: string[] } };
  };
  tables: Record<string, { columns: string[] }>;
}
const scaffold = (f: AccountFacts) => parse(scaffoldScenario(f, { name: "bank" })) as Doc;
const expectationOf = (d: Doc, check: string, persona: string) => {
  const e = d.checks.find((c) => c.id === check)?.expect.find((x) => x.personas.includes(persona));
  return e && { allowed: e.allowed, denied: e.denied };
};

describe("scaffoldScenario", () => {
  const doc = scaffold(bank());

  it.each([
    [
      "a whole-table grant: every column",
      "select-tx",
      "arnav",
      { allowed: { columns: { visible: "all" } }, denied: undefined },
    ],
    [
      "a data cells filter excluding a column: that column hidden",
      "select-tx",
      "wei",
      { allowed: { columns: { visible: ["id", "region"], hidden: ["account"] } }, denied: undefined },
    ],
    [
      "no grant at all: denied by Lake Formation",
      "select-tx",
      "dana",
      { allowed: undefined, denied: { layer: "lakeformation" } },
    ],
    [
      "an Access Grant through a group: allowed with its scope",
      "access-grant-2",
      "wei",
      { allowed: { scope: "s3://data/marketing/*" }, denied: undefined },
    ],
    [
      "a broader scope covers a narrower target",
      "access-grant-2",
      "arnav",
      { allowed: { scope: "s3://data/*" }, denied: undefined },
    ],
    [
      "a narrower grant does not cover a broader target",
      "access-grant-1",
      "wei",
      { allowed: undefined, denied: { layer: "accessgrants" } },
    ],
    [
      "no grant covering the scope: denied by Access Grants",
      "access-grant-2",
      "dana",
      { allowed: undefined, denied: { layer: "accessgrants" } },
    ],
  ])("%s", (_name, check, persona, expected) => {
    expect(expectationOf(doc, check, persona)).toEqual(expected);
  });

  it("writes one persona per group (its first member by name) and one per directly assigned user in no group", () => {
    expect(Object.keys(doc.personas)).toEqual(["arnav", "wei", "dana"]);
    expect(doc.personas.arnav).toMatchObject({
      identity: { userName: "arnav" },
      groups: ["DataScientists"],
      class: "allowed",
    });
    expect(doc.personas.wei).toMatchObject({
      groups: ["MarketAnalytics"],
      class: "partial",
      token: { use: "workforce-idp", username: "wei", password: "${TIP_IDP_PASSWORD_WEI}" },
    });
    expect(doc.personas.dana).toMatchObject({
      identity: { userName: "dana" },
      groups: [],
      class: "denied",
      token: { username: "dana@example.com", password: "${TIP_IDP_PASSWORD_DANA}" },
    });
  });

  it("writes a check per grant scope with objects, none for an empty scope or a write-only grant", () => {
    expect(doc.checks.map((c) => [c.id, c.accessGrants?.target])).toEqual([
      ["select-tx", undefined],
      ["access-grant-1", "s3://data/*"],
      ["access-grant-2", "s3://data/marketing/*"],
    ]);
  });

  it("writes the catalog as tables: and the exact directory state", () => {
    expect(doc.tables).toEqual({ tx: { columns: ["id", "account", "region"] } });
    expect(doc.directory).toEqual({
      groups: { DataScientists: { exactly: ["arnav", "maria"] }, MarketAnalytics: { exactly: ["wei"] } },
      assignments: { exactly: { groups: ["DataScientists", "MarketAnalytics"], users: ["dana"] } },
    });
  });

  it("of two grants covering a target, the most specific scope is expected", () => {
    const f = bank();
    f.accessGrants.push({
      grantee: { type: "group", id: "g-ds" },
      permission: "READ",
      scope: "s3://data/marketing/*",
      hasObjects: true,
    });
    expect(expectationOf(scaffold(f), "access-grant-2", "arnav")).toEqual({
      allowed: { scope: "s3://data/marketing/*" },
      denied: undefined,
    });
  });

  it("a user in no group who is not assigned is no persona", () => {
    const f = bank();
    f.users.push({ id: "u-erin", userName: "erin" });
    expect(Object.keys(scaffold(f).personas)).toEqual(["arnav", "wei", "dana"]);
  });

  it("is the same text whatever order the account lists things in", () => {
    const f = bank();
    const shuffled: AccountFacts = {
      ...f,
      permissions: [...f.permissions].reverse(),
      users: [...f.users].reverse(),
      groups: [...f.groups].reverse().map((g) => ({ ...g, members: [...g.members].reverse() })),
      assignments: { groups: [...f.assignments.groups].reverse(), users: [...f.assignments.users] },
      accessGrants: [...f.accessGrants].reverse() as AccessGrant[],
    };
    expect(scaffoldScenario(shuffled, { name: "bank" })).toBe(scaffoldScenario(f, { name: "bank" }));
  });

  it("is a valid scenario once its variables are set", () => {
    const text = scaffoldScenario(bank(), { name: "bank" });
    const env = Object.fromEntries(
      [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map(([, k]) => [
        k,
        k === "AWS_REGION"
          ? "us-east-1"
          : k === "TIP_ACCOUNT_ID"
            ? "111122223333"
            : k === "TIP_APPLICATION_ARN"
              ? "arn:aws:sso::111122223333:application/ssoins-1/apl-1"
              : k === "TIP_CARRIER_ROLE_ARN"
                ? "arn:aws:iam::111122223333:role/R"
                : k === "TIP_IDP_TOKEN_URL"
                  ? "https://idp.example.com/token"
                  : "v",
      ]),
    );
    const r = parseScenario(text, "bank.yaml", env);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
