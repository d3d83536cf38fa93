// CloudTrail late beyond the deadline: the run ends `pending` (exit 3), and `confirm` later turns the
// evidence into confirmed (exit 0). Runs against a standalone-style sandbox reached over its endpoint,
// the way a real account is reached, because `confirm` is a separate process in real life.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmCommand } from "../../src/cli/commands/confirm.js";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";
import { sandboxEnv } from "../../src/app/sandbox.js";
import { captureScreen } from "../helpers/capture.js";
import { tempDir } from "../helpers/fixtures.js";

const DELAY_MS = 8_000; // longer than the run takes even on a loaded machine, so some evidence is still pending
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ faults: { cloudtrailDelayMs: DELAY_MS } });
});
afterAll(async () => {
  await sb.stop();
});

describe("pending CloudTrail evidence", () => {
  it("ends pending with exit 3, and confirm later confirms it with exit 0", async () => {
    const env = { PATH: process.env.PATH, ...sandboxEnv(sb), TIP_TARGET: "aws", TIP_ALLOWED_ACCOUNTS: "111122223333" };
    const out = tempDir("tip-pending-");
    const screen = captureScreen();
    const started = Date.now();
    const r = await runFromOptions(
      {
        paths: ["scenarios/bank-transactions.yaml"],
        output: out,
        cloudtrailDeadline: "500ms",
        cloudtrailSettle: "0ms",
      },
      { cwd: process.cwd(), env, screen },
    );
    expect(r.exitCode, screen.text()).toBe(3);
    expect(r.report!.target).toMatchObject({ kind: "aws", endpoint: sb.endpoint });
    // Under load the run itself can outlast the delivery delay, so the first records may already be
    // confirmed; what must hold: everything passed or is pending, and the pending ones kept their lookup.
    const pending = r.report!.results.filter((x) => x.verdict === "pending");
    expect(pending.length).toBeGreaterThan(0);
    expect(r.report!.results.every((x) => x.verdict === "pass" || x.verdict === "pending")).toBe(true);
    expect(pending.every((x) => x.evidence.status === "pending" && x.evidence.lookup)).toBe(true);
    expect(screen.text()).toMatch(/CloudTrail pending/);

    await new Promise((res) => setTimeout(res, Math.max(0, DELAY_MS - (Date.now() - started)) + 300));
    const later = captureScreen();
    const code = await confirmCommand(out, { cloudtrailDeadline: "15s" }, later, { env });
    expect(code, later.text()).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport;
    expect(report.summary).toMatchObject({ passed: 18, pending: 0, exitCode: 0 });
    for (const res of report.results) {
      expect(res.evidence.status).toBe("confirmed");
      expect(res.evidence.lookup).toBeUndefined();
      expect(res.evidence.cloudtrail[0].onBehalfOfUserId).toBe(res.identityCenterUserId);
    }
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/^# PASS/);
  });
});
