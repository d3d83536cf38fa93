// The git commit of the repository holding the scenario files, read from .git without spawning git
// (no PATH lookups, no hooks, no hangs). Unknown layouts give undefined: the manifest then omits it.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

export interface GitInfo {
  commit: string;
  ref?: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Finds the repository containing `path` (a file or folder) and reads its HEAD commit. */
export function gitInfo(path: string): GitInfo | undefined {
  try {
    let dir = resolve(path);
    if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
    for (;;) {
      const dotGit = join(dir, ".git");
      if (existsSync(dotGit)) return readHead(gitDirOf(dotGit));
      const up = dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
  } catch {
    return undefined;
  }
}

// Worktrees and submodules have a .git *file* pointing at the real git dir.
function gitDirOf(dotGit: string): string {
  if (statSync(dotGit).isDirectory()) return dotGit;
  const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"));
  if (!m) throw new Error("unrecognized .git file");
  return isAbsolute(m[1].trim()) ? m[1].trim() : resolve(dirname(dotGit), m[1].trim());
}

function readHead(gitDir: string): GitInfo | undefined {
  const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
  if (SHA.test(head)) return { commit: head };
  const m = /^ref:\s*(\S+)$/.exec(head);
  if (!m) return undefined;
  const ref = m[1];
  // Linked worktrees keep branch refs in the common dir.
  const common = existsSync(join(gitDir, "commondir"))
    ? resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim())
    : gitDir;
  for (const base of [gitDir, common]) {
    const loose = join(base, ref);
    if (existsSync(loose)) {
      const sha = readFileSync(loose, "utf8").trim();
      if (SHA.test(sha)) return { commit: sha, ref };
    }
    const packed = join(base, "packed-refs");
    if (existsSync(packed)) {
      for (const line of readFileSync(packed, "utf8").split("\n")) {
        const [sha, name] = line.trim().split(" ");
        if (name === ref && SHA.test(sha)) return { commit: sha, ref };
      }
    }
  }
  return undefined; // an unborn branch: no commit yet
}
