// The second fixture through the same harness: allowed, partial (row- and column-restricted) and denied
// personas, and an access matrix whose undeclared cells are expected denials.
import { describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import { captureScreen } from "../helpers/capture.js";
import { tempDir } from "../helpers/fixtures.js";

describe("regional-orders against the regional fixture", () => {
  it("passes with every class of persona, each result confirmed on behalf of its persona", async () => {
    const screen = captureScreen();
    const r = await runFromOptions(
      { paths: ["scenarios/regional"], fixture: "regional", output: tempDir("tip-regional-") },
      { cwd: process.cwd(), screen, env: { PATH: process.env.PATH } },
    );
    expect(r.exitCode, screen.text()).toBe(0);
    const report = r.report!;
    expect(new Set(report.personas.map((p) => p.class))).toEqual(new Set(["allowed", "partial", "denied"]));
    expect(report.target).toMatchObject({ accountId: "210987654321", region: "eu-central-1" });
    const byKey = Object.fromEntries(report.results.map((x) => [`${x.check}/${x.persona}`, x]));
    expect(byKey["orders-rows-by-region/gwen"].observed.rowCount).toBe(56);
    expect(byKey["orders-rows-by-region/elena"].observed).toMatchObject({
      rowCount: 24,
      predicateViolations: [{ violations: 0 }],
    });
    expect(byKey["customer-email/priya"].observed).toMatchObject({ outcome: "denied", code: "COLUMN_NOT_FOUND" });
    expect(byKey["us-team-prefix/elena"].expected.outcome).toBe("denied"); // an undeclared matrix cell
    for (const x of report.results)
      expect(
        x.evidence.cloudtrail.some((e) => e.onBehalfOfUserId === x.identityCenterUserId),
        x.id,
      ).toBe(true);
  });
});
