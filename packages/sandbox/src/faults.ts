// Faults on demand: a documented profile a run can set to prove the harness copes with a real
// account's bad days. Deterministic (seeded) so a failing reliability test can be replayed.
import { z } from "zod";

export const faultProfileSchema = z.object({
  /** Added to every response (ms). */
  latencyMs: z.number().int().min(0).default(0),
  /** Share of signed requests answered with the service's throttling error. */
  throttleRate: z.number().min(0).max(1).default(0),
  /** Share of signed requests answered with a 5xx. */
  serverErrorRate: z.number().min(0).max(1).default(0),
  /** Overrides the fixture's CloudTrail delivery delay (ms). */
  cloudtrailDelayMs: z.number().int().min(0).optional(),
  /** Share of CloudTrail records never delivered. */
  cloudtrailLossRate: z.number().min(0).max(1).default(0),
  /** Offset of the sandbox clock from the machine's (ms). */
  clockOffsetMs: z.number().int().default(0),
  /** Athena time in QUEUED and RUNNING (ms). */
  athenaQueuedMs: z.number().int().min(0).default(20),
  athenaRunningMs: z.number().int().min(0).default(60),
  /**
   * Share of Athena queries (seeded) that FAIL with a Lake Formation / Glue throttling text, ErrorType
   * 1401 (Athena error catalog: "Query failed due to AWS Glue throttling") and AthenaError.Retryable true.
   * The StartQueryExecution call itself succeeds; only the query fails.
   */
  athenaQueryThrottleRate: z.number().min(0).max(1).default(0),
  /**
   * Whether a refused CreateTokenWithIAM's record names the user (`additionalEventData`). AWS records
   * the user on successful calls; on refused ones it is UNVERIFIED (audit D6), so by default the
   * sandbox takes the more ambiguous answer, a record with no user, which proves nothing about whom
   * Identity Center refused (review s24a F3); `true` shows the harness's check of a recorded user.
   */
  refusedSignInRecordsUser: z.boolean().default(false),
  /** Services the throttle/5xx rates apply to (signing names); empty = all. */
  services: z.array(z.string()).default([]),
  seed: z.number().int().default(1),
});
export type FaultProfile = z.infer<typeof faultProfileSchema>;
export type FaultProfileInput = z.input<typeof faultProfileSchema>;

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
