// Any client, unchanged (issue 10 item 2): the whole TIP chain driven by boto3 and by the AWS CLI with
// nothing but the sandbox's export lines and HTTP_PROXY (proxy mode: botocore puts the account id in
// front of the S3 Control host, and the sandbox answers that absolute-form request itself). Also:
// a wrong signing Region and a tampered S3 session token get AWS's codes through the CLI, and HTTPS
// through the proxy (CONNECT) is refused with a clear message. Skipped, saying why, when the tools are missing.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";
import { sandboxEnv } from "../../src/app/sandbox.js";

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};
/** The CLI knows CreateTokenWithIAM when it asks for its arguments rather than rejecting the operation. */
const cliKnowsTip = () => {
  try {
    execFileSync("aws", ["sso-oidc", "create-token-with-iam"], { stdio: "pipe", timeout: 30_000 });
    return true;
  } catch (e) {
    return /required: --client-id/.test(String((e as { stderr?: Buffer }).stderr));
  }
};
const AWS_CLI = has("aws", ["--version"]) && has("jq", ["--version"]) && has("curl", ["--version"]) && cliKnowsTip();
// botocore must model CreateTokenWithIAM and AssumeRole's ProvidedContexts (botocore >= 1.33).
const BOTO3 = has("python3", [
  "-c",
  "import boto3, botocore.session as s; x = s.get_session(); x.get_service_model('sso-oidc').operation_model('CreateTokenWithIAM'); assert 'ProvidedContexts' in x.get_service_model('sts').operation_model('AssumeRole').input_shape.members",
]);
if (!AWS_CLI)
  console.warn(
    "sandbox-clients: the AWS CLI tests are SKIPPED: `aws` (with sso-oidc create-token-with-iam), `jq` or `curl` is missing (scripts/install-awscli.sh; .ci/run calls it)",
  );
if (!BOTO3)
  console.warn(
    "sandbox-clients: the boto3 tests are SKIPPED: boto3 is missing or predates CreateTokenWithIAM/ProvidedContexts (botocore >= 1.33 needed)",
  );

let sb: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sb = await startSandbox();
  const home = mkdtempSync(join(tmpdir(), "tip-clients-"));
  // Only what a user pastes, plus the proxy; no profile or config file of the machine leaks in.
  env = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    ...sandboxEnv(sb),
    HTTP_PROXY: sb.endpoint,
  };
});
afterAll(async () => {
  await sb?.stop();
});

const runJson = (cmd: string, args: string[], extra: Record<string, string> = {}) =>
  new Promise<Record<string, unknown>>((resolve, reject) =>
    execFile(cmd, args, { env: { ...env, ...extra }, timeout: 230_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${stderr}\n${err.message}`)) : resolve(JSON.parse(stdout)),
    ),
  );
const runErr = (args: string[], extra: Record<string, string> = {}) =>
  new Promise<string>((resolve) =>
    execFile("aws", args, { env: { ...env, ...extra }, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve(err ? stderr : ""),
    ),
  );

function expectChain(r: Record<string, unknown>, user: string) {
  expect(r.query).toBe("SUCCEEDED");
  expect((r.cloudtrail as string[]).length, "the query's CloudTrail record names the user in onBehalfOf").toBe(1);
  if (user === "arnav") {
    expect(r.columns).toContain("bank_account_number");
    expect(r).toMatchObject({
      grant: "s3://tip-sandbox-data/datascience/*",
      read: expect.stringMatching(/^\d+ bytes$/),
    });
  } else {
    expect(r.columns).not.toContain("bank_account_number");
    expect(r).toMatchObject({ grant: "AccessDenied", read: "skipped" });
  }
}

describe.skipIf(!BOTO3)("boto3, unchanged, through proxy mode", () => {
  it.each(["arnav", "wei"])(
    "%s: IdP → CreateTokenWithIAM → AssumeRole → Athena → S3 Control → S3 → CloudTrail",
    async (user) => {
      expectChain(await runJson("python3", ["examples/tip-chain.py", user]), user);
    },
    120_000,
  );
});

describe.skipIf(!AWS_CLI)("the AWS CLI, unchanged, through proxy mode", () => {
  // One persona (the CLI starts a Python per call); boto3 above covers the refused grant too.
  it.each(["arnav"])(
    "%s: the whole chain",
    async (user) => {
      expectChain(await runJson("bash", ["examples/tip-chain-cli.sh", user]), user);
    },
    240_000,
  );

  it("S3 Control needs proxy mode: without HTTP_PROXY the account-prefixed host cannot be reached", async () => {
    const out = await runErr(
      [
        "s3control",
        "get-access-grants-instance-for-prefix",
        "--account-id",
        sb.identifiers.accountId,
        "--s3-prefix",
        "s3://tip-sandbox-data/x/",
      ],
      { HTTP_PROXY: "", AWS_MAX_ATTEMPTS: "1" },
    );
    expect(out).toMatch(/Could not connect to the endpoint URL: "http:\/\/111122223333\.127\.0\.0\.1:/);
  }, 60_000);

  it("a request signed for the wrong Region and a tampered S3 session token get AWS's codes", async () => {
    expect(await runErr(["sts", "get-caller-identity", "--region", "eu-west-1"])).toContain(
      "(SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Credential should be scoped to a valid region.",
    );
    expect(await runErr(["athena", "get-work-group", "--work-group", "primary", "--region", "eu-west-1"])).toContain(
      "(InvalidSignatureException)",
    );
    expect(await runErr(["s3api", "head-bucket", "--bucket", "tip-sandbox-data", "--region", "eu-west-1"])).toMatch(
      /\(400\)|AuthorizationHeaderMalformed/,
    );
    expect(
      await runErr(["s3api", "list-objects-v2", "--bucket", "tip-sandbox-data"], { AWS_SESSION_TOKEN: "tampered" }),
    ).toContain(
      "(InvalidToken) when calling the ListObjectsV2 operation: The provided token is malformed or otherwise invalid.",
    );
  }, 180_000);
});

describe("proxy mode on the wire", () => {
  it("answers an absolute-form request for an AWS host name, and refuses CONNECT with a clear message", async () => {
    const url = new URL(sb.endpoint);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: "GET",
          path: "http://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
          headers: { host: "sts.us-east-1.amazonaws.com" },
        },
        (r) => {
          let body = "";
          r.on("data", (d) => {
            body += d;
          });
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(res.status).toBe(403); // unsigned: STS's MissingAuthenticationToken, answered by the sandbox itself
    expect(res.body).toContain("MissingAuthenticationToken");
    const connect = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: "CONNECT",
        path: "sts.us-east-1.amazonaws.com:443",
      });
      req.on("connect", (r, socket, head) => {
        let body = head.toString();
        socket.on("data", (d) => {
          body += d;
        });
        socket.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(connect.status).toBe(501);
    expect(connect.body).toContain("plain-HTTP proxy requests only");
  });
});
