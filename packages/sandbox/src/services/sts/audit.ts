// CloudTrail records for STS calls, shaped like AWS's AssumeRole / GetCallerIdentity records.
// Deliberate deviation: AWS prints the session token in AssumeRole's responseElements; the sandbox
// hides it, so no usable secret ever lands in a trail (the harness's redaction checks scan outputs).
import type { Lineage } from "../../auth/credentials.js";
import type { SandboxContext } from "../../context.js";
import type { SandboxRequest } from "../../types.js";
import type { AssumeRoleInput } from "./validation.js";

export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** CloudTrail writes AssumeRole's credential expiration as e.g. "Mar 19, 2020, 5:39:46 PM" (UTC). */
export function cloudTrailExpiration(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

export interface Failure {
  code: string;
  message: string;
}

export function assumeRoleParameters(input: Partial<AssumeRoleInput>): Record<string, unknown> {
  return {
    roleArn: input.roleArn,
    roleSessionName: input.roleSessionName,
    ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
    ...(input.sourceIdentity !== undefined ? { sourceIdentity: input.sourceIdentity } : {}),
    // UNVERIFIED (facts §2.7): how AWS shows providedContexts; the assertion is hidden like other tokens.
    ...(input.providedContexts
      ? {
          providedContexts: input.providedContexts.map((c) => ({
            providerArn: c.providerArn,
            contextAssertion: HIDDEN,
          })),
        }
      : {}),
  };
}

export function recordAssumeRole(
  ctx: SandboxContext,
  req: SandboxRequest,
  params: Record<string, unknown>,
  roleArn: string | undefined,
  outcome: { lineage: Lineage; accessKeyId: string } | Failure,
): void {
  const ok = "lineage" in outcome;
  ctx.trail.record({
    req,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    readOnly: true,
    requestParameters: params,
    responseElements: ok
      ? {
          credentials: {
            accessKeyId: outcome.accessKeyId,
            sessionToken: HIDDEN,
            expiration: cloudTrailExpiration(outcome.lineage.expiresAt!),
          },
          assumedRoleUser: { assumedRoleId: outcome.lineage.principalId, arn: outcome.lineage.callerArn },
          ...(outcome.lineage.sourceIdentity ? { sourceIdentity: outcome.lineage.sourceIdentity } : {}),
        }
      : null,
    resources: roleArn ? [{ type: "AWS::IAM::Role", ARN: roleArn }] : undefined,
    ...(!ok ? { errorCode: outcome.code, errorMessage: outcome.message } : {}),
  });
}

export function recordGetCallerIdentity(ctx: SandboxContext, req: SandboxRequest, failure?: Failure): void {
  ctx.trail.record({
    req,
    eventSource: "sts.amazonaws.com",
    eventName: "GetCallerIdentity",
    readOnly: true,
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      RequestDetails: { endpointType: "regional", awsServingRegion: req.region || ctx.fixture.region },
    },
    ...(failure ? { errorCode: failure.code, errorMessage: failure.message } : {}),
  });
}
