import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitInfo } from "./git.js";
import { buildManifest, checkFiles, crossCheck, gitBlobId, manifestSchema, sha256 } from "./manifest.js";
import { sampleReport } from "../../test/helpers/sample-report.js";

const enc = (s: string) => new TextEncoder().encode(s);
const files = { "report.json": enc("{}\n"), "report.md": enc("# PASS\n") };
const manifest = () =>
  buildManifest({
    report: sampleReport(),
    files: Object.entries(files).map(([path, bytes]) => ({ path, bytes })),
    createdAt: "2026-11-22T09:00:04.000Z",
    git: { commit: "a".repeat(40) },
  });

describe("manifest", () => {
  it("lists every file with its SHA-256 and size, and the scenario inputs", () => {
    const m = manifest();
    expect(m.files).toEqual([
      { path: "report.json", sha256: sha256("{}\n"), bytes: 3 },
      { path: "report.md", sha256: sha256("# PASS\n"), bytes: 7 },
    ]);
    expect(m.inputs.scenarios[0]).toMatchObject({
      file: "scenarios/bank.yaml",
      sha256: sampleReport().scenarios[0].sha256,
    });
    expect(m.inputs.git).toEqual({ commit: "a".repeat(40) });
    expect(manifestSchema.parse(m)).toEqual(m);
  });

  it("finds a changed byte, a missing file and an extra file, and ignores OS clutter", () => {
    const changed = { ...files, "report.md": enc("# PASS!\n") };
    const checks = checkFiles(
      manifest(),
      (p) => (p === "report.json" ? undefined : changed[p as keyof typeof changed]),
      ["report.md", "manifest.json", "notes.txt", ".DS_Store"],
    );
    expect(checks.map((c) => [c.path, c.status])).toEqual([
      ["report.json", "missing"],
      ["report.md", "modified"],
      ["notes.txt", "extra"],
    ]);
  });

  it("passes an untouched folder", () => {
    const checks = checkFiles(manifest(), (p) => files[p as keyof typeof files], [
      "report.json",
      "report.md",
      "manifest.json",
    ]);
    expect(checks.every((c) => c.status === "ok")).toBe(true);
  });

  it("refuses paths that would make verify read outside the folder", () => {
    for (const path of ["../secret", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ""]) {
      const m = { ...manifest(), files: [{ path, sha256: "0".repeat(64), bytes: 0 }] };
      expect(manifestSchema.safeParse(m).success, path).toBe(false);
    }
  });

  it("notices a report.json from another run next to the manifest", () => {
    expect(crossCheck(manifest(), sampleReport())).toEqual([]);
    expect(crossCheck(manifest(), { ...sampleReport(), runId: "other" })).toEqual([
      "report.json is run other, manifest.json is run 20261122-090000-abcd",
    ]);
  });

  it("hashes the exception register as an input, and notices a report.json with another register", () => {
    const withRegister = {
      ...sampleReport(),
      exceptions: { file: "exceptions.yaml", sha256: "b".repeat(64), entries: [] },
    };
    const m = buildManifest({ report: withRegister, files: [], createdAt: "2026-11-22T09:00:00Z" });
    expect(m.inputs.exceptions).toEqual({ file: "exceptions.yaml", sha256: "b".repeat(64) });
    expect(manifestSchema.parse(m)).toEqual(m);
    expect(crossCheck(m, withRegister)).toEqual([]);
    expect(
      crossCheck(m, { ...withRegister, exceptions: { ...withRegister.exceptions, sha256: "c".repeat(64) } }),
    ).toEqual(["report.json and manifest.json name different exception registers"]);
    expect(crossCheck(m, sampleReport())).toEqual(["report.json and manifest.json name different exception registers"]);
  });

  it("computes git's blob id (same as `git hash-object`)", () => {
    expect(gitBlobId(enc("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});

describe("gitInfo (reads .git without spawning git)", () => {
  const repo = (head: string, extra: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), "tip-git-"));
    mkdirSync(join(dir, ".git/refs/heads"), { recursive: true });
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "scenarios/a.yaml"), "x");
    writeFileSync(join(dir, ".git/HEAD"), head);
    for (const [p, text] of Object.entries(extra)) writeFileSync(join(dir, ".git", p), text);
    return dir;
  };
  const sha = "0123456789abcdef0123456789abcdef01234567";

  it("follows a branch ref", () => {
    expect(
      gitInfo(join(repo("ref: refs/heads/main\n", { "refs/heads/main": `${sha}\n` }), "scenarios/a.yaml")),
    ).toEqual({ commit: sha, ref: "refs/heads/main" });
  });
  it("reads packed refs", () => {
    expect(
      gitInfo(
        join(repo("ref: refs/heads/main\n", { "packed-refs": `# pack-refs\n${sha} refs/heads/main\n` }), "scenarios"),
      ),
    ).toEqual({ commit: sha, ref: "refs/heads/main" });
  });
  it("reads a detached HEAD", () => {
    expect(gitInfo(repo(`${sha}\n`))).toEqual({ commit: sha });
  });
  it("gives nothing for an unborn branch or no repository", () => {
    expect(gitInfo(repo("ref: refs/heads/main\n"))).toBeUndefined();
    expect(gitInfo("/")).toBeUndefined();
  });
});
