import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse.js";
import { buildPlan } from "./plan.js";

const yaml = `version: 1
name: m
target:
  region: us-east-1
  accountId: "111122223333"
  identityCenter: { applicationArn: "arn:aws:sso::111122223333:application/ssoins-1/apl-1" }
  carrierRoleArn: arn:aws:iam::111122223333:role/R
  athena: { workgroup: w, database: d }
  accessGrants: { accountId: "111122223333" }
tables:
  t: { columns: [a, b] }
personas:
  alice: { identity: { userName: alice }, class: allowed, token: { type: env, variable: A } }
  bob: { identity: { userName: bob }, class: denied, token: { type: env, variable: B } }
checks:
  - id: star
    athena: { table: t, columns: "*" }
    expect:
      - personas: ["*"]
        allowed: { columns: { visible: all } }
matrix:
  resources:
    team-prefix: { accessGrants: { target: "s3://bucket/team/*", permission: READ } }
    t-table: { athena: { table: t } }
  allow:
    alice: [team-prefix]
`;

describe("buildPlan", () => {
  const s = parseScenario(yaml, "m.yaml", {}).scenario!;
  const plan = buildPlan([s]);
  it("expands '*' to every persona and 'visible: all' to the declared columns", () => {
    const star = plan.filter((t) => t.check === "star");
    expect(star.map((t) => t.persona)).toEqual(["alice", "bob"]);
    expect(star[0].expectation.columns?.visible).toEqual(["a", "b"]);
    expect(star[0].action).toMatchObject({ type: "athena", sql: 'SELECT * FROM "t" LIMIT 1001' });
  });
  it("turns every undeclared matrix cell into an expected denial", () => {
    const cells = Object.fromEntries(
      plan.filter((t) => t.check !== "star").map((t) => [`${t.check}/${t.persona}`, t.expectation.outcome]),
    );
    expect(cells).toEqual({
      "team-prefix/alice": "allowed",
      "team-prefix/bob": "denied",
      "t-table/alice": "denied",
      "t-table/bob": "denied",
    });
  });
});
