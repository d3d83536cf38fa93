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
): unknown {
  if (typeof value === "string") {
    return value.replace(REF, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== "") return v;
      if (fallback !== undefined) return fallback;
      missing.push({ path, variable: name });
      return "";
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], missing));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, env, [...path, k], missing);
    return out;
  }
  return value;
}

export const isVariableReference = (s: unknown): boolean =>
  typeof s === "string" && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(s);
