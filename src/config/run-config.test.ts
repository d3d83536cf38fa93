// One precedence for every key: flag, then environment, then scenario, then default. Each row sets the
// layers a key has and expects the highest one to win; with nothing set, the documented default.
import { describe, expect, it } from "vitest";
import { scenario } from "../../test/helpers/fake-ports.js";
import { ConfigError } from "./errors.js";
import {
  resolveRunConfig,
  RUN_CONFIG_KEYS,
  runConfigSchema,
  withScenarioLayer,
  type RunConfig,
  type RunFlags,
} from "./run-config.js";

const resolve = (flags: RunFlags = {}, env: Record<string, string> = {}) => resolveRunConfig({ flags, env, cwd: "/w" });
const pick = (c: RunConfig, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c);

const SCENARIO = (cloudtrail = "") =>
  scenario(`version: 1
name: s
target:
  region: us-east-1
  accountId: "111122223333"
  identityCenter: { applicationArn: "arn:aws:sso::111122223333:application/ssoins-1/apl-1" }
  carrierRoleArn: arn:aws:iam::111122223333:role/R
  athena: { workgroup: w, database: d }
${cloudtrail}
tables:
  t: { columns: [a] }
personas:
  arnav: { identity: { userName: arnav }, class: allowed, token: { type: env, variable: A } }
checks:
  - id: c
    athena: { table: t, columns: [a] }
    expect: [{ personas: [arnav], allowed: {} }]
`);

// key, flags, environment, expected with both, expected from the environment alone, the default.
const ROWS: [string, RunFlags, Record<string, string>, unknown, unknown, unknown][] = [
  ["target", { target: "aws" }, { TIP_TARGET: "aws" }, "aws", "aws", "sandbox"],
  ["fixture", { fixture: "regional" }, { TIP_SANDBOX_FIXTURE: "mine.yaml" }, "regional", "mine.yaml", "bank"],
  [
    "faults",
    { faults: '{"latencyMs":5}' },
    { TIP_SANDBOX_FAULTS: '{"latencyMs":9}' },
    { latencyMs: 5 },
    { latencyMs: 9 },
    undefined,
  ],
  ["concurrency", { concurrency: 8 }, { TIP_CONCURRENCY: "12" }, 8, 12, 64],
  ["maxBytesScanned", { maxBytesScanned: 1000 }, { TIP_MAX_BYTES_SCANNED: "2000" }, 1000, 2000, 10 * 1024 ** 3],
  ["reportRoot", {}, { TIP_REPORT_DIR: "out" }, "out", "out", undefined],
  // Environment-only keys: no flag, so flag + environment gives the environment's value.
  ["athenaConcurrency", {}, { TIP_ATHENA_CONCURRENCY: "4" }, 4, 4, 32],
  ["accessGrantsConcurrency", {}, { TIP_ACCESS_GRANTS_CONCURRENCY: "3" }, 3, 3, 64],
  [
    "athenaStarts",
    {},
    { TIP_ATHENA_START_RPS: "5", TIP_ATHENA_START_BURST: "10" },
    { perSecond: 5, burst: 10 },
    { perSecond: 5, burst: 10 },
    { perSecond: 20, burst: 80 },
  ],
  ["lookupRps", {}, { TIP_LOOKUP_RPS: "0.5" }, 0.5, 0.5, 2],
  [
    "httpTimeouts",
    {},
    { TIP_HTTP_CONNECT_TIMEOUT: "1s", TIP_HTTP_REQUEST_TIMEOUT: "2m" },
    { connectMs: 1000, requestMs: 120000 },
    { connectMs: 1000, requestMs: 120000 },
    { connectMs: 5000, requestMs: 60000 },
  ],
  [
    "reporters",
    { reporter: ["json"] },
    {},
    ["json"],
    ["json", "md", "html", "junit", "manifest"],
    ["json", "md", "html", "junit", "manifest"],
  ],
  ["history", { history: "nightly" }, { TIP_HISTORY_DIR: "reports" }, "nightly", "reports", undefined],
  ["replace", { replace: true }, {}, true, false, false],
  ["cloudtrail.enabled", { cloudtrail: false }, {}, false, true, true],
  ["globalTimeoutMs", { globalTimeout: "45m" }, { TIP_GLOBAL_TIMEOUT: "90s" }, 2_700_000, 90_000, undefined],
  ["personas", { personas: ["arnav"] }, {}, ["arnav"], undefined, undefined],
  [
    "shard",
    { shard: "2/3", runGroup: "nightly-7" },
    {},
    { index: 2, total: 3, group: "nightly-7" },
    undefined,
    undefined,
  ],
  ["live", { live: true }, {}, true, false, false],
  ["paths", { paths: ["a.yaml"] }, {}, ["a.yaml"], ["scenarios"], ["scenarios"]],
  ["exceptions", { exceptions: "flag.yaml" }, { TIP_EXCEPTIONS: "env.yaml" }, "flag.yaml", "env.yaml", undefined],
  ["today", { today: "2026-10-01" }, { TIP_TODAY: "2026-09-01" }, "2026-10-01", "2026-09-01", undefined],
];

