// The sandbox is an optional dependency (@tip-proof/sandbox): an install for a real account may leave it
// out (`npm ci --omit=optional`: no DuckDB). The harness loads it only when the sandbox is the target,
// and a missing package is a configuration problem with its fix (exit 2), not an internal error.
import { ConfigError } from "../cli/errors.js";

type SandboxModule = typeof import("@tip-proof/sandbox");
type SandboxConfigModule = typeof import("@tip-proof/sandbox/config");

/** startSandbox and the rest (loads DuckDB). */
export const importSandbox = (): Promise<SandboxModule> => import("@tip-proof/sandbox").catch(explain);
/** Fixtures, fault profile and default port only: checks input before the sandbox itself loads. */
export const importSandboxConfig = (): Promise<SandboxConfigModule> => import("@tip-proof/sandbox/config").catch(explain);

function explain(e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ERR_MODULE_NOT_FOUND" && /['"]@tip-proof\/sandbox['"/]/.test(err.message)) {
    throw new ConfigError("CFG_SANDBOX_MISSING", "the optional package @tip-proof/sandbox is not installed (an install with --omit=optional leaves it out); the sandbox target and capture need it: run `npm install @tip-proof/sandbox`, or use --target aws.");
  }
  if (err?.code === "ERR_MODULE_NOT_FOUND" && /sandbox[/\\]dist[/\\]/.test(err.message)) {
    throw new ConfigError("CFG_SANDBOX_MISSING", "the package @tip-proof/sandbox is not built (no dist/): run `npm install` (its prepare step builds it) or `npm run build -w @tip-proof/sandbox`.");
  }
  throw e;
}
