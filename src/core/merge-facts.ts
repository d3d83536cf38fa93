// `report merge`: the facts of a run's shards joined into the facts of one run, refused when they are
// not the shards of one run (other scenarios, another account or Region, a shard missing or given
// twice). Pure; the judge then decides over the union (core/verdicts.ts), so proofs and contrast from
// one shard serve the checks of another, exactly as in the unsharded run.
import { createHash } from "node:crypto";
import type { RunFacts } from "../model/facts-blob.js";
import { FACTS_VERSION } from "../model/facts-blob.js";
import type { CatalogProof, GrantsInstanceProof, ObjectProof, RunProofs, WorkgroupProof } from "../model/report.js";
import { personaKey } from "./verdicts.js";

export interface ShardInput {
  source: string;
  facts: RunFacts;
}
export type MergeResult = { ok: true; facts: RunFacts } | { ok: false; problems: string[] };

export function mergeFacts(
  inputs: ShardInput[],
  o: { runId: string; tool: { name: string; version: string } },
): MergeResult {
  const problems = consistency(inputs);
  if (problems.length) return { ok: false, problems };
  const shards = [...inputs].sort((a, b) => a.facts.shard.index - b.facts.shard.index);
  const first = shards[0].facts;
  const personas = shards.flatMap((s) => s.facts.personas);
  const seen = new Map<string, string>();
  for (const s of shards)
    for (const p of s.facts.personas) {
      const k = personaKey(p.report.scenario, p.report.name);
      if (seen.has(k))
        problems.push(`persona ${p.report.name} of ${p.report.scenario} ran in both ${seen.get(k)} and ${s.source}`);
      seen.set(k, s.source);
    }
  if (problems.length) return { ok: false, problems };
  const times = (k: "startedAt" | "finishedAt") => shards.map((s) => s.facts[k]).sort();
  const clocks = shards.map((s) => s.facts.clock).filter((c) => c && c.samples > 0) as {
    skewMs: number;
    samples: number;
  }[];
  const samples = clocks.reduce((n, c) => n + c.samples, 0);
  return {
    ok: true,
    facts: {
      factsVersion: FACTS_VERSION,
      runId: o.runId,
      startedAt: times("startedAt")[0],
      finishedAt: times("finishedAt").at(-1)!,
      tool: o.tool,
      target: first.target,
      ...(shards.find((s) => s.facts.basePrincipalArn)
        ? { basePrincipalArn: shards.find((s) => s.facts.basePrincipalArn)!.facts.basePrincipalArn }
        : {}),
      scenarios: first.scenarios,
      shard: { index: 1, total: 1, ...(first.shard.group ? { group: first.shard.group } : {}) },
      plan: first.plan,
      mergedFrom: shards.map((s) => ({ runId: s.facts.runId, shard: `${s.facts.shard.index}/${s.facts.shard.total}` })),
      ...(shards.some((s) => s.facts.interrupted) ? { interrupted: true } : {}),
      ...(shards.some((s) => s.facts.globalTimeoutMs !== undefined)
        ? { globalTimeoutMs: Math.max(...shards.map((s) => s.facts.globalTimeoutMs ?? 0)) }
        : {}),
      // Each shard measured its own machine's clock against AWS: their weighted mean.
      ...(samples
        ? { clock: { skewMs: Math.round(clocks.reduce((n, c) => n + c.skewMs * c.samples, 0) / samples), samples } }
        : {}),
      proofs: mergeProofs(shards.map((s) => s.facts.proofs)),
      personas,
      checks: shards.flatMap((s) => s.facts.checks).sort((a, b) => a.planIndex - b.planIndex),
    },
  };
}

/**
 * The principal a shard ran as, without an assumed role's session name: CI jobs name their sessions
 * per job (`job-101`, `job-102`) and are the same role (review s24c 2).
 */
