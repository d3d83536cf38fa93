// `tip-proof init --from-account [-o scenario.yaml] [--update [--yes]]`: scaffolds a scenario from the
// target's catalog, Lake Formation policy, Identity Center directory and Access Grants (docs/init.md).
// --update never writes silently: it prints what changed and writes only with --yes (exit 1 otherwise
// when anything changed, 0 when nothing did).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { Screen } from "../../reporters/screen.js";
import { loadEnv } from "../../config/env.js";
import { ConfigError } from "../../config/errors.js";
import { resolveTarget, type TargetKind } from "../../config/target.js";
import { loadSandboxFixture, sandboxRunEnv, startSandbox, type Sandbox } from "../../app/sandbox.js";

export interface InitOptions {
  fromAccount?: boolean;
  output?: string;
  update?: boolean;
  yes?: boolean;
  target?: TargetKind;
  fixture?: string;
  database?: string;
  name?: string;
}

export async function initCommand(o: InitOptions, screen: Screen): Promise<number> {
  if (!o.fromAccount)
    throw new ConfigError(
      "CFG_INIT",
      "init needs --from-account (the only source a scenario is scaffolded from today).",
    );
  const file = o.output ?? "scenario.yaml";
  if (existsSync(file) && !o.update)
    throw new ConfigError("CFG_INIT", `${file} exists: use --update to review what changed, or -o another file.`);
  const base = loadEnv(process.cwd(), process.env);
  const kind = resolveTarget(o.target, base);
  let sb: Sandbox | undefined;
  try {
    let env = base;
    if (kind === "sandbox") {
      sb = await startSandbox({ fixture: await loadSandboxFixture(o.fixture ?? base.TIP_SANDBOX_FIXTURE ?? "bank") });
      env = { ...base, ...sandboxRunEnv(sb.fixture, sb.endpoint) };
    }
    const need = (k: string) =>
      env[k] ??
      (() => {
        throw new ConfigError("CFG_INIT", `init --from-account needs ${k} (see .env.example).`);
      })();
    const [{ makeClients }, { readAccount }, { scaffoldScenario }] = await Promise.all([
      import("../../adapters/aws/clients.js"),
      import("../../adapters/aws/account.js"),
      import("../../init/scaffold.js"),
    ]);
    const clients = makeClients({
      region: need("AWS_REGION"),
      ...(sb ? { endpoint: sb.endpoint, baseCredentials: sb.baseCredentials } : {}),
    });
    const facts = await readAccount(clients, {
      accountId: need("TIP_ACCOUNT_ID"),
      identityStoreId: need("TIP_IDENTITY_STORE_ID"),
      applicationArn: need("TIP_APPLICATION_ARN"),
      database: o.database ?? env.TIP_ATHENA_DATABASE,
    })
      .catch(refusedRead)
      .finally(clients.close);
    const name =
      o.name ??
      (basename(file)
        .replace(/\.ya?ml$/, "")
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, "-")
        .replace(/^[^a-z]+/, "") ||
        "from-account");
    const text = scaffoldScenario(facts, { name });
    if (!o.update || !existsSync(file)) {
      writeFileSync(file, text);
      screen.write(
        `wrote ${file}: ${facts.tables.length} table(s), ${facts.groups.length} group(s), ${facts.accessGrants.length} access grant(s). Review it, fill in the token sources, then: tip-proof run ${file}\n`,
      );
      return 0;
    }
    const before = readFileSync(file, "utf8");
    if (before === text) {
      screen.write(`${file}: the account matches the scenario; nothing to update\n`);
      return 0;
    }
    const { lineDiff } = await import("../../init/diff.js");
    screen.write(
      `${file}: the account changed since the scenario was written (- scenario, + account):\n${lineDiff(before, text).join("\n")}\n`,
    );
    if (!o.yes) {
      screen.write("not written: review the diff, then run again with --yes to accept it\n");
      return 1;
    }
    writeFileSync(file, text);
    screen.write(`updated ${file}\n`);
    return 0;
  } finally {
    await sb?.stop();
  }
}

/**
 * A read the account refused (AccessDenied, throttling, a missing resource) is the user's to fix, not
 * an internal error: say which call failed and what it said, then exit 2 with nothing written.
 */
function refusedRead(e: unknown): never {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (err?.$metadata)
    throw new ConfigError(
      "CFG_INIT",
      `init could not read the account: ${err.name ?? "an AWS call"} (HTTP ${err.$metadata.httpStatusCode ?? "?"}): ${(err.message ?? "").slice(0, 200)}. Nothing was written; grant the read (docs/init.md lists every call and IAM action) and run init again.`,
    );
  throw e;
}
