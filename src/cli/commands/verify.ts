// `verify <dir>`: is this report folder exactly what the run wrote? Recomputes the SHA-256 of every
// file listed in manifest.json and names each modified, missing or extra file.
// Exit codes: 0 intact, 1 tampered or incomplete (a report the run could not write), 2 not a report
// folder (or an unreadable manifest).
import { verifyFolder } from "../../integrity/folder.js";
import { paint, type Screen } from "../../reporters/screen.js";

export async function verifyCommand(dir: string, screen: Screen, cwd = process.cwd()): Promise<number> {
  const p = paint(screen);
  const v = verifyFolder(dir, cwd);
  if (v.status === "invalid") {
    screen.write(`${p.red("NOT VERIFIABLE")}: ${v.message}\n`);
    return 2;
  }
  const m = v.manifest!;
  screen.write(
    `${dir}: run ${m.runId}, ${m.files.length} file(s) in manifest.json, written ${m.createdAt} by ${m.tool.name} ${m.tool.version}\n`,
  );
  for (const f of v.files) {
    const label = {
      ok: p.green("ok      "),
      modified: p.red("MODIFIED"),
      missing: p.red("MISSING "),
      extra: p.yellow("EXTRA   "),
    }[f.status];
    const detail =
      f.status === "modified"
        ? ` sha256 ${f.actual}, manifest says ${f.expected}`
        : f.status === "missing"
          ? " listed in manifest.json but not in the folder"
          : f.status === "extra"
            ? " not covered by manifest.json (not part of the run's evidence)"
            : ` sha256 ${f.expected}`;
    screen.write(`  ${label} ${f.path}${detail}\n`);
  }
  for (const problem of v.problems) screen.write(`  ${p.red("MISMATCH")} ${problem}\n`);
  for (const f of m.incomplete ?? []) screen.write(`  ${p.red("NOT WRITTEN")} ${f.reporter}: ${f.error}\n`);
  for (const s of m.inputs.scenarios) {
    const state = v.inputs.find((i) => i.file === s.file)?.status;
    const note =
      state === "matches"
        ? "the file here has the same bytes"
        : state === "differs"
          ? "the file here has changed since the run"
          : "not found here";
    screen.write(`  input    ${s.file} sha256 ${s.sha256}${s.gitBlob ? ` git blob ${s.gitBlob}` : ""} (${note})\n`);
  }
  if (m.inputs.git)
    screen.write(`  git      ${m.inputs.git.commit}${m.inputs.git.ref ? ` (${m.inputs.git.ref})` : ""}\n`);
  // manifest.json can be rewritten by whoever edits the folder; this value, recorded elsewhere when the
  // report was filed (ticket, CI log), is what anchors it.
  screen.write(`manifest.json sha256 ${v.manifestSha256}\n`);
  // The files that are there match, but the run could not write them all: evidence with a gap (exit 74
  // when it ran). Not INTACT: `confirm` writes the missing formats again.
  if (v.status === "intact" && m.incomplete?.length) {
    screen.write(
      `${p.red("INCOMPLETE")}: all ${m.files.length} files match manifest.json, but the run could not write ${m.incomplete.map((f) => `${f.reporter} (${f.error})`).join(", ")}; ${m.incomplete.some((f) => f.reporter === "json" || f.reporter === "facts") ? "without report.json or facts.json the run (or shard) has to be repeated" : `\`tip-proof confirm ${dir}\` writes them again`}\n`,
    );
    return 1;
  }
  if (v.status === "intact") {
    screen.write(`${p.green("INTACT")}: all ${m.files.length} files match manifest.json\n`);
    return 0;
  }
  const n = (s: string) => v.files.filter((f) => f.status === s).length;
  const parts = [
    ["modified", n("modified")],
    ["missing", n("missing")],
    ["extra", n("extra")],
    ["inconsistent", v.problems.length],
  ]
    .filter(([, c]) => c)
    .map(([k, c]) => `${c} ${k}`);
  screen.write(`${p.red("TAMPERED")}: ${parts.join(", ")}\n`);
  return 1;
}
