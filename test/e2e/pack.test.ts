// The published packages, as a user gets them: `npm pack` of the harness and of @tip-proof/sandbox,
// installed into empty folders with npm, then the CLI through npx. One folder has both tarballs (the
// sandbox target runs); the other only the harness, as an install for a real account has it: npm skips
// the optional @tip-proof/sandbox it cannot resolve, `validate` works and the sandbox target is refused
// with CFG_SANDBOX_MISSING. Dependencies come from npm's cache (warm after `npm ci`), so this takes
// tens of seconds, not minutes.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
const exec = promisify(execFile);
let work: string;

// A user's shell: none of the npm_* variables `npm test` sets for its scripts.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
async function sh(cmd: string, args: string[], cwd: string, timeout = 120_000): Promise<Result> {
  try {
    const r = await exec(cmd, args, { cwd, env: { ...userEnv, CI: "true" }, timeout, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, stdout: x.stdout ?? "", stderr: x.stderr ?? String(e) };
  }
}
const ok = (r: Result) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

/** `npm pack` in a package folder; returns the tarball's path and the files it holds. */
async function pack(args: string[], dest: string): Promise<{ tgz: string; files: string[] }> {
  const r = await sh("npm", ["pack", "--json", "--pack-destination", dest, ...args], REPO);
  expect(r.code, ok(r)).toBe(0);
  // prepare's build output may precede npm's JSON on stdout.
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return { tgz: join(dest, info.filename), files: info.files.map((f) => f.path) };
}

async function install(folder: string, tarballs: string[]): Promise<void> {
  mkdirSync(folder);
  const r = await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], folder, 180_000);
  expect(r.code, ok(r)).toBe(0);
  cpSync(join(REPO, "scenarios"), join(folder, "scenarios"), { recursive: true });
}

let harness: { tgz: string; files: string[] };
let sandbox: { tgz: string; files: string[] };
const both = () => join(work, "with-sandbox");
const alone = () => join(work, "harness-only");

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tip-pack-"));
  harness = await pack([], work);
  sandbox = await pack(["-w", "@tip-proof/sandbox"], work);
  await Promise.all([install(both(), [harness.tgz, sandbox.tgz]), install(alone(), [harness.tgz])]);
}, 420_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe("the packed tarballs", () => {
  it("hold the compiled code, not the sources, tests or build state", () => {
    expect(harness.files).toEqual(
      expect.arrayContaining([
        "bin/tip-proof.js",
        "dist/cli-bundle/main.js",
        "dist/cli/main.js",
        "dist/index.js",
        "dist/index.d.ts",
        "schemas/report.schema.json",
        "package.json",
      ]),
    );
    expect(sandbox.files).toEqual(
      expect.arrayContaining(["bin/tip-sandbox.js", "dist/index.js", "dist/config.js", "fixtures/bank/fixture.yaml"]),
    );
    for (const files of [harness.files, sandbox.files]) {
      expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || /\.test\.|(^|\/)\./.test(f))).toEqual(
        [],
      );
    }
  });
});

describe("installed with the sandbox, in an empty folder", () => {
  it("tip-proof --help and --version", async () => {
    const help = await sh("npx", ["tip-proof", "--help"], both());
    expect(help.code, ok(help)).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tip-proof /);
    const version = await sh("npx", ["tip-proof", "--version"], both());
    expect(version.stdout.trim()).toBe(VERSION);
  });

  it("tip-proof validate scenarios/ (exit 0)", async () => {
    const r = await sh("npx", ["tip-proof", "validate", "scenarios/"], both());
    expect(r.code, ok(r)).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });

  it("tip-proof run on the sandbox (exit 0, every check passes)", async () => {
    const r = await sh("npx", ["tip-proof", "run", "scenarios/bank-transactions.yaml", "-o", "reports/run"], both());
    expect(r.code, ok(r)).toBe(0);
    expect(r.stdout).toMatch(/18 passed, 0 failed/);
    expect(existsSync(join(both(), "reports/run/report.json"))).toBe(true);
  }, 120_000);

  it("the library entry imports from a user's module (exports → dist)", async () => {
    const r = await sh(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import('tip-proof'); console.log(typeof m.runTipProof, typeof m.resolveRunConfig)",
      ],
      both(),
    );
    expect(r.stdout.trim(), ok(r)).toBe("function function");
  });
});

describe("installed without the sandbox (a real-account install)", () => {
  it("has neither the sandbox package nor DuckDB", () => {
    expect(existsSync(join(alone(), "node_modules/tip-proof/package.json"))).toBe(true);
    expect(existsSync(join(alone(), "node_modules/@tip-proof/sandbox"))).toBe(false);
    expect(existsSync(join(alone(), "node_modules/@duckdb"))).toBe(false);
  });

  it("tip-proof validate scenarios/ (exit 0)", async () => {
    const r = await sh("npx", ["tip-proof", "validate", "scenarios/"], alone());
    expect(r.code, ok(r)).toBe(0);
  });

  it("refuses the sandbox target with CFG_SANDBOX_MISSING (exit 2, one line)", async () => {
    const r = await sh("npx", ["tip-proof", "run", "scenarios/bank-transactions.yaml", "-o", "reports/run"], alone());
    expect(r.code, ok(r)).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error CFG_SANDBOX_MISSING: /)]);
  });
});
