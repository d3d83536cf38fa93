// The fixture language: strict schema, positioned diagnostics with "did you mean", cross-references
// (users, groups, roles, columns, tags, filters, locations), data files and their CSV headers, the
// published JSON Schema (drift), the editor header in the bundled fixtures, and docs/fixture-language.md
// (a section per code; every example valid).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES, resolveFixture } from "../../src/fixture/bundled.js";
import { FIXTURE_CODES, formatFixtureDiagnostic, FixtureValidationError } from "../../src/fixture/diagnostics.js";
import { fixtureJsonSchema } from "../../src/fixture/json-schema.js";
import { loadFixture } from "../../src/fixture/load.js";
import { validateFixtureObject, validateFixtureText } from "../../src/fixture/validate.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** The repository: the fixture language's documentation lives with the other docs. */
const REPO = resolve(ROOT, "../..");
const BANK_FILE = BUNDLED_FIXTURES.bank;
const BANK = readFileSync(BANK_FILE, "utf8");
const BROKEN = join(ROOT, "test/fixtures/broken/fixture.yaml");
const validate = (text: string) =>
  validateFixtureText(text, "f.yaml", dirname(BANK_FILE)).diagnostics.map(formatFixtureDiagnostic);
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("bundled fixtures", () => {
  it.each(Object.entries(BUNDLED_FIXTURES))(
    "%s validates with no problem and names its JSON Schema for editors",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(validateFixtureText(text, file, dirname(file)).diagnostics).toEqual([]);
      const header = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split("\n")[0]);
      expect(header, "first line").not.toBeNull();
      expect(existsSync(resolve(dirname(file), header![1]))).toBe(true);
    },
  );

  it("--fixture takes a folder (its fixture.yaml) or a file", () => {
    expect(resolveFixture(join(ROOT, "fixtures/regional")).name).toBe("regional");
    expect(resolveFixture(join(ROOT, "fixtures/regional/fixture.yaml")).name).toBe("regional");
    expect(resolveFixture("bank").name).toBe("bank");
  });
});

describe("schemas/fixture.schema.json", () => {
  it("is what scripts/generate-fixture-schema.ts writes from the zod source (no drift)", () => {
    expect(readFileSync(join(ROOT, "schemas/fixture.schema.json"), "utf8")).toBe(fixtureJsonSchema());
  });

  it("forbids unknown keys everywhere (additionalProperties: false on every object)", () => {
    const objects: Record<string, unknown>[] = [];
    const walk = (n: unknown) => {
      if (!n || typeof n !== "object") return;
      const o = n as Record<string, unknown>;
      if (o.type === "object" && o.properties) objects.push(o);
      Object.values(o).forEach(walk);
    };
    walk(JSON.parse(fixtureJsonSchema()));
    expect(objects.length).toBeGreaterThan(30);
    expect(objects.filter((o) => o.additionalProperties !== false)).toEqual([]);
  });
});

