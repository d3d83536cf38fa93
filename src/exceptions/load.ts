// Reads the run's exception register from disk and validates it against the run's scenarios. The one
// place of the register that does I/O; parse.ts and apply.ts are pure.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../scenario/diagnostics.js";
import type { ValidScenario } from "../scenario/parse.js";
import { exceptionTargets, type LoadedRegister } from "./apply.js";
import { parseExceptions } from "./parse.js";

export interface RegisterLoad {
  register?: LoadedRegister;
  diagnostics: Diagnostic[];
}

/** `path`: absolute or relative to `cwd`. The file is named in reports relative to `cwd`, as scenario files are. */
export function loadExceptions(path: string, cwd: string, scenarios: ValidScenario[]): RegisterLoad {
  const abs = resolve(cwd, path);
  const file = relative(cwd, abs) || abs;
  // The file as a whole cannot be read as text: one EXC001 at its start.
  const unreadable = (message: string) => ({
    diagnostics: [{ code: "EXC001" as const, file, line: 1, column: 1, severity: "error" as const, message }],
  });
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return unreadable(
      `cannot read the exceptions file: ${why}. Check the path (--exceptions, TIP_EXCEPTIONS, or the scenario's exceptions:, which is relative to the scenario file).`,
    );
  }
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let source: string;
  try {
    source = text.decode(bytes);
  } catch {
    return unreadable("the exceptions file is not UTF-8 text. Save it as UTF-8.");
  }
  const parsed = parseExceptions(source, file, exceptionTargets(scenarios));
  if (!parsed.register) return { diagnostics: parsed.diagnostics };
  return {
    register: { file, sha256: createHash("sha256").update(bytes).digest("hex"), register: parsed.register },
    diagnostics: [],
  };
}
