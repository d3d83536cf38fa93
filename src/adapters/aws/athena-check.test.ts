// runAthenaCheck over a fake Athena. A query Athena fails as Retryable (a throttled Glue or Lake
// Formation call inside it) runs again as a new query, up to the retry budget. How many status polls
// were throttled on the way must not eat into that budget: polls depend on the machine's speed, and a
// seeded run must decide the same every time.
import { describe, expect, it } from "vitest";
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
} from "@aws-sdk/client-athena";
import { athenaTask } from "../../../test/helpers/judge-fixtures.js";
import { DEFAULT_POLL, runAthenaCheck, type AthenaRunContext } from "./athena.js";

const throttled = () =>
  Object.assign(new Error("Rate exceeded"), {
    name: "ThrottlingException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });

/** Queries fail Retryable until `failing` of them have; each one's first `polls` status calls are throttled. */
function fakeAthena(failing: number, polls: number) {
  let started = 0;
  const throttledPolls = new Map<string, number>();
  const sent: string[] = [];
  const client = {
    async send(cmd: object) {
      sent.push(cmd.constructor.name);
      if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: `q${++started}`, $metadata: {} };
      if (cmd instanceof GetQueryExecutionCommand) {
        const id = cmd.input.QueryExecutionId!;
        const n = throttledPolls.get(id) ?? 0;
        if (n < polls) {
          throttledPolls.set(id, n + 1);
          throw throttled();
        }
        const fails = Number(id.slice(1)) <= failing;
        return {
          QueryExecution: {
            Status: fails
              ? {
                  State: "FAILED",
                  AthenaError: { ErrorCategory: 2, ErrorType: 1401, Retryable: true, ErrorMessage: "Rate exceeded" },
                }
              : { State: "SUCCEEDED" },
            Statistics: { TotalExecutionTimeInMillis: 1 },
          },
        };
      }
      if (cmd instanceof GetQueryResultsCommand)
        return { ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: "region" }] }, Rows: [] } };
      throw new Error("unexpected command");
    },
  };
  return { client: client as unknown as AthenaClient, started: () => started, sent };
}

const ctx = (): AthenaRunContext => ({
  retry: { retries: 4, minTimeoutMs: 1, maxTimeoutMs: 2 },
  poll: { ...DEFAULT_POLL, firstMs: 1, maxMs: 2 },
  stats: { polls: 0, queries: 0, bytesScanned: 0, executionMs: 0 },
  signal: new AbortController().signal,
});

describe("runAthenaCheck: a Retryable query failure", () => {
  it.each([0, 1, 3])(
    "runs the query again whatever the polls' transient retries (%i throttled polls a query)",
    async (polls) => {
      const fake = fakeAthena(2, polls);
      const r = await runAthenaCheck(fake.client, athenaTask({}, { outcome: "allowed" }), ctx());
      expect(r.outcome.kind).toBe("allowed");
      expect(fake.started()).toBe(3);
      // Every retry is still reported: the two reruns and each throttled poll.
      expect(r.retries).toBe(2 + 3 * polls);
    },
  );

  it("stops after the retry budget of reruns and reports the Retryable failure", async () => {
    const fake = fakeAthena(99, 1);
    const r = await runAthenaCheck(fake.client, athenaTask({}, { outcome: "allowed" }), ctx());
    expect(fake.started()).toBe(5);
    expect(r.outcome).toMatchObject({ kind: "refused", facts: { stage: "query-run", athena: { errorType: 1401 } } });
  });
});

describe("runAthenaCheck: the active-query place", () => {
  it("is handed back once the query has succeeded, before its results are read", async () => {
    const fake = fakeAthena(0, 0);
    await runAthenaCheck(fake.client, athenaTask({}, { outcome: "allowed" }), {
      ...ctx(),
      onSucceeded: () => fake.sent.push("freed"),
    });
    expect(fake.sent).toEqual([
      "StartQueryExecutionCommand",
      "GetQueryExecutionCommand",
      "freed",
      "GetQueryResultsCommand",
    ]);
  });

  it("is kept through a Retryable failure, whose rerun is a query of the same check", async () => {
    const fake = fakeAthena(1, 0);
    let freed = 0;
    const r = await runAthenaCheck(fake.client, athenaTask({}, { outcome: "allowed" }), {
      ...ctx(),
      onSucceeded: () => freed++,
    });
    expect(fake.started()).toBe(2);
    expect(r.outcome.kind).toBe("allowed");
    expect(freed).toBe(1);
  });
});

describe("runAthenaCheck: an interrupt while a status poll is in flight", () => {
  it("stops the query, which may still be running (review finding)", async () => {
    const run = new AbortController();
    const sent: string[] = [];
    const client = {
      async send(cmd: { constructor: { name: string } }) {
        sent.push(cmd.constructor.name);
        if (cmd instanceof StartQueryExecutionCommand) return { QueryExecutionId: "q1", $metadata: {} };
        if (cmd instanceof GetQueryExecutionCommand) {
          // The run's signal aborts the call in flight (clients.ts bindAbort).
          run.abort();
          throw Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
        }
        return {};
      },
    } as unknown as AthenaClient;
    const r = await runAthenaCheck(client, athenaTask({}, { outcome: "allowed" }), { ...ctx(), signal: run.signal });
    expect(r.outcome.kind).toBe("error");
    expect(sent).toEqual(["StartQueryExecutionCommand", "GetQueryExecutionCommand", "StopQueryExecutionCommand"]);
  });
});
