// Fake ports for the pure core, in the manner of changesets' FakeFullState: each fake holds a small
// scripted world (who signs in as whom, what each task observes, which CloudTrail records exist) so
// orchestration rules can be tested in tables without a sandbox or the SDK.
import type { RefusalFacts } from "../../src/model/facts.js";
import { allowed, errored, refused, type Correlation, type Observed } from "../../src/model/outcome.js";
import type { EvidenceEvent, RunReport } from "../../src/model/report.js";
import type { Reporter } from "../../src/model/reporter.js";
import type { EvidenceRequest } from "../../src/core/evidence.js";
import type { Task } from "../../src/core/plan.js";
import type {
  ActionResult,
  ActionRunner,
  AuditSource,
  DirectoryReader,
  DirectoryState,
  EvidenceMatch,
  PersonaSession,
  ProofReader,
  SessionProvider,
} from "../../src/core/ports.js";
import { runScenarios, type RunOptions } from "../../src/core/run.js";
import { parseScenario, type ValidScenario } from "../../src/scenario/parse.js";

const corr = (extra: Partial<Correlation> = {}): Correlation => ({ startedAt: 0, finishedAt: 1, ...extra });

export class FakeSessions implements SessionProvider {
  /**
   * persona → what its sign-in observes (default: allowed as user `u-<persona>`). A sign-in refusal
   * presents the persona's own token (`presented: u-<persona>`, not assigned to the application, as
   * the adapter resolves it) unless its facts say otherwise.
   */
  constructor(readonly signIns: Record<string, Observed | { userId: string }> = {}) {}
  async open(s: ValidScenario, persona: string): Promise<PersonaSession> {
    const x = this.signIns[persona];
    if (x && "kind" in x)
      return {
        persona,
        scenario: s.name,
        signIn:
          x.kind === "refused" && x.facts.stage === "sign-in" && !("presented" in x.facts)
            ? { ...x, facts: { ...x.facts, presented: { userId: `u-${persona}`, assignment: "unassigned" } } }
            : x,
        signInCorrelation: corr(),
        signInApiRefused: x.kind === "refused",
      };
    return {
      persona,
      scenario: s.name,
      signIn: allowed(),
      userId: x?.userId ?? `u-${persona}`,
      credentials: {},
      signInCorrelation: corr(),
    };
  }
}

export class FakeActions implements ActionRunner {
  readonly ran: string[] = [];
  /** `release:<persona>` after that persona's last check, in the same log as the checks. */
  readonly log: string[] = [];
  /** task id (or `check/persona`) → observation; default: allowed with no observation. */
  constructor(readonly script: Record<string, Observed> = {}) {}
  release(s: PersonaSession): void {
    this.log.push(`release:${s.persona}`);
  }
  async run(_s: PersonaSession, t: Task): Promise<ActionResult> {
    this.ran.push(t.id);
    this.log.push(t.id);
    const o = this.script[t.id] ?? this.script[`${t.check}/${t.persona}`] ?? allowed({});
    return {
      outcome: o,
      correlation: corr(
        t.action.type === "athena" && o.kind !== "error" && !(o.kind === "refused" && o.facts.stage === "query-start")
          ? { queryExecutionId: `q-${t.id}` }
          : {},
      ),
      retries: 0,
      apiRefused: o.kind === "refused" && o.facts.stage !== "query-run",
    };
  }
}

export class FakeDirectory implements DirectoryReader {
  constructor(readonly state: Record<string, DirectoryState> = {}) {}
  async read(s: ValidScenario, persona: string): Promise<DirectoryState> {
    const groups = s.personas[persona].groups;
    return this.state[persona] ?? { userId: `u-${persona}`, groups, groupIds: groups.map((g) => `g-${g}`) };
  }
}

