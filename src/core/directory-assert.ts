// Directory assertions: the scenario's exact group membership and exact application assignments,
// compared with Identity Center before any check runs. A user who is not a persona matters as much as
// one who is: "Identity Center group drift can become data drift". Pure: reads go through the
// DirectoryReader port; compareExact is the decision.
import type { DirectoryProof } from "../model/report.js";
import type { ValidScenario } from "../scenario/parse.js";
import type { DirectoryReader } from "./ports.js";

type Member = NonNullable<DirectoryProof["missing"]>[number];

/** Which names are present but not declared, and declared but not present (sorted, named as personas where one is). */
export function compareExact(
  declared: { type: Member["type"]; name: string }[],
  actual: { type: Member["type"]; name: string }[],
  personaOf: (userName: string) => string | undefined,
): { unexpected: Member[]; missing: Member[] } {
  const key = (m: { type: string; name: string }) => `${m.type}\u0000${m.name}`;
  const want = new Set(declared.map(key)),
    got = new Set(actual.map(key));
  const named = (m: { type: Member["type"]; name: string }): Member => {
    const persona = m.type === "user" ? personaOf(m.name) : undefined;
    return { type: m.type, name: m.name, ...(persona ? { persona } : {}) };
  };
  const order = (a: Member, b: Member) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
  return {
    unexpected: actual
      .filter((m) => !want.has(key(m)))
      .map(named)
      .sort(order),
    missing: declared
      .filter((m) => !got.has(key(m)))
      .map(named)
      .sort(order),
  };
}

function proofOf(
  base: Omit<DirectoryProof, "status">,
  diff: { unexpected: Member[]; missing: Member[] },
): DirectoryProof {
  const drift = diff.unexpected.length > 0 || diff.missing.length > 0;
  return {
    ...base,
    status: drift ? "drift" : "ok",
    ...(diff.unexpected.length ? { unexpected: diff.unexpected } : {}),
    ...(diff.missing.length ? { missing: diff.missing } : {}),
  };
}

const NO_STORE = "the scenario names no identity store (target.identityCenter.identityStoreId)";

/** Every directory assertion of the scenarios, read and compared; [] when none declares any. */
export async function checkDirectoryAssertions(
  reader: DirectoryReader | undefined,
  scenarios: ValidScenario[],
): Promise<DirectoryProof[]> {
  const out: Promise<DirectoryProof>[] = [];
  for (const s of scenarios) {
    const d = s.directory;
    if (!d) continue;
    const storeId = s.target.identityCenter.identityStoreId;
    const applicationArn = s.target.identityCenter.applicationArn;
    const personaOf = (userName: string) =>
      Object.entries(s.personas).find(([, p]) => "userName" in p.identity && p.identity.userName === userName)?.[0];
    const users = (names: string[]) => names.map((name) => ({ type: "user" as const, name }));
    const unavailable = (base: Omit<DirectoryProof, "status">, error: string): DirectoryProof => ({
      ...base,
      status: "unavailable",
      error,
    });
    // One assertion: read with the base principal, then compare; no store or no reader proves nothing.
    const assert = <R extends object>(
      base: Omit<DirectoryProof, "status">,
      read: (() => Promise<R | { error: string }>) | undefined,
      compare: (r: R) => { unexpected: Member[]; missing: Member[] },
    ): Promise<DirectoryProof> =>
      !storeId || !read
        ? Promise.resolve(unavailable(base, storeId ? "no directory reader" : NO_STORE))
        : read().then((r) => ("error" in r ? unavailable(base, r.error) : proofOf(base, compare(r as R))));
    for (const [group, spec] of Object.entries(d.groups)) {
      const read = reader?.groupMembers && storeId ? () => reader.groupMembers!(storeId, group) : undefined;
      out.push(
        assert({ scenario: s.name, kind: "group-members", group }, read, (r) =>
          compareExact(users(spec.exactly), users(r.members), personaOf),
        ),
      );
    }
    if (d.assignments) {
      const want = d.assignments.exactly;
      const groups = (names: string[]) => names.map((name) => ({ type: "group" as const, name }));
      const read =
        reader?.applicationAssignments && storeId
          ? () => reader.applicationAssignments!(storeId, applicationArn)
          : undefined;
      out.push(
        assert({ scenario: s.name, kind: "application-assignments", applicationArn }, read, (r) =>
          compareExact(
            [...groups(want.groups), ...users(want.users)],
            [...groups(r.groups), ...users(r.users)],
            personaOf,
          ),
        ),
      );
    }
  }
  return Promise.all(out);
}

/** One line per finding, for every report format (reporters/present.ts runFindings) and the live progress. */
export function describeDirectoryProof(p: DirectoryProof): string | undefined {
  const who = (m: Member) =>
    `${m.type} ${m.name}${m.type === "user" ? (m.persona ? ` (persona ${m.persona})` : " (not a persona)") : ""}`;
  const subject = p.kind === "group-members" ? `group ${p.group}` : `the application's assignments`;
  if (p.status === "unavailable")
    return `DIRECTORY UNPROVEN: ${subject} could not be read with the base principal (${p.error ?? "unknown"})`;
  if (p.status === "ok") return undefined;
  const parts: string[] = [];
  if (p.unexpected?.length)
    parts.push(
      `${p.unexpected.map(who).join(", ")} ${p.kind === "group-members" ? "is a member" : "is assigned"}, the scenario does not list ${p.unexpected.length === 1 ? "it" : "them"}`,
    );
  if (p.missing?.length)
    parts.push(
      `${p.missing.map(who).join(", ")} ${p.kind === "group-members" ? "is not a member" : "is not assigned"}, the scenario says ${p.kind === "group-members" ? "it is" : "it is"}`,
    );
  return `DIRECTORY DRIFT: ${subject} (scenario ${p.scenario}): ${parts.join("; ")}`;
}
