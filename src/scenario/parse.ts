// Pure scenario parsing: text in, a validated scenario or every problem at once out. No fs, no env
// access of its own (the caller passes the environment), bounded against hostile input.
import { isScalar, LineCounter, parseDocument, visit } from "yaml";
import { z } from "zod";
import { type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
import { interpolate, isVariableReference, withoutVariableValues } from "./interpolate.js";
import { SourceMap, type Path } from "../yaml/source-map.js";
import { checkRules, type ResolvedTokens } from "./rules.js";
import { scenarioSchema, SECRET_FIELDS, type Scenario } from "./schema.js";
import { suggest } from "./suggest.js";

/** Larger files are refused before parsing: scenarios are hand-written and small. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Scenarios nest a handful of levels; deeper input is hostile (it overflows recursive parsers). */
export const MAX_NESTING = 64;
/** Aliases are useful for sharing column lists; an alias bomb must not expand. */
export const MAX_ALIAS_COUNT = 100;

export interface ValidScenario extends Scenario {
  file: string;
  tokens: ResolvedTokens;
}

export interface ParseResult {
  scenario?: ValidScenario;
  diagnostics: Diagnostic[];
}

export function parseScenario(text: string, file: string, env: Record<string, string | undefined>): ParseResult {
  const diags: Diagnostic[] = [];
  const add = (code: DiagnosticCode, pos: { line: number; column: number }, message: string) =>
    diags.push({ code, file, line: pos.line, column: pos.column, message, severity: "error" });

  if (Buffer.byteLength(text, "utf8") > MAX_SCENARIO_BYTES) {
    add(
      "SCN016",
      { line: 1, column: 1 },
      `scenario file is ${Buffer.byteLength(text, "utf8")} bytes; the limit is ${MAX_SCENARIO_BYTES}. Split it into several scenario files.`,
    );
    return { diagnostics: diags };
  }
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep) {
    add("SCN023", deep, `nesting deeper than ${MAX_NESTING} levels; scenarios need only a few. Flatten the structure.`);
    return { diagnostics: diags };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const map = new SourceMap(doc, lines);
  let fatal = false;
  for (const e of doc.errors) {
    const pos = map.offsetPosition(e.pos[0]);
    if (e.code === "DUPLICATE_KEY") add("SCN002", pos, `duplicate key: ${firstLine(e.message)}. Keep one of them.`);
    else {
      fatal = true;
      add("SCN001", pos, `${firstLine(e.message)}. Fix the YAML syntax here.`);
    }
  }
  if (fatal) return { diagnostics: diags };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    add(
      "SCN015",
      { line: 1, column: 1 },
      `${(e as Error).message}; at most ${MAX_ALIAS_COUNT} alias expansions are allowed. Write the values out or use fewer aliases.`,
    );
    return { diagnostics: diags };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    add(
      "SCN004",
      { line: 1, column: 1 },
      "a scenario is a YAML mapping with version, name, target, personas and checks. See docs/scenario-language.md.",
    );
    return { diagnostics: diags };
  }

  checkSecrets(doc, map, (pos, field) =>
    add(
      "SCN007",
      pos,
      `${field} must come from the environment, written as \${VAR} (e.g. ${field}: \${ARNAV_PASSWORD}); secrets are never inline.`,
    ),
  );

  const missing: { path: Path; variable: string }[] = [];
  const used = new Map<string, string>();
  const resolved = interpolate(raw, env, [], missing, used);
  const scrub = () => {
    for (const d of diags) d.message = withoutVariableValues(d.message, used);
    return diags;
  };
  for (const m of missing)
    add(
      "SCN006",
      map.position(m.path),
      `variable \${${m.variable}} is not defined. Set it in the environment or in .env (see .env.example), or write \${${m.variable}:-default}.`,
    );

  const parsed = scenarioSchema.safeParse(resolved);
  if (!parsed.success) {
    // A value emptied by an undefined variable was already reported (SCN006); don't report it twice.
    const emptied = new Set(missing.map((m) => m.path.join("\u0000")));
    for (const issue of parsed.error.issues)
      if (!emptied.has(issue.path.join("\u0000"))) addZodIssue(issue, map, add, resolved);
    // Reference rules still run on the partial data, so a person sees every problem at once.
    try {
      const partial = checkRules(resolved as Scenario, file, map).diagnostics;
      const seen = new Set(diags.map((d) => `${d.line}:${d.column}`));
      diags.push(
        ...partial.filter((d) => d.code !== "SCN020" && d.code !== "SCN005" && !seen.has(`${d.line}:${d.column}`)),
      );
    } catch {
      /* the schema errors above already explain the file */
    }
    return { diagnostics: scrub() };
  }
  const { diagnostics: ruleDiags, tokens } = checkRules(parsed.data, file, map);
  diags.push(...ruleDiags);
  if (diags.some((d) => d.severity === "error")) return { diagnostics: scrub() };
  return { scenario: { ...parsed.data, file, tokens }, diagnostics: scrub() };
}

