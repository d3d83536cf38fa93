import { spawn } from "node:child_process";

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI as a user would (node bin/tip-proof.js …) with a clean environment. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; bin?: string } = {},
): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [opts.bin ?? new URL("../../bin/tip-proof.js", import.meta.url).pathname, ...args],
      {
        cwd: opts.cwd ?? process.cwd(),
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", CI: "true", ...opts.env },
      },
    );
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const t = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ exitCode: code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
