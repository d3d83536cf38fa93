// Interruptions as a user meets them: Ctrl-C (SIGINT to the whole foreground process group, as a
// terminal sends it) and SIGTERM (to the one process a CI runner or `kill` targets), at sign-in,
// during queries and while waiting for CloudTrail, through the bin, `npm start` and `npx`. Each must
// leave a partial report marked interrupted that `verify` accepts, exit 130/143, and no process.
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fixtures.js";
import { groupGoneSoon, readReport, startCli, verify, waitFor } from "./kit.js";

const SLOW_QUERIES = '{"athenaRunningMs":3000}';
const SLOW_EVERYTHING = '{"latencyMs":1500}';
const LATE_CLOUDTRAIL = '{"cloudtrailDelayMs":60000}';

type Case = {
  name: string;
  cmd?: string[];
  faults: string;
  when: RegExp;
  signal: "SIGINT" | "SIGTERM";
  group: boolean;
  extra?: string[];
};
const cases: Case[] = [
  { name: "bin, Ctrl-C at sign-in", faults: SLOW_EVERYTHING, when: /checks across/, signal: "SIGINT", group: true },
  { name: "bin, SIGTERM during queries", faults: SLOW_QUERIES, when: /signed in/, signal: "SIGTERM", group: false },
  {
    name: "bin, Ctrl-C while waiting for CloudTrail",
    faults: LATE_CLOUDTRAIL,
    when: /CloudTrail pending|CloudTrail: \d+\/\d+/,
    signal: "SIGINT",
    group: true,
    extra: ["--cloudtrail-deadline", "60s"],
  },
  {
    name: "npm start, Ctrl-C during queries",
    cmd: ["npm", "start", "--"],
    faults: SLOW_QUERIES,
    when: /signed in/,
    signal: "SIGINT",
    group: true,
  },
  {
    name: "npm start, SIGTERM to npm during queries",
    cmd: ["npm", "start", "--"],
    faults: SLOW_QUERIES,
    when: /signed in/,
    signal: "SIGTERM",
    group: false,
  },
  {
    name: "npx tip-proof, Ctrl-C during queries",
    cmd: ["npx", "--no-install", "tip-proof", "run"],
    faults: SLOW_QUERIES,
    when: /signed in/,
    signal: "SIGINT",
    group: true,
  },
];

describe.concurrent("signals", () => {
  it.each(cases)(
    "$name: partial report, verify accepts it, exit code, no process left",
    async (c) => {
      const dir = tempDir("tip-sig-");
      const args = [...(c.cmd ? [] : ["run"]), "-o", dir, "--faults", c.faults, ...(c.extra ?? [])];
      const cli = startCli(args, { ...(c.cmd ? { cmd: c.cmd } : {}) });
      await waitFor(cli, c.when);
      process.kill(c.group ? -cli.child.pid! : cli.child.pid!, c.signal);
      const r = await cli.done;
      // The harness may outlive a wrapper that dies of the signal itself (npx does): wait for the group.
      expect(await groupGoneSoon(cli.child.pid!, 20_000)).toBe(true);
      const want = c.signal === "SIGINT" ? 130 : 143;
      // A shell reports "exited 130" and "killed by SIGINT" alike (128 + 2); npx ends the second way.
      if (c.cmd?.[0] === "npx") expect(r.code ?? 128 + (r.signal === "SIGINT" ? 2 : 15), cli.out()).toBe(want);
      else expect(r.code, cli.out()).toBe(want);
      expect(r.ms).toBeLessThan(45_000);
      const report = readReport(dir);
      expect(report.interrupted).toBe(true);
      expect(report.summary.exitCode).toBe(want);
      const v = await verify(dir);
      expect(v.code, v.out).toBe(0);
    },
    90_000,
  );
});

describe("--global-timeout", () => {
  it("stops a run whose queries outlast it as Ctrl-C would: partial report, verify accepts it, exit 124", async () => {
    const dir = tempDir("tip-timeout-");
    const cli = startCli(["run", "-o", dir, "--faults", SLOW_QUERIES, "--global-timeout", "2s"]);
    const r = await cli.done;
    expect(r.code, cli.out()).toBe(124);
    expect(r.ms).toBeLessThan(45_000);
    expect(cli.out()).toMatch(/Global timeout: the run reached --global-timeout \(2s\)/);
    const report = readReport(dir);
    expect(report.interrupted).toBe(true);
    expect(report.globalTimeoutMs).toBe(2000);
    expect(report.summary.exitCode).toBe(124);
    expect(report.results.some((x) => x.observed.errorKind === "cancelled")).toBe(true);
    const v = await verify(dir);
    expect(v.code, v.out).toBe(0);
  }, 90_000);

  it("a shard stopped by it keeps exit 124 through report merge, and the merged folder verifies", async () => {
    const dir = tempDir("tip-timeout-shards-");
    const env = { TIP_RUN_GROUP: "timeout-merge" };
    const s1 = await startCli(
      ["run", "--shard", "1/2", "-o", `${dir}/s1`, "--faults", SLOW_QUERIES, "--global-timeout", "2s"],
      { env },
    ).done;
    expect(s1.code).toBe(124);
    expect((await startCli(["run", "--shard", "2/2", "-o", `${dir}/s2`], { env }).done).code).toBe(0);
    const m = startCli(["report", "merge", `${dir}/s1`, `${dir}/s2`, "-o", `${dir}/m`]);
    expect((await m.done).code, m.out()).toBe(124);
    const merged = readReport(`${dir}/m`);
    expect(merged).toMatchObject({ interrupted: true, globalTimeoutMs: 2000, summary: { exitCode: 124 } });
    expect((await verify(`${dir}/m`)).code).toBe(0);
  }, 90_000);

  it("a run that ends in time is untouched by it", async () => {
    const dir = tempDir("tip-timeout-");
    const cli = startCli(["run", "-o", dir, "--global-timeout", "10m"]);
    const r = await cli.done;
    expect(r.code, cli.out()).toBe(0);
    expect(readReport(dir).globalTimeoutMs).toBeUndefined();
  }, 90_000);

  it("a malformed duration is bad input: exit 2 with the flag named", async () => {
    const r = await startCli(["run", "--global-timeout", "soon"]).done;
    expect(r.code).toBe(2);
  }, 30_000);
});
