// Safety for real accounts: the harness refuses, without prompting, to run against an account,
// Region or Identity Center instance that is not on the allow-list, so nightly jobs stay unattended
// and a mistyped .env cannot point it at production. One parser for `run` and `confirm`.
import type { ValidScenario } from "../scenario/parse.js";
import type { Env } from "./env.js";
import { ConfigError } from "./errors.js";

export interface AllowList {
  accounts: string[];
  regions: string[];
  instances: string[];
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** TIP_ALLOWED_ACCOUNTS, TIP_ALLOWED_REGIONS and TIP_ALLOWED_IDC_INSTANCES, comma-separated (empty = unset). */
export function allowListFrom(env: Env): AllowList {
  return {
    accounts: list(env.TIP_ALLOWED_ACCOUNTS),
    regions: list(env.TIP_ALLOWED_REGIONS),
    instances: list(env.TIP_ALLOWED_IDC_INSTANCES),
  };
}

export function checkAllowList(scenarios: ValidScenario[], allow: AllowList): void {
  const { accounts, regions, instances } = allow;
  if (!accounts.length)
    throw new ConfigError(
      "CFG_ALLOWLIST",
      "TIP_ALLOWED_ACCOUNTS is not set: against AWS the harness runs only in accounts you list (comma-separated 12-digit ids). See .env.example.",
    );
  for (const s of scenarios) {
    const t = s.target;
    if (!accounts.includes(t.accountId))
      throw new ConfigError(
        "CFG_ALLOWLIST",
        `${s.file}: account ${t.accountId} is not in TIP_ALLOWED_ACCOUNTS (${accounts.join(", ")}); refusing to run.`,
      );
    if (regions.length && !regions.includes(t.region))
      throw new ConfigError(
        "CFG_ALLOWLIST",
        `${s.file}: region ${t.region} is not in TIP_ALLOWED_REGIONS (${regions.join(", ")}); refusing to run.`,
      );
    if (instances.length && (!t.identityCenter.instanceArn || !instances.includes(t.identityCenter.instanceArn)))
      throw new ConfigError(
        "CFG_ALLOWLIST",
        `${s.file}: Identity Center instance ${t.identityCenter.instanceArn ?? "(not set in target.identityCenter.instanceArn)"} is not in TIP_ALLOWED_IDC_INSTANCES; refusing to run.`,
      );
  }
}

/** `confirm` queries an earlier run's account: it must still be on the list. */
export function checkAccountAllowed(accountId: string, allow: AllowList): void {
  if (!allow.accounts.includes(accountId))
    throw new ConfigError(
      "CFG_ALLOWLIST",
      `account ${accountId} is not in TIP_ALLOWED_ACCOUNTS; refusing to query it.`,
    );
}
