// Signing keys. The IdP's key pair is generated per sandbox instance with jose (never shared between
// sandboxes, never written anywhere) and found through the context, so the SSO OIDC emulation verifies
// what the IdP signed without fetching its JWKS. Identity Center's idToken key is one per process:
// nothing in the sandbox accepts an IdC idToken as input, so sharing it costs no isolation and saves a
// ~200 ms RSA generation per sandbox.
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { SandboxContext } from "../../context.js";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** "idp" = the sandbox's OpenID provider; "idc" = Identity Center's own idToken signer. */
export type KeyPurpose = "idp" | "idc";

const idpKeys = new WeakMap<SandboxContext, Promise<SigningKey>>();
let idcKey: Promise<SigningKey> | undefined;

async function newKey(purpose: KeyPurpose): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  return { kid: `${purpose}-${randomBytes(8).toString("hex")}`, privateKey, publicKey };
}

/** Starts generating a sandbox's keys in the background (off the event loop), so the first token request rarely waits. */
export function prepareKeys(ctx: SandboxContext): void {
  for (const p of ["idp", "idc"] as const) void signingKey(ctx, p).catch(() => undefined);
}

export function signingKey(ctx: SandboxContext, purpose: KeyPurpose): Promise<SigningKey> {
  if (purpose === "idc") return (idcKey ??= newKey("idc"));
  let key = idpKeys.get(ctx);
  if (!key) idpKeys.set(ctx, (key = newKey("idp")));
  return key;
}

export async function publicJwk(key: SigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.publicKey)), kid: key.kid, alg: "RS256", use: "sig" };
}
