import { describe, expect, it } from "vitest";
import type { AthenaClient } from "@aws-sdk/client-athena";
import { WorkgroupLimits } from "./workgroup-limits.js";

const retry = { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2 };

function fake(answer: (name: string) => unknown) {
  const asked: string[] = [];
  const client = {
    async send(cmd: { input: { WorkGroup: string } }) {
      asked.push(cmd.input.WorkGroup);
      const a = answer(cmd.input.WorkGroup);
      if (a instanceof Error) throw a;
      return a;
    },
    destroy() {},
  };
  return { make: () => client as unknown as AthenaClient, asked };
}

describe("WorkgroupLimits", () => {
  it("reads each workgroup's BytesScannedCutoffPerQuery once a run", async () => {
    const f = fake((n) => ({
      WorkGroup: { Configuration: n === "capped" ? { BytesScannedCutoffPerQuery: 10_485_760 } : {} },
    }));
    const limits = new WorkgroupLimits(f.make, retry);
    const got = await Promise.all([limits.cutoff("capped"), limits.cutoff("capped"), limits.cutoff("open")]);
    expect(got).toEqual([10_485_760, 10_485_760, undefined]);
    expect(f.asked).toEqual(["capped", "open"]);
  });

  it("counts a workgroup it cannot read as having no limit (its first query then runs alone)", async () => {
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDeniedException", $fault: "client" });
    const f = fake(() => denied);
    expect(await new WorkgroupLimits(f.make, retry).cutoff("wg")).toBeUndefined();
  });

  it("ignores a limit that is not a positive number", async () => {
    const f = fake(() => ({ WorkGroup: { Configuration: { BytesScannedCutoffPerQuery: 0 } } }));
    expect(await new WorkgroupLimits(f.make, retry).cutoff("wg")).toBeUndefined();
  });
});
