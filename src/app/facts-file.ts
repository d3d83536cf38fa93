// facts.json in a report folder: written by a shard (and by `report merge`) beside the other report
// files and covered by the same manifest.json; read back by `report merge`.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config/errors.js";
import { FACTS_FILE, FACTS_VERSION, runFactsSchema, type CheckFacts, type RunFacts } from "../model/facts-blob.js";
import type { Reporter } from "../model/reporter.js";
import { ManifestReporter } from "../reporters/manifest.js";
import { FileReporter, jsonChunks } from "../reporters/files.js";
import { recording } from "../reporters/registry.js";

/** facts.json, whole. The reporter writes the same bytes check by check (`jsonChunks`), as report.json. */
export const renderFacts = (f: RunFacts): string => JSON.stringify(f, null, 2) + "\n";

/**
 * The file reporters with facts.json written after the others and before the manifest, which then
 * hashes it with them: facts.json is recorded in the manifest's own list of what the folder's reporters
 * wrote and which failed, read only when the manifest is written.
 */
export function withFactsFile(
  reporters: Reporter[],
  dir: string,
  facts: (() => RunFacts | undefined) | undefined,
): Reporter[] {
  if (!facts) return reporters;
  const manifest = reporters.find((r): r is ManifestReporter => r instanceof ManifestReporter);
  const others = reporters.filter((r) => r !== manifest);
  const blob = new FileReporter("facts", dir, FACTS_FILE, () => {
    const f = facts();
    if (!f) throw new Error("the run ended without its facts");
    return jsonChunks(f, "checks");
  });
  // Recorded like the others, so the manifest hashes facts.json, or names its failure.
  return [...others, manifest ? recording(blob, manifest.files) : blob, ...(manifest ? [manifest] : [])];
}

/** A shard folder's facts, validated; a clear CFG_NO_FACTS otherwise. */
export function readFacts(dir: string): RunFacts {
  const file = join(dir, FACTS_FILE);
  const fail = (why: string) => new ConfigError("CFG_NO_FACTS", `${file}: ${why}`);
  try {
    if (!statSync(dir).isDirectory()) throw fail("not a folder");
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw fail(`${dir} does not exist`);
  }
  let text: string;
  try {
    if (!statSync(file).isFile()) throw fail("not a regular file");
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw fail("no facts.json: only a run with --shard i/n (or a merge) writes it");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail(`not valid JSON (${(e as Error).message})`);
  }
  const version = (raw as { factsVersion?: unknown } | null)?.factsVersion;
  if (typeof version === "number" && version > FACTS_VERSION)
    throw fail(`facts version ${version} is newer than this tool reads (${FACTS_VERSION}); upgrade tip-proof`);
  if (typeof version === "number" && version < FACTS_VERSION)
    throw fail(
      `facts version ${version} was written by an older tip-proof, which did not record what shows shards belong to one run (their resolved targets, base principal and sandbox world); run the shards again with this version`,
    );
  const parsed = runFactsSchema.safeParse(raw);
  if (!parsed.success)
    throw fail(
      `not a tip-proof facts file (${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ")})`,
    );
  return parsed.data;
}

/**
 * For `confirm`: the folder's facts.json (when it has one, a shard or a merge) with the CloudTrail
 * evidence that has arrived since, so the rewritten manifest still covers it and a later merge judges
 * with the same evidence the confirmed report shows. Undefined for a folder without facts.
 */
export function factsWithEvidence(
  dir: string,
  matches: Map<string, NonNullable<CheckFacts["evidence"]>>,
): RunFacts | undefined {
  try {
    statSync(join(dir, FACTS_FILE));
  } catch {
    return undefined;
  }
  const facts = readFacts(dir);
  return {
    ...facts,
    checks: facts.checks.map((c) => {
      const m = matches.get(c.task.id);
      if (!m || m.status === "pending" || (c.evidence && c.evidence.status !== "pending")) return c;
      return { ...c, evidence: { status: m.status, events: m.events, problems: m.problems } };
    }),
  };
}
