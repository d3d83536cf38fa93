// A workgroup's per-query data limit (BytesScannedCutoffPerQuery), which Athena enforces by cancelling
// any query that scans past it: the bound the run's bytes-scanned budget (bytes-budget.ts) may count
// on for a query whose cost is not known yet. Read once a run per workgroup, with the base principal
// (as the workgroup proof is); a workgroup that cannot be read counts as having no limit, the safe side.
import { GetWorkGroupCommand, type AthenaClient } from "@aws-sdk/client-athena";
import { withRetry, type RetryBudget } from "./retry.js";

export class WorkgroupLimits {
  private readonly cutoffs = new Map<string, Promise<number | undefined>>();
  private client: AthenaClient | undefined;

  constructor(
    private readonly makeClient: () => AthenaClient,
    private readonly retry: RetryBudget,
  ) {}

  /** The workgroup's BytesScannedCutoffPerQuery in bytes; undefined when it has none or is unreadable. */
  cutoff(workgroup: string): Promise<number | undefined> {
    let c = this.cutoffs.get(workgroup);
    if (!c) {
      c = this.read(workgroup);
      this.cutoffs.set(workgroup, c);
    }
    return c;
  }

  close(): void {
    this.client?.destroy();
  }

  private async read(workgroup: string): Promise<number | undefined> {
    try {
      const client = (this.client ??= this.makeClient());
      const r = await withRetry(() => client.send(new GetWorkGroupCommand({ WorkGroup: workgroup })), this.retry);
      const limit = r.WorkGroup?.Configuration?.BytesScannedCutoffPerQuery;
      return typeof limit === "number" && Number.isFinite(limit) && limit > 0 ? limit : undefined;
    } catch {
      return undefined;
    }
  }
}
