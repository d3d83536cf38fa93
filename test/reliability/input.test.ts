// Bad days and bad input: a frozen endpoint, refused connections with a short CloudTrail deadline,
// absurd rates, inputs that are not regular files, configuration the tool must refuse, and report
// folders that were tampered with. Each ends with its documented exit code, bounded in time.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fixtures.js";
import { awsEnvAt, BANK, frozenServer, noStack, readReport, runTo } from "./kit.js";

describe.concurrent("never hangs", () => {
  it("a frozen endpoint (accepts, never answers) ends as errors within the request timeout, report written", async () => {
    const frozen = await frozenServer();
    try {
      const dir = join(tempDir(), "run");
      const r = await runTo(["run", BANK, "-o", dir, "--cloudtrail-deadline", "3s"], {
        env: { ...awsEnvAt(frozen.url), TIP_HTTP_REQUEST_TIMEOUT: "1s", TIP_HTTP_CONNECT_TIMEOUT: "1s" },
      });
      expect(r.code, r.out).toBe(1);
      expect(r.ms).toBeLessThan(60_000);
      const report = readReport(dir);
      expect(report.results.every((x) => x.verdict === "error")).toBe(true);
    } finally {
      frozen.close();
    }
  }, 90_000);

  it("every call refused at once, --cloudtrail-deadline 3s: the 2-minute settle is cut to the deadline", async () => {
    // A port nobody listens on: connections are refused immediately.
    const srv = net.createServer().listen(0, "127.0.0.1");
    await new Promise((res) => srv.once("listening", res));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((res) => srv.close(res));
    const r = await runTo(["run", BANK, "-o", join(tempDir(), "run"), "--cloudtrail-deadline", "3s"], {
      env: awsEnvAt(`http://127.0.0.1:${port}`),
    });
    expect(r.code, r.out).toBe(1);
    expect(r.ms).toBeLessThan(40_000);
  }, 90_000);

  it.each([
    ["TIP_LOOKUP_RPS", "0.0001"],
    ["TIP_ATHENA_START_RPS", "0.0001"],
    ["TIP_ATHENA_START_BURST", "100000"],
    ["TIP_CONCURRENCY", "5000"],
    ["TIP_ATHENA_CONCURRENCY", "0"],
    ["TIP_ACCESS_GRANTS_CONCURRENCY", "2000"],
    ["TIP_HTTP_REQUEST_TIMEOUT", "0ms"],
  ])("%s=%s is refused (exit 2)", async (name, value) => {
    const r = await runTo(["run", BANK, "-o", join(tempDir(), "run")], { env: { [name]: value } });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(new RegExp(`CFG_(ENV|DURATION): ${name}=`));
  });

  it("--concurrency 5000 is a usage error (exit 2)", async () => {
    const r = await runTo(["run", BANK, "--concurrency", "5000"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/at most 1024/);
  });

  it.each([
    ["a named pipe", "fifo"],
    ["/dev/zero", "/dev/zero"],
    ["a folder of pipes", "dirfifo"],
  ])("a scenario that is %s is refused before it is read", async (_label, kind) => {
    const dir = tempDir();
    let path = kind;
    if (kind === "fifo") {
      path = join(dir, "s.yaml");
      spawnSync("mkfifo", [path]);
    }
    if (kind === "dirfifo") {
      spawnSync("mkfifo", [join(dir, "s.yaml")]);
      path = dir;
    }
    const r = await runTo(["validate", path], { timeoutMs: 20_000 });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/SCN021 not a regular file/);
  });

  it("a report.json that is a named pipe is refused by report diff", async () => {
    const dir = tempDir();
    spawnSync("mkfifo", [join(dir, "report.json")]);
    const r = await runTo(["report", "diff", dir, dir], { timeoutMs: 20_000 });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/not a regular file/);
  });
});

describe.concurrent("configuration answered right (exit 2, one line, no stack)", () => {
  it.each([
    [["run", BANK], { TIP_TARGET: "AWS" }, /CFG_TARGET: TIP_TARGET=AWS.*Did you mean "aws"/],
    [["run", BANK], { TIP_TARGET: "prod" }, /CFG_TARGET: TIP_TARGET=prod/],
    [["run", BANK, "--reporter", "json,pdf"], {}, /CFG_REPORTER: --reporter pdf/],
    [["sandbox", "--port", "70000"], {}, /--port expects at most 65535/],
    [["run", BANK, "-o", ""], {}, /CFG_OUTPUT/],
  ])("%j %j", async (args, env, message) => {
    const r = await runTo(args as string[], { env: env as Record<string, string> });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(message as RegExp);
    expect(noStack(r.out)).toBe(true);
  });

  it("a busy port", async () => {
    const srv = net.createServer().listen(0, "127.0.0.1");
    await new Promise((res) => srv.once("listening", res));
    try {
      const r = await runTo(["sandbox", "--port", String((srv.address() as net.AddressInfo).port)]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toMatch(/CFG_PORT/);
      expect(noStack(r.out)).toBe(true);
    } finally {
      srv.close();
    }
  });

  it.each([
    ["{}", "{}"],
    ["[]", "[]"],
    ["partial", '{"schemaVersion":1,"runId":"x","results":['],
  ])("confirm on a report.json that is %s", async (_l, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, "report.json"), text);
    const r = await runTo(["confirm", dir]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/CFG_BAD_REPORT/);
    expect(noStack(r.out)).toBe(true);
  });
});

describe("integrity of inputs", () => {
  let run: string;
  beforeAll(async () => {
    run = join(tempDir(), "run");
    const r = await runTo(["run", BANK, "-o", run, "--reporter", "json,md,manifest"]);
    expect(r.code, r.out).toBe(0);
  }, 60_000);

  const tampered = () => {
    const copy = join(tempDir(), "copy");
    cpSync(run, copy, { recursive: true });
    writeFileSync(join(copy, "report.md"), readFileSync(join(copy, "report.md"), "utf8") + "\nall good\n");
    return copy;
  };

  it("confirm refuses a tampered folder, naming the file, and leaves it as it was", async () => {
    const copy = tampered();
    const before = readFileSync(join(copy, "manifest.json"), "utf8");
    const r = await runTo(["confirm", copy]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/CFG_TAMPERED: .*modified report\.md/);
    expect(readFileSync(join(copy, "manifest.json"), "utf8")).toBe(before);
  });

  it("report diff refuses a tampered folder", async () => {
    const r = await runTo(["report", "diff", run, tampered()]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toMatch(/CFG_TAMPERED: .*modified report\.md/);
  });

  it("report diff warns when the runs differ in account, Region and tool version", async () => {
    const other = join(tempDir(), "other");
    mkdirSync(other);
    const rep = JSON.parse(readFileSync(join(run, "report.json"), "utf8"));
    rep.target.accountId = "444455556666";
    rep.target.region = "eu-west-1";
    rep.tool.version = "0.0.1";
    writeFileSync(join(other, "report.json"), JSON.stringify(rep));
    const r = await runTo(["report", "diff", run, other]);
    expect(r.out).toMatch(/warning: the runs target different accounts \(111122223333 → 444455556666\)/);
    expect(r.out).toMatch(/warning: the runs target different Regions/);
    expect(r.out).toMatch(/warning: the runs used different tip-proof versions/);
  });
});
