// Identity Store (signing name identitystore, awsJson1_1, X-Amz-Target AWSIdentityStore.<Op>): the read
// operations a harness uses to resolve personas to user ids and groups. Every call needs the IAM
// permission identitystore:<Op> and is recorded in CloudTrail, refusals included.
import type { ServiceFactory } from "../../context.js";
import { identityStoreArn } from "../../fixture/directory.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse } from "../../protocols/wire.js";
import { callerMayDo } from "../sts/principal.js";
import { accessDenied, identityStoreNotFound, serialization, unknownOperation } from "./messages.js";
import { operations } from "./operations.js";
import { Checker, type Json } from "./validation.js";

const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** UNVERIFIED: the looked-up attribute value (a user name or email) is treated as sensitive in the record. */
function requestParametersOf(input: Json): Json {
  const out: Json = JSON.parse(JSON.stringify(input));
  const ua = (out.AlternateIdentifier as Json | undefined)?.UniqueAttribute as Json | undefined;
  if (ua && "AttributeValue" in ua) ua.AttributeValue = HIDDEN;
  return out;
}

export const createIdentityStoreService: ServiceFactory = (ctx) => ({
  signingNames: ["identitystore"],
  async handle(req) {
    const target = req.headers["x-amz-target"] ?? "";
    const op = target.slice(target.lastIndexOf(".") + 1);
    let input: Json = {};
    const record = (error?: AwsError) =>
      ctx.trail.record({
        req,
        eventSource: "identitystore.amazonaws.com",
        eventName: op || "Unknown",
        readOnly: true,
        requestParameters: requestParametersOf(input),
        responseElements: null,
        ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
      });
    try {
      const run = Object.hasOwn(operations, op) ? operations[op] : undefined;
      if (!run) throw unknownOperation(op);
      try {
        const parsed: unknown = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw serialization();
        input = parsed as Json;
      } catch (e) {
        throw e instanceof AwsError ? e : serialization();
      }
      const c = new Checker();
      const storeId = c.identityStoreId(input.IdentityStoreId);
      c.done();
      const f = ctx.fixture;
      const resource = `arn:aws:identitystore::${f.account}:identitystore/${storeId}`;
      if (!callerMayDo(f, req.lineage!, `identitystore:${op}`, resource))
        throw accessDenied(req.lineage!.callerArn, `identitystore:${op}`, resource);
      if (resource !== identityStoreArn(f)) throw identityStoreNotFound(storeId!);
      const out = run(f, input);
      record();
      return jsonResponse(out);
    } catch (e) {
      if (e instanceof AwsError) record(e);
      throw e;
    }
  },
});
