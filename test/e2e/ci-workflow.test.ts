// The ready pipelines of examples/ci: the GitHub workflow validates offline against GitHub's workflow
// schema (@action-validator/cli, which bundles it), the GitLab file has the structure GitLab needs, and
// the GitHub workflow's own `run:` steps run against the embedded sandbox: three shards, the artifact
// hand-over between jobs, the merge, verify, the job summary and the final verdict. `uses:` steps other
// than the artifact actions are skipped (checkout, setup-node, AWS credentials, JUnit publishing).
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDir } from "../helpers/fixtures.js";

const ROOT = resolve(".");
const GITHUB = "examples/ci/github/tip-proof-nightly.yml";
const GITLAB = "examples/ci/gitlab/.gitlab-ci.yml";
const VALIDATOR = join(ROOT, "node_modules/@action-validator/cli/cli.mjs");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
  if?: string;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(GITHUB, "utf8")) as Workflow;

function validate(file: string) {
  // No network: the schema is inside the validator's WebAssembly; a proxy that goes nowhere proves it.
  return spawnSync(process.execPath, [VALIDATOR, file], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9" },
  });
}

describe("the GitHub workflow", () => {
  it("validates offline against GitHub's workflow schema, and the validator bites on a broken copy", () => {
    const ok = validate(GITHUB);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const broken = join(tempDir("tip-wf-"), "broken.yml");
    writeFileSync(broken, readFileSync(GITHUB, "utf8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"));
    const bad = validate(broken);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/Additional property 'runs_on' is not allowed/);
  });

  it("runs nightly and on demand, with OIDC to AWS, a 3-shard matrix, a merge job, JUnit, the summary, artifacts and the allow-list", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(workflow.permissions["id-token"]).toBe("write");
    expect(workflow.env.TIP_ALLOWED_ACCOUNTS).toMatch(/\$\{\{ vars\.\w+ \}\}/);
    const shard = workflow.jobs.shard,
      merge = workflow.jobs.merge;
    expect(shard.strategy!.matrix.shard).toEqual([1, 2, 3]);
    expect(
      shard.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))?.with?.["role-to-assume"],
    ).toBeTruthy();
    expect(shard.steps.some((s) => s.run?.includes("npx tip-proof run --shard ${{ matrix.shard }}/3 "))).toBe(true);
    expect(shard.steps.some((s) => s.uses?.startsWith("actions/upload-artifact@"))).toBe(true);
    expect(merge.needs).toBe("shard");
    expect(merge.steps.some((s) => s.uses?.startsWith("actions/download-artifact@"))).toBe(true);
    expect(merge.steps.some((s) => s.run?.includes("npx tip-proof report merge "))).toBe(true);
    expect(merge.steps.find((s) => s.uses?.startsWith("mikepenz/action-junit-report@"))?.with?.report_paths).toBe(
      "merged/junit.xml",
    );
    expect(merge.steps.some((s) => s.run?.includes('merged/report.md >> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
    expect(merge.steps.filter((s) => s.uses?.startsWith("actions/upload-artifact@")).map((s) => s.with?.path)).toEqual([
      "merged/",
    ]);
  });
});

