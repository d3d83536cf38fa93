#!/usr/bin/env bash
# The whole TIP chain with the AWS CLI, unchanged: only the environment `tip-proof sandbox` prints, plus
# HTTP_PROXY (proxy mode, for S3 Control's account-id host prefix). Needs curl and jq.
#   eval "$(npm run -s sandbox -- --port 4599 | grep ^export)"; export HTTP_PROXY=$AWS_ENDPOINT_URL
#   bash examples/tip-chain-cli.sh arnav
set -euo pipefail
user=${1:-arnav}
pw_var="TIP_IDP_PASSWORD_$(echo "$user" | tr '[:lower:]' '[:upper:]')"

# 1. A JWT from the workforce IdP (password grant of a test user); not an AWS call.
jwt=$(curl -sf "$TIP_IDP_TOKEN_URL" -d grant_type=password -d "client_id=$TIP_IDP_CLIENT_ID" \
  --data-urlencode "username=$user@example.com" --data-urlencode "password=${!pw_var}" -d "scope=openid email" | jq -r .id_token)

# 2. Identity Center: the identity context (signed with the base credentials from the environment).
token=$(aws sso-oidc create-token-with-iam --client-id "$TIP_APPLICATION_ARN" --grant-type urn:ietf:params:oauth:grant-type:jwt-bearer --assertion "$jwt" --output json)
user_id=$(jq -r .idToken <<<"$token" | cut -d. -f2 | tr '_-' '/+' | { read -r p; printf '%s' "$p$(printf '%*s' $(( (4 - ${#p} % 4) % 4 )) '' | tr ' ' '=')"; } | base64 -d | jq -r .sub)
context=$(jq -r .awsAdditionalDetails.identityContext <<<"$token")

# 3. An identity-enhanced role session.
creds=$(aws sts assume-role --role-arn "$TIP_CARRIER_ROLE_ARN" --role-session-name "cli-$user" \
  --provided-contexts "ProviderArn=arn:aws:iam::aws:contextProvider/IdentityCenter,ContextAssertion=$context" --query Credentials --output json)
persona() { AWS_ACCESS_KEY_ID=$(jq -r .AccessKeyId <<<"$creds") AWS_SECRET_ACCESS_KEY=$(jq -r .SecretAccessKey <<<"$creds") AWS_SESSION_TOKEN=$(jq -r .SessionToken <<<"$creds") "$@"; }

# 4. Athena as that user: Lake Formation decides which columns come back.
qid=$(persona aws athena start-query-execution --query-string "SELECT * FROM bankdata_icebergtbl LIMIT 5" --work-group "$TIP_ATHENA_WORKGROUP" \
  --query-execution-context "Database=$TIP_ATHENA_DATABASE" --query QueryExecutionId --output text)
state=QUEUED
while [ "$state" = QUEUED ] || [ "$state" = RUNNING ]; do
  sleep 0.2
  state=$(persona aws athena get-query-execution --query-execution-id "$qid" --query QueryExecution.Status.State --output text)
done
columns='[]'
[ "$state" = SUCCEEDED ] && columns=$(persona aws athena get-query-results --query-execution-id "$qid" --query ResultSet.ResultSetMetadata.ColumnInfo[].Name --output json)

# 5. S3 Access Grants (S3 Control: the account id is prefixed to the host; proxy mode takes it), then S3.
read=skipped
if g=$(persona aws s3control get-data-access --account-id "$TIP_ACCOUNT_ID" --target "s3://tip-sandbox-data/datascience/*" --permission READ --output json 2>/tmp/tip-chain-cli.$$); then
  grant=$(jq -r .MatchedGrantTarget <<<"$g")
  out=$(mktemp)
  AWS_ACCESS_KEY_ID=$(jq -r .Credentials.AccessKeyId <<<"$g") AWS_SECRET_ACCESS_KEY=$(jq -r .Credentials.SecretAccessKey <<<"$g") AWS_SESSION_TOKEN=$(jq -r .Credentials.SessionToken <<<"$g") \
    aws s3api get-object --bucket tip-sandbox-data --key datascience/models/README.txt "$out" >/dev/null
  read="$(wc -c <"$out" | tr -d ' ') bytes"
  rm -f "$out"
else
  grant=$(grep -o '(AccessDenied)\|([A-Za-z]*)' /tmp/tip-chain-cli.$$ | head -1 | tr -d '()')
fi
rm -f /tmp/tip-chain-cli.$$

# 6. CloudTrail: the query's record, on behalf of the user (retried while not yet delivered).
trail='[]'
for _ in $(seq 20); do
  sleep 0.6
  trail=$(aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=StartQueryExecution --query 'Events[].CloudTrailEvent' --output json \
    | jq -c --arg q "$qid" --arg u "$user_id" '[.[] | fromjson | select(.responseElements.queryExecutionId == $q and .userIdentity.onBehalfOf.userId == $u) | .eventID]')
  [ "$trail" != '[]' ] && break
done
jq -nc --arg user "$user" --arg userId "$user_id" --arg query "$state" --argjson columns "$columns" --arg grant "$grant" --arg read "$read" --argjson cloudtrail "$trail" \
  '{user: $user, userId: $userId, query: $query, columns: $columns, grant: $grant, read: $read, cloudtrail: $cloudtrail}'
