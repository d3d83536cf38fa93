// The reliability tier's tools: the real CLI in its own process group (so a test can signal it the
// way a terminal or a CI runner does, and prove nothing of it is left afterwards), the real file
// system, and endpoints that never answer.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
export const BIN = join(ROOT, "bin/tip-proof.js");
export const BANK = join(ROOT, "scenarios/bank-transactions.yaml");
export const baseEnv = () => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  CI: "true",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
});

export interface Cli {
  child: ChildProcess;
  out(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts `cmd args` (default: node bin/tip-proof.js) as the leader of a new process group. */
export function startCli(
  args: string[],
  o: { cmd?: string[]; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Cli {
  const started = Date.now();
  const [file, ...pre] = o.cmd ?? [process.execPath, BIN];
  const child = spawn(file, [...pre, ...args], { cwd: o.cwd ?? ROOT, env: { ...baseEnv(), ...o.env }, detached: true });
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    out += d;
  });
  const kill = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, o.timeoutMs ?? 90_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
  return { child, out: () => out, done };
}

export async function runTo(args: string[], o: Parameters<typeof startCli>[1] = {}) {
  const c = startCli(args, o);
  const r = await c.done;
  return { ...r, out: c.out() };
}

export async function waitFor(c: Cli, what: RegExp | (() => boolean), timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(typeof what === "function" ? what() : what.test(c.out()))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${String(what)}; output so far:\n${c.out()}`);
    if (c.child.exitCode !== null)
      throw new Error(`the CLI exited (${c.child.exitCode}) before ${String(what)}:\n${c.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True when no process of the group is left (the leader and everything it started). */
export function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

export async function groupGoneSoon(pgid: number, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!groupGone(pgid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return groupGone(pgid);
}

/**
 * `tip-proof verify <dir>`'s exit code and output. Asynchronous on purpose: a spawnSync would block this
 * worker's event loop for seconds, so concurrent tests would read their CLI's output late and signal a
 * process that had already finished.
 */
export async function verify(dir: string): Promise<{ code: number | null; out: string }> {
  const r = await runTo(["verify", dir]);
  return { code: r.code, out: r.out };
}

export const readReport = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
    interrupted?: boolean;
    globalTimeoutMs?: number;
    summary: { exitCode: number; total: number };
    results: { verdict: string; observed: { errorKind?: string } }[];
  };

/** A TCP server that accepts connections and never answers: a frozen endpoint. */
export async function frozenServer(): Promise<{ url: string; close(): void }> {
  const sockets: net.Socket[] = [];
  const srv = net
    .createServer((s) => {
      sockets.push(s);
      s.on("error", () => undefined);
    })
    .listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      srv.close();
    },
  };
}

/** The variables the bank scenario needs, pointing every service (and the IdP) at `endpoint`. */
export function awsEnvAt(endpoint: string): Record<string, string> {
  return {
    TIP_TARGET: "aws",
    TIP_ALLOWED_ACCOUNTS: "111122223333",
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIAEXAMPLEONLY00000",
    AWS_SECRET_ACCESS_KEY: "example-only-not-a-secret",
    TIP_ACCOUNT_ID: "111122223333",
    TIP_APPLICATION_ARN: "arn:aws:sso::111122223333:application/ssoins-1111111111111111/apl-1111111111111111",
    TIP_ATHENA_WORKGROUP: "tip-analysts",
    TIP_CARRIER_ROLE_ARN: "arn:aws:iam::111122223333:role/TipHarnessCarrier",
    TIP_IDC_INSTANCE_ARN: "arn:aws:sso:::instance/ssoins-1111111111111111",
    TIP_IDENTITY_STORE_ID: "d-1111111111",
    TIP_IDP_CLIENT_ID: "tip-harness-cli",
    TIP_IDP_TOKEN_URL: `${endpoint}/idp/token`,
    TIP_IDP_PASSWORD_ARNAV: "x",
    TIP_IDP_PASSWORD_DANA: "x",
    TIP_IDP_PASSWORD_MARIA: "x",
    TIP_IDP_PASSWORD_WEI: "x",
  };
}

export const noStack = (text: string) => !/\n\s+at .+\(.*:\d+:\d+\)/.test(text);
