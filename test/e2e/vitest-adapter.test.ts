// The bundled scenario as a vitest suite: one test per persona × check, run through the same runner
// as the CLI. The defineTipSuite call below is the whole example to copy.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineTipSuite } from "../../src/integrations/vitest/index.js";
import { tempDir } from "../helpers/fixtures.js";

const output = tempDir("tip-vitest-");
const suite = defineTipSuite({
  paths: ["scenarios/bank-transactions.yaml"],
  target: "sandbox",
  output,
  env: { PATH: process.env.PATH },
});

// Tests of a file run in order: by now the suite above has run, once, and written its reports.
describe("the adapter itself", () => {
  it("ran the scenario once and declared one test per result", () => {
    expect(suite.report?.results).toHaveLength(18);
    expect(suite.report?.summary.exitCode).toBe(0);
    expect(suite.outputDir).toBe(output);
    for (const f of ["report.json", "report.md", "report.html", "junit.xml", "manifest.json"])
      expect(existsSync(join(output, f)), f).toBe(true);
  });
});
