// runTipProof over fake ports: the library's wiring (scenarios parsed once, plan options, output
// folder, reporters, exit code) without a sandbox or the SDK. Policy itself is the core's (core/run.test.ts).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeScenarioYaml } from "../../test/helpers/fake-scenario.js";
import { FakeActions, FakeAudit, FakeDirectory, FakeProofs, FakeSessions } from "../../test/helpers/fake-ports.js";
import { ConfigError } from "../config/errors.js";
import { resolveRunConfig, type RunFlags } from "../config/run-config.js";
import type { RunReport } from "../model/report.js";
import { parseScenario } from "../scenario/parse.js";
import type { AdapterFactory } from "./adapters.js";
import { runTipProof } from "./run.js";
import { checkRunnable, withBrowserSignIn } from "./scenarios.js";

const YAML = (name = "s", account = "111122223333") =>
  fakeScenarioYaml({
    name,
    account,
    accessGrants: false,
    tables: "  t: { columns: [a, pii] }\n",
    personas: `  arnav: { identity: { userName: arnav }, class: allowed, token: { type: oidc-password, tokenUrl: "\${TIP_IDP_TOKEN_URL}", clientId: c, username: arnav@example.com, password: "\${PW}" } }
  wei: { identity: { userName: wei }, class: partial, token: { type: env, variable: W } }
`,
    checks: `  - id: all
    athena: { table: t, columns: [a] }
    expect: [{ personas: ["*"], allowed: {} }]
`,
  });

const ENV = { TIP_ALLOWED_ACCOUNTS: "111122223333", TIP_IDP_TOKEN_URL: "https://idp.example.com/token", PW: "x" };
const fakes = (): AdapterFactory => async () => ({
  sessions: new FakeSessions(),
  actions: new FakeActions(),
  audit: new FakeAudit(),
  directory: new FakeDirectory(),
  proofs: new FakeProofs({ tables: { "d.t": ["a", "pii"] } }),
  clock: () => undefined,
  stats: () => ({
    lookupCalls: 0,
    lookupPages: 0,
    lookupRecords: 0,
    lookupByUsername: "trusted",
    athenaQueries: 0,
    athenaPolls: 0,
    athenaExecutionMs: 0,
    bytesScanned: 0,
  }),
  close: () => {},
});
const quiet = () => {
  let text = "";
  return {
    write: (t: string) => {
      text += t;
    },
    isTTY: false,
    color: false,
    text: () => text,
  };
};

function setup(files: Record<string, string> = { "s.yaml": YAML() }) {
  const cwd = mkdtempSync(join(tmpdir(), "tip-app-"));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(cwd, f), text);
  return {
    cwd,
    config: (flags: RunFlags = {}, env: Record<string, string> = ENV) =>
      resolveRunConfig({ flags: { target: "aws", paths: Object.keys(files), output: "out", ...flags }, env, cwd }),
  };
}

describe("runTipProof over fake ports", () => {
  it("runs, writes the chosen reports into the output folder, and returns the report's exit code", async () => {
    const { cwd, config } = setup();
    const screen = quiet();
    const r = await runTipProof(config({ reporter: ["json", "manifest"] }), { screen, adapters: fakes() }).catch(
      (e) => {
        throw new Error(screen.text() + e);
      },
    );
    expect(r.exitCode, screen.text()).toBe(0);
    expect(r.outputDir).toBe(join(cwd, "out"));
    expect(readdirSync(r.outputDir).sort()).toEqual(["manifest.json", "report.json"]);
    const written = JSON.parse(readFileSync(join(r.outputDir, "report.json"), "utf8")) as RunReport;
    expect(written.results.map((x) => x.persona).sort()).toEqual(["arnav", "wei"]);
    expect(written.target).toMatchObject({ kind: "aws", accountId: "111122223333" });
    expect(screen.text()).toMatch(/2 passed/);
  });

  it("the persona filter is a plan option: only those personas run", async () => {
    const { config } = setup();
    const r = await runTipProof(config({ personas: ["wei"], reporter: ["json"] }), {
      screen: quiet(),
      adapters: fakes(),
    });
    expect(r.report.results.map((x) => x.persona)).toEqual(["wei"]);
    expect(r.report.personas.map((p) => p.name)).toEqual(["wei"]);
  });

  it("an interrupted run reports the exit code the caller gives for it (the CLI: 130 / 143)", async () => {
    const { config } = setup();
    const ac = new AbortController();
    ac.abort();
    const r = await runTipProof(config({ reporter: ["json"] }), {
      screen: quiet(),
      adapters: fakes(),
      signal: ac.signal,
      interruptExitCode: () => 130,
    });
    expect(r.report.interrupted).toBe(true);
    expect(r.exitCode).toBe(130);
    expect((JSON.parse(readFileSync(join(r.outputDir, "report.json"), "utf8")) as RunReport).summary.exitCode).toBe(
      130,
    );
  });

  it.each([
    ["an account not on the allow-list", {}, { ...ENV, TIP_ALLOWED_ACCOUNTS: "444455556666" }, "CFG_ALLOWLIST"],
    ["an unknown persona", { personas: ["zoe"] }, ENV, "CFG_PERSONA"],
  ] as [string, RunFlags, Record<string, string>, string][])(
    "refuses %s before anything starts, leaving no folder",
    async (_l, flags, env, code) => {
      const { cwd, config } = setup();
      await expect(runTipProof(config(flags, env), { screen: quiet(), adapters: fakes() })).rejects.toMatchObject({
        code,
      });
      expect(readdirSync(cwd)).toEqual(["s.yaml"]);
    },
  );

  it("a scenario with an undefined variable is refused with its diagnostic (parsed once, printed once)", async () => {
    const { config } = setup();
    const screen = quiet();
    await expect(
      runTipProof(config({}, { TIP_ALLOWED_ACCOUNTS: "111122223333", PW: "x" }), { screen, adapters: fakes() }),
    ).rejects.toMatchObject({ name: "ScenarioValidationError" });
    expect(screen.text().match(/SCN006/g)).toHaveLength(1);
  });
});

describe("checkRunnable and browser sign-in", () => {
  const concrete = (yaml: string) => parseScenario(yaml, "s.yaml", ENV).scenario!;
  const s = concrete(YAML());
  it.each([
    ["no scenarios", [], {}, "CFG_NO_SCENARIOS"],
    ["mixed accounts", [s, concrete(YAML("t", "444455556666"))], {}, "CFG_MIXED_TARGETS"],
    ["a persona filter that leaves no check", [s], { personas: [] as string[] }, "CFG_NO_CHECKS"],
    ["a runnable set", [s], {}, undefined],
  ] as const)("%s", (_l, scenarios, extra, code) => {
    const run = () => checkRunnable([...scenarios], { target: "sandbox", env: {}, ...extra });
    if (code) {
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(expect.objectContaining({ code }));
    } else expect(run).not.toThrow();
  });

  it("browser sign-in replaces token sources in a copy; the validated scenario is unchanged", () => {
    const before = JSON.stringify(s);
    const [b] = withBrowserSignIn([s], { issuer: "https://idp", clientId: "cid" });
    expect(b.tokens.arnav).toMatchObject({
      type: "browser",
      issuer: "https://idp",
      clientId: "cid",
      loginHint: "arnav@example.com",
    });
    expect(b.tokens.wei).not.toHaveProperty("loginHint");
    expect(JSON.stringify(s)).toBe(before);
  });
});
