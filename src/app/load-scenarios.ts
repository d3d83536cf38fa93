// Finds and reads scenario files (the only fs access for scenarios) and hands their text to the pure
// parser. Oversized files are refused from their size, and anything but a regular file (a named pipe,
// a device such as /dev/zero) from its type, before reading a byte: either could block or never end.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { MAX_SCENARIO_BYTES, parseScenario, type ValidScenario } from "../scenario/parse.js";
import type { Diagnostic } from "../scenario/diagnostics.js";

export interface LoadedScenarios {
  scenarios: ValidScenario[];
  files: { file: string; name: string; sha256: string; targetSha256?: string }[];
  diagnostics: Diagnostic[];
}

export function discover(paths: string[], cwd: string): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      diagnostics.push({
        code: "SCN021",
        file: relative(cwd, p) || p,
        line: 1,
        column: 1,
        message: "no such file or directory. Give a scenario file or a folder of them.",
        severity: "error",
      });
      continue;
    }
    if (st.isDirectory()) {
      const found = readdirSync(p)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(p, f));
      if (!found.length)
        diagnostics.push({
          code: "SCN022",
          file: relative(cwd, p) || p,
          line: 1,
          column: 1,
          message: "no *.yaml scenario files in this folder.",
          severity: "error",
        });
      files.push(...found);
    } else files.push(p);
  }
  return { files, diagnostics };
}

export function loadScenarios(paths: string[], env: Record<string, string | undefined>, cwd: string): LoadedScenarios {
  // Relative paths are relative to `cwd` (the library may run for another folder than the process's).
  const { files, diagnostics } = discover(
    paths.map((p) => resolve(cwd, p)),
    cwd,
  );
  const out: LoadedScenarios = { scenarios: [], files: [], diagnostics };
  for (const f of files) {
    const shown = relative(cwd, f) || f;
    let text: string;
    try {
      const st = statSync(f);
      if (!st.isFile()) {
        diagnostics.push({
          code: "SCN021",
          file: shown,
          line: 1,
          column: 1,
          message: "not a regular file (a named pipe, device or socket); give a scenario file or a folder of them.",
          severity: "error",
        });
        continue;
      }
      const size = st.size;
      if (size > MAX_SCENARIO_BYTES) {
        diagnostics.push({
          code: "SCN016",
          file: shown,
          line: 1,
          column: 1,
          message: `scenario file is ${size} bytes; the limit is ${MAX_SCENARIO_BYTES}. Split it into several scenario files.`,
          severity: "error",
        });
        continue;
      }
      const bytes = readFileSync(f);
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      const r = parseScenario(text, shown, env);
      diagnostics.push(...r.diagnostics);
      if (r.scenario) {
        out.scenarios.push(r.scenario);
        out.files.push({
          file: shown,
          name: r.scenario.name,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          // The file's bytes leave its ${…} variables open: shards run with other values (another
          // application, carrier role or account) are other runs, and a merge compares this too.
          targetSha256: createHash("sha256").update(JSON.stringify(r.scenario.target)).digest("hex"),
        });
      }
    } catch (e) {
      diagnostics.push({
        code: "SCN021",
        file: shown,
        line: 1,
        column: 1,
        message: `cannot read the file: ${(e as Error).message}. Scenario files must be readable UTF-8 text.`,
        severity: "error",
      });
    }
  }
  const names = new Map<string, string>();
  for (const s of out.scenarios) {
    if (names.has(s.name))
      diagnostics.push({
        code: "SCN009",
        file: s.file,
        line: 1,
        column: 1,
        message: `scenario name "${s.name}" is also used by ${names.get(s.name)}; scenario names must be unique in a run.`,
        severity: "error",
      });
    names.set(s.name, s.file);
  }
  return out;
}
