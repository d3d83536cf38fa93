// Nothing lost: the output folder is checked and claimed before anything starts, and a run whose
// evidence cannot be written says so and fails. Real file system, real CLI.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fixtures.js";
import { BANK, groupGoneSoon, noStack, runTo, startCli, verify, waitFor } from "./kit.js";

const refused = async (args: string[], cwd?: string) => {
  const r = await runTo(["run", BANK, ...args], cwd ? { cwd } : {});
  expect(r.code, r.out).toBe(2);
  expect(noStack(r.out)).toBe(true);
  // Refused before the sandbox started: nothing ran, so no per-run console header.
  expect(r.out).not.toMatch(/checks across/);
  return r.out;
};

describe.concurrent("output folder", () => {
  it("is a file", async () => {
    const f = join(tempDir(), "file");
    writeFileSync(f, "x");
    expect(await refused(["-o", f])).toMatch(/CFG_OUTPUT: .*it is a file/);
  });
  it("has a file as parent", async () => {
    const f = join(tempDir(), "file");
    writeFileSync(f, "x");
    expect(await refused(["-o", join(f, "run")])).toMatch(/CFG_OUTPUT: .*file, not a folder/);
  });
  it("default reports/ is a file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "reports"), "x");
    expect(await refused([], cwd)).toMatch(/CFG_OUTPUT: .*reports is a file/);
  });
  it("is under /proc (not writable, even for root)", async () => {
    expect(await refused(["-o", "/proc/tip-proof-run"])).toMatch(/CFG_OUTPUT: .*pseudo file system/);
  });
  it("has a name too long", async () => {
    expect(await refused(["-o", join(tempDir(), "n".repeat(300))])).toMatch(
      /CFG_OUTPUT: .*300 bytes; the limit is 255/,
    );
  });
  it("is empty: -o ''", async () => {
    expect(await refused(["-o", ""])).toMatch(/CFG_OUTPUT: -o\/--output is empty/);
  });
  it("is in use by a live run (its claim names a live process)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".tip-proof.lock"), JSON.stringify({ runId: "other", pid: process.pid }));
    expect(await refused(["-o", dir, "--replace"])).toMatch(/CFG_OUTPUT_TAKEN: .*in use by run other/);
  });
  it("holds files tip-proof did not write: --replace refuses to delete them", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(await refused(["-o", dir, "--replace"])).toMatch(/CFG_OUTPUT_TAKEN: .*notes\.txt/);
    expect(existsSync(join(dir, "notes.txt"))).toBe(true);
  });

  it("holds an earlier run: refused, then --replace removes it first and verify says INTACT", async () => {
    const dir = join(tempDir(), "run");
    const first = await runTo(["run", BANK, "-o", dir]);
    expect(first.code, first.out).toBe(0);
    expect(await refused(["-o", dir])).toMatch(/CFG_OUTPUT_TAKEN: .*already holds another run's files \(junit\.xml/);
    const again = await runTo(["run", BANK, "-o", dir, "--replace", "--reporter", "json,manifest"]);
    expect(again.code, again.out).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "report.json"]);
    expect((await verify(dir)).code).toBe(0);
  }, 60_000);

  it("a report file that cannot be written fails the run (exit 74) and names the file and cause", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-write-"));
    const cli = startCli(["run", BANK, "-o", dir, "--faults", '{"athenaRunningMs":1500}']);
    // While the run works, something takes report.html's place: its rename must fail, loudly. The lock
    // is taken just before the folder is checked for other runs' files, so wait for a check's line too:
    // on a loaded machine the check could otherwise see report.html and refuse (CFG_OUTPUT_TAKEN). The
    // personas' lines come after it.
    await waitFor(cli, () => existsSync(join(dir, ".tip-proof.lock")) && /signed in as/.test(cli.out()));
    mkdirSync(join(dir, "report.html"));
    writeFileSync(join(dir, "report.html", "keep"), "x");
    const r = await cli.done;
    expect(r.code, cli.out()).toBe(74);
    expect(cli.out()).toMatch(/error REPORT_WRITE: html reporter: could not write .*report\.html: E\w+/);
    expect(cli.out()).toMatch(/Reports are incomplete/);
    // Written atomically: no temp file left; the manifest covers only what was written.
    expect(readdirSync(dir).filter((f) => f.startsWith(".tip-proof-tmp-"))).toEqual([]);
    expect(await groupGoneSoon(cli.child.pid!)).toBe(true);
    // The gap is on record (review s22c F6): with the obstacle gone, verify says INCOMPLETE (exit 1),
    // and confirm writes the missing format, after which the folder is intact and the run's code stands.
    rmSync(join(dir, "report.html"), { recursive: true });
    const v = await verify(dir);
    expect(v.out).not.toMatch(/ok +report\.html/);
    expect(v.code, v.out).toBe(1);
    expect(v.out).toMatch(/INCOMPLETE: .*could not write html \(could not write .*report\.html/);
    const c = await runTo(["confirm", dir]);
    expect(c.code, c.out).toBe(0);
    expect(c.out).toMatch(/writing what the run could not: html/);
    expect(existsSync(join(dir, "report.html"))).toBe(true);
    const after = await verify(dir);
    expect(after.code, after.out).toBe(0);
    expect(after.out).toMatch(/ok +report\.html/);
  }, 60_000);

  it("a shard that could not write report.html: confirm writes it, keeps facts.json signed, and the shards merge (review s22d F1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-write-shard-"));
    const a = join(dir, "a"),
      b = join(dir, "b");
    const env = { TIP_RUN_GROUP: "write-shard" };
    const cli = startCli(["run", BANK, "--shard", "1/2", "-o", a, "--faults", '{"athenaRunningMs":1500}'], { env });
    await waitFor(cli, () => existsSync(join(a, ".tip-proof.lock")) && /signed in as/.test(cli.out()));
    mkdirSync(join(a, "report.html"));
    expect((await cli.done).code, cli.out()).toBe(74);
    expect((await runTo(["run", BANK, "--shard", "2/2", "-o", b], { env })).code).toBe(0);
    rmSync(join(a, "report.html"), { recursive: true });
    expect((await verify(a)).code).toBe(1);
    const c = await runTo(["confirm", a]);
    expect(c.code, c.out).toBe(0);
    const v = await verify(a);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/ok +facts\.json/);
    const m = await runTo(["report", "merge", a, b, "-o", join(dir, "m")]);
    expect(m.code, m.out).toBe(0);
  }, 90_000);
});
