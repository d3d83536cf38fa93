// S3, path-style only (/<bucket>/<key>): ListObjectsV2, GetObject, HeadObject, PutObject. Every call is
// authorized (authorize.ts) and recorded as a CloudTrail data event; anything else is NotImplemented,
// never a silent success.
import type { ServiceFactory } from "../../context.js";
import type { SandboxRequest } from "../../types.js";
import { recordedData } from "./audit.js";
import { checkFrontDoor } from "./front-door.js";
import { getObject } from "./get-object.js";
import { listObjectsV2 } from "./list-objects.js";
import { s3Errors } from "./messages.js";
import { putObject } from "./put-object.js";

const LIST_PARAMS = new Set([
  "list-type",
  "prefix",
  "delimiter",
  "max-keys",
  "continuation-token",
  "start-after",
  "encoding-type",
  "fetch-owner",
  "x-id",
]);

/** Query keys that select another operation (sub-resources, versions, multipart) are refused. */
function unsupportedQuery(req: SandboxRequest, allowed: (k: string) => boolean): string | undefined {
  return Object.keys(req.query).find((k) => !allowed(k));
}

function split(path: string): { bucket: string; key: string } {
  const rest = path.replace(/^\//, "");
  const slash = rest.indexOf("/");
  return slash < 0 ? { bucket: rest, key: "" } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

export const createS3Service: ServiceFactory = (ctx) => ({
  signingNames: ["s3"],
  handle: async (req) => {
    checkFrontDoor(req);
    const { bucket, key } = split(req.path);
    if (!bucket) throw s3Errors.notImplemented(`${req.method} /`);
    if (key === "") {
      if (req.method !== "GET" || req.query["list-type"]?.[0] !== "2")
        throw s3Errors.notImplemented(`${req.method} /${bucket}`);
      const bad = unsupportedQuery(req, (k) => LIST_PARAMS.has(k));
      if (bad) throw s3Errors.notImplemented(`?${bad}`);
      const params: Record<string, unknown> = {};
      for (const k of LIST_PARAMS) if (req.query[k]) params[k] = req.query[k][0];
      return recordedData(ctx, req, { eventName: "ListObjects", readOnly: true, bucket, params }, () =>
        listObjectsV2(ctx, req, bucket),
      );
    }
    const bad = unsupportedQuery(req, (k) => k === "x-id" || (req.method === "GET" && k.startsWith("response-")));
    if (bad) throw s3Errors.notImplemented(`?${bad}`);
    switch (req.method) {
      case "GET":
        return recordedData(ctx, req, { eventName: "GetObject", readOnly: true, bucket, key }, () =>
          getObject(ctx, req, bucket, key),
        );
      case "HEAD":
        return recordedData(ctx, req, { eventName: "HeadObject", readOnly: true, bucket, key }, () =>
          getObject(ctx, req, bucket, key),
        );
      case "PUT":
        return recordedData(ctx, req, { eventName: "PutObject", readOnly: false, bucket, key }, () =>
          putObject(ctx, req, bucket, key),
        );
      default:
        throw s3Errors.notImplemented(`${req.method} object`);
    }
  },
});
