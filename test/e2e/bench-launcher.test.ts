// `npm run bench` bundles bench/run.ts as the CLI is bundled and runs it with plain node (see
// scripts/bench.mjs). The bench itself takes minutes and is not a test; this checks that it still
// bundles and starts, and that a mistyped flag is refused rather than ignored.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");
const bench = (...args: string[]) =>
  spawnSync(process.execPath, ["scripts/bench.mjs", ...args], { cwd: REPO, encoding: "utf8", timeout: 60_000 });

describe("npm run bench", () => {
  it("bundles the benchmark and prints its flags and exit codes", () => {
    const r = bench("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench -- \[flags\]/);
    expect(r.stdout).toContain("--skip-busy");
    expect(r.stdout).toContain("exit: 0 every target met, 1 a target missed, 2 bad flags");
  });

  it.each([
    [["--skip-buzy"], "Unknown option '--skip-buzy'"],
    [["--personas=fifty"], "--personas=fifty: a positive number is needed"],
    [["--ct-delay=0"], "--ct-delay=0: a positive number is needed"],
  ])("refuses %j with exit 2 before running anything", (args, message) => {
    const r = bench(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bench: ${message}`);
    expect(r.stdout).toBe("");
  });
});
