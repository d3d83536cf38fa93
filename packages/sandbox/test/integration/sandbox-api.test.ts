// The programmatic API (issue 10 item 5): start with a fixture, endpoint and credentials, stop — from a
// plain Node script (the built package, dist/: no TypeScript toolchain) and from a vitest globalSetup.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/index.js";

// The package folder: the same test from the repository root (`npm test`) or from the package (`npm test -w`).
const PKG = resolve(import.meta.dirname, "../..");
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const run = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      args,
      {
        cwd: PKG,
        env: { PATH: process.env.PATH ?? "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        timeout: 90_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe("programmatic API", () => {
  it("a plain Node script starts the sandbox with a fixture, calls it with the SDK and stops it (the process then exits)", async () => {
    const r = await run(["examples/sandbox-api.mjs", "regional"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      region: "eu-central-1",
      account: "210987654321",
    });
  }, 90_000);

  it("a vitest globalSetup provides endpoint, credentials and env to the tests", async () => {
    const r = await run([VITEST, "run", "--config", "examples/vitest-sandbox/vitest.config.ts"]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+.*2 passed/);
  }, 120_000);

  it("in-process: a folder fixture, a random port, env() with AWS_DEFAULT_REGION, stop() frees the port", async () => {
    const sb = await startSandbox({ fixture: join(PKG, "fixtures/regional") });
    const { port } = sb;
    expect(sb.env()).toMatchObject({
      AWS_ENDPOINT_URL: sb.endpoint,
      AWS_REGION: "eu-central-1",
      AWS_DEFAULT_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: sb.baseCredentials.accessKeyId,
    });
    await sb.stop();
    const again = await startSandbox({ fixture: "bank", port });
    expect(again.port).toBe(port);
    await again.stop();
  });
});