export class FakeProofs implements ProofReader {
  constructor(
    readonly world: {
      tables?: Record<string, string[] | "denied">;
      workgroups?: Record<string, boolean | "denied">;
      objects?: Record<string, boolean>;
      /** Per target: the governing instance's account ("none": no instance, "denied": unreadable). @default the asked account */
      instances?: Record<string, string | "none" | "denied">;
      /** The account's locations (scope → role). @default one default location, s3://, with one role */
      locations?: Record<string, string> | "denied";
      /** The account's grants to IAM principals. @default none */
      iamGrants?: { grantee: string; scope: string; permission: string }[] | "denied";
      /** Grants to directory users and groups by id (FakeDirectory: `u-<persona>`, `g-<group>`). @default none */
      heldGrants?: Record<string, { scope: string; permission: string }[]> | "denied";
    } = {},
  ) {}
  async table(database: string, table: string) {
    const t = this.world.tables?.[`${database}.${table}`];
    if (t === "denied") return { error: "AccessDeniedException", notFound: false };
    return t ? { columns: t } : { error: "EntityNotFoundException", notFound: true };
  }
  async workgroup(name: string) {
    const w = this.world.workgroups?.[name] ?? true;
    return w === "denied" ? { error: "AccessDeniedException" } : { identityCenterEnabled: w };
  }
  async exists(uri: string) {
    return this.world.objects?.[uri] ?? true;
  }
  async grantsInstance(accountId: string, target: string) {
    const i = this.world.instances?.[target] ?? accountId;
    if (i === "denied") return { error: "AccessDenied" };
    if (i === "none") return { none: true as const };
    return { instanceArn: `arn:aws:s3:us-east-1:${i}:access-grants/default` };
  }
  async grantsLocations(accountId: string) {
    const l = this.world.locations ?? { "s3://": `arn:aws:iam::${accountId}:role/AccessGrantsLocationRole` };
    if (l === "denied") return { error: "AccessDenied" };
    return { locations: Object.entries(l).map(([scope, roleArn]) => ({ scope, roleArn })) };
  }
  async grantsIam() {
    const g = this.world.iamGrants ?? [];
    return g === "denied" ? { error: "AccessDenied" } : { grants: g };
  }
  async grantsHeld(_accountId: string, userId: string, groupIds: string[]) {
    const h = this.world.heldGrants ?? {};
    if (h === "denied") return { error: "AccessDenied" };
    return {
      grants: [userId, ...groupIds].flatMap((id) =>
        (h[id] ?? []).map((g) => ({
          granteeType: id === userId ? "DIRECTORY_USER" : "DIRECTORY_GROUP",
          grantee: id,
          ...g,
        })),
      ),
    };
  }
}

/** A CloudTrail that holds a record for every request unless told otherwise. */
export class FakeAudit implements AuditSource {
  readonly requests: EvidenceRequest[] = [];
  constructor(readonly behaviour: (r: EvidenceRequest) => "confirmed" | "pending" | "mismatch" = () => "confirmed") {}
  begin() {
    return {
      add: (r: EvidenceRequest) => {
        this.requests.push(r);
      },
      finish: async () => new Map(this.requests.map((r) => [r.key, this.match(r)])),
    };
  }
  async confirm(requests: EvidenceRequest[]) {
    return new Map(requests.map((r) => [r.key, this.match(r)]));
  }
  private match(r: EvidenceRequest): EvidenceMatch {
    const status = this.behaviour(r);
    const event: EvidenceEvent = {
      eventId: `e-${r.key}`,
      eventName: r.eventName,
      eventSource: r.eventSource,
      eventTime: "2026-01-01T00:00:00Z",
      ...(r.userId ? { onBehalfOfUserId: r.userId } : {}),
    };
    return {
      status,
      events: status === "pending" ? [] : [event],
      problems: status === "mismatch" ? [`CloudTrail record e-${r.key} is on behalf of someone else`] : [],
    };
  }
}

export const refusal = (f: Partial<RefusalFacts> & Pick<RefusalFacts, "stage">): Observed =>
  refused({ api: "X", serviceCode: "", message: "m", ...f });
export const failed = (athena: RefusalFacts["athena"]) =>
  refusal({ stage: "query-run", athena: { errorCategory: 2, ...athena } });
export { allowed, errored };

export function scenario(yaml: string): ValidScenario {
  const r = parseScenario(yaml, "fake.yaml", {});
  if (!r.scenario) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return r.scenario;
}

export interface FakeWorld {
  sessions?: FakeSessions;
  actions?: FakeActions;
  directory?: FakeDirectory | null;
  proofs?: FakeProofs | null;
  audit?: FakeAudit | null;
  signal?: AbortSignal;
}

/** Runs the real orchestrator over fakes; returns the report and what reporters were told. */
export async function runFake(
  scenarios: ValidScenario[],
  w: FakeWorld = {},
): Promise<{ report: RunReport; progress: string[]; personas: string[] }> {
  const progress: string[] = [],
    personas: string[] = [];
  const reporter: Reporter = {
    name: "fake",
    onProgress: (m) => {
      progress.push(m);
    },
    onPersona: (p) => {
      personas.push(p.name);
    },
  };
  const o: RunOptions = {
    runId: "run-1",
    scenarios,
    scenarioFiles: [],
    target: { kind: "sandbox", accountId: "111122223333", region: "us-east-1" },
    tool: { name: "tip-proof", version: "test" },
    sessions: w.sessions ?? new FakeSessions(),
    actions: w.actions ?? new FakeActions(),
    ...(w.audit === null ? {} : { audit: w.audit ?? new FakeAudit() }),
    ...(w.directory === null ? {} : { directory: w.directory ?? new FakeDirectory() }),
    ...(w.proofs === null ? {} : { proofs: w.proofs ?? new FakeProofs({ tables: { "d.t": ["a", "b", "pii"] } }) }),
    reporter,
    concurrency: { personas: 2, checks: 4 },
    cloudtrail: { deadlineMs: 0, settleMs: 0 },
    signal: w.signal ?? new AbortController().signal,
  };
  return { report: await runScenarios(o), progress, personas };
}
