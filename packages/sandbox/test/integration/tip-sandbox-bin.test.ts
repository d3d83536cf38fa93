// `tip-sandbox`, the standalone binary (plain Node on dist/): --json gives endpoint, the standard AWS
// variables and the identifiers, and the sandbox answers at that endpoint until SIGINT; a broken
// fixture is refused at once with every problem, exit 2.
import { execFile, spawn } from "node:child_process";
import { resolve } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";

const PKG = resolve(import.meta.dirname, "../..");
const BIN = resolve(PKG, "bin/tip-sandbox.js");
const ENV = { PATH: process.env.PATH ?? "" };

describe("tip-sandbox", () => {
  it("--json: serves the fixture at the endpoint it prints, stops on SIGINT", async () => {
    const child = spawn(process.execPath, [BIN, "--port", "0", "--fixture", "regional", "--json"], {
      cwd: PKG,
      env: ENV,
    });
    const line = await new Promise<string>((res, rej) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) res(out.split("\n")[0]);
      });
      child.on("close", (code) => rej(new Error(`exited ${code} before printing`)));
    });
    const info = JSON.parse(line) as {
      endpoint: string;
      env: Record<string, string>;
      identifiers: { accountId: string };
    };
    expect(info.env).toMatchObject({
      AWS_ENDPOINT_URL: info.endpoint,
      AWS_REGION: "eu-central-1",
      AWS_DEFAULT_REGION: "eu-central-1",
    });
    const sts = new STSClient({
      endpoint: info.endpoint,
      region: info.env.AWS_REGION,
      credentials: { accessKeyId: info.env.AWS_ACCESS_KEY_ID, secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(info.identifiers.accountId);
    const code = await new Promise<number | null>((res) => {
      child.on("close", res);
      child.kill("SIGINT");
    });
    expect(code).toBe(0);
  }, 30_000);

  it("a broken fixture: every problem at once, exit 2, no stack", async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((res) =>
      execFile(
        process.execPath,
        [BIN, "--fixture", "test/fixtures/broken"],
        { cwd: PKG, env: ENV },
        (err, _o, stderr) => res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(r.code).toBe(2);
    expect([...r.stderr.matchAll(/ (FIX\d{3}) /g)].map((m) => m[1]).sort()).toEqual([
      "FIX003",
      "FIX007",
      "FIX009",
      "FIX013",
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
