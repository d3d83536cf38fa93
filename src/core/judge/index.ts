// The judge: the one place that decides what an observation means and whether it meets the scenario.
// Adapters report facts (model/facts.ts); the run gathers proofs made with the base principal and
// contrast from other personas; everything here is pure and tested over tables of facts.
import type { Observed, Outcome, Probe } from "../../model/outcome.js";
import { errored } from "../../model/outcome.js";
import type { Task } from "../plan.js";
import { decideAction, decideSignIn, type JudgeContext } from "./refusal.js";

export { ContrastIndex, type ObservedSignIn, type ObservedTask } from "./contrast-index.js";
export { ProofIndex } from "./proof-index.js";
export { decisionLayers, matchExpectation, normalizeScope, type VerdictResult } from "./expectation.js";
export { decideSignIn, type JudgeContext } from "./refusal.js";

/** What a sign-in observation means (refusals need contrast from the other personas). */
export function judgeSignIn(
  observed: Observed,
  scenario: string,
  ctx: JudgeContext,
  directoryUserId?: string,
): Outcome {
  return observed.kind === "refused" ? decideSignIn(observed.facts, scenario, ctx, directoryUserId) : observed;
}

/** What an action's observation means, given the run's proofs and contrast. */
export function judgeAction(task: Task, observed: Observed, ctxIn: JudgeContext): Outcome {
  if (observed.kind === "error") return observed;
  const a = task.action;
  const ctx = a.type === "athena" ? { ...ctxIn, proofs: ctxIn.proofs.forCatalog(a.catalog) } : ctxIn;
  if (a.type === "athena") {
    // The path must be live: in a workgroup that is not Identity Center-enabled Athena acts as the
    // carrier role, so neither an allow nor a denial says anything about the person.
    const wg = ctx.proofs.workgroup(a.workgroup);
    if (wg?.status === "not-identity-center")
      return errored(
        "invalid-request",
        `workgroup ${a.workgroup} is not Identity Center-enabled, so Athena runs queries as the carrier role and Lake Formation never decides for ${task.persona}: use a workgroup with IAM Identity Center enabled (GetWorkGroup: IdentityCenterConfiguration.EnableIdentityCenter).`,
        "WORKGROUP_NOT_IDENTITY_CENTER",
      );
    if (wg?.status !== "ok")
      return errored(
        "invalid-request",
        `workgroup ${a.workgroup} could not be proven Identity Center-enabled${wg?.error ? ` (${wg.error})` : ""}: give the base principal athena:GetWorkGroup.`,
        "WORKGROUP_UNPROVEN",
      );
  }
  if (observed.kind === "refused") return decideAction(observed.facts, task, ctx);
  if (a.type === "accessGrants" && observed.observation.probes) {
    return {
      ...observed,
      observation: { ...observed.observation, probes: observed.observation.probes.map((p) => judgeProbe(p, ctx)) },
    };
  }
  return observed;
}

/** An outside probe's refusal proves the scope only for an object that exists (base principal). */
function judgeProbe(p: Probe, ctx: JudgeContext): Probe {
  if (p.side !== "outside" || p.result !== "denied") return p;
  const o = ctx.proofs.object(p.uri);
  return o?.status === "exists"
    ? { ...p, objectExists: true }
    : { ...p, result: "error", code: "OBJECT_NOT_PROVEN", objectExists: false };
}