describe("diagnostics: code, position, did-you-mean and fix", () => {
  // Each row: a one-line change to the bank fixture → the code and the text on the reported line.
  const rows: [string, string, string, RegExp][] = [
    [
      "unknown key on a data cells filter",
      "  dataCellsFilters: []\n",
      "  dataCellsFilters:\n    - { name: f1, database: bankdata_db, table: bankdata_icebergtbl, excludedColumns: [region] }\n",
      /FIX003 unknown key "excludedColumns" in lakeFormation\.dataCellsFilters\[0\]; did you mean "excludedColumnNames"\?/,
    ],
    [
      "misspelt top-level key",
      "cloudtrail:\n",
      "cloudtrial:\n",
      /FIX003 unknown key "cloudtrial" in the fixture; did you mean "cloudtrail"\?/,
    ],
    [
      "group member not a user",
      "members: [arnav, maria]",
      "members: [arnav, mariah]",
      /FIX006 unknown user "mariah"; did you mean "maria"\?/,
    ],
    ["wrong type", "tokenLifetimeSeconds: 3600", "tokenLifetimeSeconds: soon", /FIX004 idp\.tokenLifetimeSeconds: /],
    [
      "a condition key the sandbox does not evaluate (refused, never ignored)",
      `        Resource: "arn:aws:s3:::tip-sandbox-results/plain/*"`,
      `        Resource: "arn:aws:s3:::tip-sandbox-results/plain/*"\n        Condition: { StringEquals: { "aws:SourceIp": "10.0.0.1" } }`,
      /FIX00\d .*Condition/,
    ],
    [
      "a condition operator the sandbox does not evaluate",
      `        Resource: "arn:aws:s3:::tip-sandbox-results/plain/*"`,
      `        Resource: "arn:aws:s3:::tip-sandbox-results/plain/*"\n        Condition: { IpAddress: { "identitystore:UserId": "x" } }`,
      /FIX00\d .*Condition/,
    ],
    [
      "a Glue table name in capitals (Glue keeps names in lower case; review s21 F6)",
      "- name: bankdata_icebergtbl",
      "- name: BankData_IcebergTbl",
      /:\d+:\d+ FIX004 glue\.databases\[\d\]\.tables\[0\]\.name: Glue stores database and table names in lower case/,
    ],
  ];
  it.each(rows)("%s", (_what, from, to, expected) => {
    expect(BANK.includes(from), `the bank fixture contains ${JSON.stringify(from)}`).toBe(true);
    const text = BANK.replace(from, to);
    const out = validate(text);
    expect(
      out.some((l) => expected.test(l)),
      out.join("\n"),
    ).toBe(true);
  });

  it("a grant naming an unknown group, a misspelt column, an unknown LF-tag value and a dangling location: all at once", () => {
    const raw = parse(BANK) as Record<string, any>;
    raw.lakeFormation.grants.push(
      { principal: { group: "DataScientist" }, resource: { database: "default" }, permissions: ["DESCRIBE"] },
      {
        principal: { user: "wei" },
        resource: { table: { database: "bankdata_db", name: "bankdata_icebergtbl", columns: ["regin"] } },
        permissions: ["SELECT"],
      },
      {
        principal: { user: "wei" },
        resource: { lfTagPolicy: { resourceType: "TABLE", expression: { transactions: ["secret"] } } },
        permissions: ["SELECT"],
      },
    );
    raw.accessGrants.grants.push({
      id: "x",
      grantee: { user: "wei" },
      permission: "READ",
      scope: "s3://tip-sandbox-data/x/*",
      locationId: "elsewhere",
    });
    const { problems } = validateFixtureObject(raw, dirname(BANK_FILE));
    const text2 = problems.map((p) => `${p.code} ${p.message}`).join("\n");
    expect(text2).toMatch(/FIX007 unknown group "DataScientist"; did you mean "DataScientists"\?/);
    expect(text2).toMatch(/FIX009 unknown column "regin" of bankdata_db\.bankdata_icebergtbl; did you mean "region"\?/);
    expect(text2).toMatch(/FIX011 unknown value "secret" of LF-tag transactions/);
    expect(text2).toMatch(/FIX016 unknown Access Grants location "elsewhere"/);
  });

  it("the broken example: unknown key, dangling group, misspelt filter column and a CSV header that does not match, each at its line", () => {
    const text = readFileSync(BROKEN, "utf8");
    let error: FixtureValidationError | undefined;
    try {
      loadFixture(BROKEN);
    } catch (e) {
      error = e as FixtureValidationError;
    }
    expect(error?.name).toBe("FixtureValidationError");
    const ds = error!.diagnostics;
    expect(ds.map((d) => d.code).sort()).toEqual(["FIX003", "FIX007", "FIX009", "FIX013"]);
    const at = (code: string) => ds.find((d) => d.code === code)!;
    expect(at("FIX003").line).toBe(lineOf(text, "excludedColumns: [customer_email]"));
    expect(at("FIX007").line).toBe(lineOf(text, "group: SalesLeaders }"));
    expect(at("FIX009").line).toBe(lineOf(text, "revnue"));
    expect(at("FIX013").line).toBe(lineOf(text, "data: targets.csv"));
    expect(at("FIX013").message).toContain(`column 3 is "target" in the file, "target_revenue" in the table`);
    expect(error!.message.split("\n")).toHaveLength(5);
  });

  it("a missing data file and a row filter naming an unknown column", () => {
    const out = validate(BANK.replace("data: bank-transactions.csv", "data: missing.csv")).join("\n");
    expect(out).toMatch(/FIX012 data file "missing\.csv" of table bankdata_db\.bankdata_icebergtbl not found/);
    const raw = parse(BANK) as Record<string, any>;
    raw.lakeFormation.dataCellsFilters = [
      {
        name: "r",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
        rowFilter: "regoin = 'EU' AND lower(region) LIKE 'e%'",
      },
    ];
    const msgs = validateFixtureObject(raw, dirname(BANK_FILE)).problems.map((p) => p.message);
    expect(msgs).toEqual([
      expect.stringMatching(
        /^unknown column "regoin" of bankdata_db\.bankdata_icebergtbl in rowFilter; did you mean "region"\?/,
      ),
    ]);
  });

  it("YAML syntax and duplicate keys are positioned too", () => {
    expect(validate("fixtureVersion: 1\nname: a\nname: b\n")[0]).toMatch(/^f\.yaml:3:1 FIX002 duplicate key/);
    expect(validate("fixtureVersion: [1\n")[0]).toMatch(/^f\.yaml:\d+:\d+ FIX001 /);
  });
});

describe("docs/fixture-language.md", () => {
  const doc = readFileSync(join(REPO, "docs/fixture-language.md"), "utf8");
  it.each(Object.keys(FIXTURE_CODES))("has a `### %s` section", (code) => {
    expect(doc).toMatch(new RegExp(`^### ${code}\\b`, "m"));
  });

  // Every ```yaml block is a fragment: merged into the bank fixture (maps merge, lists append), the
  // result must validate with no problem, so each worked example is a working one.
  const blocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => ({
    line: doc.slice(0, m.index).split("\n").length + 1,
    yaml: m[1],
  }));
  it("has worked examples", () => expect(blocks.length).toBeGreaterThanOrEqual(8));
  it.each(blocks)("the example at line $line is valid in a fixture", ({ yaml }) => {
    const base = /^# base: (\w+)/m.exec(yaml)?.[1] ?? "bank";
    const merged = merge(parse(readFileSync(BUNDLED_FIXTURES[base], "utf8")), parse(yaml));
    const { problems } = validateFixtureObject(merged, dirname(BUNDLED_FIXTURES[base]));
    expect(problems.map((p) => `${p.code} ${p.path.join(".")} ${p.message}`)).toEqual([]);
  });

  it("states the union semantics for a user in two groups", () => {
    expect(doc).toMatch(/## A user in two groups/);
  });
});

function merge(base: unknown, extra: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(extra)) return [...base, ...extra];
  if (
    base &&
    extra &&
    typeof base === "object" &&
    typeof extra === "object" &&
    !Array.isArray(base) &&
    !Array.isArray(extra)
  ) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(extra as Record<string, unknown>)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return extra;
}