describe("resolveRunConfig: flag > environment > default", () => {
  it.each(ROWS)("%s", (key, flags, env, withFlag, fromEnv, dflt) => {
    expect(pick(resolve({}, {}), key)).toEqual(dflt);
    expect(pick(resolve({}, env), key)).toEqual(fromEnv);
    expect(pick(resolve(flags, env), key)).toEqual(withFlag);
  });

  it("covers every documented key", () => {
    const tested = new Set([
      ...ROWS.map((r) => r[0]),
      "output",
      "browserSignIn",
      "cloudtrail.deadlineMs",
      "cloudtrail.settleMs",
      "shard.group",
    ]);
    expect(Object.keys(RUN_CONFIG_KEYS).filter((k) => !tested.has(k))).toEqual([]);
  });

  it("shard.group: --run-group, then TIP_RUN_GROUP, then the CI pipeline's run id", () => {
    const group = (flags: RunFlags, env: Record<string, string>) =>
      (resolve({ shard: "1/2", ...flags }, env) as { shard?: { group?: string } }).shard?.group;
    expect(group({ runGroup: "f" }, { TIP_RUN_GROUP: "e", GITHUB_RUN_ID: "9" })).toBe("f");
    expect(group({}, { TIP_RUN_GROUP: "e", GITHUB_RUN_ID: "9" })).toBe("e");
    expect(group({}, { GITHUB_RUN_ID: "9", GITHUB_RUN_ATTEMPT: "2" })).toBe("github-9-2");
    expect(group({}, { CI_PIPELINE_ID: "77" })).toBe("gitlab-77");
  });

  it("output: the flag is the folder itself; TIP_REPORT_DIR is a root for <run-id>/", () => {
    expect(resolve({ output: "here" }, { TIP_REPORT_DIR: "root" })).toMatchObject({
      output: "here",
      reportRoot: "root",
    });
  });

  it("a fault profile is not read against AWS (it means nothing there)", () => {
    expect(resolve({ target: "aws" }, { TIP_SANDBOX_FAULTS: "not json" }).faults).toBeUndefined();
  });

  it("Athena and Access Grants concurrency never exceed the run's", () => {
    expect(
      resolve({ concurrency: 2 }, { TIP_ATHENA_CONCURRENCY: "30", TIP_ACCESS_GRANTS_CONCURRENCY: "30" }),
    ).toMatchObject({ athenaConcurrency: 2, accessGrantsConcurrency: 2 });
  });

  it("the result satisfies the RunConfig schema", () => {
    expect(
      runConfigSchema.safeParse(resolve({ personas: ["x"], browserSignIn: {} }, { TIP_LOOKUP_RPS: "1" })).success,
    ).toBe(true);
  });
});

