// ${VAR} and ${VAR:-default} in string values, from the environment (and .env, loaded by the CLI).
// An undefined variable is a diagnostic, never an empty string: a blank ARN must not reach AWS.
import type { Path } from "../yaml/source-map.js";

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Unresolved {
  path: Path;
  variable: string;
}

export function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  path: Path = [],
  missing: Unresolved[] = [],
  /** Each value taken from the environment → the variable it came from (diagnostics name the variable). */
  used: Map<string, string> = new Map(),
): unknown {
  if (typeof value === "string") {
    return value.replace(REF, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== "") {
        used.set(v, name);
        return v;
      }
      if (fallback !== undefined) return fallback;
      missing.push({ path, variable: name });
      return "";
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], missing, used));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, env, [...path, k], missing, used);
    return out;
  }
  return value;
}

export const isVariableReference = (s: unknown): boolean =>
  typeof s === "string" && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(s);

/**
 * A diagnostic repeats what the file says, never what a variable held: each value of 6 or more
 * characters taken from the environment (a password put where a name belongs, `use: ${SECRET}`) is
 * written back as its `${VAR}` (review s24b 8). Shorter values are left: they would match by chance.
 */
export function withoutVariableValues(message: string, used: ReadonlyMap<string, string>): string {
  let out = message;
  for (const [value, name] of [...used].sort((a, b) => b[0].length - a[0].length))
    if (value.length >= 6) out = out.split(value).join(`\${${name}}`);
  return out;
}