function principalOf(f: RunFacts): string {
  const arn = f.basePrincipalArn ?? "";
  const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}` : arn;
}

/** The plan's identity: its task ids in order (a shard records it; a merge compares it). */
export function planDigest(taskIds: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(taskIds)).digest("hex");
}

/** Why these blobs are not the shards of one run; empty when they are. */
export function consistency(inputs: ShardInput[]): string[] {
  if (!inputs.length) return ["no shard folders given"];
  const problems: string[] = [];
  const [a] = inputs;
  const scenarios = (f: RunFacts) =>
    f.scenarios
      .map((s) => `${s.name}@${s.sha256}`)
      .sort()
      .join(", ");
  // The same files with other ${…} values, or run as another principal, are another run: a sign-in
  // through one application must not lend its contrast to refusals from another, nor a principal
  // allowed to sign personas in to one that is not (review s24a F1).
  const targets = (f: RunFacts) =>
    f.scenarios
      .map((s) => `${s.name}@${s.targetSha256 ?? "unrecorded"}`)
      .sort()
      .join(", ");
  for (const b of inputs.slice(1)) {
    if (b.facts.factsVersion !== a.facts.factsVersion)
      problems.push(`${b.source} has facts version ${b.facts.factsVersion}, ${a.source} has ${a.facts.factsVersion}`);
    if (scenarios(b.facts) !== scenarios(a.facts))
      problems.push(
        `${b.source} ran other scenarios than ${a.source} (names or SHA-256 of the files differ): shards must run the same scenario files`,
      );
    else if (targets(b.facts) !== targets(a.facts))
      problems.push(
        `${b.source} resolved the scenarios' targets otherwise than ${a.source} (their \${…} variables had other values: application, identity store, carrier role, workgroup or account): shards must run with the same environment`,
      );
    if (principalOf(b.facts) !== principalOf(a.facts))
      problems.push(
        `${b.source} ran as ${b.facts.basePrincipalArn ?? "an unrecorded principal"}, ${a.source} as ${a.facts.basePrincipalArn ?? "an unrecorded principal"}: shards must run as the same base principal`,
      );
    // A standalone sandbox (kind aws with an endpoint) is its own world: one per endpoint (review s24d).
    if ((b.facts.target.endpoint ?? "") !== (a.facts.target.endpoint ?? ""))
      problems.push(
        `${b.source} ran against ${b.facts.target.endpoint ?? "AWS's own endpoints"}, ${a.source} against ${a.facts.target.endpoint ?? "AWS's own endpoints"}: shards must run against the same endpoint`,
      );
    if ((b.facts.target.sandboxSha256 ?? "") !== (a.facts.target.sandboxSha256 ?? ""))
      problems.push(
        `${b.source} ran against another sandbox world than ${a.source} (its fixture or data differ): shards must run against the same one`,
      );
    const t = (f: RunFacts) => `${f.target.kind} account ${f.target.accountId} in ${f.target.region}`;
    if (t(b.facts) !== t(a.facts))
      problems.push(`${b.source} targets ${t(b.facts)}, ${a.source} targets ${t(a.facts)}`);
    if (b.facts.plan.tasks !== a.facts.plan.tasks)
      problems.push(`${b.source} planned ${b.facts.plan.tasks} checks, ${a.source} ${a.facts.plan.tasks}`);
    else if (b.facts.plan.digest !== a.facts.plan.digest)
      problems.push(
        `${b.source} planned other checks than ${a.source} (the same number, other personas or checks: was --persona or TIP_PERSONAS the same for every shard?)`,
      );
  }
  // Against AWS the principal comes from the preflight's GetCallerIdentity: a shard without it cannot
  // show it ran as the others did (review s24c 2).
  const unrecorded = inputs.filter((i) => i.facts.target.kind === "aws" && !i.facts.basePrincipalArn);
  if (unrecorded.length)
    problems.push(
      `${unrecorded.map((i) => i.source).join(", ")} did not record ${unrecorded.length > 1 ? "their" : "its"} base principal (the preflight's sts:GetCallerIdentity was refused or did not answer), so nothing shows the shards ran as one principal: run ${unrecorded.length > 1 ? "them" : "it"} again (and allow sts:GetCallerIdentity if it was refused)`,
    );
  // One run's shards only: observations of another run (another day, another policy) must never lend a
  // proof or a contrast to this one. The group is the CI pipeline's id or --run-group.
  const ungrouped = inputs.filter((i) => !i.facts.shard.group);
  if (ungrouped.length)
    problems.push(
      `${ungrouped.map((i) => i.source).join(", ")} ${ungrouped.length > 1 ? "were" : "was"} written without a run group, so nothing shows ${ungrouped.length > 1 ? "they belong" : "it belongs"} to this run: run every shard with the same --run-group (or TIP_RUN_GROUP; in CI the pipeline's id is used)`,
    );
  const groups = [...new Set(inputs.map((i) => i.facts.shard.group).filter((g): g is string => !!g))];
  if (groups.length > 1)
    problems.push(
      `the folders are shards of different runs (run groups ${inputs.map((i) => `${i.source}: ${i.facts.shard.group ?? "none"}`).join(", ")}): merge the shards of one run only`,
    );
  const totals = [...new Set(inputs.map((i) => i.facts.shard.total))];
  if (totals.length > 1)
    problems.push(
      `the folders are shards of different splits (${inputs.map((i) => `${i.source}: ${i.facts.shard.index}/${i.facts.shard.total}`).join(", ")}): every shard of one run uses the same n in --shard i/n`,
    );
  else {
    const n = totals[0];
    const by = new Map<number, string[]>();
    for (const i of inputs) by.set(i.facts.shard.index, [...(by.get(i.facts.shard.index) ?? []), i.source]);
    for (const [index, sources] of [...by].sort((x, y) => x[0] - y[0]))
      if (sources.length > 1) problems.push(`shard ${index}/${n} is given twice (${sources.join(", ")})`);
    const missing = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !by.has(k));
    if (missing.length)
      problems.push(
        `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${n}`).join(", ")}: give the folder of every shard of the run`,
      );
  }
  if (problems.length) return problems;
  // The shards' checks must add up to the plan, each once.
  const count = new Map<number, number>();
  for (const i of inputs) for (const c of i.facts.checks) count.set(c.planIndex, (count.get(c.planIndex) ?? 0) + 1);
  const twice = [...count].filter(([, n]) => n > 1).length;
  const absent = a.facts.plan.tasks - [...count.keys()].filter((k) => k >= 0 && k < a.facts.plan.tasks).length;
  if (twice || absent || count.size !== a.facts.plan.tasks)
    problems.push(
      `the shards' checks do not add up to the plan of ${a.facts.plan.tasks} (${twice} run twice, ${absent} not run): were they run with the same tip-proof version and options?`,
    );
  else if (a.facts.plan.digest) {
    // The checks each shard ran, at the positions it gave them, must spell the plan every shard declared.
    const ids = inputs
      .flatMap((i) => i.facts.checks)
      .sort((x, y) => x.planIndex - y.planIndex)
      .map((c) => c.task.id);
    if (planDigest(ids) !== a.facts.plan.digest)
      problems.push(
        "the shards' checks are not the plan they declare (a check at another position, or another check): were they run with the same tip-proof version and options?",
      );
  }
  return problems;
}

