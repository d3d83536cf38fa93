// The target (sandbox or a real account): the one place TIP_TARGET is read. Kept apart from the other
// values so `validate` loads nothing else.
import type { Env } from "./env.js";
import { ConfigError } from "./errors.js";

export type TargetKind = "sandbox" | "aws";

/**
 * The target: the flag, else TIP_TARGET, else the sandbox. TIP_TARGET is exactly `sandbox` or `aws`
 * (lower case): `AWS` or `prod` must not quietly run the sandbox. The one place TIP_TARGET is read.
 */
export function resolveTarget(flag: TargetKind | undefined, env: Env): TargetKind {
  if (flag) return flag;
  const v = env.TIP_TARGET;
  if (v === undefined || v === "" || v === "sandbox") return "sandbox";
  if (v === "aws") return "aws";
  throw new ConfigError(
    "CFG_TARGET",
    `TIP_TARGET=${v}: expected "sandbox" or "aws" (lower case).${v.trim().toLowerCase() === "aws" ? ` Did you mean "aws"?` : ""}`,
  );
}
