// Live capture, then replay (issue 10 item 4): every golden in test/fixtures/wire/capture/ (written by
// `tip-proof capture`) is replayed against the sandbox and every difference is reported. The goldens that
// ship are the sandbox's own ("source": "sandbox") until someone replaces them with a live capture
// ("source": "aws"); then this test shows exactly where the sandbox differs from AWS. Also: `capture`
// against the sandbox writes goldens that replay with 0 differences, and no golden holds a key, token,
// password or data value.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  captureCases,
  sandboxCaptureInputs,
  writeGoldens,
  type CaptureGolden,
} from "../../src/cli/commands/capture.js";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";

const DIR = resolve(import.meta.dirname, "../fixtures/wire/capture");
const committed = (): CaptureGolden[] =>
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), "utf8")));

/** Every field that differs, as "case.path: golden → sandbox" (source is where a golden came from, not a fact). */
function differences(golden: CaptureGolden, replay: CaptureGolden | undefined): string[] {
  if (!replay) return [`${golden.case}: the replay produced no such case`];
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a && b && typeof a === "object" && typeof b === "object") {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
        if (k !== "source")
          walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${golden.case}.${path}: golden ${JSON.stringify(a)} → sandbox ${JSON.stringify(b)}`);
  };
  walk(golden, replay, "");
  return out;
}

let sb: Sandbox;
let replay: CaptureGolden[];
beforeAll(async () => {
  sb = await startSandbox({ faults: { cloudtrailDelayMs: 0 } });
  replay = await captureCases(await sandboxCaptureInputs(sb), "sandbox");
}, 120_000);
afterAll(async () => {
  await sb?.stop();
});

describe("capture goldens replayed against the sandbox", () => {
  it("cover the eight questions the issue lists", () => {
    expect(
      committed()
        .map((g) => g.case)
        .sort(),
    ).toEqual([
      "access-grants-no-match",
      "allowed-query",
      "athena-record-onbehalfof",
      "forged-context-assertion",
      "iam-session-on-idc-workgroup",
      "lf-table-denial",
      "refused-create-token-record",
      "unassigned-user",
    ]);
  });

  it("every golden: 0 differences (all differences are listed when there are some)", () => {
    const diffs = committed().flatMap((g) =>
      differences(
        g,
        replay.find((r) => r.case === g.case),
      ),
    );
    expect(diffs).toEqual([]);
  });

  it("the shipped goldens say they are the sandbox's own until a live capture replaces them", () => {
    for (const g of committed()) expect(g.source, g.case).toBe("sandbox");
  });

  it("a difference is reported field by field", () => {
    const g = committed()[0];
    expect(differences({ ...g, status: 499, code: "Other" }, g)).toEqual([
      `${g.case}.status: golden 499 → sandbox ${g.status}`,
      `${g.case}.code: golden "Other" → sandbox ${JSON.stringify(g.code)}`,
    ]);
  });
});

describe("redaction", () => {
  it("no golden holds a key, secret, token, password, client secret, JWT, account id, e-mail or data value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-capture-"));
    const files = writeGoldens(dir, replay).map((f) => readFileSync(f, "utf8"));
    const texts = [...files, ...readdirSync(DIR).map((f) => readFileSync(join(DIR, f), "utf8"))];
    const secrets = [
      ...sb.credentials.allSecrets(),
      ...sb.fixture.idp.users.map((u) => u.password),
      ...sb.fixture.idp.serviceClients.map((c) => c.clientSecret),
      sb.fixture.account,
    ];
    // Data values: every cell of every table's CSV longer than 5 characters that is not a column name.
    const columns = new Set(
      sb.fixture.glue.databases.flatMap((d) => d.tables.flatMap((t) => t.columns.map((c) => c.name))),
    );
    const cells = sb.fixture.glue.databases
      .flatMap((d) =>
        d.tables.flatMap((t) =>
          readFileSync(join(sb.fixture.baseDir, t.data), "utf8")
            .split("\n")
            .slice(1)
            .flatMap((l) => l.split(",")),
        ),
      )
      .filter((c) => c.length > 5 && !columns.has(c) && !/^(true|false|\d+(\.\d+)?)$/.test(c));
    expect(cells.length).toBeGreaterThan(100);
    for (const t of texts) {
      for (const s of secrets) expect(t.includes(s), `a secret (${s.slice(0, 4)}…) in a golden`).toBe(false);
      expect(t).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
      expect(t).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{12,}/);
      expect(t).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      const leaked = cells.filter((c) => t.includes(c));
      expect(leaked, "data values in a golden").toEqual([]);
    }
  });
});

describe("tip-proof capture (the command, against the embedded sandbox)", () => {
  it("writes the eight goldens and exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tip-capture-cli-"));
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((res) =>
      execFile(
        process.execPath,
        ["bin/tip-proof.js", "capture", "--target", "sandbox", "-o", dir],
        { env: { PATH: process.env.PATH ?? "" }, timeout: 90_000 },
        (err, stdout, stderr) => res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("wrote 8 redacted golden(s)");
    const written = readdirSync(dir).sort();
    expect(written).toEqual(
      readdirSync(DIR)
        .filter((f) => f.endsWith(".json"))
        .sort(),
    );
    for (const f of written)
      expect(
        differences(JSON.parse(readFileSync(join(DIR, f), "utf8")), JSON.parse(readFileSync(join(dir, f), "utf8"))),
      ).toEqual([]);
  }, 90_000);
});
