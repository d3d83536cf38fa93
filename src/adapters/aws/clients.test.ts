// Clients listen on the run's signal in their HTTP handler (bindAbort), so calls need no per-call
// options and the SDK can cache each client's middleware; a call that brings its own signal (stopping
// a query after an interrupt) is not cut by the run's.
import { describe, expect, it } from "vitest";
import { AthenaClient, GetWorkGroupCommand } from "@aws-sdk/client-athena";
import { bindAbort, makeClients } from "./clients.js";

describe("bindAbort", () => {
  it("gives every call the run's signal unless the call brings its own", async () => {
    const seen: unknown[] = [];
    const client = {
      config: {
        requestHandler: {
          handle: async (_req: unknown, o?: { abortSignal?: unknown }) => {
            seen.push(o?.abortSignal);
          },
        },
      },
    };
    const run = new AbortController(),
      own = new AbortController();
    bindAbort(client, run.signal);
    await client.config.requestHandler.handle({});
    await client.config.requestHandler.handle({}, { abortSignal: own.signal });
    expect(seen).toEqual([run.signal, own.signal]);
  });

  it("aborts a real SDK call in flight when the run is interrupted, and caches its middleware", async () => {
    // An endpoint that accepts the connection and never answers: only the abort can end the call.
    const { createServer } = await import("node:net");
    const server = createServer(() => undefined).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as { port: number }).port;
    const run = new AbortController();
    const clients = makeClients({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      baseCredentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" },
      signal: run.signal,
    });
    try {
      const athena = clients.athenaBase();
      expect(athena).toBeInstanceOf(AthenaClient);
      expect((athena.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
      // Not for S3: parallel GetObject calls on a cached client were sent to another call's bucket.
      for (const other of [clients.s3Base(), clients.s3controlBase()])
        expect((other.config as { cacheMiddleware?: boolean }).cacheMiddleware).not.toBe(true);
      // A persona's S3 Control client calls GetDataAccess for one account only: its endpoint never varies.
      const persona = clients.s3control({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" });
      expect((persona.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
      const call = athena.send(new GetWorkGroupCommand({ WorkGroup: "wg" }));
      setTimeout(() => run.abort(), 50);
      const t0 = Date.now();
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      clients.close();
      server.close();
    }
  });
});
