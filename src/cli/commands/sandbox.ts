// `sandbox`: the embedded sandbox standalone, for the AWS CLI, any SDK, or a pilot dry-run.
// The fixture is validated before the sandbox (DuckDB, services) loads: a broken one is answered at once
// with every problem (FixtureValidationError, exit 2).
import { importSandbox, importSandboxConfig } from "../../app/load-sandbox.js";
import { sandboxEnv } from "../../app/sandbox-env.js";
import type { Screen } from "../../reporters/screen.js";
import { ConfigError } from "../errors.js";
import { fixtureArg, parseFaults } from "./run.js";

const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export async function sandboxCommand(opts: { port?: number; fixture?: string; faults?: string }, screen: Screen, untilSignal = true): Promise<number> {
  const { DEFAULT_SANDBOX_PORT, resolveFixture } = await importSandboxConfig();
  const faults = await parseFaults(opts.faults);
  let fixture;
  try {
    fixture = resolveFixture(fixtureArg(opts.fixture ?? "bank"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new ConfigError("CFG_FIXTURE", `sandbox fixture ${opts.fixture}: no such file (bundled fixtures: bank, regional; or a fixture file, or a folder holding fixture.yaml).`);
    throw e;
  }
  const { startSandbox } = await importSandbox();
  let sb;
  try {
    sb = await startSandbox({ port: opts.port ?? DEFAULT_SANDBOX_PORT, fixture, faults });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new ConfigError("CFG_PORT", `port ${opts.port ?? DEFAULT_SANDBOX_PORT} is in use; pick another with --port.`);
    throw e;
  }
  const env = sandboxEnv(sb);
  screen.write(`# tip-proof sandbox (fixture ${sb.fixture.name}) listening on ${sb.endpoint}\n# Paste these lines into a shell; sandbox-only credentials, never real ones.\n`);
  for (const [k, v] of Object.entries(env)) screen.write(`export ${k}=${shellQuote(v)}\n`);
  screen.write(`# S3 Control from botocore, the AWS CLI, Java or Go: also export HTTP_PROXY=${sb.endpoint} (proxy mode; README "S3 Control on loopback").\n# Ctrl-C stops the sandbox.\n`);
  if (!untilSignal) { await sb.stop(); return 0; }
  await new Promise<void>((resolve) => {
    const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); resolve(); };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await sb.stop();
  screen.write("sandbox stopped\n");
  return 0;
}
