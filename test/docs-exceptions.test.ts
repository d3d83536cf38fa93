// docs/exceptions.md's register example is a valid register for the bundled bank scenario (plus an
// access-matrix resource `payroll`, which its `cell:` example names), and each EXC code's section in
// docs/error-codes.md shows a diagnostic line of that code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exceptionTargets } from "../src/exceptions/apply.js";
import { parseExceptions } from "../src/exceptions/parse.js";
import { DIAGNOSTIC_CODES, formatDiagnostic } from "../src/scenario/diagnostics.js";
import { loadScenarios } from "../src/app/load-scenarios.js";
import { validationEnv } from "../src/app/scenarios.js";

const registers = [
  ...readFileSync("docs/exceptions.md", "utf8").matchAll(/```yaml\n(# exceptions\.yaml\n[\s\S]*?)```/g),
].map((m) => m[1]);

describe("docs/exceptions.md", () => {
  it("has a register example, valid for the bank scenario", () => {
    expect(registers.length).toBeGreaterThanOrEqual(1);
    const { scenarios } = loadScenarios(
      ["scenarios/bank-transactions.yaml"],
      validationEnv({}, "sandbox"),
      process.cwd(),
    );
    const targets = exceptionTargets(scenarios).map((t) => ({ ...t, checks: [...t.checks, "payroll"] }));
    for (const text of registers)
      expect(parseExceptions(text, "exceptions.yaml", targets).diagnostics.map(formatDiagnostic)).toEqual([]);
  });
});

describe("docs/error-codes.md: EXC codes", () => {
  const text = readFileSync("docs/error-codes.md", "utf8");
  it.each(Object.keys(DIAGNOSTIC_CODES).filter((c) => c.startsWith("EXC")))(
    "%s has a section with an example diagnostic",
    (code) => {
      const section = text.slice(text.indexOf(`## ${code}\n`), text.indexOf("\n## ", text.indexOf(`## ${code}\n`) + 1));
      expect(section).toMatch(new RegExp(`^exceptions\\.yaml:\\d+:\\d+ ${code}`, "m"));
    },
  );
});
