// The architecture, held by a test rather than by discipline: the pure core imports no SDK, no fs and
// no process; the emulator imports nothing from the harness; the harness reaches the emulator only from
// the composition root (CLI commands) and type-only imports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve("src");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : []; });
}
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/^(import(?:\s+type)?[^"']*?from\s+|export[^"']*?from\s+)["']([^"']+)["']/gm)].map((m) => ({ typeOnly: /^import\s+type/.test(m[1]), spec: m[2] }));
const target = (file: string, spec: string) => (spec.startsWith(".") ? relative(SRC, resolve(file, "..", spec)) : spec);

describe("module boundaries", () => {
  it("the pure core (core/, scenario/, model/, yaml/) imports no AWS SDK, no node: module and no process", () => {
    const bad: string[] = [];
    for (const f of ["core", "scenario", "model", "yaml"].flatMap((d) => files(join(SRC, d)))) {
      for (const i of importsOf(f)) if (/^(@aws-sdk|@smithy|node:|fs$|path$|child_process$)/.test(i.spec)) bad.push(`${relative(SRC, f)} → ${i.spec}`);
      if (/\bprocess\.(env|exit|argv|on)\b/.test(readFileSync(f, "utf8"))) bad.push(`${relative(SRC, f)} uses process`);
    }
    expect(bad).toEqual([]);
  });

  it("the sandbox imports nothing from the harness (only yaml/, the shared leaf)", () => {
    const bad: string[] = [];
    for (const f of files(join(SRC, "sandbox"))) for (const i of importsOf(f)) {
      const t = target(f, i.spec);
      if (i.spec.startsWith(".") && !t.startsWith("sandbox/") && !t.startsWith("yaml/")) bad.push(`${relative(SRC, f)} → ${t}`);
    }
    expect(bad).toEqual([]);
  });

  it("the harness reaches the sandbox only from CLI commands (or type-only)", () => {
    const bad: string[] = [];
    for (const f of files(SRC).filter((x) => !relative(SRC, x).startsWith("sandbox/") && !relative(SRC, x).startsWith("cli/"))) {
      for (const i of importsOf(f)) if (!i.typeOnly && target(f, i.spec).startsWith("sandbox/")) bad.push(`${relative(SRC, f)} → ${target(f, i.spec)}`);
    }
    expect(bad).toEqual([]);
  });
});
