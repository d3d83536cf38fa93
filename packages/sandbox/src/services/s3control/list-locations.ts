// ListAccessGrantsLocations: the instance's registered locations and the IAM role the service assumes
// for grants in each, which a harness needs to tell whether a refused target's location is the one a
// granted persona went through. One page (a fixture holds far fewer than the 1,000 a page may list).
import type { SandboxContext } from "../../context.js";
import { toXml, xmlResponse } from "../../protocols/wire.js";
import { q, type SandboxRequest, type SandboxResponse } from "../../types.js";
import { s3ControlErrors } from "./messages.js";
import { accountIdOf, audited, requireAction, requireOwnAccount, S3CONTROL_XMLNS, sentParams } from "./request.js";

export function listAccessGrantsLocations(
  ctx: SandboxContext,
  req: SandboxRequest,
  createdAt: Date,
): Promise<SandboxResponse> {
  return audited(
    ctx,
    req,
    "ListAccessGrantsLocations",
    () => sentParams(req, ["locationscope", "maxResults", "nextToken"]),
    async () => {
      const accountId = accountIdOf(req);
      const instance = ctx.fixture.accessGrants.instanceArn;
      requireAction(ctx, req, "s3:ListAccessGrantsLocations", instance);
      const rawMax = q(req, "maxResults");
      const max = rawMax === undefined ? 1000 : Number(rawMax);
      if (!Number.isInteger(max) || max < 0 || max > 1000) throw s3ControlErrors.invalidMaxResults(rawMax ?? "");
      if (q(req, "nextToken") !== undefined) throw s3ControlErrors.invalidNextToken();
      requireOwnAccount(ctx, accountId);
      const scope = q(req, "locationscope");
      const locations = ctx.fixture.accessGrants.locations.filter((l) => scope === undefined || l.scope === scope);
      return xmlResponse(
        toXml(
          "ListAccessGrantsLocationsResult",
          {
            AccessGrantsLocationsList: {
              AccessGrantsLocation: locations.map((l) => ({
                CreatedAt: createdAt,
                AccessGrantsLocationId: l.id,
                // `<instance arn>/location/<id>`, as for grants — UNVERIFIED beyond the CLI examples.
                AccessGrantsLocationArn: `${instance}/location/${l.id}`,
                LocationScope: l.scope,
                IAMRoleArn: l.iamRoleArn,
              })),
            },
          },
          S3CONTROL_XMLNS,
        ),
      );
    },
  );
}