/**
 * One proof per table, workgroup and object. Shards read them separately; when two disagree (a table
 * changed between the reads, a read failed in one shard) the less proven one is kept: a denial never
 * rests on the proof of the luckier shard.
 */
export function mergeProofs(all: RunProofs[]): RunProofs {
  const keep = <T>(items: T[], key: (x: T) => string, rank: (x: T) => number): T[] => {
    const out = new Map<string, T>();
    for (const x of items) {
      const k = key(x),
        had = out.get(k);
      if (!had || rank(x) > rank(had)) out.set(k, x);
    }
    return [...out.values()];
  };
  const catalogRank: Record<CatalogProof["status"], number> = { ok: 0, unavailable: 1, drift: 2 };
  const groupRank: Record<WorkgroupProof["status"], number> = { ok: 0, unavailable: 1, "not-identity-center": 2 };
  const objectRank: Record<ObjectProof["status"], number> = { exists: 0, unavailable: 1, missing: 2 };
  const instanceRank: Record<GrantsInstanceProof["status"], number> = {
    governed: 0,
    unavailable: 1,
    "other-instance": 2,
    "no-instance": 2,
  };
  return {
    catalog: provenByAll(
      all.flatMap((p) => p.catalog),
      keep(
        all.flatMap((p) => p.catalog),
        catalogKey,
        (c) => catalogRank[c.status],
      ),
    ),
    workgroups: keep(
      all.flatMap((p) => p.workgroups),
      (w) => w.name,
      (w) => groupRank[w.status],
    ),
    objects: keep(
      all.flatMap((p) => p.objects),
      (x) => x.uri,
      (x) => objectRank[x.status],
    ),
    // Each shard asks which instance governs its own targets; the least favourable answer of each is kept.
    ...(all.some((p) => p.accessGrants)
      ? {
          accessGrants: keep(
            all.flatMap((p) => p.accessGrants ?? []),
            (g) => `${g.accountId}\u0000${g.target}`,
            (g) => instanceRank[g.status],
          ),
        }
      : {}),
    ...(all.some((p) => p.accessGrantsLocations)
      ? {
          accessGrantsLocations: mergeAccountLists(
            all.flatMap((p) => p.accessGrantsLocations ?? []),
            (p) => p.locations,
            (p, locations) => ({ ...p, locations }),
            (l) => `${l.scope}\u0000${l.roleArn}`,
          ),
        }
      : {}),
    ...(all.some((p) => p.accessGrantsIam)
      ? {
          accessGrantsIam: mergeAccountLists(
            all.flatMap((p) => p.accessGrantsIam ?? []),
            (p) => p.grants,
            (p, grants) => ({ ...p, grants }),
            (g) => `${g.grantee}\u0000${g.scope}\u0000${g.permission}`,
          ),
        }
      : {}),
    // Each persona runs in one shard, which listed its grants; a persona twice would keep the unreadable list.
    ...(all.some((p) => p.accessGrantsHeld)
      ? {
          accessGrantsHeld: keep(
            all.flatMap((p) => p.accessGrantsHeld ?? []),
            (h) => `${h.scenario}\u0000${h.persona}\u0000${h.accountId}`,
            (h) => (h.status === "ok" ? 0 : 1),
          ),
        }
      : {}),
    // Every shard reads the directory assertions; the least favourable read of each is kept.
    ...(all.some((p) => p.directory)
      ? {
          directory: keep(
            all.flatMap((p) => p.directory ?? []),
            (d) => `${d.scenario}\u0000${d.kind}\u0000${d.group ?? d.applicationArn ?? ""}`,
            (d) => ({ ok: 0, unavailable: 1, drift: 2 })[d.status],
          ),
        }
      : {}),
  };
}

