// An S3 Access Grants check: GetDataAccess as the persona, then optional probes that use the vended
// credentials inside and outside their scope. Object bodies are never read past the first byte.
import { GetDataAccessCommand, type S3ControlClient } from "@aws-sdk/client-s3-control";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { allowed, type Correlation } from "../../model/outcome.js";
import type { ActionResult } from "../../core/ports.js";
import type { ActionSpec, Task } from "../../core/plan.js";
import { classifyError, errorCode, requestIdOf } from "./classify.js";
import type { Clients, Credentials } from "./clients.js";
import { withRetry, type RetryBudget } from "./retry.js";

/** `s3c` is the persona's S3 Control client, reused across its checks (client set-up costs more CPU than the call). */
export async function runAccessGrantsCheck(s3c: S3ControlClient, clients: Clients, creds: Credentials, task: Task, retry: RetryBudget, signal: AbortSignal): Promise<ActionResult> {
  const a = task.action as Extract<ActionSpec, { type: "accessGrants" }>;
  const startedAt = Date.now();
  let retries = 0;
  const corr = (requestId?: string): Correlation => ({ requestId, startedAt, finishedAt: Date.now() });
  let r;
  try {
    r = await withRetry(() => s3c.send(new GetDataAccessCommand({
      AccountId: a.accountId, Target: a.target, Permission: a.permission, Privilege: a.privilege,
      ...(a.durationSeconds ? { DurationSeconds: a.durationSeconds } : {}),
    }), { abortSignal: signal }), retry, signal, () => { retries++; });
  } catch (e) {
    const o = classifyError(e, "accessgrants");
    // S3 Access Grants answer a misspelt target exactly like a denied one: prove the target elsewhere.
    if (o.kind === "denied") o.needs = { grantTarget: a.target };
    return { outcome: o, correlation: corr(requestIdOf(e)), retries, apiRefused: true };
  }
  const requestId = r.$metadata.requestId;
  const probes: NonNullable<ReturnType<typeof allowed>["observation"]["probes"]> = [];
  if (a.probe && r.Credentials) {
    const vended = { accessKeyId: r.Credentials.AccessKeyId!, secretAccessKey: r.Credentials.SecretAccessKey!, sessionToken: r.Credentials.SessionToken };
    const s3 = clients.s3(vended);
    const one = async (uri: string, operation: string) => {
      const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
      try {
        const o = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2], Range: "bytes=0-0" }), { abortSignal: signal });
        (o.Body as { destroy?: () => void } | undefined)?.destroy?.();
        probes.push({ uri, operation, result: "allowed" });
      } catch (e) {
        const out = classifyError(e, "s3");
        if (out.kind === "denied" && operation.startsWith("outside") && !(await exists(m[1], m[2]))) {
          // S3 answers 403 for a missing key too: an outside probe proves nothing about an object that
          // may not exist. Existence is checked with the persona's own session (its IAM role's access).
          probes.push({ uri, operation, result: "error", code: "OBJECT_NOT_PROVEN" });
          return;
        }
        probes.push({ uri, operation, result: out.kind === "denied" ? "denied" : "error", code: errorCode(e) });
      }
    };
    const session = clients.s3(creds);
    const exists = async (bucket: string, key: string) => {
      try { await session.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }); return true; } catch { return false; }
    };
    for (const uri of a.probe.inside) await one(uri, "inside: GetObject");
    for (const uri of a.probe.outside) await one(uri, "outside: GetObject");
    s3.destroy();
    session.destroy();
  }
  return {
    outcome: allowed({ grantedScope: r.MatchedGrantTarget, granteeType: r.Grantee?.GranteeType, ...(probes.length ? { probes } : {}) }),
    correlation: corr(requestId), retries, apiRefused: false,
  };
}
