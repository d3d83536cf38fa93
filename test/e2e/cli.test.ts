// The CLI as a user runs it: exit codes, console, report files, and no stack traces on bad input.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/fixtures.js";

describe("tip-proof CLI", () => {
  it("run: exits 0, prints a line per persona × check and the closing count, writes both reports", async () => {
    const out = tempDir("tip-cli-");
    const r = await runCli(["run", "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ pass +wei +select-all-columns/);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("18 passed, 0 failed");
    expect(existsSync(join(out, "report.json"))).toBe(true);
    expect(existsSync(join(out, "report.md"))).toBe(true);
  });

  it("validate: bad input exits 2 with file:line:col CODE lines and no stack trace", async () => {
    const dir = tempDir("tip-bad-");
    writeFileSync(join(dir, "bad.yaml"), "version: 1\nname: x\ntarget: {}\npersonas: {}\nunknown: 1\n");
    const r = await runCli(["validate", join(dir, "bad.yaml")]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/bad\.yaml:5:1 SCN003 unknown key "unknown"/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  });

  it("run on an invalid scenario exits 2 before touching any service", async () => {
    const dir = tempDir("tip-bad-");
    writeFileSync(join(dir, "bad.yaml"), "version: 2\n");
    const r = await runCli(["run", join(dir, "bad.yaml")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/problem\(s\) in scenario files/);
  });

  it("--help documents the commands and exit codes", async () => {
    const r = await runCli(["--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/run \[options\] \[paths\.\.\.\]/);
  });

  it("an unknown option exits 2", async () => {
    const r = await runCli(["run", "--frobnicate"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it("refuses an AWS target whose account is not allow-listed, without prompting", async () => {
    const r = await runCli(["run", "--target", "aws"], {
      env: {
        AWS_REGION: "us-east-1",
        TIP_ACCOUNT_ID: "123456789012",
        TIP_APPLICATION_ARN: "arn:aws:sso::123456789012:application/ssoins-1/apl-1",
        TIP_IDENTITY_STORE_ID: "d-1",
        TIP_CARRIER_ROLE_ARN: "arn:aws:iam::123456789012:role/R",
        TIP_ATHENA_WORKGROUP: "w",
        TIP_IDP_TOKEN_URL: "https://idp.example.com/token",
        TIP_IDP_CLIENT_ID: "c",
        TIP_IDP_PASSWORD_ARNAV: "x",
        TIP_IDP_PASSWORD_MARIA: "x",
        TIP_IDP_PASSWORD_WEI: "x",
        TIP_IDP_PASSWORD_DANA: "x",
      },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/CFG_ALLOWLIST/);
  });

  it.each([
    [["run"], { TIP_CONCURRENCY: "0" }, /CFG_ENV: TIP_CONCURRENCY=0/],
    [["run"], { TIP_MAX_BYTES_SCANNED: "lots" }, /CFG_ENV: TIP_MAX_BYTES_SCANNED=lots/],
    [["run"], { TIP_ATHENA_START_RPS: "-1" }, /CFG_ENV: TIP_ATHENA_START_RPS=-1/],
    [["run", "--faults", '{"throttleRate": 5}'], {}, /CFG_FAULTS/],
    [["run", "--faults", '{"bogus": 1}'], {}, /CFG_FAULTS: .*Unrecognized key/],
    [["run", "--cloudtrail-deadline", "5x"], {}, /CFG_DURATION/],
    [["run", "--fixture", "/nonexistent/fixture.yaml"], {}, /CFG_FIXTURE/],
  ])("bad configuration %j %j exits 2 with its code", async (args, env, message) => {
    const r = await runCli(args as string[], { env: env as Record<string, string> });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe("the harness's sandbox variables", () => {
  // A run derives the sandbox's TIP_* values from its fixture before the sandbox starts (so scenarios
  // are parsed once); they must name exactly what the running sandbox reports of itself.
  it.each(["bank", "regional"])("equal the running sandbox's own identifiers and env() (%s fixture)", async (name) => {
    const { startSandbox } = await import("@tip-proof/sandbox");
    const { sandboxRunEnv } = await import("../../src/app/sandbox.js");
    const sb = await startSandbox({ fixture: name });
    try {
      const env = sandboxRunEnv(sb.fixture, sb.endpoint);
      const id = sb.identifiers;
      expect(env).toMatchObject(sb.env());
      expect(env).toMatchObject({
        TIP_ACCOUNT_ID: id.accountId,
        TIP_APPLICATION_ARN: id.applicationArn,
        TIP_CARRIER_ROLE_ARN: id.carrierRoleArn,
        TIP_ATHENA_WORKGROUP: id.workgroup,
        TIP_ATHENA_CATALOG: id.catalog,
        TIP_ATHENA_DATABASE: id.database,
        TIP_IDENTITY_STORE_ID: id.identityStoreId,
        TIP_IDC_INSTANCE_ARN: id.instanceArn,
        TIP_IDP_ISSUER: id.idpIssuer,
        TIP_IDP_TOKEN_URL: id.idpTokenUrl,
        TIP_IDP_CLIENT_ID: id.idpClientId,
      });
      for (const u of sb.users) expect(Object.values(env)).toContain(u.password);
    } finally {
      await sb.stop();
    }
  });
});