const catalogKey = (c: CatalogProof): string => `${c.catalog ?? ""}\u0000${c.database}.${c.table}`.toLowerCase();

/**
 * Equally ranked reads can still disagree on the columns (without `tables:` in the scenario a rename is
 * no drift): a column counts as in the catalog only if every shard that listed the table's columns saw
 * it, or a rename between two reads would prove a column that one shard's query could not find.
 */
function provenByAll(reads: CatalogProof[], kept: CatalogProof[]): CatalogProof[] {
  return kept.map((k) => {
    if (!k.columns) return k;
    const lists = reads
      .filter((r) => catalogKey(r) === catalogKey(k) && r.columns)
      .map((r) => new Set(r.columns!.map((c) => c.toLowerCase())));
    const columns = k.columns.filter((c) => lists.every((l) => l.has(c.toLowerCase())));
    return columns.length === k.columns.length ? k : { ...k, columns };
  });
}

/**
 * Each account's list (locations, IAM grants) as every shard read it: unreadable in one shard is
 * unreadable, and two readings are joined. A location one shard saw and another did not can only add a
 * role, and an IAM grant can only cover more targets: either makes a refusal harder to prove, never
 * easier (review s21c C1).
 */
function mergeAccountLists<P extends { accountId: string; status: string }, I>(
  reads: P[],
  items: (p: P) => I[] | undefined,
  withItems: (p: P, items: I[]) => P,
  key: (i: I) => string,
): P[] {
  const out = new Map<string, P>();
  for (const r of reads) {
    const had = out.get(r.accountId);
    if (!had || r.status !== "ok") {
      if (!had || had.status === "ok") out.set(r.accountId, r);
      continue;
    }
    if (had.status !== "ok") continue;
    const seen = new Set((items(had) ?? []).map(key));
    const more = (items(r) ?? []).filter((l) => !seen.has(key(l)));
    out.set(r.accountId, withItems(had, [...(items(had) ?? []), ...more]));
  }
  return [...out.values()];
}
