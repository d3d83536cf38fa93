// Splitting a run into shards (`run --shard i/n`, as Playwright's --shard). Pure and deterministic: the
// split depends only on the plan (the scenarios), never on timing or randomness, so every CI job of a
// matrix computes the same split on its own. The unit is a persona: all of its checks stay together,
// so each persona signs in once per run, and `report merge` re-judges across shards.
import type { Task } from "./plan.js";

/**
 * One shard of n, 1-based (`--shard 2/3`). `group` names the run the shard belongs to (`--run-group`,
 * or the CI pipeline's id): `report merge` joins only shards of one group, so a shard of Monday's run
 * can never lend its observations (proofs, contrast) to Tuesday's.
 */
export interface ShardSpec {
  index: number;
  total: number;
  group?: string;
}

/**
 * Estimated cost of one check by kind, in rough units of wall time: an Athena query starts, runs and is
 * polled (seconds); GetDataAccess is one call, plus one S3 read per probe; a sign-in check reuses the
 * persona's session. Only the ratios matter.
 */
export const CHECK_COST = { athena: 10, accessGrants: 2, probe: 1, signin: 0 } as const;
/** CreateTokenWithIAM plus AssumeRole plus the directory read, once per persona. */
export const SIGN_IN_COST = 3;

/** A persona of one scenario: the unit a shard holds. */
export interface PersonaKey {
  scenario: string;
  persona: string;
}
export const personaKeyOf = (k: PersonaKey): string => `${k.scenario}\u0000${k.persona}`;

export function checkCost(t: Task): number {
  const a = t.action;
  if (a.type === "athena") return CHECK_COST.athena;
  if (a.type === "accessGrants")
    return (
      CHECK_COST.accessGrants + CHECK_COST.probe * ((a.probe?.inside.length ?? 0) + (a.probe?.outside.length ?? 0))
    );
  return CHECK_COST.signin;
}

export interface ShardGroup extends PersonaKey {
  cost: number;
  tasks: number;
}

/** Every persona with its estimated cost (sign-in plus its checks), in plan order. */
export function personaGroups(personas: PersonaKey[], tasks: Task[]): ShardGroup[] {
  const groups = new Map<string, ShardGroup>();
  for (const p of personas) groups.set(personaKeyOf(p), { ...p, cost: SIGN_IN_COST, tasks: 0 });
  for (const t of tasks) {
    const g = groups.get(personaKeyOf({ scenario: t.scenario, persona: t.persona }));
    // The plan only holds tasks of planned personas; a stray one would be a planner bug, not a shard's.
    if (!g) throw new Error(`task ${t.id} belongs to no planned persona`);
    g.cost += checkCost(t);
    g.tasks += 1;
  }
  return [...groups.values()];
}

/**
 * Greedy longest-first assignment: the costliest persona goes to the least loaded shard (the lowest
 * index on ties), names breaking ties between equal costs. Every shard's load ends within the largest
 * persona's cost of every other's. Returns the shard (1-based) of each persona key.
 */
export function assignShards(groups: ShardGroup[], total: number): Map<string, number> {
  const order = [...groups].sort(
    (a, b) => b.cost - a.cost || compare(a.scenario, b.scenario) || compare(a.persona, b.persona),
  );
  const load = new Array<number>(total).fill(0);
  const out = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let i = 1; i < total; i++) if (load[i] < load[best]) best = i;
    load[best] += g.cost;
    out.set(personaKeyOf(g), best + 1);
  }
  return out;
}

/** The personas and tasks of one shard, each task with its index in the whole plan (merge restores that order). */
export function selectShard<P extends PersonaKey>(
  personas: P[],
  tasks: Task[],
  shard: ShardSpec,
): { personas: P[]; tasks: { task: Task; planIndex: number }[] } {
  const of = assignShards(personaGroups(personas, tasks), shard.total);
  const mine = (k: PersonaKey) => of.get(personaKeyOf(k)) === shard.index;
  return {
    personas: personas.filter(mine),
    tasks: tasks
      .map((task, planIndex) => ({ task, planIndex }))
      .filter((x) => mine({ scenario: x.task.scenario, persona: x.task.persona })),
  };
}

/** Code-point order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `i/n` → a shard, or a message saying what is wrong (the caller turns it into CFG_SHARD). */
export function parseShard(text: string, maxTotal = 1024): ShardSpec | { problem: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return { problem: `--shard expects i/n (e.g. 2/3), got "${text}"` };
  const index = Number(m[1]),
    total = Number(m[2]);
  if (total < 1 || total > maxTotal)
    return { problem: `--shard ${text}: the number of shards must be from 1 to ${maxTotal}` };
  if (index < 1 || index > total)
    return { problem: `--shard ${text}: the shard index must be from 1 to ${total} (shards are numbered from 1)` };
  return { index, total };
}
