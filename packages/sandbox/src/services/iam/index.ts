// IAM (awsQuery, Version 2010-05-08, signing name iam, a global service signed for us-east-1): GetRole
// only, so `tip-proof doctor` can read the carrier role's trust policy. As AWS does, the trust policy
// comes back as URL-encoded JSON inside the XML (AssumeRolePolicyDocument); the SDK does not decode it.
// Every call, refused or not, becomes a CloudTrail record (eventSource iam.amazonaws.com).
import type { ServiceFactory } from "../../context.js";
import { isActionAllowed } from "../../iam/policy.js";
import { policiesOf } from "../../iam/principal.js";
import { AwsError } from "../../protocols/errors.js";
import { queryResponse, renderError } from "../../protocols/wire.js";
import { parseForm } from "../sts/form.js";

export const IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

const text = {
  /** IAM's usual AccessDenied wording; the "because no identity-based policy…" tail is UNVERIFIED for GetRole. */
  accessDenied: (caller: string, action: string, resource: string) =>
    `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  /** 3P (widely quoted CLI output): "The role with name X cannot be found." */
  noSuchRole: (name: string) => `The role with name ${name} cannot be found.`,
  missing: (name: string) =>
    `1 validation error detected: Value null at '${name.charAt(0).toLowerCase() + name.slice(1)}' failed to satisfy constraint: Member must not be null`,
};

export const createIamService: ServiceFactory = (ctx) => {
  const createdAt = new Date(ctx.clock.now());
  return {
    signingNames: ["iam"],
    async handle(req) {
      const form = parseForm(req.body);
      const action = form.Action ?? "";
      const requestParameters = form.RoleName !== undefined ? { roleName: form.RoleName } : null;
      const record = (e?: AwsError) =>
        ctx.trail.record({
          req,
          eventSource: "iam.amazonaws.com",
          eventName: action,
          readOnly: true,
          requestParameters,
          responseElements: null,
          ...(e ? { errorCode: e.code, errorMessage: e.message } : {}),
        });
      try {
        if (action !== "GetRole")
          throw new AwsError(
            "InvalidAction",
            `The action ${action || "(none)"} is not valid for this web service (the sandbox emulates IAM GetRole only).`,
          );
        const name = form.RoleName;
        if (!name) throw new AwsError("ValidationError", text.missing("RoleName"));
        const arn = `arn:aws:iam::${ctx.fixture.account}:role/${name}`;
        if (!isActionAllowed(policiesOf(ctx.fixture, req.lineage!), "iam:GetRole", arn))
          throw new AwsError("AccessDenied", text.accessDenied(req.lineage!.callerArn, "iam:GetRole", arn), {
            status: 403,
          });
        const role = ctx.fixture.iamRoles.find((r) => r.name === name);
        if (!role) throw new AwsError("NoSuchEntity", text.noSuchRole(name), { status: 404 });
        const document = {
          Version: "2012-10-17",
          Statement: role.trustPolicy.Statement.map((s) => ({ ...s, Resource: undefined })),
        };
        record();
        return queryResponse(
          "GetRole",
          {
            Role: {
              Path: "/",
              RoleName: role.name,
              RoleId: role.roleId,
              Arn: role.arn,
              CreateDate: createdAt,
              AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(document)),
              MaxSessionDuration: role.maxSessionDuration,
            },
          },
          req.requestId,
          IAM_XMLNS,
        );
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        record(e);
        // Rendered here: the server's default query-protocol namespace is STS's.
        return renderError("awsQuery", e, req.requestId, "iam");
      }
    },
  };
};
