// The architecture's import rules live in eslint.config.js and run in `npm run check` (and so in CI).
// This shows each rule bites: a snippet that breaks it, linted as if it sat at that path, is an error;
// and the same `eslint` command `npm run check` runs exits non-zero on a violation.
import { spawnSync } from "node:child_process";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });
const errorsOf = async (filePath: string, code: string) => {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
};

describe("layer rules (eslint.config.js)", () => {
  it.each([
    [
      "the core does no I/O",
      "src/core/probe.ts",
      `import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the core knows no SDK",
      "src/core/judge/probe.ts",
      `import { AthenaClient } from "@aws-sdk/client-athena";\nexport const x = AthenaClient;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the core never reads process",
      "src/scenario/probe.ts",
      `export const x = process.env.HOME;\n`,
      "no-restricted-globals",
    ],
    [
      "the core imports no adapter",
      "src/model/probe.ts",
      `import { x } from "../adapters/aws/athena.js";\nexport const y = x;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the library does not exit",
      "src/app/probe.ts",
      `export const stop = () => process.exit(1);\n`,
      "no-restricted-properties",
    ],
    [
      "config reads no environment itself",
      "src/config/probe.ts",
      `export const t = process.env.TIP_TARGET;\n`,
      "no-restricted-properties",
    ],
    [
      "reporters do not import each other",
      "src/reporters/probe.ts",
      `import { x } from "./markdown.js";\nexport const y = x;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the harness uses the sandbox's public entry only",
      "src/adapters/probe.ts",
      `import { x } from "@tip-proof/sandbox/src/server.js";\nexport const y = x;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the harness does not reach into the package's folder",
      "src/app/probe.ts",
      `import { x } from "../../packages/sandbox/src/server.js";\nexport const y = x;\n`,
      "@typescript-eslint/no-restricted-imports",
    ],
    [
      "the sandbox never imports the harness",
      "packages/sandbox/src/services/probe.ts",
      `import { x } from "../../../../src/core/plan.js";\nexport const y = x;\n`,
      "layers/stay-in-package",
    ],
  ])("%s", async (_name, filePath, code, rule) => {
    expect(await errorsOf(filePath, code)).toContain(rule);
  });

  it("allowed imports stay allowed", async () => {
    expect(
      await errorsOf(
        "src/core/probe.ts",
        `import type { RunReport } from "../model/report.js";\nexport type R = RunReport;\n`,
      ),
    ).toEqual([]);
    expect(await errorsOf("src/app/probe.ts", `export const load = () => import("@tip-proof/sandbox");\n`)).toEqual([]);
    expect(
      await errorsOf(
        "packages/sandbox/src/services/probe.ts",
        `import { x } from "../fixture/load.js";\nexport const y = x;\n`,
      ),
    ).toEqual([]);
  });

  it("a violation fails the lint step of npm run check (exit 1, the rule named)", () => {
    const r = spawnSync(
      process.execPath,
      ["node_modules/eslint/bin/eslint.js", "--stdin", "--stdin-filename", "src/core/probe.ts"],
      {
        input: `import { writeFileSync } from "node:fs";\nexport const w = writeFileSync;\n`,
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/The pure core does no I\/O/);
  });
});
