// tip-proof scenarios as a vitest suite: one test per persona × check, through the same library as the
// CLI (the public entry, src/index.ts), so vitest's reporters, filters and watch mode work on them.
//
// @example
// // test/tip.test.ts
// import { defineTipSuite } from "tip-proof/vitest"; // in this repo: ../../src/integrations/vitest/index.js
// defineTipSuite({ paths: ["scenarios"] });
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, it } from "vitest";
import {
  loadEnv,
  planSuite,
  resolveRunConfig,
  runTipProof,
  type CheckResult,
  type RunOutcome,
  type RunReport,
  type Screen,
} from "../../index.js";
import { assertResult, runLevelProblems, type PendingPolicy } from "./assert.js";

export interface TipSuiteOptions {
  /** Scenario files or folders. @default ["scenarios"] */
  paths?: string[];
  /** @default "sandbox" (or "aws" when TIP_TARGET=aws) */
  target?: "sandbox" | "aws";
  /** Sandbox fixture name or path. @default "bank" */
  fixture?: string;
  /** Report folder; the run's usual precedence applies when unset (TIP_REPORT_DIR, then reports/<run-id>/). */
  output?: string;
  /** File reporters. @default ["json", "md", "html", "junit", "manifest"] */
  reporter?: string[];
  /** Pending CloudTrail evidence: skip the test with a note, or fail it. @default "skip" */
  pending?: PendingPolicy;
  /** Print the run's console output (vitest prints its own). @default false */
  console?: boolean;
  /** Time for the whole run in beforeAll. @default 120 s against the sandbox, 45 min against AWS */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface TipSuite {
  /** The run's report, once beforeAll has finished. */
  readonly report: RunReport | undefined;
  readonly outputDir: string | undefined;
}

const quiet: Screen = { write: () => {}, isTTY: false, color: false };
const stdout: Screen = {
  write: (t) => {
    process.stdout.write(t);
  },
  isTTY: false,
  color: false,
};

export function defineTipSuite(o: TipSuiteOptions = {}): TipSuite {
  const cwd = o.cwd ?? process.cwd();
  const env = o.env ?? process.env;
  const paths = o.paths ?? ["scenarios"];
  // The CLI's rules (resolved at collection time): a TIP_TARGET other than "sandbox" or "aws" is a
  // configuration error, never a silent sandbox run.
  const config = resolveRunConfig({
    flags: {
      paths,
      target: o.target,
      fixture: o.fixture,
      output: o.output,
      replace: true,
      reporter: o.reporter ?? ["json", "md", "html", "junit", "manifest"],
    },
    env: loadEnv(cwd, env),
    cwd,
  });
  const target = config.target;
  const plan = planSuite({ paths, target, cwd, env });
  let run: RunOutcome | undefined;
  let failure: Error | undefined;
  const byId = new Map<string, CheckResult>();

  describe(`tip-proof ${paths.join(", ")} (${target})`, () => {
    if (plan.problems.length || !plan.tests.length) {
      it("scenario files are valid", () => {
        throw new Error(plan.problems.join("\n") || "no persona × check to run");
      });
      return;
    }
    beforeAll(
      async () => {
        try {
          run = await runTipProof(config, { screen: o.console ? stdout : quiet });
          for (const r of run.report?.results ?? []) byId.set(r.id, r);
        } catch (e) {
          failure = e instanceof Error ? e : new Error(String(e));
        }
      },
      o.timeoutMs ?? (target === "aws" ? 45 * 60_000 : 120_000),
    );

    for (const scenario of [...new Set(plan.tests.map((t) => t.scenario))]) {
      describe(scenario, () => {
        for (const t of plan.tests.filter((x) => x.scenario === scenario)) {
          it(`${t.persona} × ${t.check}`, (ctx) => {
            if (failure) throw new Error(`the tip-proof run failed before producing results: ${failure.message}`);
            const r = byId.get(t.id);
            if (!r)
              throw new Error(
                `no result for ${t.id} in the run's report (the scenario changed between planning and the run?)`,
              );
            const { skip } = assertResult(r, o.pending);
            if (skip) ctx.skip(skip);
          });
        }
      });
    }
    // Last: a run can fail where no check does (its premise, unwritten reports, an interruption).
    it("the run as a whole: premise held, reports written, not interrupted", () => {
      if (failure) throw new Error(`the tip-proof run failed before producing results: ${failure.message}`);
      const problems = run ? runLevelProblems(run) : ["the run produced no outcome"];
      if (problems.length) throw new Error(problems.join("\n"));
    });
  });

  return {
    get report() {
      return run?.report;
    },
    get outputDir() {
      return run?.outputDir;
    },
  };
}

/** A fresh folder under the OS temp dir, for suites that should not write into reports/. */
export const tempReportDir = (name = "tip-vitest"): string => join(tmpdir(), `${name}-${process.pid}-${Date.now()}`);
