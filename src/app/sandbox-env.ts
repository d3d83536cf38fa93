// tip-proof's names (TIP_*) for a sandbox's identifiers and fixture secrets, next to the standard AWS
// variables the sandbox itself gives (sb.env()). The names are the harness's vocabulary, so the mapping
// lives here: the scenarios' ${TIP_*} interpolation, `tip-proof sandbox`'s export lines and the examples read them.
import type { Sandbox } from "@tip-proof/sandbox";

/** TIP_IDP_PASSWORD_<NAME>: upper case, anything but letters and digits as "_". */
const envSuffix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export function sandboxEnv(sb: Pick<Sandbox, "env" | "identifiers" | "users" | "serviceClients">): Record<string, string> {
  const id = sb.identifiers;
  const env: Record<string, string> = {
    ...sb.env(),
    TIP_ACCOUNT_ID: id.accountId, TIP_APPLICATION_ARN: id.applicationArn, TIP_CARRIER_ROLE_ARN: id.carrierRoleArn,
    TIP_ATHENA_WORKGROUP: id.workgroup, TIP_ATHENA_CATALOG: id.catalog, TIP_ATHENA_DATABASE: id.database,
    TIP_IDENTITY_STORE_ID: id.identityStoreId, TIP_IDC_INSTANCE_ARN: id.instanceArn,
    TIP_IDP_ISSUER: id.idpIssuer, TIP_IDP_TOKEN_URL: id.idpTokenUrl, TIP_IDP_CLIENT_ID: id.idpClientId,
  };
  for (const u of sb.users) env[`TIP_IDP_PASSWORD_${envSuffix(u.username)}`] = u.password;
  for (const c of sb.serviceClients) env[`TIP_IDP_CLIENT_SECRET_${envSuffix(c.clientId)}`] = c.clientSecret;
  return env;
}
