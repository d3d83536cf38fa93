// An S3 Access Grants check: GetDataAccess as the persona, then optional probes that use the vended
// credentials inside and outside their scope. Object bodies are never read past the first byte.
import { GetDataAccessCommand, type S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { allowed, type Correlation, type Probe } from "../../model/outcome.js";
import type { ActionResult } from "../../core/ports.js";
import type { ActionSpec, Task } from "../../core/plan.js";
import { errorCode, observeError, requestIdOf } from "./classify.js";
import type { Clients } from "./clients.js";
import { withRetry, type RetryBudget } from "./retry.js";

/** `s3c` is the persona's S3 Control client, reused across its checks (client set-up costs more CPU than the call). */
export async function runAccessGrantsCheck(
  s3c: S3ControlClient,
  clients: Clients,
  task: Task,
  retry: RetryBudget,
  signal: AbortSignal,
): Promise<ActionResult> {
  const a = task.action as Extract<ActionSpec, { type: "accessGrants" }>;
  const startedAt = Date.now();
  let retries = 0;
  const corr = (requestId?: string): Correlation => ({ requestId, startedAt, finishedAt: Date.now() });
  let r;
  try {
    r = await withRetry(
      () =>
        s3c.send(
          new GetDataAccessCommand({
            AccountId: a.accountId,
            Target: a.target,
            Permission: a.permission,
            Privilege: a.privilege,
            // "Pass this value if the target data that you would like to access is a path to an object" (S3 Control model).
            ...(isObjectTarget(a.target) ? { TargetType: "Object" as const } : {}),
            ...(a.durationSeconds ? { DurationSeconds: a.durationSeconds } : {}),
          }),
        ),
      retry,
      signal,
      () => {
        retries++;
      },
    );
  } catch (e) {
    // Facts only: S3 Access Grants answer a misspelt target exactly like a denied one, so core/judge
    // needs the target's existence (base principal) and a live path before calling it a denial.
    return {
      outcome: observeError(e, "grant", "GetDataAccess"),
      correlation: corr(requestIdOf(e)),
      retries,
      apiRefused: true,
    };
  }
  const requestId = r.$metadata.requestId;
  const probes: Probe[] = [];
  if (a.probe && r.Credentials) {
    const vended = {
      accessKeyId: r.Credentials.AccessKeyId!,
      secretAccessKey: r.Credentials.SecretAccessKey!,
      sessionToken: r.Credentials.SessionToken,
    };
    const s3 = clients.s3(vended);
    const one = async (uri: string, side: "inside" | "outside") => {
      const operation = `${side}: GetObject`;
      const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
      try {
        const o = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2], Range: "bytes=0-0" }));
        (o.Body as { destroy?: () => void } | undefined)?.destroy?.();
        probes.push({ uri, side, operation, result: "allowed" });
      } catch (e) {
        const code = errorCode(e);
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // A range on an empty object answers 416 InvalidRange: the read was authorized (audit D11a).
        if (code === "InvalidRange" || status === 416) {
          probes.push({ uri, side, operation, result: "allowed", code });
          return;
        }
        // Facts only: whether a refused outside read proves the scope is the judge's call (it needs the
        // object to exist, proven with the base principal: S3 answers 403 for a missing key too).
        probes.push({
          uri,
          side,
          operation,
          result: code === "AccessDenied" && status === 403 ? "denied" : "error",
          code,
        });
      }
    };
    for (const uri of a.probe.inside) await one(uri, "inside");
    for (const uri of a.probe.outside) await one(uri, "outside");
    s3.destroy();
  }
  return {
    outcome: allowed({
      grantedScope: r.MatchedGrantTarget,
      granteeType: r.Grantee?.GranteeType,
      ...(probes.length ? { probes } : {}),
    }),
    correlation: corr(requestId),
    retries,
    apiRefused: false,
  };
}

/** A target without a wildcard that does not end in "/" names one object. */
export function isObjectTarget(target: string): boolean {
  return !target.includes("*") && !target.endsWith("/") && /^s3:\/\/[^/]+\/.+/.test(target);
}
