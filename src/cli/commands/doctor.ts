// `doctor`: checks every prerequisite the scenarios depend on (src/doctor/catalogue.ts) against the
// target, read-only, and prints one line per check (or JSON). Exit 0 all ok, 1 a problem, 2 bad input.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { allowListFrom } from "../../config/allow-list.js";
import { loadEnv } from "../../config/env.js";
import { resolveRunConfig } from "../../config/run-config.js";
import { awsTarget } from "../../config/values.js";
import { freeLoopbackPort, loadSandboxFixture, startSandbox, withSandboxEnv, type Sandbox } from "../../app/sandbox.js";
import { checkRunnable, loadRunScenarios } from "../../app/scenarios.js";
import { TOOL } from "../../app/version.js";
import { doctorExitCode, runChecks } from "../../doctor/checks.js";
import { renderConsole, renderJson } from "../../doctor/render.js";
import type { CheckResult } from "../../doctor/result.js";
import type { Screen } from "../../reporters/screen.js";

export interface DoctorOptions {
  target?: "sandbox" | "aws";
  fixture?: string;
  json?: boolean;
  /** Write the JSON to this file (the console output is still printed). */
  output?: string;
  /** false with --no-cloudtrail: LookupEvents is not checked. */
  cloudtrail?: boolean;
}

export interface DoctorIo {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  onSandbox?: (sb: Sandbox) => void;
}

/** The checks against the first scenario's target (every scenario of a run shares it). */
export async function doctorResults(
  paths: string[],
  o: DoctorOptions,
  screen: Screen,
  io: DoctorIo = {},
): Promise<CheckResult[]> {
  const cwd = io.cwd ?? process.cwd();
  const config = resolveRunConfig({
    flags: { paths, ...(o.target ? { target: o.target } : {}), ...(o.fixture ? { fixture: o.fixture } : {}) },
    env: loadEnv(cwd, io.env ?? process.env),
    cwd,
  });
  const fixture = config.target === "sandbox" ? await loadSandboxFixture(config.fixture) : undefined;
  const port = fixture ? await freeLoopbackPort() : undefined;
  const env = fixture ? withSandboxEnv(config.env, fixture, `http://127.0.0.1:${port}`) : config.env;
  const loaded = loadRunScenarios(config.paths, env, cwd, screen);
  checkRunnable(loaded.scenarios, { target: config.target, env });
  const sandbox = fixture ? await startSandbox({ fixture, port }) : undefined;
  try {
    if (sandbox) io.onSandbox?.(sandbox);
    const [{ makeClients }, { readDoctorFacts }] = await Promise.all([
      import("../../adapters/aws/clients.js"),
      import("../../adapters/aws/doctor-reads.js"),
    ]);
    const s = loaded.scenarios[0];
    const clients = makeClients({
      ...awsTarget(s.target.region, env, sandbox),
      userAgent: `${TOOL.name}/${TOOL.version} doctor`,
    });
    const facts = await readDoctorFacts(clients, s, {
      target: config.target,
      allowList: allowListFrom(env),
      env,
      cloudtrail: o.cloudtrail !== false,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    }).finally(clients.close);
    return runChecks(facts);
  } finally {
    await sandbox?.stop();
  }
}

export async function doctorCommand(
  paths: string[],
  o: DoctorOptions,
  screen: Screen,
  io: DoctorIo = {},
): Promise<number> {
  const results = await doctorResults(paths, o, screen, io);
  const json = () =>
    renderJson(results, { tool: TOOL.name, version: TOOL.version, target: o.target ?? "default", scenarios: paths });
  if (o.output) writeFileSync(resolve(io.cwd ?? process.cwd(), o.output), json());
  screen.write(o.json ? json() : renderConsole(results));
  return doctorExitCode(results);
}
