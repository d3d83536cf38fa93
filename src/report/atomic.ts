// Atomic file writes for report folders: the bytes go to a temp file in the same folder (same file
// system, so the rename is atomic), are flushed, then renamed over the target. A reader, `verify` or a
// crash mid-write therefore sees the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** Prefix of in-flight temp files; `--replace` removes strays left by a killed run. */
export const TEMP_PREFIX = ".tip-proof-tmp-";

/** A report file that could not be written: names the file and the operating system's reason. */
export class ReportWriteError extends Error {
  override name = "ReportWriteError";
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`could not write ${file}: ${reason}`, options);
  }
}

/**
 * `data` may be chunks (a large report rendered piece by piece): they are written as they come, so the
 * whole file never has to exist as one string in memory.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): void {
  const tmp = join(dirname(file), `${TEMP_PREFIX}${basename(file)}-${process.pid}-${randomBytes(3).toString("hex")}`);
  let fd: number | undefined;
  try {
    // wx: never follow or reuse a file someone planted under the temp name.
    fd = openSync(tmp, "wx", 0o644);
    const chunks = typeof data === "string" || data instanceof Uint8Array ? [data] : data;
    for (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    // A full disk may only show at flush time; renaming before it would install a truncated file.
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* best effort: --replace clears strays */
    }
    throw new ReportWriteError(file, describeFsError(e), { cause: e });
  }
}

/** A one-line, path-free reason for a file-system error ("ENOSPC: no space left on device"). */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOSPC: "no space left on device",
    EROFS: "read-only file system",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOTDIR: "a parent of the path is a file, not a folder",
    EISDIR: "a folder is in the way",
    ENAMETOOLONG: "name too long",
    ENOENT: "the folder does not exist (removed during the run?)",
    EEXIST: "already exists",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
  };
  if (err?.code && known[err.code]) return `${err.code}: ${known[err.code]}`;
  return err?.code
    ? `${err.code}: ${err.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "")}`
    : String(err?.message ?? e);
}
