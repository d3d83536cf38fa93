// The jwt-bearer grant: verify an external IdP's JWT as a trusted token issuer would (signature from
// the issuer's keys, exact iss, aud among the authorized audiences, exp, single-use jti) and map one
// claim to exactly one Identity Center user.
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { SandboxContext } from "../../context.js";
import type { Fixture } from "../../fixture/load.js";
import { signingKey } from "../idp/keys.js";
import { oidcError } from "./errors.js";
import { ASSERTION_EXPIRED } from "./messages.js";
import type { OidcState } from "./state.js";

type Application = Fixture["identityCenter"]["applications"][number];
type Tti = Fixture["identityCenter"]["trustedTokenIssuers"][number];

export interface VerifiedAssertion {
  userId: string;
  ttiArn: string;
  jti: string;
  expiresAt: number;
}

const invalid = (d: string) => oidcError("InvalidGrantException", d);

/** "sandbox" in a fixture means this sandbox's own IdP. */
export function issuerUrlOf(ctx: SandboxContext, tti: Tti): string {
  return tti.issuerUrl === "sandbox" ? ctx.idpIssuer : tti.issuerUrl;
}

export async function verifyAssertion(
  ctx: SandboxContext,
  state: OidcState,
  app: Application,
  assertion: string,
): Promise<VerifiedAssertion> {
  let unverified: JWTPayload;
  let kid: string | undefined;
  try {
    unverified = decodeJwt(assertion);
    kid = decodeProtectedHeader(assertion).kid;
  } catch {
    throw invalid("The assertion is not a well-formed JWT.");
  }

  const authorized = (app.grants.jwtBearer ?? []).flatMap((g) => {
    const tti = ctx.fixture.identityCenter.trustedTokenIssuers.find((t) => t.arn === g.trustedTokenIssuerArn);
    return tti ? [{ tti, audiences: g.authorizedAudiences }] : [];
  });
  // iss must equal a trusted issuer's URL exactly (no trailing-slash or case folding).
  const match = authorized.find((a) => issuerUrlOf(ctx, a.tti) === unverified.iss);
  if (!match) throw invalid("The assertion's issuer is not a trusted token issuer for this application.");

  // Only the sandbox IdP's keys are reachable offline; any other issuer cannot be verified, so it fails.
  if (match.tti.issuerUrl !== "sandbox") throw invalid("The sandbox cannot retrieve the JWKS of this issuer.");
  const key = await signingKey(ctx, "idp");
  if (kid !== undefined && kid !== key.kid)
    throw invalid("The assertion is signed with a key the issuer does not publish.");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key.publicKey, {
      algorithms: ["RS256", "RS384", "RS512"],
      currentDate: new Date(ctx.clock.now()),
      requiredClaims: ["iss", "aud", "sub", "exp", "jti"],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw oidcError(ASSERTION_EXPIRED.code, ASSERTION_EXPIRED.description);
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw invalid("The assertion's signature is invalid.");
    throw invalid(`The assertion is invalid: ${e instanceof Error ? e.message : String(e)}`);
  }

  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!auds.some((a) => typeof a === "string" && match.audiences.includes(a)))
    throw invalid("The assertion's audience is not authorized for this application.");

  const jti = String(payload.jti);
  if (state.jtiSeen(match.tti.arn, jti)) throw invalid("The assertion has already been exchanged.");

  const value = claimAt(payload, match.tti.claimAttributePath);
  if (typeof value !== "string" || !value)
    throw invalid(`The assertion has no '${match.tti.claimAttributePath}' claim.`);
  const users = ctx.fixture.identityCenter.users.filter((u) => {
    switch (match.tti.identityStoreAttributePath) {
      case "emails.value":
        return u.email === value;
      case "userName":
        return u.userName === value;
      default:
        return false; // externalIds.id: the fixture models no external ids.
    }
  });
  if (users.length !== 1)
    throw invalid(
      users.length === 0
        ? "No Identity Center user matches the assertion."
        : "More than one Identity Center user matches the assertion.",
    );

  return { userId: users[0].userId, ttiArn: match.tti.arn, jti, expiresAt: (payload.exp ?? 0) * 1000 };
}

/** Claim paths are dotted (TTI ClaimAttributePath allows up to three segments). */
function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split(".")) {
    if (!v || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
