// One bundled run with every file reporter: the folder holds all five files, report.json matches its
// schema exactly, junit.xml validates against the JUnit XSD with one testcase per result, and
// `verify` passes on the folder and fails after one byte of report.md changes.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import { verifyCommand } from "../../src/cli/commands/verify.js";
import type { RunReport } from "../../src/model/report.js";
import { stabilize } from "../helpers/stabilize.js";
import { runReportSchema } from "../../src/model/report-schema.js";
import { ALL_FILE_REPORTERS } from "../../src/reporters/registry.js";
import { renderJunit } from "../../src/reporters/junit.js";
import { captureScreen } from "../helpers/capture.js";
import { tempDir } from "../helpers/fixtures.js";
import { runCli } from "../helpers/run-cli.js";

const XSD_DIR = "test/fixtures/junit";

/** xmllint comes from Debian's libxml2-utils (scripts/install-xmllint.sh); without it this must fail, not skip. */
function xmllint(xml: string, xsd: string): { ok: boolean; output: string } {
  const which = spawnSync("xmllint", ["--version"], { encoding: "utf8" });
  if (which.error)
    throw new Error(
      "xmllint is not installed: run `bash scripts/install-xmllint.sh` (Debian package libxml2-utils). The JUnit schema check cannot run without it.",
    );
  const file = join(tempDir("tip-junit-"), "junit.xml");
  writeFileSync(file, xml);
  const r = spawnSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

let dir: string;
let report: RunReport;

beforeAll(async () => {
  dir = tempDir("tip-files-");
  const r = await runFromOptions(
    { paths: ["scenarios/bank-transactions.yaml"], output: dir, reporter: [...ALL_FILE_REPORTERS] },
    { cwd: process.cwd(), screen: captureScreen(), env: { PATH: process.env.PATH } },
  );
  expect(r.exitCode).toBe(0);
  report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
});

describe("report folder of a bundled run", () => {
  it("holds report.json, report.md, report.html, junit.xml and manifest.json, and nothing else", () => {
    expect(readdirSync(dir).sort()).toEqual(["junit.xml", "manifest.json", "report.html", "report.json", "report.md"]);
  });

  it("report.json is exactly what the report schema describes (nothing missing, nothing unknown)", () => {
    const parsed = runReportSchema.parse(report);
    expect(isDeepStrictEqual(parsed, report)).toBe(true);
    expect(report.results).toHaveLength(18);
  });

  it("junit.xml validates against every JUnit XSD in test/fixtures/junit, with one testcase per persona × check", () => {
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    const xsds = readdirSync(XSD_DIR).filter((f) => f.endsWith(".xsd"));
    expect(xsds.length).toBeGreaterThan(0);
    for (const xsd of xsds) {
      const v = xmllint(xml, join(XSD_DIR, xsd));
      expect(v.ok, `${xsd}: ${v.output}`).toBe(true);
    }
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "testcase" || n === "testsuite" }).parse(
      xml,
    );
    const cases = doc.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(cases).toHaveLength(report.results.length);
  });

  it("a schema-invalid JUnit file is caught by the same check (the validator is really on)", () => {
    const v = xmllint(
      '<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>',
      join(XSD_DIR, "tip-proof-junit.xsd"),
    );
    expect(v.ok).toBe(false);
    expect(v.output).toMatch(/tests.*required|required.*tests|name/);
  });

  it("junit.xml after stabilize() is stable across runs (snapshot)", () => {
    expect(renderJunit(stabilize(report))).toMatchSnapshot();
  });

  it("manifest.json hashes every other file and the scenario input, with the git commit of its repository", () => {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(m.files.map((f: { path: string }) => f.path)).toEqual([
      "junit.xml",
      "report.html",
      "report.json",
      "report.md",
    ]);
    expect(m.inputs.scenarios).toEqual([
      expect.objectContaining({ file: "scenarios/bank-transactions.yaml", sha256: report.scenarios[0].sha256 }),
    ]);
    let head: string | undefined;
    try {
      head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", timeout: 5000 }).trim();
    } catch {
      /* no git binary: only the format is checked */
    }
    expect(m.inputs.git?.commit).toMatch(/^[0-9a-f]{40}$/);
    if (head) expect(m.inputs.git.commit).toBe(head);
  });
});

describe("verify", () => {
  it("says INTACT and exits 0 on the folder as written, then TAMPERED and 1 after one byte of report.md changes", async () => {
    const ok = captureScreen();
    expect(await verifyCommand(dir, ok)).toBe(0);
    expect(ok.text()).toMatch(/^INTACT: all 4 files match manifest\.json$/m);

    const md = join(dir, "report.md");
    const bytes = readFileSync(md);
    bytes[10] = bytes[10] ^ 1;
    writeFileSync(md, bytes);
    const bad = captureScreen();
    expect(await verifyCommand(dir, bad)).toBe(1);
    expect(bad.text()).toMatch(/^ {2}MODIFIED report\.md sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$/m);
    expect(bad.text()).toMatch(/^TAMPERED: 1 modified$/m);
    bytes[10] = bytes[10] ^ 1;
    writeFileSync(md, bytes);
  });

  it("names missing and extra files", async () => {
    const copy = tempDir("tip-verify-");
    for (const f of readdirSync(dir)) writeFileSync(join(copy, f), readFileSync(join(dir, f)));
    unlinkSync(join(copy, "junit.xml"));
    appendFileSync(join(copy, "notes.txt"), "added later\n");
    const s = captureScreen();
    expect(await verifyCommand(copy, s)).toBe(1);
    expect(s.text()).toMatch(/MISSING {2}junit\.xml/);
    expect(s.text()).toMatch(/EXTRA {4}notes\.txt not covered by manifest\.json/);
  });

  it("exits 2 on a folder that is not a report folder", async () => {
    const s = captureScreen();
    expect(await verifyCommand(tempDir("tip-empty-"), s)).toBe(2);
    expect(s.text()).toMatch(/^NOT VERIFIABLE: .* no manifest\.json/);
  });

  it("works from the command line: `tip-proof verify <dir>`", async () => {
    const r = await runCli(["verify", dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/INTACT/);
  });
});
