// A corpus of broken scenario files, each run through the real CLI as a user would: every one ends in
// exit 2 with `file:line:col CODE message`, no stack trace, quickly, and without starting anything.
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/fixtures.js";

const DIR = "test/fixtures/scenarios/invalid";
const EXPECTED: Record<string, string> = {
  "syntax-error.yaml": "SCN001",
  "duplicate-key.yaml": "SCN002",
  "unknown-key.yaml": "SCN003",
  "wrong-type.yaml": "SCN004",
  "missing-field.yaml": "SCN005",
  "undefined-variable.yaml": "SCN006",
  "inline-secret.yaml": "SCN007",
  "unknown-persona.yaml": "SCN008",
  "duplicate-check-id.yaml": "SCN009",
  "undeclared-column.yaml": "SCN013",
  "alias-bomb.yaml": "SCN015",
  "not-utf8.yaml": "SCN021",
  "deep-nesting.yaml": "SCN023",
};
// The budget is 2 s on an idle machine; the suite runs files in parallel on 2 cores, so scale by load.
const budgetMs = () => 2000 * Math.max(1, loadavg()[0] / cpus().length);

describe("broken scenario corpus", () => {
  it("covers every file in the corpus", () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s → exit 2 with %s", async (file, code) => {
    const r = await runCli(["run", join(DIR, file)], { timeoutMs: 20_000 });
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^${DIR}/${file.replace(".", "\\.")}:\\d+:\\d+ ${code} .+`, "m"));
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.stdout).not.toMatch(/tip-proof run .* against/); // nothing started
    expect(r.ms).toBeLessThan(budgetMs());
  });

  it("a 20 MB file is refused from its size, before it is read", async () => {
    const file = join(tempDir("tip-huge-"), "huge.yaml");
    writeFileSync(file, "# padding\n".repeat(2 * 1024 * 1024));
    const r = await runCli(["run", file], { timeoutMs: 20_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toMatch(/huge\.yaml:1:1 SCN016 scenario file is 20971520 bytes; the limit is 1048576/);
    expect(r.ms).toBeLessThan(budgetMs());
  });

  it("reports problems of several files at once", async () => {
    const r = await runCli(["validate", DIR], { timeoutMs: 20_000 });
    expect(r.exitCode).toBe(2);
    const codes = new Set([...r.stdout.matchAll(/ (SCN\d{3}) /g)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThanOrEqual(12);
  });
});
