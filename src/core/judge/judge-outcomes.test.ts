// The judge over sign-ins and allowed observations: a refused sign-in counts as a denial only with
// contrast, and an allowed observation meets an expectation only when its facts do (columns, rows, scopes).
import { describe, expect, it } from "vitest";
import { allowed, refused } from "../../model/outcome.js";
import { athenaTask, ctx, facts, grantTask, proofs, run, show, task } from "../../../test/helpers/judge-fixtures.js";
import { judgeAction, judgeSignIn, matchExpectation, normalizeScope, ProofIndex } from "./index.js";

const colRefused = run({ engineCode: "COLUMN_NOT_FOUND", column: "bank_account_number", errorType: 1006 });

describe("sign-in", () => {
  const erinsToken = { userId: "u-erin", assignment: "unassigned" as const };
  const refusedSignIn = refused(
    facts({ stage: "sign-in", serviceCode: "AccessDeniedException", httpStatus: 400, presented: erinsToken }),
  );
  const refusedAs = (presented?: NonNullable<Parameters<typeof facts>[0]>["presented"]) =>
    refused(
      facts({
        stage: "sign-in",
        serviceCode: "AccessDeniedException",
        httpStatus: 400,
        ...(presented ? { presented } : {}),
      }),
    );
  it.each([
    [
      "AccessDenied with another persona signed in: denial",
      refusedSignIn,
      [{ scenario: "s", outcome: allowed() }],
      "denied:signin",
    ],
    [
      "AccessDenied with nobody signed in (wrong application ARN looks the same)",
      refusedSignIn,
      [],
      "error:ambiguous-denial",
    ],
    [
      "review s23 L3: AccessDenied for reason KMS_AccessDeniedException, another persona signed in: not a denial",
      refused(
        facts({
          stage: "sign-in",
          serviceCode: "AccessDeniedException",
          httpStatus: 400,
          reason: "KMS_AccessDeniedException",
        }),
      ),
      [{ scenario: "s", outcome: allowed() }],
      "error:invalid-request:KMS_AccessDeniedException",
    ],
    [
      "InvalidGrantException is never a denial",
      refused(facts({ stage: "sign-in", serviceCode: "InvalidGrantException", httpStatus: 400 })),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial",
    ],
    [
      "AssumeRole AccessDenied with nobody past STS (trust policy)",
      refused(facts({ stage: "assume-role", serviceCode: "AccessDenied", httpStatus: 403 })),
      [],
      "error:ambiguous-denial",
    ],
    [
      "AssumeRole AccessDenied with another persona past STS",
      refused(facts({ stage: "assume-role", serviceCode: "AccessDenied", httpStatus: 403 })),
      [{ scenario: "s", outcome: allowed() }],
      "denied:sts",
    ],
    [
      "SlowDownException at sign-in is throttling",
      refused(facts({ stage: "sign-in", serviceCode: "SlowDownException", httpStatus: 400 })),
      [{ scenario: "s", outcome: allowed() }],
      "error:throttled",
    ],
    // D6: AWS's refusal names no user, so the token presented must map to the persona's directory user.
    [
      "D6: the token maps to another directory user (a token source signing in someone else): mismatch",
      refusedAs({ userId: "u-someone-else" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:invalid-request:IDENTITY_MISMATCH",
    ],
    [
      "D6: whom the token maps to is unknown (issuers unreadable): not a denial",
      refusedAs({ unresolved: "the application's trusted token issuers could not be read" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial:IDENTITY_UNPROVEN",
    ],
    [
      "D6: whom the token maps to was never looked up: not a denial",
      refusedAs(),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial:IDENTITY_UNPROVEN",
    ],
    [
      "review s24a F2: the persona's token, but the persona is assigned to the application: another cause refused",
      refusedAs({ userId: "u-erin", assignment: "assigned" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:invalid-request:ASSIGNED",
    ],
    [
      "review s24a F2: the application requires no assignment: not a decision about the person",
      refusedAs({ userId: "u-erin", assignment: "not-required" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:invalid-request:ASSIGNMENT_NOT_REQUIRED",
    ],
    [
      "review s24a F2: whether the persona is assigned is unknown: not a denial",
      refusedAs({ userId: "u-erin", assignmentUnknown: "sso:ListApplicationAssignments: AccessDeniedException" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial:ASSIGNMENT_UNPROVEN",
    ],
    // The same proofs failing for causes other than policy: never a denial.
    [
      "throttling while reading the assignments (after retries): not a denial",
      refusedAs({ userId: "u-erin", assignmentUnknown: "sso:ListApplicationAssignments: ThrottlingException" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial:ASSIGNMENT_UNPROVEN",
    ],
    [
      "throttling while mapping the token (after retries): not a denial",
      refusedAs({ unresolved: "identitystore:GetUserId: ThrottlingException" }),
      [{ scenario: "s", outcome: allowed() }],
      "error:ambiguous-denial:IDENTITY_UNPROVEN",
    ],
    [
      "Identity Center's own KMS key refused, the persona's unassigned token: the reason wins",
      refused(
        facts({
          stage: "sign-in",
          serviceCode: "AccessDeniedException",
          httpStatus: 400,
          reason: "KMS_AccessDeniedException",
          presented: erinsToken,
        }),
      ),
      [{ scenario: "s", outcome: allowed() }],
      "error:invalid-request:KMS_AccessDeniedException",
    ],
    [
      "throttled sign-in (SlowDownException) of the persona's unassigned token: throttled",
      refused(facts({ stage: "sign-in", serviceCode: "SlowDownException", httpStatus: 400, presented: erinsToken })),
      [{ scenario: "s", outcome: allowed() }],
      "error:throttled",
    ],
    [
      "D6: the persona's token, but nobody signed in: still ambiguous",
      refusedAs(erinsToken),
      [],
      "error:ambiguous-denial",
    ],
  ] as const)("%s", (_n, observed, signIns, want) => {
    expect(show(judgeSignIn(observed, "s", ctx(proofs(), [], [...signIns]), "u-erin"))).toMatch(new RegExp(`^${want}`));
  });

  it("D6: a refused sign-in of a persona whose directory user is unknown is not a denial, whatever the token", () => {
    const out = judgeSignIn(refusedSignIn, "s", ctx(proofs(), [], [{ scenario: "s", outcome: allowed() }]));
    expect(show(out)).toMatch(/^error:ambiguous-denial:IDENTITY_UNPROVEN/);
  });

  it("D6: the denial's proof names the persona's user the token maps to", () => {
    const out = judgeSignIn(refusedSignIn, "s", ctx(proofs(), [], [{ scenario: "s", outcome: allowed() }]), "u-erin");
    expect(out).toMatchObject({
      kind: "denied",
      proof: [
        expect.stringMatching(/persona's directory user u-erin .* not assigned to the application/),
        expect.any(String),
      ],
    });
  });

  it("a refused sign-in meets a matrix cell of any action (Identity Center decided about the person)", () => {
    const out = judgeSignIn(refusedSignIn, "s", ctx(proofs(), [], [{ scenario: "s", outcome: allowed() }]), "u-erin");
    expect(matchExpectation(grantTask(), out, new ProofIndex(proofs())).verdict).toBe("pass");
    expect(matchExpectation(athenaTask(), out, new ProofIndex(proofs())).verdict).toBe("pass");
  });

  it("an STS denial does not meet an Athena matrix cell: Lake Formation never decided", () => {
    const out = judgeSignIn(
      refused(facts({ stage: "assume-role", serviceCode: "AccessDenied", httpStatus: 403 })),
      "s",
      ctx(proofs(), [], [{ scenario: "s", outcome: allowed() }]),
    );
    expect(matchExpectation(athenaTask(), out, new ProofIndex(proofs())).verdict).toBe("error");
  });
});

describe("allowed observations", () => {
  const p = new ProofIndex(proofs());
  it("hidden-only expectation on a column the catalog no longer has: error (renamed)", () => {
    const t = athenaTask(
      { sql: "SELECT * FROM t" },
      { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
    );
    const renamed = new ProofIndex(
      proofs({
        columns: ["transaction_id", "bank_acct_no", "region"],
        renamed: [{ from: "bank_account_number", to: "bank_acct_no" }],
      }),
    );
    const v = matchExpectation(t, allowed({ columns: ["transaction_id", "bank_acct_no", "region"] }), renamed);
    expect(v.verdict).toBe("error");
    expect(v.reasons.join(" ")).toMatch(/bank_account_number \(catalog drift: renamed to bank_acct_no\?\)/);
  });
  it("review 3: a raw query's hidden column must exist in a table the query reads, not anywhere in the database", () => {
    const t = athenaTask(
      { raw: true, table: undefined, sql: "SELECT * FROM t" },
      { outcome: "allowed", columns: { hidden: ["secret"] } },
    );
    const withOther = new ProofIndex(
      proofs({ more: [{ database: "db", table: "accounts", status: "ok", columns: ["secret"] }] }),
    );
    expect(matchExpectation(t, allowed({ columns: ["region"] }), withOther).verdict).toBe("error");
  });
  it("review 2.2: a hidden column the query never selects proves nothing", () => {
    const t = athenaTask(
      { sql: 'SELECT "region" FROM "t" LIMIT 1001' },
      { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
    );
    expect(matchExpectation(t, allowed({ columns: ["region"] }), p).verdict).toBe("error");
    const raw = athenaTask(
      { raw: true, table: undefined, sql: "SELECT count(*) FROM t" },
      { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
    );
    expect(matchExpectation(raw, allowed({ columns: ["_col0"] }), p).verdict).toBe("error");
  });
  it("review 2.3: proofs of db.t in AwsDataCatalog prove nothing for db.t in another catalog", () => {
    const t = athenaTask({ catalog: "othercat" });
    const out = judgeAction(t, run({ engineCode: "TABLE_NOT_FOUND", namedResource: "othercat.db.t" }), ctx());
    expect(matchExpectation(t, out, new ProofIndex(proofs())).verdict).toBe("error");
    expect(matchExpectation(t, judgeAction(t, colRefused, ctx()), new ProofIndex(proofs())).verdict).toBe("error");
  });
  describe("review s23 F2: a raw query's hidden column", () => {
    const hidden = (sql: string) =>
      athenaTask(
        { raw: true, table: undefined, sql },
        { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
      );
    it.each([
      ["named in a WHERE", "SELECT region FROM t WHERE bank_account_number IS NOT NULL", ["region"]],
      ["under an alias", "SELECT bank_account_number AS acct FROM t", ["acct"]],
      ["inside a function", "SELECT upper(bank_account_number) FROM t", ["_col0"]],
      ["quoted", 'SELECT region FROM t WHERE "BANK_ACCOUNT_NUMBER" > 0', ["region"]],
    ])("%s, and the query succeeded: a leak", (_how, sql, columns) => {
      const v = matchExpectation(hidden(sql), allowed({ columns }), p);
      expect(v.verdict).toBe("fail");
      expect(v.leakedColumns).toEqual(["bank_account_number"]);
      expect(v.reasons[0]).toMatch(/names bank_account_number and succeeded/);
    });
    it.each([
      ["named only in a line comment", "SELECT region FROM t -- bank_account_number stays hidden"],
      ["named only in a block comment", "SELECT region /* bank_account_number */ FROM t"],
      ["named only in a string", "SELECT region FROM t WHERE region <> 'bank_account_number'"],
      ["under a star inside a sub-query", "SELECT region FROM (SELECT * FROM t)"],
      ["under a star inside a WITH", "WITH x AS (SELECT * FROM t) SELECT region FROM x"],
      ["a star over a sub-query", "SELECT * FROM (SELECT region FROM t)"],
      ["a star over another database's table of that name", "SELECT * FROM archive.t"],
      [
        "review s23b 1: a star over another table, the table under test in a sub-query",
        "SELECT * FROM u WHERE region IN (SELECT region FROM t)",
      ],
      ["review s23b 1: a star over another table aliased as the table under test", "SELECT * FROM u AS t"],
      ["a star over a join", "SELECT * FROM t JOIN u ON t.region = u.region"],
      ["a star over two tables", "SELECT * FROM t, u"],
    ])("%s: not selected, so it proves nothing (error)", (_how, sql) => {
      expect(matchExpectation(hidden(sql), allowed({ columns: ["region"] }), p).verdict).toBe("error");
    });
    it("a table alias spelt like the hidden column still counts where it qualifies a name (it may be a row column's field)", () => {
      const t = athenaTask(
        { raw: true, table: undefined, sql: "SELECT region FROM t acct WHERE acct.region = 'EU'" },
        { outcome: "allowed", columns: { hidden: ["acct"] } },
      );
      expect(matchExpectation(t, allowed({ columns: ["region"] }), p).verdict).toBe("fail");
    });
    it("review s23b 1: with `table:` naming the table under test, a star over another database's copy proves nothing", () => {
      const t = athenaTask(
        { raw: true, table: "t", sql: "SELECT * FROM archive.t" },
        { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
      );
      expect(matchExpectation(t, allowed({ columns: ["region", "acct_no"] }), p).verdict).toBe("error");
    });
    it.each([
      ["a function of that name", "year", "SELECT * FROM t WHERE year(ts) = 2026"],
      ["a type in a CAST", "date", "SELECT * FROM t WHERE CAST(ts AS date) > current_date"],
      ["a typed literal", "date", "SELECT * FROM t WHERE ts > DATE '2026-01-01'"],
      ["an alias", "region_code", "SELECT * FROM t AS region_code"],
      ["a table's alias without AS", "region_code", "SELECT * FROM t region_code WHERE region = 'EU'"],
      ["a qualified table's alias without AS", "region_code", 'SELECT * FROM db."t" region_code LIMIT 5'],
    ])(
      "review s23b 4: a hidden column spelt like %s is not a reference to it: a star proves it hidden (pass)",
      (_how, col, sql) => {
        const t = athenaTask({ raw: true, table: undefined, sql }, { outcome: "allowed", columns: { hidden: [col] } });
        const withCol = new ProofIndex(proofs({ columns: ["transaction_id", "region", "ts", col] }));
        expect(matchExpectation(t, allowed({ columns: ["transaction_id", "region", "ts"] }), withCol).verdict).toBe(
          "pass",
        );
      },
    );
    it.each([
      ["SELECT * FROM t", "SELECT * FROM t"],
      ["qualified with the scenario's database", "SELECT * FROM db.t"],
      ["in the account's catalog", 'SELECT DISTINCT * FROM awsdatacatalog."db"."t" WHERE region = \'EU\''],
      ["with a WHERE that reads another table", "SELECT * FROM t WHERE region IN (SELECT region FROM u)"],
      ["with an alias", "SELECT * FROM t AS x LIMIT 10"],
    ])("a star straight over the table (%s), not returned: pass", (_how, sql) => {
      expect(matchExpectation(hidden(sql), allowed({ columns: ["region"] }), p).verdict).toBe("pass");
    });
  });
  it("hidden column that exists and is not returned: pass", () => {
    const t = athenaTask(
      { sql: "SELECT * FROM t" },
      { outcome: "allowed", columns: { hidden: ["bank_account_number"] } },
    );
    expect(matchExpectation(t, allowed({ columns: ["region"] }), p).verdict).toBe("pass");
  });
  it("one leak reason per column set when visible and hidden both catch it", () => {
    const t = athenaTask({}, { outcome: "allowed", columns: { visible: ["region"], hidden: ["bank_account_number"] } });
    const v = matchExpectation(t, allowed({ columns: ["region", "bank_account_number"] }), p);
    expect(v.verdict).toBe("fail");
    expect(v.reasons.filter((r) => r.startsWith("LEAKED")).length).toBe(1);
  });
  it("an outside probe refused on an object that exists: pass", () => {
    const t = grantTask("s3://b/p/*", { outcome: "allowed" }, "wei", { inside: [], outside: ["s3://b/outside.csv"] });
    const out = judgeAction(
      t,
      allowed({
        grantedScope: "s3://b/p/*",
        granteeType: "DIRECTORY_GROUP",
        probes: [
          {
            uri: "s3://b/outside.csv",
            side: "outside",
            operation: "outside: GetObject",
            result: "denied",
            code: "AccessDenied",
          },
        ],
      }),
      ctx(),
    );
    expect(matchExpectation(t, out, p).verdict).toBe("pass");
  });
  it("an outside probe refused on an object not proven to exist: error", () => {
    const t = grantTask("s3://b/p/*", { outcome: "allowed" }, "wei", { inside: [], outside: ["s3://b/gone.csv"] });
    const out = judgeAction(
      t,
      allowed({
        grantedScope: "s3://b/p/*",
        probes: [
          {
            uri: "s3://b/gone.csv",
            side: "outside",
            operation: "outside: GetObject",
            result: "denied",
            code: "AccessDenied",
          },
        ],
      }),
      ctx(proofs({ objects: { "s3://b/gone.csv": "missing" } })),
    );
    expect(matchExpectation(t, out, p).verdict).toBe("error");
  });
  it("an outside probe that reads: unexpected allow", () => {
    const t = grantTask("s3://b/p/*", { outcome: "allowed" });
    const v = matchExpectation(
      t,
      allowed({ probes: [{ uri: "s3://b/x", side: "outside", operation: "outside: GetObject", result: "allowed" }] }),
      p,
    );
    expect(v).toMatchObject({ verdict: "fail", unexpectedAllow: true });
  });
  it("scope shapes are compared by what they cover: p/** is p/*, but p* is wider than p/* (review finding 2)", () => {
    expect(normalizeScope("s3://b/p/**")).toBe(normalizeScope("s3://b/p/*"));
    expect(normalizeScope("s3://b/p*")).not.toBe(normalizeScope("s3://b/p/*"));
    expect(normalizeScope("s3://b/p/")).not.toBe(normalizeScope("s3://b/p/*"));
    expect(
      matchExpectation(
        grantTask("s3://b/p/*", { outcome: "allowed", scope: "s3://b/p/*" }),
        allowed({ grantedScope: "s3://b/p/**", granteeType: "DIRECTORY_GROUP" }),
        p,
      ).verdict,
    ).toBe("pass");
    expect(
      matchExpectation(
        grantTask("s3://b/p/*", { outcome: "allowed", scope: "s3://b/p/*" }),
        allowed({ grantedScope: "s3://b/p*" }),
        p,
      ).verdict,
    ).toBe("fail");
  });
  it("review s22 L1: an allow whose answer names no grantee is an error (an IAM grant of the carrier role is not ruled out)", () => {
    const v = matchExpectation(
      grantTask("s3://b/p/*", { outcome: "allowed" }),
      allowed({ grantedScope: "s3://b/p/*" }),
      p,
    );
    expect(v.verdict).toBe("error");
    expect(v.reasons.join(" ")).toMatch(/named no grantee/);
  });
  it("an allow through the carrier role's IAM grant is reported as such", () => {
    const v = matchExpectation(
      grantTask("s3://b/p/*", { outcome: "allowed" }),
      allowed({ grantedScope: "s3://b/p/*", granteeType: "IAM" }),
      p,
    );
    expect(v.verdict).toBe("fail");
    expect(v.reasons[0]).toMatch(/GranteeType IAM/);
  });
  it("an expectation naming another layer than the one that denied fails", () => {
    const out = judgeAction(
      task({ type: "signin" }, { outcome: "denied", layer: "sts" }),
      refused(facts({ stage: "sign-in" })),
      ctx(),
    );
    expect(out.kind).toBe("error");
  });
});
