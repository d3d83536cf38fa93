// Who a refused sign-in's token was for. CreateTokenWithIAM's AccessDeniedException names no user, and
// where AWS records none on the refused call (audit D6) a token source that signs in another,
// unassigned user would be refused exactly like the persona. So, after a refusal, the base principal
// maps the presented token to a directory user the way Identity Center does: the application's
// jwt-bearer grant names the trusted token issuers, the one whose issuer URL is the token's `iss` says
// which claim (ClaimAttributePath) is looked up by which identity store attribute
// (IdentityStoreAttributePath). The judge compares that user with the persona's (core/judge/refusal.ts).
// Only ids and reasons leave this file: never the token or a claim's value.
import { GetUserIdCommand } from "@aws-sdk/client-identitystore";
import { DescribeTrustedTokenIssuerCommand, ListApplicationGrantsCommand } from "@aws-sdk/client-sso-admin";
import type { PresentedUser } from "../../model/facts.js";
import type { ValidScenario } from "../../scenario/parse.js";
import { errorCode } from "./classify.js";
import type { Clients } from "./clients.js";
import { DEFAULT_RETRY, withRetry } from "./retry.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** Follows `a.b` paths in a token's claims (ClaimAttributePath has up to three segments). */
export const claimAt = (claims: Record<string, unknown>, path: string): string | undefined => {
  const v = path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), claims);
  return typeof v === "string" ? v : undefined;
};

interface IssuerMapping {
  issuerUrl: string;
  claimAttributePath: string;
  identityStoreAttributePath: string;
}

/**
 * The identity store attributes GetUserId can look a user up by with a claim's value alone: "For the
 * unique attribute, the only valid paths are userName and emails.value" (Identity Store API reference,
 * GetUserId). `externalIds.id` would need the external id's issuer, which the token does not carry.
 */
const LOOKUP_ATTRIBUTES = new Set(["userName", "emails.value"]);

export class PresentedUserResolver {
  /** The application's trusted token issuers, read once per application (a run's refusals share them). */
  private readonly issuers = new Map<string, Promise<IssuerMapping[] | { unresolved: string }>>();

  constructor(private readonly clients: Clients) {}

  async resolve(s: ValidScenario, claims: Record<string, unknown>, signal: AbortSignal): Promise<PresentedUser> {
    const app = s.target.identityCenter.applicationArn;
    const storeId = s.target.identityCenter.identityStoreId;
    if (!storeId) return { unresolved: "the scenario names no identity store (target.identityCenter.identityStoreId)" };
    let issuers = this.issuers.get(app);
    if (!issuers) {
      issuers = this.readIssuers(app, signal);
      this.issuers.set(app, issuers);
    }
    const all = await issuers;
    if ("unresolved" in all) {
      this.issuers.delete(app); // a failed read is not kept: the next refusal reads again
      return all;
    }
    const iss = typeof claims.iss === "string" ? claims.iss : undefined;
    // Identity Center takes the issuer whose URL is the token's `iss`, exactly.
    const mapping = all.find((m) => m.issuerUrl === iss);
    if (!mapping) return { unresolved: "no trusted token issuer of the application has the token's issuer URL (iss)" };
    if (!LOOKUP_ATTRIBUTES.has(mapping.identityStoreAttributePath))
      return {
        unresolved: `the trusted token issuer maps to ${mapping.identityStoreAttributePath}, which the harness cannot look a user up by (userName or emails.value)`,
      };
    const value = claimAt(claims, mapping.claimAttributePath);
    if (value === undefined) return { unresolved: `the token has no ${mapping.claimAttributePath} claim` };
    const ids = this.clients.identitystore();
    try {
      const r = await withRetry(
        () =>
          ids.send(
            new GetUserIdCommand({
              IdentityStoreId: storeId,
              AlternateIdentifier: {
                UniqueAttribute: { AttributePath: mapping.identityStoreAttributePath, AttributeValue: value },
              },
            }),
            { abortSignal: signal },
          ),
        DEFAULT_RETRY,
        signal,
      );
      return r.UserId
        ? { userId: r.UserId }
        : { unresolved: `GetUserId by ${mapping.identityStoreAttributePath} returned no user` };
    } catch (e) {
      return {
        unresolved:
          errorCode(e) === "ResourceNotFoundException"
            ? `the token's ${mapping.claimAttributePath} claim is no directory user's ${mapping.identityStoreAttributePath}`
            : `identitystore:GetUserId: ${errorCode(e)}`,
      };
    } finally {
      ids.destroy();
    }
  }

  private async readIssuers(app: string, signal: AbortSignal): Promise<IssuerMapping[] | { unresolved: string }> {
    const sso = this.clients.ssoAdmin();
    let op = "sso:ListApplicationGrants";
    try {
      const grants = await withRetry(
        () => sso.send(new ListApplicationGrantsCommand({ ApplicationArn: app }), { abortSignal: signal }),
        DEFAULT_RETRY,
        signal,
      );
      const arns = (grants.Grants ?? [])
        .filter((g) => g.GrantType === JWT_BEARER)
        .flatMap((g) => g.Grant?.JwtBearer?.AuthorizedTokenIssuers ?? [])
        .flatMap((i) => (i.TrustedTokenIssuerArn ? [i.TrustedTokenIssuerArn] : []));
      if (!arns.length) return { unresolved: "the application has no jwt-bearer grant naming a trusted token issuer" };
      op = "sso:DescribeTrustedTokenIssuer";
      return await Promise.all(
        [...new Set(arns)].map(async (arn) => {
          const c = (
            await withRetry(
              () =>
                sso.send(new DescribeTrustedTokenIssuerCommand({ TrustedTokenIssuerArn: arn }), {
                  abortSignal: signal,
                }),
              DEFAULT_RETRY,
              signal,
            )
          ).TrustedTokenIssuerConfiguration?.OidcJwtConfiguration;
          return {
            issuerUrl: c?.IssuerUrl ?? "",
            claimAttributePath: c?.ClaimAttributePath ?? "",
            identityStoreAttributePath: c?.IdentityStoreAttributePath ?? "",
          };
        }),
      );
    } catch (e) {
      return { unresolved: `the application's trusted token issuers could not be read (${op}: ${errorCode(e)})` };
    } finally {
      sso.destroy();
    }
  }
}
