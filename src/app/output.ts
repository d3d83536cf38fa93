// Run ids and the output folder: one documented precedence (flag, then TIP_REPORT_DIR, then
// reports/<run-id>/; config/run-config.ts), checked and claimed before anything starts, so a run never does its work and
// then finds it cannot keep the evidence.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { describeFsError, TEMP_PREFIX } from "../report/atomic.js";
import { IGNORED_FILES, MANIFEST_FILE } from "../integrity/manifest.js";
import { REPORT_FILES } from "../reporters/registry.js";
import { ConfigError } from "../config/errors.js";

/** The claim a run holds on its output folder while it runs; removed when it ends. */
export const CLAIM_FILE = ".tip-proof.lock";
/** Linux limits: NAME_MAX per component, PATH_MAX for the whole path (in bytes). */
const NAME_MAX = 255,
  PATH_MAX = 4095;
/** Pseudo file systems: writes there hang, fail oddly or reach the kernel; never a report folder. */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

export function outputDir(runId: string, o: { output?: string; reportRoot?: string }, cwd: string): string {
  const flag = o.output;
  // An empty -o is a mistake (an unset shell variable), never "use the default".
  if (flag !== undefined && flag.trim() === "")
    throw new ConfigError(
      "CFG_OUTPUT",
      "-o/--output is empty; give a folder, or leave the option out for reports/<run-id>/.",
    );
  if (flag) return resolve(cwd, flag);
  if (o.reportRoot) return resolve(cwd, o.reportRoot, runId);
  return join(resolve(cwd, "reports"), runId);
}

export interface OutputClaim {
  dir: string;
  release(): void;
}

const refuse = (dir: string, why: string) =>
  new ConfigError("CFG_OUTPUT", `cannot write reports to ${dir}: ${why}. Choose another folder with -o.`);

/**
 * Checks that `dir` can hold a run's reports and claims it: creates it, then the claim file with O_EXCL
 * (two runs with the same -o cannot both get it). A folder that already holds files is another run's
 * evidence: refused, unless `replace`, which first removes the files tip-proof writes.
 */
export function claimOutputDir(dir: string, o: { replace?: boolean; runId: string }): OutputClaim {
  if (Buffer.byteLength(dir) > PATH_MAX)
    throw refuse(dir.slice(0, 60) + "…", `the path is ${Buffer.byteLength(dir)} bytes; the limit is ${PATH_MAX}`);
  const long = dir.split(sep).find((c) => Buffer.byteLength(c) > NAME_MAX);
  if (long)
    throw refuse(
      dir.slice(0, 60) + "…",
      `a name in the path is ${Buffer.byteLength(long)} bytes; the limit is ${NAME_MAX}`,
    );
  // The deepest part of the path that exists must be a folder, and not on a pseudo file system.
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = (() => {
    try {
      return realpathSync(existing);
    } catch {
      return existing;
    }
  })();
  if (
    PSEUDO_ROOTS.some((r) => real === r || real.startsWith(r + "/")) ||
    PSEUDO_ROOTS.some((r) => dir === r || dir.startsWith(r + "/"))
  )
    throw refuse(dir, `${real} is a kernel pseudo file system`);
  if (!statSync(existing).isDirectory())
    throw refuse(dir, existing === dir ? "it is a file, not a folder" : `${existing} is a file, not a folder`);
  const created = existing !== dir;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw refuse(dir, describeFsError(e));
  }

  const claim = join(dir, CLAIM_FILE);
  takeClaim(dir, claim, o);
  const release = () => {
    try {
      rmSync(claim, { force: true });
    } catch {
      /* the folder went away: nothing to release */
    }
    // A run that stopped before writing anything leaves no empty folder behind.
    if (created)
      try {
        if (readdirSync(dir).length === 0) rmdirSync(dir);
      } catch {
        /* kept */
      }
  };
  try {
    const others = readdirSync(dir).filter((f) => f !== CLAIM_FILE && !IGNORED_FILES.has(f));
    if (others.length && !o.replace)
      throw new ConfigError(
        "CFG_OUTPUT_TAKEN",
        `${dir} already holds another run's files (${others.slice(0, 5).join(", ")}${others.length > 5 ? ", …" : ""}); choose a new folder, or pass --replace to remove them first.`,
      );
    if (others.length) {
      const ours = new Set<string>([...Object.values(REPORT_FILES), MANIFEST_FILE]);
      const foreign = others.filter((f) => !ours.has(f) && !f.startsWith(TEMP_PREFIX));
      if (foreign.length)
        throw new ConfigError(
          "CFG_OUTPUT_TAKEN",
          `${dir} holds files tip-proof did not write (${foreign.slice(0, 5).join(", ")}); --replace removes only report files. Choose another folder.`,
        );
      for (const f of others) rmSync(join(dir, f), { force: true });
    }
  } catch (e) {
    release();
    throw e;
  }
  return { dir, release };
}

function takeClaim(dir: string, claim: string, o: { replace?: boolean; runId: string }): void {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(claim, "wx", 0o644);
      try {
        writeSync(fd, JSON.stringify({ runId: o.runId, pid: process.pid }) + "\n");
      } finally {
        closeSync(fd);
      }
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw refuse(dir, describeFsError(e));
      const holder = readClaim(claim);
      // A live holder is never displaced, even with --replace; a dead one (killed run) only with it.
      if (holder?.pid && holder.pid !== process.pid && alive(holder.pid))
        throw new ConfigError(
          "CFG_OUTPUT_TAKEN",
          `${dir} is in use by run ${holder.runId ?? "?"} (process ${holder.pid}); give each run its own folder.`,
        );
      if (!o.replace || attempt > 0)
        throw new ConfigError(
          "CFG_OUTPUT_TAKEN",
          `${dir} has a leftover ${CLAIM_FILE} from run ${holder?.runId ?? "?"}, which did not finish; pass --replace to reuse the folder.`,
        );
      rmSync(claim, { force: true });
    }
  }
}

function readClaim(file: string): { runId?: string; pid?: number } | undefined {
  try {
    return statSync(file).isFile()
      ? (JSON.parse(readFileSync(file, "utf8")) as { runId?: string; pid?: number })
      : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
