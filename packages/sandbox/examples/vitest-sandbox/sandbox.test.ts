// Tests against the sandbox the globalSetup started: plain SDK clients, endpoint and credentials injected.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GetWorkGroupCommand, AthenaClient } from "@aws-sdk/client-athena";
import { expect, inject, it } from "vitest";

const sb = inject("sandbox");
const config = { endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials };

it("STS answers as the fixture's base principal", async () => {
  const me = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  expect(me.Account).toBe(sb.identifiers.accountId);
});

it("the Identity Center workgroup exists", async () => {
  const wg = await new AthenaClient(config).send(new GetWorkGroupCommand({ WorkGroup: sb.identifiers.workgroup }));
  expect(wg.WorkGroup?.Configuration?.IdentityCenterConfiguration?.EnableIdentityCenter).toBe(true);
});
