// The small scenario the fake-port tests (core run, merge, app run) share: one account, one workgroup,
// three personas (arnav allowed, wei partial, erin denied) and a PII column check. Each test adds what
// it is about (other checks, other personas, another account) instead of copying the whole file.

export interface FakeScenarioParts {
  name?: string;
  account?: string;
  /** The identityCenter entry after applicationArn (e.g. leave the identity store out). */
  store?: string;
  /** Include `accessGrants:` in the target. @default true */
  accessGrants?: boolean;
  /** The `tables:` block's entries ("" leaves the block out). @default t with columns a, b, pii */
  tables?: string;
  /** The `personas:` block's entries. @default THREE_PERSONAS */
  personas?: string;
  /** The `checks:` block's entries. @default PII_CHECK */
  checks?: string;
}

export const THREE_PERSONAS = `  arnav: { identity: { userName: arnav }, groups: [DS], class: allowed, token: { type: env, variable: A } }
  wei: { identity: { userName: wei }, groups: [MA], class: partial, token: { type: env, variable: W } }
  erin: { identity: { userName: erin }, class: denied, token: { type: env, variable: E } }
`;

/** arnav sees the pii column; wei and erin are denied it. */
export const PII_CHECK = `  - id: pii
    athena: { table: t, columns: [pii] }
    expect:
      - personas: [arnav]
        allowed: { columns: { visible: [pii] } }
      - personas: [wei, erin]
        denied: {}
`;

export function fakeScenarioYaml(p: FakeScenarioParts = {}): string {
  const account = p.account ?? "111122223333";
  return `version: 1
name: ${p.name ?? "s"}
target:
  region: us-east-1
  accountId: "${account}"
  identityCenter: { applicationArn: "arn:aws:sso::111122223333:application/ssoins-1/apl-1", ${p.store ?? 'identityStoreId: "d-1"'} }
  carrierRoleArn: arn:aws:iam::111122223333:role/R
  athena: { workgroup: w, database: d }
${p.accessGrants === false ? "" : `  accessGrants: { accountId: "${account}" }\n`}${p.tables === "" ? "" : `tables:\n${p.tables ?? "  t: { columns: [a, b, pii] }\n"}`}personas:
${p.personas ?? THREE_PERSONAS}checks:
${p.checks ?? PII_CHECK}`;
}
