// Run ids and the output folder: one documented precedence (flag, then TIP_REPORT_DIR, then reports/<run-id>/).
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

export function outputDir(runId: string, flag: string | undefined, env: Record<string, string | undefined>, cwd = process.cwd()): string {
  if (flag) return resolve(cwd, flag);
  if (env.TIP_REPORT_DIR) return resolve(cwd, env.TIP_REPORT_DIR, runId);
  return join(resolve(cwd, "reports"), runId);
}
