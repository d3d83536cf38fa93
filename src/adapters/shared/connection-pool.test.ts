import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ListWorkGroupsCommand } from "@aws-sdk/client-athena";
import { makeClients } from "../aws/clients.js";
import { connectionPool } from "./connection-pool.js";

// A stand-in endpoint that counts TCP connections and answers every call with an empty JSON body.
async function endpoint(): Promise<{ url: string; connections: () => number; server: Server }> {
  let n = 0;
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "application/x-amz-json-1.1");
    res.end("{}");
  });
  server.on("connection", () => n++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => n, server };
}

const creds = (id: string) => ({ accessKeyId: id, secretAccessKey: "s" });

describe("one connection pool per set of clients", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("shares connections between personas' clients, and one client's destroy() leaves the others' open", async () => {
    const e = await endpoint();
    server = e.server;
    const clients = makeClients({ region: "us-east-1", endpoint: e.url });
    const arnav = clients.athena(creds("AKIDARNAV")),
      wei = clients.athena(creds("AKIDWEI"));
    await arnav.send(new ListWorkGroupsCommand({}));
    await wei.send(new ListWorkGroupsCommand({}));
    await arnav.send(new ListWorkGroupsCommand({}));
    expect(e.connections()).toBe(1);
    // What the actions adapter does when a persona's checks are over.
    arnav.destroy();
    await wei.send(new ListWorkGroupsCommand({}));
    expect(e.connections()).toBe(1);
    clients.close();
    await wei.send(new ListWorkGroupsCommand({}));
    expect(e.connections()).toBe(2);
    clients.close();
  });

  it("sets no socket limit of its own: a request waiting for a socket would spend its connect timeout", () => {
    const pool = connectionPool();
    expect([pool.httpAgent.maxSockets, pool.httpsAgent.maxSockets]).toEqual([Infinity, Infinity]);
    pool.close();
  });
});
