// The sandbox from a plain Node script: start it with a fixture, use its endpoint and credentials with
// any client, stop it.   node examples/sandbox-api.mjs [fixture]
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { startSandbox } from "@tip-proof/sandbox";

const sb = await startSandbox({ fixture: process.argv[2] ?? "bank" }); // port 0 (default): a free port
try {
  const sts = new STSClient({ endpoint: sb.endpoint, region: sb.identifiers.region, credentials: sb.baseCredentials });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  // sb.env(): AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION and the base credentials, for any SDK or the AWS CLI.
  console.log(
    JSON.stringify({
      endpoint: sb.endpoint,
      region: sb.identifiers.region,
      account: me.Account,
      arn: me.Arn,
      env: Object.keys(sb.env()).length,
    }),
  );
} finally {
  await sb.stop();
}