describe("the GitLab pipeline", () => {
  const gl = parse(readFileSync(GITLAB, "utf8")) as Record<string, Record<string, unknown>>;
  it("has 3 parallel shards by CI_NODE_INDEX/CI_NODE_TOTAL, an OIDC token, a merge job with JUnit, artifacts and the allow-list", () => {
    expect(gl.stages).toEqual(["test", "report"]);
    expect((gl.variables as Record<string, string>).TIP_ALLOWED_ACCOUNTS).toBeTruthy();
    const shard = gl["tip-proof-shard"] as {
      stage: string;
      parallel: number;
      id_tokens: Record<string, { aud: string }>;
      script: string[];
      artifacts: { when: string; paths: string[] };
    };
    expect(shard).toMatchObject({
      stage: "test",
      parallel: 3,
      artifacts: { when: "always", paths: ["shard-reports/"] },
    });
    expect(Object.values(shard.id_tokens)[0].aud).toBe("sts.amazonaws.com");
    expect(
      shard.script.some((l) =>
        l.includes("npx tip-proof run --shard $CI_NODE_INDEX/$CI_NODE_TOTAL -o shard-reports/shard-$CI_NODE_INDEX"),
      ),
    ).toBe(true);
    const merge = gl["tip-proof-merge"] as {
      stage: string;
      needs: { job: string; artifacts: boolean }[];
      script: string[];
      artifacts: { reports: { junit: string }; paths: string[] };
    };
    expect(merge.stage).toBe("report");
    expect(merge.needs).toEqual([{ job: "tip-proof-shard", artifacts: true }]);
    expect(merge.script).toContain("npx tip-proof report merge shard-reports/shard-* -o merged");
    expect(merge.artifacts).toMatchObject({ reports: { junit: "merged/junit.xml" }, paths: ["merged/"] });
    // Every job's script is plain shell (strings), as GitLab requires.
    for (const job of [shard, merge]) expect(job.script.every((l) => typeof l === "string")).toBe(true);
  });
});

// ---- Running the GitHub workflow's steps locally -------------------------------------------------

/** The local values of the workflow's expressions; an expression not listed fails the test (keep them in step). */
function expressions(
  matrix: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): (expr: string) => string {
  return (expr) => {
    const e = expr.trim();
    let m: RegExpMatchArray | null;
    if ((m = e.match(/^matrix\.(\w+)$/))) return matrix[m[1]] ?? fail(e);
    if ((m = e.match(/^vars\.(\w+)$/)))
      return (
        ({ TIP_SANDBOX_ACCOUNT_ID: "111122223333", AWS_REGION: "us-east-1" } as Record<string, string>)[m[1]] ?? fail(e)
      );
    if ((m = e.match(/^steps\.(\w+)\.outputs\.(\w+)$/))) return outputs[m[1]]?.[m[2]] ?? fail(e);
    if ((m = e.match(/^github\.(\w+)$/))) return m[1] === "run_id" ? "1" : fail(e);
    return fail(e);
  };
}
function fail(expr: string): never {
  throw new Error(`the test does not know the workflow expression \${{ ${expr} }}`);
}
const substitute = (s: string, value: (e: string) => string) =>
  s.replace(/\$\{\{([^}]*)\}\}/g, (_, e: string) => value(e));

/** A `tip-proof` on PATH that runs this checkout's bin (what `npx tip-proof` runs where tip-proof is a dependency). */
function binDir(): string {
  const dir = tempDir("tip-bin-");
  writeFileSync(
    join(dir, "tip-proof"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "bin/tip-proof.js")}" "$@"\n`,
  );
  chmodSync(join(dir, "tip-proof"), 0o755);
  return dir;
}

