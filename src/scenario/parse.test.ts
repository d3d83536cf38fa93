import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse.js";
import { scenarioJsonSchema } from "./json-schema.js";

const env = { REGION: "us-east-1", PW: "x" };
const base = (extra = "", personas = "", checks = "") => `version: 1
name: t
target:
  region: \${REGION}
  accountId: "111122223333"
  identityCenter: { applicationArn: "arn:aws:sso::111122223333:application/ssoins-1/apl-1" }
  carrierRoleArn: arn:aws:iam::111122223333:role/R
  athena: { workgroup: w, database: d }
  accessGrants: { accountId: "111122223333" }
tables:
  t: { columns: [a, b] }
personas:
  p:
    identity: { userName: p }
    class: allowed
    token: { type: env, variable: JWT }
${personas}checks:
  - id: c
    athena: { table: t, columns: [a] }
    expect:
      - personas: [p]
        allowed: {}
${checks}${extra}`;

// RuleTester-style: each invalid input names its diagnostics by code and position, not by wording.
const invalid: { name: string; yaml: string; diagnostics: { code: string; line: number; column: number }[] }[] = [
  {
    name: "YAML syntax error",
    yaml: "version: 1\nname: [unclosed\n",
    diagnostics: [{ code: "SCN001", line: 3, column: 1 }],
  },
  {
    name: "duplicate key",
    yaml: base().replace("name: t\n", "name: t\nname: u\n"),
    diagnostics: [{ code: "SCN002", line: 3, column: 1 }],
  },
  {
    name: "unknown key with suggestion",
    yaml: base().replace("class: allowed", "class: allowed\n    gropus: [x]"),
    diagnostics: [{ code: "SCN003", line: 16, column: 5 }],
  },
  {
    name: "wrong enum value",
    yaml: base().replace("class: allowed", "class: allowd"),
    diagnostics: [{ code: "SCN004", line: 15, column: 12 }],
  },
  {
    name: "wrong type",
    yaml: base().replace('accountId: "111122223333"\n  identityCenter', "accountId: 12\n  identityCenter"),
    diagnostics: [{ code: "SCN004", line: 5, column: 14 }],
  },
  {
    name: "missing required field",
    yaml: base().replace("  carrierRoleArn: arn:aws:iam::111122223333:role/R\n", ""),
    diagnostics: [{ code: "SCN005", line: 3, column: 1 }],
  },
  {
    name: "undefined variable",
    yaml: base().replace("${REGION}", "${NOT_SET}"),
    diagnostics: [{ code: "SCN006", line: 4, column: 11 }],
  },
  {
    name: "inline secret",
    yaml: base().replace(
      "token: { type: env, variable: JWT }",
      "token: { type: oidc-password, tokenUrl: 'http://i/t', clientId: c, username: u, password: hunter2 }",
    ),
    diagnostics: [{ code: "SCN007", line: 16, column: 95 }],
  },
  {
    name: "unknown persona",
    yaml: base().replace("personas: [p]", "personas: [p, ghost]"),
    diagnostics: [{ code: "SCN008", line: 21, column: 23 }],
  },
  {
    name: "duplicate check id",
    yaml: base("", "", "  - id: c\n    athena: { table: t }\n    expect: [{ personas: [p], denied: {} }]\n"),
    diagnostics: [{ code: "SCN009", line: 23, column: 9 }],
  },
  {
    name: "persona twice",
    yaml: base().replace("personas: [p]", "personas: [p, p]"),
    diagnostics: [{ code: "SCN010", line: 21, column: 23 }],
  },
  {
    name: "two actions",
    yaml: base().replace("athena: { table: t, columns: [a] }", "athena: { table: t, columns: [a] }\n    signIn: {}"),
    diagnostics: [{ code: "SCN011", line: 18, column: 5 }],
  },
  {
    name: "unknown token source",
    yaml: base().replace("token: { type: env, variable: JWT }", "token: { use: nope }"),
    diagnostics: [{ code: "SCN012", line: 16, column: 19 }],
  },
  {
    name: "undeclared column",
    yaml: base().replace("columns: [a] }", "columns: [zz] }"),
    diagnostics: [{ code: "SCN013", line: 19, column: 35 }],
  },
  {
    name: "allowed and denied",
    yaml: base().replace("allowed: {}", "allowed: {}\n        denied: {}"),
    diagnostics: [{ code: "SCN017", line: 21, column: 9 }],
  },
  {
    name: "scope on athena",
    yaml: base().replace("allowed: {}", 'allowed: { scope: "s3://bucket/x/*" }'),
    diagnostics: [{ code: "SCN018", line: 22, column: 27 }],
  },
  {
    name: "directory without an identity store",
    yaml: base("directory:\n  groups:\n    DataScientists: { exactly: [p] }\n"),
    diagnostics: [{ code: "SCN024", line: 23, column: 1 }],
  },
  {
    name: "directory with an emptied identity store",
    yaml: base("directory:\n  assignments: { exactly: { users: [p] } }\n").replace(
      'apl-1" }',
      'apl-1", identityStoreId: "${STORE:-}" }',
    ),
    diagnostics: [{ code: "SCN024", line: 23, column: 1 }],
  },
  {
    name: "a predicate value YAML reads as a number of other text (00002, 1322.60, 1e3)",
    yaml: base(
      "",
      "",
      '  - id: d\n    athena: { table: t, columns: [a] }\n    expect:\n      - personas: [p]\n        allowed:\n          every: [{ column: a, notEquals: 00002 }, { column: a, equals: 1322.60 }, { column: a, in: ["x", 1e3] }, { column: a, notEquals: 1322.6 }, { column: a, equals: "1322.60" }]\n',
    ),
    diagnostics: [
      { code: "SCN025", line: 28, column: 43 },
      { code: "SCN025", line: 28, column: 73 },
      { code: "SCN025", line: 28, column: 107 },
    ],
  },
  {
    name: "review s23b 3: a predicate number by way of an alias whose anchor YAML reads as other text",
    yaml: base(
      "",
      "",
      "  - id: d\n    athena: { table: t, columns: [a], limit: &code 00100 }\n    expect:\n      - personas: [p]\n        allowed:\n          every: [{ column: a, notEquals: *code }]\n",
    ),
    diagnostics: [{ code: "SCN025", line: 28, column: 43 }],
  },
  {
    name: "alias bomb",
    yaml: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    diagnostics: [{ code: "SCN015", line: 1, column: 1 }],
  },
  {
    name: "file too large",
    yaml: "# " + "x".repeat(1024 * 1024 + 10),
    diagnostics: [{ code: "SCN016", line: 1, column: 1 }],
  },
];

