// The whole TIP chain by hand, with only the environment `npm run sandbox` prints (or a real account's).
//   eval "$(npm run -s sandbox -- --port 4599 | grep ^export)" in one shell, then: node examples/tip-chain.mjs
// IdP token → CreateTokenWithIAM → AssumeRole(ProvidedContexts) → Athena → GetDataAccess → S3 read → LookupEvents.
import { SSOOIDCClient, CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
import {
  AthenaClient,
  StartQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
} from "@aws-sdk/client-athena";
import { S3ControlClient, GetDataAccessCommand } from "@aws-sdk/client-s3-control";
import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";

const env = process.env;
const user = process.argv[2] ?? "arnav";
const endpoint = env.AWS_ENDPOINT_URL; // undefined against real AWS: the SDK's own endpoints

// 1. A JWT from the workforce IdP (password grant of a test user).
const idp = await fetch(env.TIP_IDP_TOKEN_URL, {
  method: "POST",
  body: new URLSearchParams({
    grant_type: "password",
    client_id: env.TIP_IDP_CLIENT_ID,
    username: `${user}@example.com`,
    password: env[`TIP_IDP_PASSWORD_${user.toUpperCase()}`],
    scope: "openid email",
  }),
});
const { id_token: jwt } = await idp.json();

// 2. Exchange it at Identity Center for an identity context (signed with the base credentials from the env).
const oidc = new SSOOIDCClient({});
const token = await oidc.send(
  new CreateTokenWithIAMCommand({
    clientId: env.TIP_APPLICATION_ARN,
    grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    assertion: jwt,
  }),
);
const userId = JSON.parse(Buffer.from(token.idToken.split(".")[1], "base64url")).sub;

// 3. An identity-enhanced role session.
const sts = new STSClient({});
const { Credentials: c } = await sts.send(
  new AssumeRoleCommand({
    RoleArn: env.TIP_CARRIER_ROLE_ARN,
    RoleSessionName: `by-hand-${user}`,
    ProvidedContexts: [
      {
        ProviderArn: "arn:aws:iam::aws:contextProvider/IdentityCenter",
        ContextAssertion: token.awsAdditionalDetails.identityContext,
      },
    ],
  }),
);
const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };

// 4. Athena as that user: Lake Formation decides which columns come back.
const athena = new AthenaClient({ credentials });
const { QueryExecutionId } = await athena.send(
  new StartQueryExecutionCommand({
    QueryString: "SELECT * FROM bankdata_icebergtbl LIMIT 5",
    WorkGroup: env.TIP_ATHENA_WORKGROUP,
    QueryExecutionContext: { Database: env.TIP_ATHENA_DATABASE },
  }),
);
let state;
do {
  await new Promise((r) => setTimeout(r, 100));
  state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution.Status;
} while (state.State === "QUEUED" || state.State === "RUNNING");
const columns =
  state.State === "SUCCEEDED"
    ? (await athena.send(new GetQueryResultsCommand({ QueryExecutionId }))).ResultSet.ResultSetMetadata.ColumnInfo.map(
        (x) => x.Name,
      )
    : [];

// 5. S3 Access Grants: scoped credentials for the team prefix. (S3 Control on a custom endpoint needs
//    the endpointProvider: the SDK would otherwise put the account id in front of the host.)
const s3control = new S3ControlClient({
  credentials,
  ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
});
let grant,
  read = "skipped";
try {
  grant = await s3control.send(
    new GetDataAccessCommand({
      AccountId: env.TIP_ACCOUNT_ID,
      Target: "s3://tip-sandbox-data/datascience/*",
      Permission: "READ",
    }),
  );
  const s3 = new S3Client({
    forcePathStyle: !!endpoint,
    credentials: {
      accessKeyId: grant.Credentials.AccessKeyId,
      secretAccessKey: grant.Credentials.SecretAccessKey,
      sessionToken: grant.Credentials.SessionToken,
    },
  });
  const obj = await s3.send(new GetObjectCommand({ Bucket: "tip-sandbox-data", Key: "datascience/models/README.txt" }));
  read = `${(await obj.Body.transformToByteArray()).length} bytes`;
} catch (e) {
  grant = { error: e.name };
}

// 6. CloudTrail: the records, on behalf of the user (the base identity reads them; retried while not yet delivered).
const ct = new CloudTrailClient({});
let onBehalf = [];
for (let i = 0; i < 20 && onBehalf.length === 0; i++) {
  await new Promise((r) => setTimeout(r, 600));
  const { Events } = await ct.send(
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "StartQueryExecution" }],
    }),
  );
  onBehalf = (Events ?? [])
    .map((e) => JSON.parse(e.CloudTrailEvent))
    .filter(
      (r) => r.responseElements?.queryExecutionId === QueryExecutionId && r.userIdentity?.onBehalfOf?.userId === userId,
    );
}
console.log(
  JSON.stringify({
    user,
    userId,
    query: state.State,
    columns,
    grant: grant.MatchedGrantTarget ?? grant.error,
    read,
    cloudtrail: onBehalf.map((r) => r.eventID),
  }),
);
