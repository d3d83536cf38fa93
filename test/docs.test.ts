// The documentation is tested like code: every diagnostic and configuration code has its section or row, every scenario example
// in docs/ is a valid scenario, and every relative link in README.md and docs/ points at a real file.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { FIXTURE_CODES } from "@tip-proof/sandbox";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_ERRORS, renderConfigErrorTable } from "../src/config/errors.js";
import { renderCheckTable } from "../src/doctor/catalogue.js";
import { DIAGNOSTIC_CODES, formatDiagnostic } from "../src/scenario/diagnostics.js";
import { parseScenario } from "../src/scenario/parse.js";

const ROOT = resolve(import.meta.dirname, "..");
const DOCS = join(ROOT, "docs");
const docFiles = readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => join(DOCS, f));
const read = (f: string) => readFileSync(f, "utf8");
const rel = (f: string) => relative(ROOT, f);

/**
 * Link targets that may be missing while other documents are still being written. Each entry must be
 * a repository-relative path with a reason; remove it as soon as the file exists.
 */
const PENDING_LINK_TARGETS = new Map<string, string>([
  // (none at the moment)
]);

/** Fenced code blocks with their language tag and 1-based starting line (of the first content line). */
function fencedBlocks(md: string): { lang: string; body: string; line: number }[] {
  const out: { lang: string; body: string; line: number }[] = [];
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) body.push(lines[j++]);
    out.push({ lang: open[3].toLowerCase(), body: body.join("\n") + "\n", line: i + 2 });
    i = j;
  }
  return out;
}

/** Markdown with the lines of fenced code blocks blanked (line numbers are kept). */
function withoutFences(md: string): string {
  let fence: string | undefined;
  return md
    .split("\n")
    .map((l) => {
      const m = /^\s*(`{3,}|~{3,})/.exec(l);
      if (fence) {
        if (m && l.trimStart().startsWith(fence)) fence = undefined;
        return "";
      }
      if (m) {
        fence = m[1];
        return "";
      }
      return l;
    })
    .join("\n");
}

/** Relative and absolute link targets of a markdown file (inline and reference style), outside code. */
function links(md: string): string[] {
  const text = withoutFences(md).replace(/`+[^`\n]*`+/g, "");
  const inline = [...text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const refs = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...refs];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(md: string): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const m of withoutFences(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push(n ? `${base}-${n}` : base);
  }
  return out;
}

/** A value of the right shape for every variable an example uses, chosen by the variable's name. */
function envFor(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)) {
    const k = m[1];
    env[k] = /REGION$/.test(k)
      ? "us-east-1"
      : /ACCOUNT_ID$/.test(k)
        ? "111122223333"
        : /APPLICATION_ARN$/.test(k)
          ? "arn:aws:sso::111122223333:application/ssoins-1111111111111111/apl-1111111111111111"
          : /INSTANCE_ARN$/.test(k)
            ? "arn:aws:sso:::instance/ssoins-1111111111111111"
            : /ROLE_ARN$/.test(k)
              ? "arn:aws:iam::111122223333:role/Example"
              : /(URL|ISSUER)$/.test(k)
                ? "https://idp.example.com/oauth2/token"
                : "example-value";
  }
  return env;
}

const scenarioExamples = docFiles.flatMap((f) =>
  fencedBlocks(read(f))
    .filter((b) => (b.lang === "yaml" || b.lang === "yml") && b.body.startsWith("version: 1"))
    .map((b) => ({ name: `${rel(f)}:${b.line}`, yaml: b.body })),
);

describe("docs/error-codes.md", () => {
  const text = read(join(DOCS, "error-codes.md"));
  it.each(Object.keys(DIAGNOSTIC_CODES))("has a `## %s` section", (code) => {
    expect(text).toMatch(new RegExp(`^## ${code}\\s*$`, "m"));
  });
});

describe("docs/error-codes.md: configuration errors (CFG_*)", () => {
  const file = join(DOCS, "error-codes.md");
  const text = read(file);
  const section = text.slice(
    text.indexOf("## Configuration errors"),
    text.indexOf("\n## ", text.indexOf("## Configuration errors") + 1),
  );
  const TABLE_HEAD = "| Code | Command | Cause | Fix |";

  it("the table is the one generated from the CONFIG_ERRORS registry (UPDATE_DOCS=1 rewrites it)", () => {
    const start = text.indexOf(TABLE_HEAD),
      end = text.indexOf("\n\n", start);
    const documented = text.slice(start, end + 1),
      generated = renderConfigErrorTable();
    if (process.env.UPDATE_DOCS && documented !== generated)
      writeFileSync(file, text.slice(0, start) + generated.trimEnd() + text.slice(end));
    else expect(documented).toBe(generated);
  });

  it.each(Object.keys(CONFIG_ERRORS))("documents %s", (code) => {
    expect(section).toContain(`| \`${code}\` |`);
  });

  it("names no CFG code that the registry does not have", () => {
    const mentioned = new Set([...text.matchAll(/\bCFG_[A-Z_]*[A-Z]\b/g)].map((m) => m[0]));
    expect([...mentioned].filter((c) => !Object.hasOwn(CONFIG_ERRORS, c))).toEqual([]);
  });

  it("every CFG code in src/ is in the registry (none thrown or printed as a loose string)", () => {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => {
        const p = join(d, n);
        return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(n) ? [p] : [];
      });
    const used = new Set(
      walk(join(ROOT, "src")).flatMap((f) => [...read(f).matchAll(/\bCFG_[A-Z_]*[A-Z]\b/g)].map((m) => m[0])),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((c) => !Object.hasOwn(CONFIG_ERRORS, c))).toEqual([]);
  });
});

