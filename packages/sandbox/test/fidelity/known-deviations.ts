// Every place the sandbox knowingly departs from the installed AWS model, with the reason. A violation
// the validator reports is allowed ONLY through an entry here; anything else fails the fidelity tier.
// Entries are the sandbox owner's to remove once the sandbox is changed (or a live capture decides).
import type { ServiceId } from "../helpers/model-source.js";
import type { Rule, Violation } from "../helpers/model-validate.js";

export interface KnownDeviation {
  id: string;
  service: ServiceId;
  rule: Rule;
  /** Matches Violation.path. */
  path: RegExp;
  why: string;
}

export const KNOWN_DEVIATIONS: KnownDeviation[] = [
  {
    id: "identitystore-denial-status-400",
    service: "identitystore",
    rule: "error-status",
    path: /^(AccessDeniedException|ResourceNotFoundException)$/,
    why:
      "Model: AccessDeniedException 403, ResourceNotFoundException 404. The sandbox sends 400, following live " +
      "captures quoted in packages/sandbox/src/services/identitystore/messages.ts (binbashar/le-tf-infra-aws#874, awslabs/ssosync#221).",
  },
  {
    id: "identitystore-throttling-status-400",
    service: "identitystore",
    rule: "error-status",
    path: /^ThrottlingException$/,
    why:
      "Model: ThrottlingException is httpError 429. The sandbox's fault injection (packages/sandbox/src/server.ts throttleError) " +
      "answers every JSON service with 400. No capture says which one Identity Store really sends: UNVERIFIED.",
  },
  {
    id: "cloudtrail-throttling-status-400",
    service: "cloudtrail",
    rule: "error-status",
    path: /^ThrottlingException$/,
    why:
      "CloudTrail's model has a ThrottlingException shape (httpError 429, awsQueryError ThrottlingException/429), though " +
      "LookupEvents does not list it. The sandbox's 2-TPS limiter (packages/sandbox/src/services/cloudtrail/messages.ts throttled) " +
      "answers 400, following aws-wire-facts §5.1, whose status is itself UNVERIFIED.",
  },
];

/** Splits violations into those a known deviation explains and those it does not. */
export function explain(service: ServiceId, violations: Violation[]): { unexplained: Violation[]; allowed: string[] } {
  const unexplained: Violation[] = [];
  const allowed: string[] = [];
  for (const v of violations) {
    const d = KNOWN_DEVIATIONS.find((k) => k.service === service && k.rule === v.rule && k.path.test(v.path));
    if (d) allowed.push(d.id);
    else unexplained.push(v);
  }
  return { unexplained, allowed };
}
