// A reporter that throws is named, never stops the others, and makes the run's exit code 74.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckResult, RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import { FileReporter, renderJson } from "./files.js";
import { EXIT_REPORT_WRITE, Multiplexer, reporterFailureLine } from "./multiplexer.js";

const REPORT = { runId: "r1", summary: { exitCode: 0 } } as unknown as RunReport;
const throwing = (hook: keyof Reporter, name = "broken"): Reporter => ({
  name,
  [hook]: () => {
    throw new Error("disk on fire");
  },
});
const recorder = () => {
  const errors: string[] = [];
  return {
    errors,
    reporter: {
      name: "console",
      onError: (e: Error) => {
        errors.push(e.message);
      },
    } satisfies Reporter,
  };
};

describe("Multiplexer", () => {
  it("a reporter that throws in onEnd: the others still write, the failure names it, the exit code is 74", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-mux-"));
    const seen = recorder();
    const mux = new Multiplexer([
      throwing("onEnd"),
      new FileReporter("json", dir, "report.json", renderJson),
      seen.reporter,
    ]);
    expect(await mux.onEnd!(REPORT)).toEqual(["report.json"]);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toMatchObject({ runId: "r1" });
    expect(mux.failures.map((f) => [f.reporter, f.hook])).toEqual([["broken", "onEnd"]]);
    expect(reporterFailureLine(mux.failures[0])).toBe("error REPORT_WRITE: broken reporter: disk on fire");
    expect(seen.errors).toEqual(["reporter broken failed in onEnd: disk on fire"]);
    expect(mux.exitCode(0)).toBe(EXIT_REPORT_WRITE);
    expect(mux.exitCode(1)).toBe(EXIT_REPORT_WRITE);
  });

  it("a reporter that throws during the run (onResult) is recorded with its hook and fails the run too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-mux-"));
    const mux = new Multiplexer([
      throwing("onResult", "html"),
      new FileReporter("json", dir, "report.json", renderJson),
    ]);
    await mux.onResult!({} as CheckResult);
    await mux.onEnd!(REPORT);
    expect(existsSync(join(dir, "report.json"))).toBe(true);
    expect(mux.failures.map(reporterFailureLine)).toEqual([
      "error REPORT_WRITE: html reporter (in onResult): disk on fire",
    ]);
    expect(mux.exitCode(0)).toBe(74);
  });

  it("a throw that is not an Error is still recorded; a sync onProgress throw too", async () => {
    const mux = new Multiplexer([
      {
        name: "odd",
        onBegin: () => {
          throw "nope";
        },
      },
      throwing("onProgress", "console"),
    ]);
    await mux.onBegin!({
      runId: "r",
      target: { kind: "sandbox", accountId: "1", region: "r" },
      taskCount: 0,
      personas: [],
      scenarios: [],
    });
    mux.onProgress!("…");
    expect(mux.failures.map((f) => `${f.reporter}: ${f.error.message}`)).toEqual([
      "odd: nope",
      "console: disk on fire",
    ]);
  });

  it("without failures the run's own exit code stands", async () => {
    const mux = new Multiplexer([{ name: "quiet", onEnd: () => ["x"] }]);
    await mux.onEnd!(REPORT);
    expect(mux.failures).toEqual([]);
    expect([0, 1, 3, 130].map((c) => mux.exitCode(c))).toEqual([0, 1, 3, 130]);
  });
});