describe("docs/fixture-language.md", () => {
  const text = read(join(DOCS, "fixture-language.md"));
  it.each(Object.keys(FIXTURE_CODES))("has a `### %s` section", (code) => {
    expect(text).toMatch(new RegExp(`^### ${code}\\s*$`, "m"));
  });
  it("states the union semantics for a user in two groups", () => {
    expect(text).toMatch(/two groups/i);
    expect(text).toMatch(/union/i);
  });
});

describe("scenario examples in docs/*.md", () => {
  it("are there to be checked", () => {
    expect(scenarioExamples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(scenarioExamples)("$name is a valid scenario", ({ name, yaml }) => {
    const r = parseScenario(yaml, name, envFor(yaml));
    const errors = r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
    expect(errors).toEqual([]);
    expect(r.scenario).toBeDefined();
  });
});

describe("relative links in README.md and docs/*.md", () => {
  const files = [join(ROOT, "README.md"), ...docFiles];
  const cases = files.flatMap((f) =>
    [...new Set(links(read(f)))]
      .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith("#"))
      .map((href) => ({ from: rel(f), href, file: f })),
  );

  it("are there to be checked", () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)("$from → $href exists", ({ href, file }) => {
    const path = decodeURIComponent(href.replace(/[#?].*$/, ""));
    const target = resolve(dirname(file), path);
    const key = rel(target);
    if (PENDING_LINK_TARGETS.has(key)) return;
    expect(existsSync(target), `${href} (resolved to ${key})`).toBe(true);
  });

  // Section links are checked too when they start or end in the reference pages, so links such as
  // error-codes.md#scn006 keep working when headings change.
  const REFERENCE = new Set([
    "docs/scenario-language.md",
    "docs/identity-sources.md",
    "docs/error-codes.md",
    "docs/verdicts.md",
    "docs/fixture-language.md",
  ]);
  const sections = files.flatMap((f) =>
    [...new Set(links(read(f)))]
      .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href) && /#./.test(href))
      .map((href) => {
        const [path, anchor] = href.split("#");
        const target = path ? resolve(dirname(f), decodeURIComponent(path)) : f;
        return { from: rel(f), href, target, anchor };
      })
      .filter((c) => c.target.endsWith(".md") && (REFERENCE.has(c.from) || REFERENCE.has(rel(c.target)))),
  );

  it.each(sections)("$from → $href names an existing heading", ({ target, anchor }) => {
    if (!existsSync(target) && PENDING_LINK_TARGETS.has(rel(target))) return;
    expect(anchors(read(target)), `#${anchor} in ${rel(target)}`).toContain(anchor);
  });
});

describe("docs/doctor.md", () => {
  it("the check table is the one generated from src/doctor/catalogue.ts (UPDATE_DOCS=1 rewrites it)", () => {
    const file = join(DOCS, "doctor.md"),
      text = read(file),
      head = "| Check | Verifies | Fix | AWS docs |";
    const start = text.indexOf(head),
      end = text.indexOf("\n\n", start);
    expect(start, "the table's header row").toBeGreaterThan(-1);
    const documented = text.slice(start, end + 1),
      generated = renderCheckTable();
    if (process.env.UPDATE_DOCS && documented !== generated)
      writeFileSync(file, text.slice(0, start) + generated.trimEnd() + text.slice(end));
    else expect(documented).toBe(generated);
  });
});
