// Whether LookupEvents' `Username` finds an assumed-role session's records by its role session name.
// AWS's CLI example shows it (lookup-events.rst: "Username": "my-session-name" for an assumed role);
// no AWS text states it. So the plan (core/evidence.ts lookupPlan: persona calls by the run's session
// name) is trusted until the first record of a persona session that any listing reads decides it: its
// `Username` is the session name (proven), or not (disproven: those calls go by their session's key).
import type { EvidenceRequest, LookupAttribute, TrailRecord } from "../../core/evidence.js";

export type UsernameState = "trusted" | "proven" | "disproven";

export class UsernameCheck {
  state: UsernameState = "trusted";
  /** A persona session's access key → the Username its records must carry to be found by it. */
  private readonly expected = new Map<string, string>();
  private probes = 0;

  /** A request that will be looked up by Username: its session's records decide. */
  expect(req: EvidenceRequest): void {
    if (req.lookup?.first.key === "Username" && req.correlation.accessKeyId)
      this.expected.set(req.correlation.accessKeyId, req.lookup.first.value);
  }

  /** One record read, with the `Username` LookupEvents listed it under. */
  observe(record: TrailRecord, listedUsername: string | undefined): void {
    const want = this.expected.get(record.userIdentity?.accessKeyId ?? "");
    if (want === undefined || this.state !== "trusted") return;
    this.state = listedUsername === want ? "proven" : "disproven";
  }

  /** The attribute a request is looked up by: its plan's first, unless that is a disproven Username. */
  primary(r: EvidenceRequest): LookupAttribute | undefined {
    return r.lookup?.first.key === "Username" && this.state === "disproven" ? r.lookup.fallback : r.lookup?.first;
  }

  /**
   * While undecided and the Username listings find nothing (not delivered yet, or Username is not the
   * session name): at sweeps 1, 2, 4, 8…, the request whose session's key to read one page of. Its
   * records are that session's alone, whatever the traffic. Each probe takes the next session in
   * order of its oldest call, so one session without records (a lost record, a single refused call)
   * cannot keep the question open.
   */
  probe(waiting: EvidenceRequest[], sweep: number): EvidenceRequest | undefined {
    if (this.state !== "trusted" || (sweep & (sweep - 1)) !== 0) return undefined;
    const bySession = new Map<string, EvidenceRequest>();
    for (const r of [...waiting].sort((a, b) => a.correlation.finishedAt - b.correlation.finishedAt))
      if (r.lookup?.fallback.key === "AccessKeyId" && !bySession.has(r.lookup.fallback.value))
        bySession.set(r.lookup.fallback.value, r);
    const sessions = [...bySession.values()];
    return sessions.length ? sessions[this.probes++ % sessions.length] : undefined;
  }
}
