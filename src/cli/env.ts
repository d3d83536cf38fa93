// The environment a run sees: the process environment, plus .env (never overriding what is already
// set), plus, against the sandbox, the sandbox's own identifiers (which win: a .env that points at a
// real account must not leak into a sandbox run).
import { readFileSync, statSync } from "node:fs";
import { parse } from "dotenv";

export function loadEnv(cwd = process.cwd(), base: NodeJS.ProcessEnv = process.env, file = ".env"): Record<string, string | undefined> {
  const path = `${cwd}/${file}`;
  // Only a regular file: a named pipe called .env would block the read forever.
  const isFile = (() => { try { return statSync(path).isFile(); } catch { return false; } })();
  const fromFile = isFile ? parse(readFileSync(path)) : {};
  return { ...fromFile, ...base };
}
