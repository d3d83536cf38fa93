// facts.json in a folder: written before the manifest (which hashes it with the rest), read back with a
// clear CFG_NO_FACTS, and updated by `confirm` with late evidence so the folder still verifies.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/fixtures.js";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { verifyFolder } from "../integrity/folder.js";
import { FACTS_VERSION, type RunFacts } from "../model/facts-blob.js";
import { Multiplexer } from "../reporters/multiplexer.js";
import { buildFileReporters } from "../reporters/registry.js";
import { factsWithEvidence, readFacts, withFactsFile } from "./facts-file.js";

const facts = (): RunFacts => ({
  factsVersion: FACTS_VERSION,
  runId: "r",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:01.000Z",
  tool: { name: "tip-proof", version: "t" },
  target: { kind: "aws", accountId: "111122223333", region: "us-east-1" },
  scenarios: [],
  shard: { index: 1, total: 2 },
  plan: { tasks: 2 },
  proofs: { catalog: [], workgroups: [], objects: [] },
  personas: [],
  checks: [
    {
      planIndex: 0,
      startedAt: 0,
      span: { startedAt: 0, finishedAt: 1 },
      queryStarted: false,
      retries: 0,
      observed: { kind: "allowed", observation: {} },
      task: {
        id: "s/c/p",
        scenario: "s",
        check: "c",
        persona: "p",
        personaClass: "allowed",
        action: { type: "signin" },
        expectation: { outcome: "allowed" },
        cloudtrail: true,
        declaredColumns: [],
        scenarioColumns: [],
      },
      evidence: { status: "pending", events: [], problems: [] },
    },
  ],
});

async function write(dir: string, f: RunFacts) {
  const mux: Multiplexer = new Multiplexer(withFactsFile(buildFileReporters(["json", "manifest"], dir), dir, () => f));
  await mux.onEnd!({ ...sampleReport(), runId: f.runId, scenarios: [] });
  expect(mux.failures).toEqual([]);
  return mux.written;
}

describe("facts.json in a report folder", () => {
  it("is written before the manifest, which covers it; read back as written", async () => {
    const dir = tempDir("tip-facts-");
    expect(await write(dir, facts())).toEqual(["report.json", "facts.json", "manifest.json"]);
    expect(verifyFolder(dir).status).toBe("intact");
    expect(readFacts(dir)).toEqual(facts());
  });

  it("review s24d: a facts.json of version 1 (before shards recorded their targets and principal) is refused with why", () => {
    const dir = tempDir("tip-facts-old-");
    writeFileSync(join(dir, "facts.json"), JSON.stringify({ ...facts(), factsVersion: 1 }));
    expect(() => readFacts(dir)).toThrow(/facts version 1 was written by an older tip-proof.*run the shards again/);
  });

  it("confirm's late evidence reaches facts.json, and the rewritten folder verifies", async () => {
    const dir = tempDir("tip-facts-");
    await write(dir, facts());
    const event = {
      eventId: "e1",
      eventName: "CreateTokenWithIAM",
      eventSource: "sso-oauth.amazonaws.com",
      eventTime: "2026-01-01T00:00:00Z",
    };
    const updated = factsWithEvidence(
      dir,
      new Map([["s/c/p", { status: "confirmed" as const, events: [event], problems: [] }]]),
    )!;
    expect(updated.checks[0].evidence).toEqual({ status: "confirmed", events: [event], problems: [] });
    await write(dir, updated);
    expect(verifyFolder(dir).status).toBe("intact");
    expect(factsWithEvidence(tempDir("tip-nofacts-"), new Map())).toBeUndefined();
  });

  it.each([
    ["no facts.json", () => {}, /only a run with --shard/],
    ["not JSON", (d: string) => writeFileSync(join(d, "facts.json"), "{"), /not valid JSON/],
    ["not facts", (d: string) => writeFileSync(join(d, "facts.json"), "{}"), /not a tip-proof facts file/],
    [
      "a newer version",
      (d: string) => writeFileSync(join(d, "facts.json"), JSON.stringify({ ...facts(), factsVersion: 9 })),
      /newer than this tool reads/,
    ],
  ])("%s: CFG_NO_FACTS", (_n, make, why) => {
    const dir = tempDir("tip-facts-");
    make(dir);
    expect(() => readFacts(dir)).toThrow(why);
    try {
      readFacts(dir);
    } catch (e) {
      expect((e as { code: string }).code).toBe("CFG_NO_FACTS");
    }
  });
});