interface StepRun {
  job: string;
  step: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One job on a fresh "runner": a workspace with the repository's scenarios, artifacts uploaded to and downloaded from `store`. */
function runJob(
  name: string,
  matrix: Record<string, string>,
  store: string,
  bin: string,
): { runs: StepRun[]; summary: string; workspace: string } {
  const job = workflow.jobs[name];
  const workspace = tempDir(`tip-job-${name}-`);
  cpSync("scenarios", join(workspace, "scenarios"), { recursive: true });
  const summary = join(workspace, "..", `${name}-${matrix.shard ?? "x"}-summary.md`);
  writeFileSync(summary, "");
  const outputs: Record<string, Record<string, string>> = {};
  const value = expressions(matrix, outputs);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...workflow.env, ...job.env })) env[k] = substitute(String(v), value);
  // The sandbox stands in for AWS: the target stays the default (TIP_TARGET unset).
  delete env.TIP_TARGET;
  const runs: StepRun[] = [];
  for (const step of job.steps) {
    const label = substitute(step.name ?? step.uses ?? step.run ?? "", value);
    if (step.uses?.startsWith("actions/upload-artifact@")) {
      const dest = join(store, substitute(String(step.with!.name), value));
      cpSync(join(workspace, substitute(String(step.with!.path), value)), dest, { recursive: true });
      continue;
    }
    if (step.uses?.startsWith("actions/download-artifact@")) {
      // With a pattern and several matches, each artifact lands in <path>/<artifact name>/.
      const pattern = new RegExp(`^${String(step.with!.pattern).replace(/\*/g, ".*")}$`);
      for (const a of readdirSync(store).filter((n) => pattern.test(n)))
        cpSync(join(store, a), join(workspace, String(step.with!.path), a), { recursive: true });
      continue;
    }
    if (step.uses || !step.run || /^npm ci\b/.test(step.run)) continue;
    const output = join(workspace, "..", `${name}-${label.replace(/\W+/g, "-")}-output`);
    writeFileSync(output, "");
    const script = substitute(step.run, value).replace(/\bnpx tip-proof\b/g, "tip-proof");
    const r = spawnSync("bash", ["-eo", "pipefail", "-c", script], {
      cwd: workspace,
      encoding: "utf8",
      timeout: 240_000,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: process.env.HOME ?? "/tmp",
        CI: "true",
        GITHUB_ACTIONS: "true",
        // Every job of one workflow run has the same run id: the shards' run group (report merge checks it).
        GITHUB_RUN_ID: "4242",
        GITHUB_RUN_ATTEMPT: "1",
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        ...env,
      },
    });
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        readFileSync(output, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
    runs.push({ job: name, step: label, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0 && !step["continue-on-error"]) break;
  }
  return { runs, summary: readFileSync(summary, "utf8"), workspace };
}

describe("the GitHub workflow's commands against the sandbox", () => {
  it("three shards, the artifacts, the merge, verify, the job summary and the verdict", () => {
    const store = tempDir("tip-artifacts-"),
      bin = binDir();
    const shards = workflow.jobs.shard.strategy!.matrix.shard.map((i) =>
      runJob("shard", { shard: String(i) }, store, bin),
    );
    for (const s of shards) {
      const run = s.runs.find((r) => r.step.startsWith("Run shard"))!;
      expect(run.stderr, run.stdout).toBe("");
      expect(run.status, run.stdout + run.stderr).toBe(0);
      // --reporter github: each shard's summary, and no annotation on a clean run.
      expect(s.summary).toMatch(/^## tip-proof: PASS/);
      expect(run.stdout).not.toMatch(/^::(error|warning)/m);
    }
    expect(readdirSync(store).sort()).toEqual(["tip-proof-shard-1", "tip-proof-shard-2", "tip-proof-shard-3"]);

    const merge = runJob("merge", {}, store, bin);
    expect(
      merge.runs.map((r) => [r.step, r.status]),
      merge.runs.map((r) => r.stdout + r.stderr).join("\n"),
    ).toEqual([
      ["Merge the shards into one verdict", 0],
      ["Job summary", 0],
      ["Verdict", 0],
    ]);
    const merged = join(merge.workspace, "merged");
    const report = JSON.parse(readFileSync(join(merged, "report.json"), "utf8"));
    expect(report.summary).toMatchObject({ total: 18, passed: 18, exitCode: 0 });
    expect(merge.runs[0].stdout).toMatch(/intact|ok/i);
    expect(existsSync(join(merged, "junit.xml"))).toBe(true);
    // The job summary is the merged report.md, which starts with the verdict.
    expect(merge.summary).toBe(readFileSync(join(merged, "report.md"), "utf8"));
    expect(merge.summary.split("\n")[0]).toBe("# PASS: all 18 checks held, each confirmed in CloudTrail");
  }, 600_000);
});
