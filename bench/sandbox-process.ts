// The sandbox in its own process for the benchmark, as AWS is remote: the harness never shares its event
// loop (nor its CPU accounting) with the emulator.
import { spawn } from "node:child_process";

export async function standaloneSandbox(
  fixture: string,
  faults: object,
): Promise<{ env: Record<string, string>; stop: () => void }> {
  const port = 20000 + Math.floor(Math.random() * 12000); // below Linux's ephemeral range
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SANDBOX_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SANDBOX_PROF}`] : []),
      "bin/tip-proof.js",
      "sandbox",
      "--port",
      String(port),
      "--fixture",
      fixture,
      "--faults",
      JSON.stringify(faults),
    ],
    { env: { PATH: process.env.PATH ?? "" } },
  );
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("Ctrl-C stops")) resolve();
    });
    child.on("exit", () => reject(new Error(`sandbox exited: ${out}`)));
  });
  const env: Record<string, string> = {};
  for (const m of out.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, "$1");
  return { env, stop: () => child.kill("SIGINT") };
}
