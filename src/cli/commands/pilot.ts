// `pilot`: a rollout test session. Each persona's test user signs in in the browser (authorization
// code + PKCE through a loopback redirect), one persona at a time, and every observation is shown as it
// happens; the reports are the same as `run`'s, ready for the session's ticket.
import { spawn } from "node:child_process";
import { setSignInPresenter } from "../../adapters/identity/browser.js";
import { loadEnv } from "../../config/env.js";
import { ConfigError } from "../../config/errors.js";
import { resolveTarget } from "../../config/target.js";
import type { Screen } from "../../reporters/screen.js";
import { runWithFlags, type CommandIo } from "./run.js";

export interface PilotOptions {
  output?: string;
  replace?: boolean;
  persona?: string[];
  idpIssuer?: string;
  clientId?: string;
  target?: "sandbox" | "aws";
  fixture?: string;
}

export async function pilotCommand(
  paths: string[],
  o: PilotOptions,
  screen: Screen,
  io: CommandIo & { present?: (url: string) => void } = {},
): Promise<number> {
  const env = loadEnv(io.cwd ?? process.cwd(), io.env ?? process.env);
  const sandbox = resolveTarget(o.target, env) === "sandbox";
  // Unset against the sandbox: the run uses the sandbox's own IdP.
  const issuer = o.idpIssuer ?? env.TIP_IDP_ISSUER,
    clientId = o.clientId ?? env.TIP_IDP_CLIENT_ID;
  if (!sandbox && (!issuer || !clientId))
    throw new ConfigError(
      "CFG_PILOT_IDP",
      "pilot needs the IdP issuer and OAuth client id for browser sign-in: set TIP_IDP_ISSUER and TIP_IDP_CLIENT_ID (or --idp-issuer/--client-id).",
    );
  setSignInPresenter(
    io.present ??
      ((url) => {
        const who = new URL(url).searchParams.get("login_hint");
        screen.write(`\n  Sign in${who ? ` as ${who}` : ""}: ${url}\n`);
        if (process.env.DISPLAY || process.platform === "darwin") {
          const opener = spawn(process.platform === "darwin" ? "open" : "xdg-open", [url], {
            stdio: "ignore",
            detached: true,
          });
          opener.on("error", () => undefined);
          opener.unref();
        }
      }),
  );
  return runWithFlags(
    {
      paths,
      output: o.output,
      replace: o.replace,
      personas: o.persona,
      target: o.target,
      fixture: o.fixture,
      live: true,
      browserSignIn: { issuer, clientId },
    },
    screen,
    io,
  );
}
