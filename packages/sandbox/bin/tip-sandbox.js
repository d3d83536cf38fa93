#!/usr/bin/env node
// tip-sandbox: the emulator standalone, like moto_server. Prints the standard AWS variables (endpoint,
// Region, sandbox-only base credentials) and the fixture's identifiers, then serves until Ctrl-C.
//   tip-sandbox [--port 4599] [--fixture bank|regional|<file>|<folder>] [--faults '<json>'] [--json]
// Plain Node on the built package (dist/): `npm run build` first in a checkout.
import { parseArgs } from "node:util";
import { DEFAULT_SANDBOX_PORT, faultProfileSchema, FixtureError, resolveFixture } from "../dist/config.js";

const USAGE = "usage: tip-sandbox [--port N] [--fixture bank|regional|<file>|<folder>] [--faults '<json>'] [--json]";
const fail = (message) => {
  process.stderr.write(`tip-sandbox: ${message}\n`);
  process.exit(2);
};
const shellQuote = (v) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string" },
      fixture: { type: "string" },
      faults: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (e) {
  fail(`${e.message}\n${USAGE}`);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = values.port === undefined ? DEFAULT_SANDBOX_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port ${values.port}: a port number from 0 (any free port) to 65535.`);
let faults;
if (values.faults) {
  let json;
  try {
    json = JSON.parse(values.faults);
  } catch {
    fail(`--faults must be a JSON object, e.g. '{"cloudtrailDelayMs": 60000}'.`);
  }
  // Strict: a misspelt key must not start a "faulty" sandbox without faults.
  const r = faultProfileSchema.strict().safeParse(json);
  if (!r.success)
    fail(`--faults: ${r.error.issues.map((i) => `${i.path.join(".") || "(profile)"}: ${i.message}`).join("; ")}`);
  faults = json;
}
// The fixture is checked before the emulator (DuckDB) loads: a broken one is answered at once, every problem listed.
let fixture;
try {
  fixture = resolveFixture(values.fixture ?? "bank");
} catch (e) {
  if (e.code === "ENOENT")
    fail(
      `--fixture ${values.fixture}: no such file (bundled fixtures: bank, regional; or a fixture file, or a folder holding fixture.yaml).`,
    );
  if (e instanceof FixtureError) fail(e.message);
  throw e;
}

const { startSandbox } = await import("../dist/index.js");
let sb;
try {
  sb = await startSandbox({ port, fixture, faults });
} catch (e) {
  if (e.code === "EADDRINUSE") fail(`port ${port} is in use; pick another with --port.`);
  throw e;
}
if (values.json) {
  process.stdout.write(`${JSON.stringify({ endpoint: sb.endpoint, env: sb.env(), identifiers: sb.identifiers })}\n`);
} else {
  process.stdout.write(
    `# tip-sandbox (fixture ${sb.fixture.name}) listening on ${sb.endpoint}\n# Sandbox-only credentials, never real ones.\n`,
  );
  for (const [k, v] of Object.entries(sb.env())) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
  process.stdout.write(`# identifiers: ${JSON.stringify(sb.identifiers)}\n# Ctrl-C stops the sandbox.\n`);
}
const stop = async () => {
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  await sb.stop();
  process.stderr.write("tip-sandbox stopped\n");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
