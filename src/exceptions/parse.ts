// Pure parsing of the exception register: text in, the validated entries or every problem at once
// out, each as `file:line:col EXCnnn message` with the fix. Patterns are checked against the scenarios
// of the run: a pattern that names nothing is a typo, and a typo must never silently waive nothing.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { Diagnostic, DiagnosticCode } from "../scenario/diagnostics.js";
import { SourceMap, type Path } from "../yaml/source-map.js";
import { exceptionsFileSchema, type ExceptionsFile } from "./schema.js";

/** Larger files are refused before parsing: a register is hand-written. */
export const MAX_EXCEPTIONS_BYTES = 1024 * 1024;

/** What the run's scenarios offer to name: each scenario's personas and checks (check ids and matrix resources). */
export interface ExceptionTargets {
  scenario: string;
  personas: string[];
  checks: string[];
}

export interface ExceptionsParseResult {
  register?: ExceptionsFile;
  diagnostics: Diagnostic[];
}

/** `*` matches any run of characters; the rest is literal (the schema allows only name characters and `*`). */
export function patternMatches(pattern: string, name: string): boolean {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
      .join(".*")}$`,
  ).test(name);
}

export function parseExceptions(text: string, file: string, targets: ExceptionTargets[]): ExceptionsParseResult {
  const diags: Diagnostic[] = [];
  const add = (code: DiagnosticCode, pos: { line: number; column: number }, message: string) =>
    diags.push({ code, file, line: pos.line, column: pos.column, message, severity: "error" });
  if (Buffer.byteLength(text, "utf8") > MAX_EXCEPTIONS_BYTES) {
    add(
      "EXC001",
      { line: 1, column: 1 },
      `the exceptions file is larger than ${MAX_EXCEPTIONS_BYTES} bytes. Keep the register to the exceptions in force.`,
    );
    return { diagnostics: diags };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const map = new SourceMap(doc, lines);
  for (const e of doc.errors)
    add(
      "EXC001",
      map.offsetPosition(e.pos[0]),
      `${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}. Fix the YAML here.`,
    );
  if (diags.length) return { diagnostics: diags };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    add("EXC001", { line: 1, column: 1 }, `${(e as Error).message}. Write the values out.`);
    return { diagnostics: diags };
  }

  const parsed = exceptionsFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) zodIssue(issue, raw, map, add);
    return { diagnostics: diags };
  }
  checkEntries(parsed.data, targets, map, add);
  return diags.length ? { diagnostics: diags } : { register: parsed.data, diagnostics: [] };
}

type Add = (code: DiagnosticCode, pos: { line: number; column: number }, message: string) => void;

function zodIssue(issue: z.core.$ZodIssue, raw: unknown, map: SourceMap, add: Add): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const where = path.length ? pathText(path) : "the file";
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys)
      add(
        "EXC002",
        map.keyPosition(path, key),
        `unknown key "${key}" in ${where}. An exception has id, scenario, personas, checks (or cell), justification, owner, ticket and expires (docs/exceptions.md).`,
      );
    return;
  }
  const absent = path.length > 0 && valueAt(raw, path) === undefined && isObject(valueAt(raw, path.slice(0, -1)));
  if (absent) {
    const parent = path.slice(0, -1),
      field = String(path[path.length - 1]);
    const why = {
      owner: "who answers for it",
      expires: "the last day it covers (YYYY-MM-DD)",
      justification: "why the failure is accepted",
      ticket: "where the fix is tracked",
      id: "a name for reports and report diff",
      version: "1",
      exceptions: "the list of exceptions",
    }[field];
    add(
      "EXC003",
      parent.length ? map.position(parent, { key: true }) : { line: 1, column: 1 },
      `missing required field "${field}" in ${parent.length ? pathText(parent) : "the file"}. Add it${why ? ` (${why})` : ""}: an exception without an owner and an expiry is a hidden one.`,
    );
    return;
  }
  add("EXC004", map.position(path), `${where}: ${issue.message}.`);
}

function checkEntries(reg: ExceptionsFile, targets: ExceptionTargets[], map: SourceMap, add: Add): void {
  const seen = new Map<string, number>();
  const scenarioNames = targets.map((t) => t.scenario);
  reg.exceptions.forEach((e, i) => {
    const at = (...p: Path) => map.position(["exceptions", i, ...p]);
    if (seen.has(e.id))
      add(
        "EXC007",
        at("id"),
        `exception id "${e.id}" is used twice (first at exceptions[${seen.get(e.id)}]). Give each exception its own id.`,
      );
    else seen.set(e.id, i);
    const pair = e.personas !== undefined || e.checks !== undefined;
    if (e.cell ? pair : !(e.personas && e.checks)) {
      add(
        "EXC008",
        map.position(["exceptions", i], { key: false }),
        `exceptions[${i}] ("${e.id}") needs both personas and checks, or a cell { persona, resource }, not ${e.cell ? "both forms" : "only one list"}.`,
      );
      return;
    }
    let scope = targets;
    if (e.scenario !== undefined) {
      scope = targets.filter((t) => t.scenario === e.scenario);
      if (!scope.length) {
        add(
          "EXC009",
          at("scenario"),
          `scenario "${e.scenario}" is not one of this run's scenarios (${scenarioNames.join(", ") || "none"}). Use a scenario's name, or leave scenario out.`,
        );
        return;
      }
    }
    const personas = [...new Set(scope.flatMap((t) => t.personas))],
      checks = [...new Set(scope.flatMap((t) => t.checks))];
    const personaPatterns = e.cell
      ? [{ p: e.cell.persona, path: ["cell", "persona"] }]
      : e.personas!.map((p, j) => ({ p, path: ["personas", j] }));
    const checkPatterns = e.cell
      ? [{ p: e.cell.resource, path: ["cell", "resource"] }]
      : e.checks!.map((p, j) => ({ p, path: ["checks", j] }));
    for (const { p, path } of personaPatterns)
      if (!personas.some((n) => patternMatches(p, n)))
        add(
          "EXC005",
          at(...path),
          `"${p}" names no persona${e.scenario ? ` of scenario ${e.scenario}` : " of the scenarios"}${hint(p, personas) || "."} Personas: ${personas.join(", ")}.`,
        );
    for (const { p, path } of checkPatterns)
      if (!checks.some((n) => patternMatches(p, n)))
        add(
          "EXC006",
          at(...path),
          `"${p}" names no ${e.cell ? "matrix resource" : "check"}${e.scenario ? ` of scenario ${e.scenario}` : " of the scenarios"}${hint(p, checks) || "."} Checks: ${checks.join(", ")}.`,
        );
  });
}

/** "; did you mean …?" for the closest name, when one is close. */
function hint(pattern: string, names: string[]): string {
  const plain = pattern.replace(/\*/g, "");
  const best = names.map((n) => ({ n, d: distance(plain, n) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(plain.length / 3)) ? `; did you mean "${best.n}"?` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]++;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

const isObject = (v: unknown) => v !== null && typeof v === "object";
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (!isObject(v)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
const pathText = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
