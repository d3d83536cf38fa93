// The quick commands stay quick: `--version`, `--help`, `validate` and `list` (run in editors and
// pre-commit hooks) load neither the AWS SDK, nor the sandbox and its DuckDB, nor Playwright. The
// compiled bin runs with a module hook that records every package it resolves; a static import of a
// heavy module anywhere on these paths shows up here. `run` is the control: it does load them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");
const HEAVY = /node_modules\/(@aws-sdk|@smithy|@duckdb|@tip-proof\/sandbox|playwright-core)\//;
let dir: string;
let register: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tip-lazy-"));
  // Resolve hooks run off the main thread in Node 20; they report on stderr, one line per module.
  writeFileSync(
    join(dir, "hooks.mjs"),
    `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith("file:")) process.stderr.write("RESOLVED " + r.url + "\\n"); return r; }\n`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
  register = pathToFileURL(join(dir, "register.mjs")).href;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The packages' files a CLI invocation resolves (its exit code must be `code`). */
function modulesLoadedBy(args: string[], code = 0): string[] {
  const r = spawnSync(process.execPath, ["--import", register, "bin/tip-proof.js", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(code);
  return r.stderr
    .split("\n")
    .filter((l) => l.startsWith("RESOLVED "))
    .map((l) => decodeURIComponent(l.slice("RESOLVED ".length)));
}

describe("lazy loading of heavy modules", () => {
  it.each([[["--version"]], [["--help"]], [["validate", "scenarios/"]], [["list", "scenarios/"]]])(
    "tip-proof %j loads no SDK, sandbox, DuckDB or Playwright",
    (args) => {
      const loaded = modulesLoadedBy(args);
      expect(loaded.some((u) => /\/dist\/cli(-bundle)?\/main\.js$/.test(u))).toBe(true);
      expect(loaded.filter((u) => HEAVY.test(u))).toEqual([]);
    },
  );

  it("the control: a sandbox run does load them (so the hook sees them)", () => {
    const out = mkdtempSync(join(tmpdir(), "tip-lazy-run-"));
    try {
      const loaded = modulesLoadedBy(
        ["run", "scenarios/bank-transactions.yaml", "--no-cloudtrail", "-o", out, "--reporter", "json"],
        3,
      );
      expect(loaded.some((u) => u.includes("node_modules/@aws-sdk/"))).toBe(true);
      expect(loaded.some((u) => /@tip-proof\/sandbox|packages\/sandbox\/dist/.test(u))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
