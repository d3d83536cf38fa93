// GetAccessGrantsInstance: the account's instance and the Identity Center instance it is bound to
// (fixture accessGrants.identityCenterInstanceArn), which `tip-proof doctor` compares with the
// application's instance. Without an Identity Center binding the members are absent.
import type { SandboxContext } from "../../context.js";
import { toXml, xmlResponse } from "../../protocols/wire.js";
import type { SandboxRequest, SandboxResponse } from "../../types.js";
import { accountIdOf, audited, requireAction, requireOwnAccount, S3CONTROL_XMLNS } from "./request.js";

export function getAccessGrantsInstance(
  ctx: SandboxContext,
  req: SandboxRequest,
  createdAt: Date,
): Promise<SandboxResponse> {
  return audited(
    ctx,
    req,
    "GetAccessGrantsInstance",
    () => ({}),
    async () => {
      const accountId = accountIdOf(req);
      const ag = ctx.fixture.accessGrants;
      requireAction(ctx, req, "s3:GetAccessGrantsInstance", ag.instanceArn);
      requireOwnAccount(ctx, accountId);
      return xmlResponse(
        toXml(
          "GetAccessGrantsInstanceResult",
          {
            AccessGrantsInstanceArn: ag.instanceArn,
            AccessGrantsInstanceId: ag.instanceArn.split("/").pop(),
            IdentityCenterArn: ag.identityCenterInstanceArn,
            IdentityCenterInstanceArn: ag.identityCenterInstanceArn,
            CreatedAt: createdAt,
          },
          S3CONTROL_XMLNS,
        ),
      );
    },
  );
}
