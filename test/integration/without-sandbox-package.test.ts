// The harness without its optional sandbox package, as an install for a real account has it
// (`npm ci --omit=optional`: no @tip-proof/sandbox, no DuckDB). A copy of the harness whose
// node_modules lacks both: `--target aws` runs end to end (against a sandbox this test process starts,
// reached only over its endpoint, as an account is), and the sandbox target says in one line what to
// install (exit 2, no stack).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";
import { sandboxEnv } from "../../src/app/sandbox.js";
import { runCli } from "../helpers/run-cli.js";

const REPO = resolve(import.meta.dirname, "../..");
const HIDDEN = new Set(["@tip-proof", "@duckdb"]);
let harness: string;
let sb: Sandbox;

beforeAll(async () => {
  harness = mkdtempSync(join(tmpdir(), "tip-no-sandbox-"));
  // Copies, not links: Node resolves a module's imports from its real path, which would find the
  // repository's node_modules again.
  for (const d of ["bin", "dist", "scenarios"]) cpSync(join(REPO, d), join(harness, d), { recursive: true });
  cpSync(join(REPO, "package.json"), join(harness, "package.json"));
  mkdirSync(join(harness, "node_modules"));
  for (const name of readdirSync(join(REPO, "node_modules")))
    if (!HIDDEN.has(name)) symlinkSync(join(REPO, "node_modules", name), join(harness, "node_modules", name));
  sb = await startSandbox({ faults: { cloudtrailDelayMs: 0 } });
});
afterAll(async () => {
  await sb?.stop();
  if (harness) rmSync(harness, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, {
    cwd: harness,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    timeoutMs: 120_000,
    bin: join(harness, "bin/tip-proof.js"),
  });

describe("the harness without @tip-proof/sandbox installed", () => {
  it("has neither the sandbox package nor DuckDB to load", () => {
    expect(existsSync(join(harness, "node_modules/@tip-proof"))).toBe(false);
    expect(existsSync(join(harness, "node_modules/@duckdb"))).toBe(false);
  });

  it("--target aws runs the bank scenario end to end over the endpoint (exit 0)", async () => {
    const env = { ...sandboxEnv(sb), TIP_TARGET: "aws", TIP_ALLOWED_ACCOUNTS: sb.identifiers.accountId };
    // No 2-minute settle: the records of this endpoint are delivered at once (cloudtrailDelayMs 0).
    const r = await cli(
      ["run", "scenarios/bank-transactions.yaml", "-o", join(harness, "reports/aws"), "--cloudtrail-settle", "0ms"],
      env,
    );
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/18 results: 18 pass, 0 fail, 0 error, 0 pending/);
  }, 120_000);

  it.each([
    ["run", ["run", "scenarios/bank-transactions.yaml", "-o", "reports/sb"]],
    ["sandbox", ["sandbox", "--port", "4598"]],
  ])(
    "the sandbox target (%s) fails with one line naming the package to install, exit 2, no stack",
    async (_name, args) => {
      const r = await cli(args);
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/^error CFG_SANDBOX_MISSING: .*`npm install @tip-proof\/sandbox`/),
      ]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});
