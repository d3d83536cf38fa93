import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { renderJunit, xmlAttr, xmlText } from "./junit.js";

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (n) => ["testsuite", "testcase", "property"].includes(n),
  }).parse(xml);

describe("renderJunit", () => {
  const doc = parse(renderJunit(sampleReport()));
  const suite = doc.testsuites.testsuite[0];
  const cases = suite.testcase as Record<string, unknown>[];
  const byName = (n: string) => cases.find((c) => c.name === n)!;

  it("has a testsuite per scenario file and a testcase per persona × check, with counts that agree", () => {
    expect(doc.testsuites.testsuite).toHaveLength(1);
    expect(suite).toMatchObject({
      name: "bank",
      file: "scenarios/bank.yaml",
      tests: "6",
      failures: "2",
      errors: "1",
      skipped: "1",
    });
    expect(cases).toHaveLength(sampleReport().results.length);
    expect(doc.testsuites).toMatchObject({ tests: "6", failures: "2", errors: "1" });
  });

  it("maps verdicts: failure for a wrong verdict, error for a harness/AWS error, skipped for pending evidence", () => {
    expect(byName("wei × select-pii-account-number").failure).toMatchObject({ type: "UnexpectedAllow" });
    expect(byName("wei × select-all-columns").failure).toMatchObject({
      type: "LeakedColumns",
      message: "saw columns that must be hidden: transaction_id, bank_account_number, initiator_name",
    });
    expect(byName("dana × datascience-prefix").error).toMatchObject({ type: "throttled" });
    expect(byName("arnav × datascience-prefix").skipped).toMatchObject({
      message: expect.stringMatching(/^CloudTrail evidence pending: /),
    });
    expect(byName("arnav × select-all-columns").failure).toBeUndefined();
  });

  it("carries persona, Identity Center user id and CloudTrail event ids as suite properties and in each testcase", () => {
    const props = Object.fromEntries(
      (suite.properties.property as { name: string; value: string }[]).map((p) => [p.name, p.value]),
    );
    expect(props["persona.wei.identityCenterUserId"]).toBe("9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a03");
    expect(props["result.wei.select-pii-account-number.cloudtrailEventIds"]).toBe(
      "e0000001-0000-4000-8000-000000000003",
    );
    expect(props["scenario.sha256"]).toBe(sampleReport().scenarios[0].sha256);
    expect(byName("wei × select-pii-account-number")["system-out"]).toMatch(
      /^persona: wei \(partial\)\nidentityCenterUserId: 9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a03\n/,
    );
    expect(byName("wei × select-pii-account-number")["system-out"]).toContain(
      "cloudtrailEvent: e0000001-0000-4000-8000-000000000003 athena.amazonaws.com StartQueryExecution",
    );
  });

  it("escapes markup and drops characters XML 1.0 cannot carry", () => {
    expect(xmlText("a<b>&\u0000c")).toBe("a&lt;b&gt;&amp;\uFFFDc");
    expect(xmlAttr('say "hi"\nnow')).toBe("say &quot;hi&quot;&#10;now");
    expect(renderJunit(sampleReport())).toContain(
      'message="error: throttled (SlowDown): still throttled after 4 attempts &lt;&amp;&gt; &quot;quoted&quot;"',
    );
  });

  it("turns run findings (catalog drift, directory drift) into failing testcases, so CI does not show green", () => {
    const r = sampleReport();
    r.proofs = {
      catalog: [
        {
          database: "bankdata_db",
          table: "bankdata_icebergtbl",
          status: "drift",
          columns: ["a"],
          missing: ["bank_account_number"],
          added: ["bank_acct_no"],
          renamed: [{ from: "bank_account_number", to: "bank_acct_no" }],
        },
      ],
      workgroups: [],
      objects: [],
    };
    const d = parse(renderJunit(r));
    const run = d.testsuites.testsuite.find((x: { name: string }) => x.name === "tip-proof run");
    expect(run).toMatchObject({ tests: "1", failures: "1" });
    expect(run.testcase[0].failure.message).toMatch(
      /CATALOG DRIFT in bankdata_db\.bankdata_icebergtbl: bank_account_number renamed to bank_acct_no\?/,
    );
    expect(d.testsuites).toMatchObject({ tests: String(r.results.length + 1) });
  });
});
