// S3 object calls are CloudTrail DATA events: recorded (managementEvent false, eventCategory Data) but
// never returned by LookupEvents. userIdentity.onBehalfOf appears whenever the credentials carry an
// identity context (Access Grants credentials copy the caller's), as in the documented records.
import type { SandboxContext } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";

export interface DataEvent {
  /** CloudTrail eventName. ListObjectsV2 is recorded as "ListObjects" (UNVERIFIED; matches the IAM action family). */
  eventName: string;
  readOnly: boolean;
  bucket: string;
  key?: string;
  /** Extra requestParameters (listing parameters). */
  params?: Record<string, unknown>;
}

function resources(bucket: string, key?: string): { type: string; ARN: string }[] {
  const out = [{ type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` }];
  if (key !== undefined) out.unshift({ type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` });
  return out;
}

export async function recordedData(
  ctx: SandboxContext,
  req: SandboxRequest,
  ev: DataEvent,
  run: () => Promise<SandboxResponse>,
): Promise<SandboxResponse> {
  const record = (bytesOut: number, err?: AwsError) =>
    ctx.trail.record({
      req,
      eventSource: "s3.amazonaws.com",
      eventName: ev.eventName,
      readOnly: ev.readOnly,
      managementEvent: false,
      requestParameters: {
        bucketName: ev.bucket,
        Host: req.headers.host ?? "",
        ...(ev.key !== undefined ? { key: ev.key } : {}),
        ...ev.params,
      },
      responseElements: null,
      additionalEventData: {
        SignatureVersion: "SigV4",
        AuthenticationMethod: "AuthHeader",
        CipherSuite: "TLS_AES_128_GCM_SHA256",
        bytesTransferredIn: req.body.length,
        bytesTransferredOut: bytesOut,
      },
      resources: resources(ev.bucket, ev.key),
      ...(err ? { errorCode: err.code, errorMessage: err.message } : {}),
    });
  try {
    const res = await run();
    record(req.method === "HEAD" ? 0 : typeof res.body === "string" ? Buffer.byteLength(res.body) : res.body.length);
    return res;
  } catch (e) {
    if (e instanceof AwsError) record(0, e);
    throw e;
  }
}
