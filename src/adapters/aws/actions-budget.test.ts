// The Athena bytes budget in the action runner, over a fake Athena (review s22b): every run of a query
// spends what it scanned, a Retryable failure does not run again once the budget is spent, and a query
// the workgroup's per-query limit cancelled is a budget error, not an interruption.
import { describe, expect, it } from "vitest";
import {
  GetQueryExecutionCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from "@aws-sdk/client-athena";
import { athenaTask } from "../../../test/helpers/judge-fixtures.js";
import type { PersonaSession } from "../../core/ports.js";
import { AwsActionRunner } from "./actions.js";
import type { Clients } from "./clients.js";

/** Every query ends in `status` after scanning `scanned` bytes; the workgroup has `cutoff`, if given. */
function fakeAthena(status: object, scanned: number, cutoff?: number) {
  let started = 0;
  const client = {
    async send(cmd: object) {
      if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: `q${++started}`, $metadata: {} };
      if (cmd instanceof GetWorkGroupCommand)
        return { WorkGroup: { Configuration: cutoff ? { BytesScannedCutoffPerQuery: cutoff } : {} } };
      if (cmd instanceof GetQueryExecutionCommand)
        return {
          QueryExecution: {
            Status: status,
            Statistics: { TotalExecutionTimeInMillis: 1, DataScannedInBytes: scanned },
          },
        };
      throw new Error(`unexpected ${cmd.constructor.name}`);
    },
  } as unknown as AthenaClient;
  return { client, started: () => started };
}

function runner(client: AthenaClient, maxBytesScanned: number) {
  const clients = { athena: () => client, athenaBase: () => client } as unknown as Clients;
  return new AwsActionRunner(clients, {
    retry: { retries: 4, minTimeoutMs: 1, maxTimeoutMs: 2 },
    poll: { firstMs: 1, maxMs: 2, factor: 2, timeoutMs: 10_000 },
    athenaStarts: { perSecond: 100, burst: 100 },
    maxBytesScanned,
  });
}

const session = {
  scenario: "s",
  persona: "wei",
  credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "x" },
} as unknown as PersonaSession;
const task = athenaTask({}, { outcome: "allowed" });
const signal = () => new AbortController().signal;

describe("AwsActionRunner: the bytes budget", () => {
  it("a Retryable failure is not run again once its runs have spent the budget", async () => {
    const a = fakeAthena(
      {
        State: "FAILED",
        AthenaError: { ErrorCategory: 2, ErrorType: 1401, Retryable: true, ErrorMessage: "Rate exceeded" },
      },
      5000,
    );
    const r = runner(a.client, 1000);
    const out = await r.run(session, task, signal());
    expect(a.started()).toBe(1); // the previous code ran it 5 times (25000 bytes against 1000)
    expect(out.outcome).toMatchObject({ kind: "error", errorKind: "budget", code: "BYTES_SCANNED_BUDGET" });
    expect(r.athenaStats.bytesScanned).toBe(5000);
    expect((await r.run(session, task, signal())).outcome).toMatchObject({ code: "BYTES_SCANNED_BUDGET" });
    expect(a.started()).toBe(1);
  });

  it("a query the workgroup's per-query limit cancelled is a budget error that names the limit, and spends what it scanned", async () => {
    const a = fakeAthena(
      { State: "CANCELLED", StateChangeReason: "Query cancelled! : Bytes scanned limit was exceeded" },
      10_485_761,
      10_485_760,
    );
    const r = runner(a.client, 10 * 1024 ** 3);
    const out = await r.run(session, task, signal());
    expect(out.outcome).toMatchObject({ kind: "error", errorKind: "budget", code: "BYTES_SCANNED_CUTOFF" });
    expect(out.outcome.kind === "error" && out.outcome.message).toMatch(/BytesScannedCutoffPerQuery 10485760 bytes/);
    expect(r.athenaStats.bytesScanned).toBe(10_485_761);
  });

  it("a query cancelled below any limit stays an outside cancellation", async () => {
    const a = fakeAthena({ State: "CANCELLED" }, 10, 10_485_760);
    const out = await runner(a.client, 10 * 1024 ** 3).run(session, task, signal());
    expect(out.outcome).toMatchObject({ kind: "error", errorKind: "cancelled" });
  });
});