function addZodIssue(
  issue: z.core.$ZodIssue,
  map: SourceMap,
  add: (c: DiagnosticCode, p: { line: number; column: number }, m: string) => void,
  input: unknown,
): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const where = path.length ? formatPath(path) : "the file";
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) {
      const hint = suggest(key);
      add(
        "SCN003",
        map.keyPosition(path, key),
        `unknown key "${key}" in ${where}${hint ? `; did you mean "${hint}"?` : ". Remove it or check the spelling (see docs/scenario-language.md)."}`,
      );
    }
    return;
  }
  // Missing, whatever zod calls it (an absent enum is "invalid option", an absent literal "invalid input").
  const absent = path.length > 0 && valueAt(input, path) === undefined && parentExists(input, path);
  if (absent || (issue.code === "invalid_type" && /received undefined/.test(issue.message))) {
    const parent = path.slice(0, -1);
    add(
      "SCN005",
      parent.length ? map.position(parent, { key: true }) : { line: 1, column: 1 },
      `missing required field "${String(path[path.length - 1])}" in ${parent.length ? formatPath(parent) : "the scenario"}. Add it.`,
    );
    return;
  }
  add("SCN004", map.position(path), `${where}: ${issue.message}.`);
}

/** Scans the syntax tree, not the merged object, so a duplicate key cannot hide an inline secret. */
function checkSecrets(
  doc: ReturnType<typeof parseDocument>,
  map: SourceMap,
  report: (pos: { line: number; column: number }, field: string) => void,
): void {
  visit(doc, {
    Pair(_key, pair) {
      const k = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!(SECRET_FIELDS as readonly string[]).includes(k)) return;
      const v = isScalar(pair.value) ? pair.value.value : undefined;
      if (!isVariableReference(v))
        report(
          map.offsetPosition(
            (pair.value as { range?: number[] } | null)?.range?.[0] ??
              (pair.key as { range?: number[] }).range?.[0] ??
              0,
          ),
          k,
        );
    },
  });
}

const firstLine = (s: string) => s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
}

/** Cheap pre-scan before parsing: flow-collection depth and indentation depth, outside quotes and comments. */
function nestingBeyond(text: string, max: number): { line: number; column: number } | undefined {
  let depth = 0,
    line = 1,
    col = 0,
    quote = "",
    comment = false,
    lineStart = true,
    indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    col++;
    if (ch === "\n") {
      line++;
      col = 0;
      comment = false;
      lineStart = true;
      indent = 0;
      if (quote === "'") quote = "";
      continue;
    }
    if (lineStart) {
      if (ch === " ") {
        indent++;
        continue;
      }
      lineStart = false;
      // Indentation of two spaces per level: far past `max` levels is hostile too.
      if (indent > max * 4 && ch !== "#") return { line, column: col };
    }
    if (comment) continue;
    if (quote) {
      if (ch === quote && text[i - 1] !== "\\") quote = "";
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      comment = true;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    if (ch === "[" || ch === "{") {
      if (++depth > max) return { line, column: col };
    } else if (ch === "]" || ch === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
function parentExists(root: unknown, path: readonly (string | number)[]): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === "object";
}
