// `sandbox`: the embedded sandbox standalone, for the AWS CLI, any SDK, or a pilot dry-run.
// The fixture is validated before the sandbox (DuckDB, services) loads: a broken one is answered at once
// with every problem (FixtureValidationError, exit 2).
import { checkFaults, defaultSandboxPort, loadSandboxFixture, sandboxRunEnv, startSandbox } from "../../app/sandbox.js";
import { faultsJson } from "../../config/values.js";
import type { Screen } from "../../reporters/screen.js";

const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export interface SandboxCommandOptions {
  port?: number;
  fixture?: string;
  faults?: string;
}

export async function sandboxCommand(opts: SandboxCommandOptions, screen: Screen, untilSignal = true): Promise<number> {
  const faults = await checkFaults(faultsJson(opts.faults));
  const fixture = await loadSandboxFixture(opts.fixture ?? "bank");
  const sb = await startSandbox({ port: opts.port ?? (await defaultSandboxPort()), fixture, faults });
  screen.write(
    `# tip-proof sandbox (fixture ${sb.fixture.name}) listening on ${sb.endpoint}\n# Paste these lines into a shell; sandbox-only credentials, never real ones.\n`,
  );
  for (const [k, v] of Object.entries(sandboxRunEnv(sb.fixture, sb.endpoint)))
    screen.write(`export ${k}=${shellQuote(v)}\n`);
  screen.write(
    `# S3 Control from botocore, the AWS CLI, Java or Go: also export HTTP_PROXY=${sb.endpoint} (proxy mode; README "S3 Control on loopback").\n# Ctrl-C stops the sandbox.\n`,
  );
  if (!untilSignal) {
    await sb.stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await sb.stop();
  screen.write("sandbox stopped\n");
  return 0;
}
