// The split of `run --shard i/n`: deterministic (the scenarios alone decide it), every persona and every
// task in exactly one shard, personas kept whole, and balanced by estimated cost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task } from "./plan.js";
import {
  assignShards,
  checkCost,
  CHECK_COST,
  parseShard,
  personaGroups,
  personaKeyOf,
  selectShard,
  SIGN_IN_COST,
  type PersonaKey,
} from "./shard.js";

const KINDS = ["athena", "accessGrants", "signin"] as const;
const task = (scenario: string, persona: string, n: number, kind: (typeof KINDS)[number]): Task => ({
  id: `${scenario}/c${n}/${persona}`,
  scenario,
  check: `c${n}`,
  persona,
  personaClass: "partial",
  action:
    kind === "athena"
      ? { type: "athena", sql: "SELECT 1", database: "d", workgroup: "w", catalog: "AwsDataCatalog" }
      : kind === "accessGrants"
        ? { type: "accessGrants", accountId: "1", target: "s3://b/p/*", permission: "READ", privilege: "Default" }
        : { type: "signin" },
  expectation: { outcome: "denied" },
  cloudtrail: true,
  declaredColumns: [],
  scenarioColumns: [],
});

/** A plan: personas of up to 3 scenarios, each with some checks of mixed kinds (some with none). */
const plans = fc
  .array(
    fc.record({
      scenario: fc.constantFrom("s1", "s2", "s3"),
      persona: fc.constantFrom("arnav", "wei", "erin", "dana", "li", "omar", "zoe"),
      checks: fc.array(fc.constantFrom(...KINDS), { maxLength: 12 }),
    }),
    { maxLength: 30 },
  )
  .map((rows) => {
    const personas = new Map<string, PersonaKey>();
    const tasks: Task[] = [];
    for (const r of rows) {
      if (personas.has(personaKeyOf(r))) continue;
      personas.set(personaKeyOf(r), { scenario: r.scenario, persona: r.persona });
      r.checks.forEach((k, i) => tasks.push(task(r.scenario, r.persona, i, k)));
    }
    return { personas: [...personas.values()], tasks };
  });

describe("shard split", () => {
  it("every persona and every task lands in exactly one shard, personas whole, tasks in plan order", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 8 }), ({ personas, tasks }, total) => {
        const shards = Array.from({ length: total }, (_, i) => selectShard(personas, tasks, { index: i + 1, total }));
        const ids = shards.flatMap((s) => s.tasks.map((t) => t.task.id));
        expect(ids.sort()).toEqual(tasks.map((t) => t.id).sort());
        expect(shards.flatMap((s) => s.personas.map(personaKeyOf)).sort()).toEqual(personas.map(personaKeyOf).sort());
        for (const s of shards) {
          const mine = new Set(s.personas.map(personaKeyOf));
          for (const t of s.tasks) {
            expect(mine.has(personaKeyOf(t.task))).toBe(true);
            expect(tasks[t.planIndex]).toBe(t.task);
          }
          expect(s.tasks.map((t) => t.planIndex)).toEqual([...s.tasks.map((t) => t.planIndex)].sort((a, b) => a - b));
        }
      }),
    );
  });

  it("is deterministic: the same plan in any persona order gives the same split", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 6 }), fc.integer(), ({ personas, tasks }, total, seed) => {
        const a = assignShards(personaGroups(personas, tasks), total);
        const shuffled = [...personas].sort(
          (x, y) => ((personaKeyOf(x).length * 31 + seed) % 7) - ((personaKeyOf(y).length * 31 + seed) % 7),
        );
        const b = assignShards(personaGroups(shuffled, tasks), total);
        expect([...b].sort()).toEqual([...a].sort());
      }),
    );
  });

  it("is balanced: no shard carries more than the lightest one plus the costliest persona", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 6 }), ({ personas, tasks }, total) => {
        const groups = personaGroups(personas, tasks);
        const of = assignShards(groups, total);
        const load = new Array<number>(total).fill(0);
        for (const g of groups) load[of.get(personaKeyOf(g))! - 1] += g.cost;
        const biggest = Math.max(0, ...groups.map((g) => g.cost));
        expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(biggest);
      }),
    );
  });

  it("costs by kind: an Athena query outweighs GetDataAccess, each persona signs in once", () => {
    expect(checkCost(task("s", "p", 0, "athena"))).toBeGreaterThan(checkCost(task("s", "p", 0, "accessGrants")));
    const [g] = personaGroups(
      [{ scenario: "s", persona: "p" }],
      [task("s", "p", 0, "athena"), task("s", "p", 1, "accessGrants")],
    );
    expect(g.cost).toBe(SIGN_IN_COST + CHECK_COST.athena + CHECK_COST.accessGrants);
    // Two heavy personas and four light ones over two shards: one heavy each, the light ones shared out.
    const ps = ["h1", "h2", "l1", "l2", "l3", "l4"].map((persona) => ({ scenario: "s", persona }));
    const ts = [
      ...["h1", "h2"].flatMap((p) => [0, 1, 2].map((i) => task("s", p, i, "athena"))),
      ...["l1", "l2", "l3", "l4"].map((p) => task("s", p, 0, "accessGrants")),
    ];
    const of = assignShards(personaGroups(ps, ts), 2);
    expect(of.get(personaKeyOf({ scenario: "s", persona: "h1" }))).not.toBe(
      of.get(personaKeyOf({ scenario: "s", persona: "h2" })),
    );
  });

  it.each([
    ["1/3", { index: 1, total: 3 }],
    [" 3 / 3 ", { index: 3, total: 3 }],
    ["1/1", { index: 1, total: 1 }],
  ])("parses %j", (text, want) => {
    expect(parseShard(text)).toEqual(want);
  });
  it.each([
    ["0/3", /numbered from 1/],
    ["4/3", /from 1 to 3/],
    ["x", /expects i\/n/],
    ["1/0", /number of shards/],
    ["-1/3", /expects i\/n/],
    ["1.5/3", /expects i\/n/],
    ["1/2000", /number of shards/],
  ])("refuses %j", (text, why) => {
    const r = parseShard(text);
    expect("problem" in r && r.problem).toMatch(why);
  });
});
