// What every Access Grants operation shares: the signed account header, the IAM check on the caller's
// identity policy, and the CloudTrail record (management event, s3.amazonaws.com) for success and denial.
import { parseAuthorization } from "../../auth/sigv4.js";
import type { SandboxContext } from "../../context.js";
import { policiesOf } from "../../iam/principal.js";
import { isActionAllowed } from "../../iam/policy.js";
import { AwsError } from "../../protocols/errors.js";
import { q, type SandboxRequest } from "../../types.js";
import { s3ControlErrors } from "./messages.js";

export const S3CONTROL_XMLNS = "http://awss3control.amazonaws.com/doc/2018-08-20/";
// The odd `AWS:S3::` spelling is what the documented GetDataAccess record shows (DOC-TRANSFER-CT).
export const INSTANCE_RESOURCE_TYPE = "AWS:S3::AccessGrantsInstance";

/** The account comes from the signed x-amz-account-id header, never from the Host (aws-wire-facts §4.2). */
export function accountIdOf(req: SandboxRequest): string {
  const v = req.headers["x-amz-account-id"];
  if (v === undefined) throw s3ControlErrors.missingAccountId();
  if (!/^\d{12}$/.test(v)) throw s3ControlErrors.invalidAccountId(v);
  return v;
}

/**
 * x-amz-* headers the signature does not cover. The S3 front end (S3 and S3 Control) refuses them, so an
 * unsigned x-amz-account-id or x-amz-checksum-* can never be slipped into a signed request.
 */
export function unsignedAmzHeaders(req: SandboxRequest): string[] {
  const signed = new Set(parseAuthorization(req.headers.authorization)?.signedHeaders ?? []);
  return Object.keys(req.headers)
    .filter((h) => h.startsWith("x-amz-") && !signed.has(h))
    .sort();
}

export function requireSignedAmzHeaders(req: SandboxRequest): void {
  const unsigned = unsignedAmzHeaders(req);
  if (unsigned.length) throw s3ControlErrors.headersNotSigned(unsigned);
}

export function requireAction(ctx: SandboxContext, req: SandboxRequest, action: string, resource: string): void {
  if (!req.lineage || !isActionAllowed(policiesOf(ctx.fixture, req.lineage), action, resource))
    throw s3ControlErrors.notAuthorized();
}

export function requireOwnAccount(ctx: SandboxContext, accountId: string): void {
  if (accountId !== ctx.fixture.account) throw s3ControlErrors.wrongAccount();
}

/** Query parameters that were sent, for requestParameters (absent ones are not shown). */
export function sentParams(req: SandboxRequest, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = q(req, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/**
 * Runs an operation and records it whatever the outcome. Denials and validation failures are recorded
 * with errorCode/errorMessage; sandbox bugs (non-AwsError) are left to the server's 500 path.
 */
export async function audited<T>(
  ctx: SandboxContext,
  req: SandboxRequest,
  eventName: string,
  requestParameters: () => Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  const record = (err?: AwsError) =>
    ctx.trail.record({
      req,
      eventSource: "s3.amazonaws.com",
      eventName,
      readOnly: true,
      managementEvent: true,
      requestParameters: { Host: req.headers.host ?? "", ...requestParameters() },
      responseElements: null,
      additionalEventData: {
        SignatureVersion: "SigV4",
        AuthenticationMethod: "AuthHeader",
        CipherSuite: "TLS_AES_128_GCM_SHA256",
        bytesTransferredIn: req.body.length,
      },
      resources: [{ type: INSTANCE_RESOURCE_TYPE, ARN: ctx.fixture.accessGrants.instanceArn }],
      ...(err ? { errorCode: err.code, errorMessage: err.message } : {}),
    });
  try {
    const out = await run();
    record();
    return out;
  } catch (e) {
    if (e instanceof AwsError) record(e);
    throw e;
  }
}