describe("parseScenario", () => {
  it.each(invalid)("reports $name with code and position", ({ yaml, diagnostics }) => {
    const r = parseScenario(yaml, "s.yaml", env);
    expect(r.scenario).toBeUndefined();
    const got = r.diagnostics
      .filter((d) => d.severity === "error")
      .map(({ code, line, column }) => ({ code, line, column }));
    for (const d of diagnostics) expect(got).toContainEqual(d);
  });

  it("accepts a valid scenario and resolves its token source", () => {
    const r = parseScenario(base(), "s.yaml", env);
    expect(r.diagnostics).toEqual([]);
    expect(r.scenario?.tokens.p).toEqual({ type: "env", variable: "JWT" });
  });

  it("reports every problem at once, not just the first", () => {
    const yaml = base()
      .replace("class: allowed", "class: allowd")
      .replace("personas: [p]", "personas: [ghost]")
      .replace("${REGION}", "${NOT_SET}");
    const codes = parseScenario(yaml, "s.yaml", env).diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(["SCN004", "SCN006", "SCN008"]));
  });

  it("accepts directory assertions when the identity store is named", () => {
    const yaml = base("directory:\n  groups:\n    DataScientists: { exactly: [p] }\n").replace(
      'apl-1" }',
      'apl-1", identityStoreId: d-1 }',
    );
    expect(parseScenario(yaml, "s.yaml", env).diagnostics).toEqual([]);
  });

  it("formats messages with the fix", () => {
    const d = parseScenario(base().replace("class: allowed", "class: allowed\n    gropus: [x]"), "s.yaml", env)
      .diagnostics[0];
    expect(d.message).toMatchInlineSnapshot(`"unknown key "gropus" in personas.p; did you mean "groups"?"`);
  });

  it("parses the bundled bank scenario with sandbox-shaped variables", () => {
    const text = readFileSync("scenarios/bank-transactions.yaml", "utf8");
    const vars = Object.fromEntries(
      [
        "AWS_REGION",
        "TIP_ACCOUNT_ID",
        "TIP_APPLICATION_ARN",
        "TIP_IDENTITY_STORE_ID",
        "TIP_CARRIER_ROLE_ARN",
        "TIP_ATHENA_WORKGROUP",
        "TIP_IDP_TOKEN_URL",
        "TIP_IDP_CLIENT_ID",
        "TIP_IDP_PASSWORD_ARNAV",
        "TIP_IDP_PASSWORD_MARIA",
        "TIP_IDP_PASSWORD_WEI",
        "TIP_IDP_PASSWORD_DANA",
      ].map((k) => [
        k,
        k === "AWS_REGION"
          ? "us-east-1"
          : k === "TIP_ACCOUNT_ID"
            ? "111122223333"
            : k.endsWith("ARN")
              ? k.includes("ROLE")
                ? "arn:aws:iam::111122223333:role/R"
                : "arn:aws:sso::111122223333:application/ssoins-1/apl-1"
              : k.endsWith("URL")
                ? "http://127.0.0.1:1/t"
                : "v",
      ]),
    );
    const r = parseScenario(text, "bank.yaml", vars);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(Object.keys(r.scenario!.personas)).toEqual(["arnav", "maria", "wei", "dana"]);
  });
});

describe("published JSON Schema", () => {
  it("matches the zod source (run `npm run generate:schema` after changing src/scenario/schema.ts)", () => {
    expect(readFileSync("schemas/scenario.schema.json", "utf8")).toBe(scenarioJsonSchema());
  });
});

describe("diagnostics repeat the file, never a variable's value (review s24b 8)", () => {
  it("a secret put where a token source's name belongs is named by its variable", () => {
    const yaml = base().replace("token: { type: env, variable: JWT }", 'token: { use: "${SECRET_PW}" }');
    const r = parseScenario(yaml, "s.yaml", { ...env, SECRET_PW: "CANARY-pw-12345" });
    const d = r.diagnostics.find((x) => x.code === "SCN012");
    expect(d?.message).toMatch(/token source "\$\{SECRET_PW\}" is not defined/);
    expect(JSON.stringify(r.diagnostics)).not.toContain("CANARY");
  });
});
