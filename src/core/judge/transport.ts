// What every refusal rule shares: the judge's context, its answer, and the faults that are nobody's
// decision whatever the action (throttling, server faults, refused credentials, missing things).
import type { RefusalFacts } from "../../model/facts.js";
import { errored, type DeniedOutcome, type ErrorOutcome } from "../../model/outcome.js";
import { CREDENTIAL_PROBLEMS, NOT_FOUND, THROTTLING } from "./codes.js";
import type { ContrastIndex } from "./contrast-index.js";
import type { ProofIndex } from "./proof-index.js";

export interface JudgeContext {
  proofs: ProofIndex;
  contrast: ContrastIndex;
}
export type Decision = DeniedOutcome | ErrorOutcome;

/** Faults that are nobody's decision: throttling, server faults, credentials, typos. Undefined: none of these. */
export function transportOrConfig(f: RefusalFacts): ErrorOutcome | undefined {
  const c = f.serviceCode,
    s = f.httpStatus ?? 0;
  if (THROTTLING.has(c) || s === 429)
    return errored(
      "throttled",
      `${f.api} was throttled (${c}) and still was after the retry budget: not a decision about the data. Lower the concurrency or retry later. (${f.message})`,
      c,
    );
  if (s >= 500)
    return errored(
      "server",
      `${f.api} failed with a server error ${s} (${c}): not a decision about the data. (${f.message})`,
      c,
    );
  if (CREDENTIAL_PROBLEMS.has(c))
    return errored(
      "invalid-request",
      `${f.api}: the harness's AWS credentials were refused (${c}); check the base credentials and the clock. (${f.message})`,
      c,
    );
  if (NOT_FOUND.has(c) || s === 404)
    return errored(
      "not-found",
      `${f.api}: ${c}: something the scenario names does not exist (a typo is never a denial). (${f.message})`,
      c,
    );
  return undefined;
}
