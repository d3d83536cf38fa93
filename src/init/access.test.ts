// Today's readable columns from Lake Formation facts (init's baseline): one row per way a grant reaches a
// column. Pure: account facts in, column names out, always in the table's order.
import { describe, expect, it } from "vitest";
import { expressionMatches, readableColumns } from "./access.js";
import type { AccountFacts, AccountTable, DataCellsFilter, LfPermission } from "./facts.js";

const USER = "arn:aws:identitystore:::user/u-1";
const GROUP = "arn:aws:identitystore:::group/g-1";
const OTHER = "arn:aws:identitystore:::group/g-other";

const table: AccountTable = {
  name: "tx",
  columns: [
    { name: "id", tags: { sensitivity: ["public"] } },
    { name: "account", tags: { sensitivity: ["pii"] } },
    { name: "amount", tags: { sensitivity: ["public"], domain: ["finance"] } },
    { name: "region", tags: { sensitivity: ["public"], domain: ["sales"] } },
  ],
};

const facts = (permissions: LfPermission[], filters: DataCellsFilter[] = []): AccountFacts => ({
  database: "bank",
  tables: [table],
  permissions,
  filters,
  users: [],
  groups: [],
  assignments: { groups: [], users: [] },
  accessGrants: [],
});
const grant = (principal: string, resource: LfPermission["resource"], permissions = ["SELECT"]): LfPermission => ({
  principal,
  permissions,
  resource,
});

const cases: { name: string; permissions: LfPermission[]; filters?: DataCellsFilter[]; expected: string[] }[] = [
  {
    name: "named grant with a column list",
    permissions: [grant(USER, { kind: "table", database: "bank", table: "tx", columns: ["amount", "id"] })],
    expected: ["id", "amount"],
  },
  {
    name: "named grant with excluded columns",
    permissions: [grant(GROUP, { kind: "table", database: "bank", table: "tx", excluded: ["account"] })],
    expected: ["id", "amount", "region"],
  },
  {
    name: "named grant on the whole table",
    permissions: [grant(GROUP, { kind: "table", database: "bank", table: "tx" })],
    expected: ["id", "account", "amount", "region"],
  },
  {
    name: "table wildcard of the database",
    permissions: [grant(GROUP, { kind: "table", database: "bank", table: "*" })],
    expected: ["id", "account", "amount", "region"],
  },
  {
    name: "ALL and SUPER read like SELECT",
    permissions: [
      grant(USER, { kind: "table", database: "bank", table: "tx", columns: ["id"] }, ["ALL"]),
      grant(USER, { kind: "table", database: "bank", table: "tx", columns: ["region"] }, ["SUPER"]),
    ],
    expected: ["id", "region"],
  },
  {
    name: "DESCRIBE only reads nothing",
    permissions: [grant(USER, { kind: "table", database: "bank", table: "tx" }, ["DESCRIBE", "ALTER"])],
    expected: [],
  },
  {
    name: "a grant in another database",
    permissions: [grant(USER, { kind: "table", database: "other", table: "tx" })],
    expected: [],
  },
  {
    name: "a grant on another table",
    permissions: [grant(USER, { kind: "table", database: "bank", table: "ledger" })],
    expected: [],
  },
  {
    name: "another principal's grant",
    permissions: [grant(OTHER, { kind: "table", database: "bank", table: "tx" })],
    expected: [],
  },
  {
    name: "LF-tag policy on tables: matching columns",
    permissions: [grant(GROUP, { kind: "tagPolicy", resourceType: "TABLE", expression: { sensitivity: ["public"] } })],
    expected: ["id", "amount", "region"],
  },
  {
    name: "LF-tag policy: keys are ANDed",
    permissions: [
      grant(GROUP, {
        kind: "tagPolicy",
        resourceType: "TABLE",
        expression: { sensitivity: ["public"], domain: ["finance"] },
      }),
    ],
    expected: ["amount"],
  },
  {
    name: "LF-tag policy: values are ORed",
    permissions: [
      grant(GROUP, { kind: "tagPolicy", resourceType: "TABLE", expression: { domain: ["finance", "sales"] } }),
    ],
    expected: ["amount", "region"],
  },
  {
    name: "LF-tag policy on DATABASE resources is not a table read",
    permissions: [
      grant(GROUP, { kind: "tagPolicy", resourceType: "DATABASE", expression: { sensitivity: ["public"] } }),
    ],
    expected: [],
  },
  {
    name: "data cells filter with a column list",
    permissions: [grant(GROUP, { kind: "filter", database: "bank", table: "tx", name: "f" })],
    filters: [{ database: "bank", table: "tx", name: "f", columns: ["region", "id"] }],
    expected: ["id", "region"],
  },
  {
    name: "data cells filter excluding a column",
    permissions: [grant(GROUP, { kind: "filter", database: "bank", table: "tx", name: "f" })],
    filters: [{ database: "bank", table: "tx", name: "f", excluded: ["account"] }],
    expected: ["id", "amount", "region"],
  },
  {
    name: "a granted filter that is not listed reads nothing",
    permissions: [grant(GROUP, { kind: "filter", database: "bank", table: "tx", name: "gone" })],
    filters: [{ database: "bank", table: "tx", name: "f" }],
    expected: [],
  },
  {
    name: "user and group grants add up",
    permissions: [
      grant(USER, { kind: "table", database: "bank", table: "tx", columns: ["region"] }),
      grant(GROUP, { kind: "tagPolicy", resourceType: "TABLE", expression: { sensitivity: ["pii"] } }),
    ],
    expected: ["account", "region"],
  },
  { name: "an unknown resource kind reads nothing", permissions: [grant(USER, { kind: "other" })], expected: [] },
];

describe("readableColumns", () => {
  it.each(cases)("$name", ({ permissions, filters, expected }) => {
    expect(readableColumns(facts(permissions, filters), new Set([USER, GROUP]), table)).toEqual(expected);
  });
});

describe("expressionMatches", () => {
  it.each([
    [{ a: ["1"] }, { a: ["1"] }, true],
    [{ a: ["1", "2"] }, { a: ["2"] }, true],
    [{ a: ["1"], b: ["x"] }, { a: ["1"] }, false],
    [{ a: ["1"] }, { a: ["3"], b: ["1"] }, false],
  ])("%j on %j is %s", (expression, tags, expected) => {
    expect(expressionMatches(expression, tags)).toBe(expected);
  });
});
