// The environment a run sees: the given environment (the process's, from the CLI), plus .env in the
// working folder (never overriding what is already set). Against the sandbox, the sandbox's own
// identifiers are added later and win (src/app/sandbox.ts): a .env that points at a real account must
// not leak into a sandbox run.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "dotenv";

export type Env = Record<string, string | undefined>;

export function loadEnv(cwd: string, base: Env, file = ".env"): Env {
  const path = join(cwd, file);
  // Only a regular file: a named pipe called .env would block the read forever.
  const isFile = (() => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  })();
  const fromFile = isFile ? parse(readFileSync(path)) : {};
  return { ...fromFile, ...base };
}
