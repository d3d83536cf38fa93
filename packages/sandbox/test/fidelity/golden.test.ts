// Golden wire files: the sandbox's bytes for the operations the harness depends on most must equal the
// committed test/fixtures/wire/** (volatile values replaced by placeholders, see wire-golden.ts). A
// difference is either a regression or an intended change; the latter is made by rerunning
// `npm run update-golden -w @tip-proof/sandbox -- --write` and reviewing the diff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { lineDiff, readGolden, renderGolden, UPDATE_COMMAND } from "../helpers/wire-golden.js";
import { expectConforms } from "./expect.js";
import { fixtureValues, GOLDEN_NAMES, runGoldenCases, type GoldenCase } from "./golden-cases.js";

let sb: Sandbox;
const cases = new Map<string, GoldenCase>();
let stable: (v: string) => boolean;
beforeAll(async () => {
  sb = await startSandbox();
  sb.setFaults({ cloudtrailDelayMs: 0 });
  stable = fixtureValues(sb);
  for (const c of await runGoldenCases(sb)) cases.set(c.name, c);
});
afterAll(async () => {
  await sb?.stop();
});

describe("golden wire files", () => {
  it("the case list and the files agree", () => {
    expect([...cases.keys()]).toEqual([...GOLDEN_NAMES]);
  });

  it.each([...GOLDEN_NAMES])("%s", (name) => {
    const c = cases.get(name)!;
    expect(c.sent.error?.name ?? "ok", "the SDK outcome this golden stands for").toBe(c.expect);
    expectConforms(c.service, c.sent);
    const actual = renderGolden(c.title, c.sent.exchange, stable);
    const golden = readGolden(name);
    expect(
      golden,
      `packages/sandbox/test/fixtures/wire/${name}.txt is missing: run \`${UPDATE_COMMAND}\``,
    ).toBeDefined();
    if (golden !== actual) {
      expect.fail(
        `the sandbox's bytes for ${name} changed. If intended, run \`${UPDATE_COMMAND}\` and review ` +
          `\`git diff packages/sandbox/test/fixtures/wire\`; otherwise this is a regression.\n${lineDiff(golden!, actual)}`,
      );
    }
  });
});
