// The architecture, held by a test rather than by discipline: the pure core imports no SDK, no fs and
// no process; the emulator (packages/sandbox) imports nothing but its own dependencies; the harness
// reaches it only as the optional package @tip-proof/sandbox, loaded lazily, and type-only imports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve("src");
const SANDBOX = resolve("packages/sandbox");
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
  });
}
const importsOf = (file: string) =>
  [
    ...readFileSync(file, "utf8").matchAll(
      /^(import(?:\s+type)?[^"']*?from\s+|export[^"']*?from\s+)["']([^"']+)["']/gm,
    ),
  ].map((m) => ({ typeOnly: /^import\s+type/.test(m[1]), spec: m[2] }));

describe("module boundaries", () => {
  // node:crypto is the one node: module allowed: a hash is pure computation (the plan's digest), no I/O.
  it("the pure core (core/, scenario/, model/, yaml/) imports no AWS SDK, no node: module but crypto and no process", () => {
    const bad: string[] = [];
    for (const f of ["core", "scenario", "model", "yaml"].flatMap((d) => files(join(SRC, d)))) {
      for (const i of importsOf(f))
        if (/^(@aws-sdk|@smithy|node:(?!crypto$)|fs$|path$|child_process$)/.test(i.spec))
          bad.push(`${relative(SRC, f)} → ${i.spec}`);
      if (/\bprocess\.(env|exit|argv|on)\b/.test(readFileSync(f, "utf8"))) bad.push(`${relative(SRC, f)} uses process`);
    }
    expect(bad).toEqual([]);
  });

  it("the sandbox package imports nothing outside itself but its declared dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(SANDBOX, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const bad: string[] = [];
    for (const f of files(join(SANDBOX, "src")))
      for (const i of importsOf(f)) {
        const where = relative(SANDBOX, f);
        if (i.spec.startsWith(".")) {
          if (relative(join(SANDBOX, "src"), resolve(f, "..", i.spec)).startsWith(".."))
            bad.push(`${where} → ${i.spec}`);
          continue;
        }
        const name = i.spec.startsWith("@") ? i.spec.split("/").slice(0, 2).join("/") : i.spec.split("/")[0];
        if (!i.spec.startsWith("node:") && !(name in pkg.dependencies))
          bad.push(`${where} → ${i.spec} (not in its package.json dependencies)`);
      }
    expect(bad).toEqual([]);
  });

  it("the harness reaches the sandbox only as @tip-proof/sandbox, loaded lazily from src/app/ (statically: types only)", () => {
    const bad: string[] = [];
    for (const f of files(SRC)) {
      const where = relative(SRC, f);
      for (const i of importsOf(f)) {
        if (/(^|\/)packages\/sandbox\/|(^|\/)sandbox\/(src|dist)\//.test(i.spec))
          bad.push(`${where} → ${i.spec} (use @tip-proof/sandbox)`);
        if (i.spec.startsWith("@tip-proof/sandbox") && !i.typeOnly)
          bad.push(
            `${where} → ${i.spec} (a static import: an install without the optional package could not even start)`,
          );
      }
      // import("…") at run time; `typeof import(…)` and `x: import(…).T` are types.
      for (const m of readFileSync(f, "utf8").matchAll(
        /(?<!typeof\s+|:\s*)\bimport\(\s*["'](@tip-proof\/sandbox[^"']*)["']\s*\)/g,
      )) {
        if (!where.startsWith("app/")) bad.push(`${where} → import("${m[1]}") (load it through src/app/)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the sandbox's copy of the YAML source map is the harness's, byte for byte (two packages, one leaf)", () => {
    expect(readFileSync(join(SANDBOX, "src/yaml/source-map.ts"), "utf8")).toBe(
      readFileSync(join(SRC, "yaml/source-map.ts"), "utf8"),
    );
  });
});
