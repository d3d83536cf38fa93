// Shared wiring for the sandbox-identity integration tests: real SDK clients pointed at a sandbox,
// IdP token requests over plain HTTP, and a PKCE pair.
import { createHash, randomBytes } from "node:crypto";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { resolveFixture, type Fixture, type Sandbox } from "../../src/index.js";

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Clients signed on the sandbox clock (tests move it by hours; SigV4 allows 15 minutes of skew). */
export function clients(sb: Sandbox, credentials: Creds = sb.baseCredentials) {
  const common = {
    endpoint: sb.endpoint,
    region: sb.identifiers.region,
    credentials,
    maxAttempts: 1,
    systemClockOffset: sb.clock.now() - Date.now(),
  };
  return { oidc: new SSOOIDCClient(common), sts: new STSClient(common), store: new IdentitystoreClient(common) };
}

export function password(sb: Sandbox, user: string): string {
  const p = sb.users.find((u) => u.username === user)?.password;
  if (!p) throw new Error(`no password for ${user}`);
  return p;
}

/** Password grant for a fixture user; `login` may be the username or the email. */
export async function idpToken(
  sb: Sandbox,
  user: string,
  login = user,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(sb.identifiers.idpTokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: sb.identifiers.idpClientId,
      username: login,
      password: password(sb, user),
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function idToken(sb: Sandbox, user: string): Promise<string> {
  const r = await idpToken(sb, user);
  if (r.status !== 200) throw new Error(`IdP refused ${user}: ${JSON.stringify(r.body)}`);
  return r.body.id_token as string;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(
  p: Promise<unknown>,
): Promise<Record<string, unknown> & { name: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown> & { name: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const IDC_PROVIDER = "arn:aws:iam::aws:contextProvider/IdentityCenter";

/** A variant of the bundled bank fixture, for cases the stock fixture cannot express. */
export function bankVariant(mutate: (f: Fixture) => void): Fixture {
  const f = structuredClone(resolveFixture("bank"));
  mutate(f);
  return f;
}

/** Credentials of an AssumeRole result, for clients(). */
export function sessionCreds(
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined,
): Creds {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}
