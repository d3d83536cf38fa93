#!/usr/bin/env python3
# The whole TIP chain with boto3, unchanged: only the environment `tip-proof sandbox` prints, plus
# HTTP_PROXY (proxy mode, for S3 Control's account-id host prefix). Against a real account, the same
# script with real credentials and without AWS_ENDPOINT_URL / HTTP_PROXY.
#   eval "$(npm run -s sandbox -- --port 4599 | grep ^export)"; export HTTP_PROXY=$AWS_ENDPOINT_URL
#   python3 examples/tip-chain.py arnav
# IdP token → CreateTokenWithIAM → AssumeRole(ProvidedContexts) → Athena → GetDataAccess → S3 read → LookupEvents.
import base64, json, os, sys, time, urllib.parse, urllib.request
import boto3

env = os.environ
user = sys.argv[1] if len(sys.argv) > 1 else "arnav"

# 1. A JWT from the workforce IdP (password grant of a test user); not an AWS call.
body = urllib.parse.urlencode({"grant_type": "password", "client_id": env["TIP_IDP_CLIENT_ID"], "username": f"{user}@example.com",
                               "password": env[f"TIP_IDP_PASSWORD_{user.upper()}"], "scope": "openid email"}).encode()
jwt = json.load(urllib.request.urlopen(urllib.request.Request(env["TIP_IDP_TOKEN_URL"], data=body)))["id_token"]

# 2. Identity Center: the identity context (signed with the base credentials from the environment).
token = boto3.client("sso-oidc").create_token_with_iam(clientId=env["TIP_APPLICATION_ARN"], grantType="urn:ietf:params:oauth:grant-type:jwt-bearer", assertion=jwt)
payload = token["idToken"].split(".")[1]
user_id = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]

# 3. An identity-enhanced role session.
c = boto3.client("sts").assume_role(RoleArn=env["TIP_CARRIER_ROLE_ARN"], RoleSessionName=f"boto3-{user}",
    ProvidedContexts=[{"ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter", "ContextAssertion": token["awsAdditionalDetails"]["identityContext"]}])["Credentials"]
persona = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])

# 4. Athena as that user: Lake Formation decides which columns come back.
athena = persona.client("athena")
qid = athena.start_query_execution(QueryString="SELECT * FROM bankdata_icebergtbl LIMIT 5", WorkGroup=env["TIP_ATHENA_WORKGROUP"],
                                   QueryExecutionContext={"Database": env["TIP_ATHENA_DATABASE"]})["QueryExecutionId"]
while True:
    time.sleep(0.1)
    state = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]["State"]
    if state not in ("QUEUED", "RUNNING"):
        break
columns = [x["Name"] for x in athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]] if state == "SUCCEEDED" else []

# 5. S3 Access Grants (S3 Control: the account id is prefixed to the host; proxy mode takes it), then S3.
read = "skipped"
try:
    g = persona.client("s3control").get_data_access(AccountId=env["TIP_ACCOUNT_ID"], Target="s3://tip-sandbox-data/datascience/*", Permission="READ")
    grant = g["MatchedGrantTarget"]
    s3 = boto3.client("s3", aws_access_key_id=g["Credentials"]["AccessKeyId"], aws_secret_access_key=g["Credentials"]["SecretAccessKey"], aws_session_token=g["Credentials"]["SessionToken"])
    read = f'{len(s3.get_object(Bucket="tip-sandbox-data", Key="datascience/models/README.txt")["Body"].read())} bytes'
except persona.client("sts").exceptions.ClientError as e:
    grant = e.response["Error"]["Code"]

# 6. CloudTrail: the query's record, on behalf of the user (retried while not yet delivered).
ct = boto3.client("cloudtrail")
on_behalf = []
for _ in range(20):
    time.sleep(0.6)
    events = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "StartQueryExecution"}])["Events"]
    on_behalf = [r for r in (json.loads(e["CloudTrailEvent"]) for e in events)
                 if (r.get("responseElements") or {}).get("queryExecutionId") == qid and r.get("userIdentity", {}).get("onBehalfOf", {}).get("userId") == user_id]
    if on_behalf:
        break
print(json.dumps({"user": user, "userId": user_id, "query": state, "columns": columns, "grant": grant, "read": read, "cloudtrail": [r["eventID"] for r in on_behalf]}))