describe("CloudTrail timing: flag > scenario > default by target", () => {
  const ct = "  cloudtrail: { deadline: 5m, settle: 10s }";
  it.each([
    ["sandbox, nothing set", {}, "", { deadlineMs: 30_000, settleMs: 0 }],
    ["aws, nothing set", { target: "aws" as const }, "", { deadlineMs: 30 * 60_000, settleMs: 120_000 }],
    ["the scenario's", {}, ct, { deadlineMs: 300_000, settleMs: 10_000 }],
    [
      "the flags over the scenario's",
      { cloudtrailDeadline: "1s", cloudtrailSettle: "0ms" },
      ct,
      { deadlineMs: 1_000, settleMs: 0 },
    ],
  ])("%s", (_label, flags, cloudtrail, expected) => {
    const c = resolveRunConfig({ flags, env: {}, cwd: "/w", scenarios: [SCENARIO(cloudtrail)] });
    expect(c.cloudtrail).toMatchObject(expected);
    // Applying the layer later (as runTipProof does) gives the same.
    expect(
      withScenarioLayer(resolveRunConfig({ flags, env: {}, cwd: "/w" }), [SCENARIO(cloudtrail)]).cloudtrail,
    ).toEqual(c.cloudtrail);
  });
});

describe("exceptions: flag > environment > the scenario's (relative to its file) > none", () => {
  const named = (file: string, register = "exc.yaml") => ({ ...SCENARIO(), file, exceptions: register });
  it("the scenario's file, resolved from the scenario's folder", () => {
    expect(withScenarioLayer(resolve(), [named("scenarios/a.yaml")]).exceptions).toBe("/w/scenarios/exc.yaml");
  });
  it("the flag and the environment win over the scenario's", () => {
    expect(withScenarioLayer(resolve({ exceptions: "f.yaml" }), [named("scenarios/a.yaml")]).exceptions).toBe("f.yaml");
    expect(withScenarioLayer(resolve({}, { TIP_EXCEPTIONS: "e.yaml" }), [named("scenarios/a.yaml")]).exceptions).toBe(
      "e.yaml",
    );
  });
  it("two scenarios naming different registers: CFG_EXCEPTIONS", () => {
    expect(() => withScenarioLayer(resolve(), [named("a/s.yaml"), named("b/s.yaml")])).toThrow(
      expect.objectContaining({ code: "CFG_EXCEPTIONS" }),
    );
    expect(withScenarioLayer(resolve(), [named("a/s.yaml"), named("a/t.yaml")]).exceptions).toBe("/w/a/exc.yaml");
  });
});

describe("bad values are refused with their code", () => {
  it.each([
    [{}, { TIP_TARGET: "AWS" }, "CFG_TARGET", /Did you mean "aws"/],
    [{ reporter: ["pdf"] }, {}, "CFG_REPORTER", /--reporter pdf/],
    [{}, { TIP_CONCURRENCY: "0" }, "CFG_ENV", /TIP_CONCURRENCY=0/],
    [{}, { TIP_LOOKUP_RPS: "0.0001" }, "CFG_ENV", /out of range/],
    [{}, { TIP_HTTP_REQUEST_TIMEOUT: "0ms" }, "CFG_ENV", /TIP_HTTP_REQUEST_TIMEOUT/],
    [{ cloudtrailDeadline: "5x" }, {}, "CFG_DURATION", /--cloudtrail-deadline 5x/],
    [{ faults: "{nope" }, {}, "CFG_FAULTS", /JSON object/],
    [{ shard: "0/3" }, {}, "CFG_SHARD", /numbered from 1/],
    [{ shard: "4/3" }, {}, "CFG_SHARD", /from 1 to 3/],
    [{ shard: "x" }, {}, "CFG_SHARD", /expects i\/n/],
    [{ shard: "1/0" }, {}, "CFG_SHARD", /number of shards/],
    [{ shard: "1/3" }, {}, "CFG_SHARD", /needs a run group/],
    [{ shard: "1/3", runGroup: "a b" }, {}, "CFG_SHARD", /use 1 to 128 letters/],
    [{ today: "2026-02-30" }, {}, "CFG_TODAY", /YYYY-MM-DD/],
    [{}, { TIP_TODAY: "tomorrow" }, "CFG_TODAY", /"tomorrow"/],
  ] as [RunFlags, Record<string, string>, string, RegExp][])("%j %j → %s", (flags, env, code, message) => {
    const run = () => resolve(flags, env);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as ConfigError).code).toBe(code);
    }
  });
});
