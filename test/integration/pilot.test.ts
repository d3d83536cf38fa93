// A pilot session: each persona signs in through the browser flow (driven here by a stand-in that
// submits the IdP's sign-in form), one at a time, with observations printed live.
import { describe, expect, it } from "vitest";
import { pilotCommand } from "../../src/cli/commands/pilot.js";
import { captureScreen } from "../helpers/capture.js";
import { tempDir } from "../helpers/fixtures.js";
import { signInAtBrowser } from "../helpers/browser-stand-in.js";

const PASSWORDS: Record<string, string> = {
  "arnav@example.com": "sandbox-pw-arnav-7Qm2",
  "wei@example.com": "sandbox-pw-wei-8Kd3",
};

describe("pilot", () => {
  it("signs each selected persona in through the browser flow and shows observations live", async () => {
    const screen = captureScreen();
    const seen: string[] = [];
    const code = await pilotCommand(
      ["scenarios/bank-transactions.yaml"],
      { persona: ["arnav", "wei"], output: tempDir("tip-pilot-") },
      screen,
      {
        env: { PATH: process.env.PATH },
        present: (url) => {
          seen.push(new URL(url).searchParams.get("login_hint")!);
          void signInAtBrowser(
            url,
            new URL(url).searchParams.get("login_hint")!,
            PASSWORDS[new URL(url).searchParams.get("login_hint")!],
          );
        },
      },
    );
    expect(code, screen.text()).toBe(0);
    expect(seen.sort()).toEqual(["arnav@example.com", "wei@example.com"]);
    expect(screen.text()).toMatch(
      /observed wei × select-pii-account-number: denied by lakeformation \(COLUMN_NOT_FOUND\) → as expected/,
    );
    expect(screen.text()).not.toMatch(/dana|maria/);
  });
});
