import { describe, expect, it } from "vitest";
import type { DirectoryReader } from "./ports.js";
import { checkDirectoryAssertions, compareExact, describeDirectoryProof } from "./directory-assert.js";
import type { ValidScenario } from "../scenario/parse.js";

const u = (name: string) => ({ type: "user" as const, name });
const g = (name: string) => ({ type: "group" as const, name });
const personaOf = (n: string) => (n === "arnav" ? "arnav" : undefined);

describe("compareExact", () => {
  it.each([
    { declared: [u("arnav"), u("maria")], actual: [u("maria"), u("arnav")], unexpected: [], missing: [] },
    {
      declared: [u("arnav"), u("maria")],
      actual: [u("arnav"), u("maria"), u("erin")],
      unexpected: [u("erin")],
      missing: [],
    },
    {
      declared: [u("arnav"), u("maria")],
      actual: [u("maria")],
      unexpected: [],
      missing: [{ ...u("arnav"), persona: "arnav" }],
    },
    {
      declared: [g("DS"), u("dana")],
      actual: [g("DS"), g("MA"), u("erin")],
      unexpected: [g("MA"), u("erin")],
      missing: [u("dana")],
    },
    { declared: [], actual: [], unexpected: [], missing: [] },
  ])("$declared.length declared, $actual.length actual", ({ declared, actual, unexpected, missing }) => {
    expect(compareExact(declared, actual, personaOf)).toEqual({ unexpected, missing });
  });
});

const scenario = {
  name: "s",
  personas: { arnav: { identity: { userName: "arnav" } } },
  target: { identityCenter: { applicationArn: "arn:app", identityStoreId: "d-1" } },
  directory: {
    groups: { DataScientists: { exactly: ["arnav", "maria"] } },
    assignments: { exactly: { groups: ["DataScientists"], users: [] } },
  },
} as unknown as ValidScenario;

describe("checkDirectoryAssertions", () => {
  const reader = (
    members: string[],
    assigned: { groups: string[]; users: string[] } | { error: string },
  ): DirectoryReader => ({
    read: async () => ({}),
    groupMembers: async () => ({ members }),
    applicationAssignments: async () => assigned,
  });

  it("is ok when Identity Center matches exactly", async () => {
    const r = await checkDirectoryAssertions(reader(["maria", "arnav"], { groups: ["DataScientists"], users: [] }), [
      scenario,
    ]);
    expect(r.map((p) => p.status)).toEqual(["ok", "ok"]);
    expect(r.map(describeDirectoryProof)).toEqual([undefined, undefined]);
  });

  it("names a non-persona member and a user assigned directly as drift", async () => {
    const r = await checkDirectoryAssertions(
      reader(["arnav", "maria", "erin"], { groups: ["DataScientists"], users: ["erin"] }),
      [scenario],
    );
    expect(r.map((p) => p.status)).toEqual(["drift", "drift"]);
    expect(describeDirectoryProof(r[0])).toBe(
      "DIRECTORY DRIFT: group DataScientists (scenario s): user erin (not a persona) is a member, the scenario does not list it",
    );
    expect(describeDirectoryProof(r[1])).toMatch(
      /the application's assignments .*user erin \(not a persona\) is assigned/,
    );
  });

  it("an unreadable directory is unavailable, never ok", async () => {
    const r = await checkDirectoryAssertions(reader([], { error: "AccessDeniedException: no" }), [scenario]);
    expect(r[1]).toMatchObject({ status: "unavailable", error: "AccessDeniedException: no" });
    expect(describeDirectoryProof(r[1])).toMatch(/^DIRECTORY UNPROVEN/);
    const none = await checkDirectoryAssertions(undefined, [scenario]);
    expect(none.every((p) => p.status === "unavailable")).toBe(true);
  });
});
