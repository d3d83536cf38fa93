// Who a refused sign-in's token was for. CreateTokenWithIAM's AccessDeniedException names no user, and
// where AWS records none on the refused call (audit D6) a token source that signs in another,
// unassigned user would be refused exactly like the persona. So, after a refusal, the base principal
// maps the presented token to a directory user the way Identity Center does: the application's
// jwt-bearer grant names the trusted token issuers, the one whose issuer URL is the token's `iss` says
// which claim (ClaimAttributePath) is looked up by which identity store attribute
// (IdentityStoreAttributePath). The judge compares that user with the persona's (core/judge/refusal.ts).
// Only ids and reasons leave this file: never the token or a claim's value.
import {
  DescribeUserCommand,
  GetUserIdCommand,
  ListGroupMembershipsForMemberCommand,
} from "@aws-sdk/client-identitystore";
import {
  DescribeTrustedTokenIssuerCommand,
  GetApplicationAssignmentConfigurationCommand,
  ListApplicationGrantsCommand,
  type ListApplicationGrantsCommandOutput,
  ListApplicationAssignmentsCommand,
} from "@aws-sdk/client-sso-admin";
import type { PresentedUser } from "../../model/facts.js";
import type { ValidScenario } from "../../scenario/parse.js";
import { errorCode } from "./classify.js";
import type { Clients } from "./clients.js";
import { DEFAULT_RETRY, withRetry } from "./retry.js";

/** The grant type of a jwt-bearer exchange (CreateTokenWithIAM with an IdP's JWT). */
export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/**
 * Every item of a paged list, each page retried. A page token seen before would read the same pages
 * forever (a service bug, a proxy): it fails the read (unknown, an error) instead of looping.
 */
async function allPages<T>(
  page: (token: string | undefined) => Promise<{ items?: T[]; next?: string }>,
  signal: AbortSignal,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const p = await withRetry(() => page(token), DEFAULT_RETRY, signal);
    out.push(...(p.items ?? []));
    token = p.next;
    if (token !== undefined && seen.has(token))
      throw Object.assign(new Error("a page token came back twice"), { name: "RepeatedPageToken" });
    if (token !== undefined) seen.add(token);
  } while (token);
  return out;
}

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
  /** The audiences the application's jwt-bearer grant authorizes for this issuer. */
  audiences: string[];
}

/** An issuer of the grant whose configuration could not be read: only its failure is known. */
interface UnreadIssuer {
  failed: string;
}

/**
 * The identity store attributes GetUserId can look a user up by with a claim's value alone: "For the
 * unique attribute, the only valid paths are userName and emails.value" (Identity Store API reference,
 * GetUserId). `externalIds.id` would need the external id's issuer, which the token does not carry.
 */
const LOOKUP_ATTRIBUTES = new Set(["userName", "emails.value"]);

export class PresentedUserResolver {
  /** The application's trusted token issuers, read once per application (a run's refusals share them). */
  private readonly issuers = new Map<string, Promise<(IssuerMapping | UnreadIssuer)[] | { unresolved: string }>>();

  constructor(
    private readonly clients: Clients,
    private readonly now: () => number = Date.now,
  ) {}

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
    if ("unresolved" in all || all.some((i) => "failed" in i)) this.issuers.delete(app); // read again next time
    if ("unresolved" in all) return all;
    const iss = typeof claims.iss === "string" ? claims.iss : undefined;
    // Identity Center takes the issuer whose URL is the token's `iss`, exactly. An issuer that could not
    // be read may be that one: then nothing is known (review s24a F5: only then).
    const mapping = all.find((m): m is IssuerMapping => "issuerUrl" in m && m.issuerUrl === iss);
    const unread = all.find((m): m is UnreadIssuer => "failed" in m);
    if (!mapping)
      return {
        unresolved: unread
          ? `the application's trusted token issuers could not all be read (${unread.failed})`
          : "no trusted token issuer of the application has the token's issuer URL (iss)",
      };
    // A token Identity Center would not take from this issuer (another audience, expired) is refused
    // for that, whoever it names (review s24a F2).
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => typeof a === "string" && mapping.audiences.includes(a)))
      return { unresolved: "the token's audience (aud) is not one the application's grant authorizes for its issuer" };
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= this.now())
      return { unresolved: "the token had expired (exp), or has no expiry" };
    if (!LOOKUP_ATTRIBUTES.has(mapping.identityStoreAttributePath))
      return {
        unresolved: `the trusted token issuer maps to ${mapping.identityStoreAttributePath}, which the harness cannot look a user up by (userName or emails.value)`,
      };
    const value = claimAt(claims, mapping.claimAttributePath);
    if (value === undefined) return { unresolved: `the token has no ${mapping.claimAttributePath} claim` };
    const user = await this.userByClaim(storeId, mapping, value, signal);
    return "userId" in user ? { ...user, ...(await this.assignment(app, storeId, user.userId, signal)) } : user;
  }

  /**
   * The directory user whose attribute is the claim's value exactly. GetUserId may match more loosely
   * than the issuer's mapping (case, spaces: UNVERIFIED either way), so DescribeUser must show the
   * attribute equal to the claim, or the refusal may be Identity Center finding nobody (review s24a F2).
   */
  private async userByClaim(
    storeId: string,
    mapping: IssuerMapping,
    value: string,
    signal: AbortSignal,
  ): Promise<{ userId: string } | { unresolved: string }> {
    const ids = this.clients.identitystore();
    let op = "identitystore:GetUserId";
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
      if (!r.UserId) return { unresolved: `GetUserId by ${mapping.identityStoreAttributePath} returned no user` };
      op = "identitystore:DescribeUser";
      const u = await withRetry(
        () =>
          ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: r.UserId }), { abortSignal: signal }),
        DEFAULT_RETRY,
        signal,
      );
      const exact =
        mapping.identityStoreAttributePath === "userName"
          ? u.UserName === value
          : (u.Emails ?? []).some((e) => e.Value === value);
      return exact
        ? { userId: r.UserId }
        : {
            unresolved: `the directory user GetUserId found has no ${mapping.identityStoreAttributePath} exactly equal to the token's ${mapping.claimAttributePath} claim (case or spaces differ), so Identity Center may have found nobody`,
          };
    } catch (e) {
      return {
        unresolved:
          errorCode(e) === "ResourceNotFoundException" && op === "identitystore:GetUserId"
            ? `the token's ${mapping.claimAttributePath} claim is no directory user's ${mapping.identityStoreAttributePath}`
            : `${op}: ${errorCode(e)}`,
      };
    } finally {
      ids.destroy();
    }
  }

  /**
   * Whether the user is assigned to the application, directly or through one of its groups: Identity
   * Center's one decision about a person at CreateTokenWithIAM. A refusal of an assigned user (or of
   * anyone where the application requires no assignment) is another cause's.
   */
  private async assignment(
    app: string,
    storeId: string,
    userId: string,
    signal: AbortSignal,
  ): Promise<{ assignment: "assigned" | "unassigned" | "not-required" } | { assignmentUnknown: string }> {
    const sso = this.clients.ssoAdmin(),
      ids = this.clients.identitystore();
    let op = "sso:GetApplicationAssignmentConfiguration";
    try {
      const required = await withRetry(
        () =>
          sso.send(new GetApplicationAssignmentConfigurationCommand({ ApplicationArn: app }), { abortSignal: signal }),
        DEFAULT_RETRY,
        signal,
      );
      if (required.AssignmentRequired === false) return { assignment: "not-required" };
      op = "sso:ListApplicationAssignments";
      const assigned = new Set(
        (
          await allPages(async (NextToken) => {
            const r = await sso.send(new ListApplicationAssignmentsCommand({ ApplicationArn: app, NextToken }), {
              abortSignal: signal,
            });
            return { items: r.ApplicationAssignments, next: r.NextToken };
          }, signal)
        ).flatMap((a) => (a.PrincipalId ? [a.PrincipalId] : [])),
      );
      if (assigned.has(userId)) return { assignment: "assigned" };
      op = "identitystore:ListGroupMembershipsForMember";
      const groups = await allPages(async (NextToken) => {
        const r = await ids.send(
          new ListGroupMembershipsForMemberCommand({
            IdentityStoreId: storeId,
            MemberId: { UserId: userId },
            NextToken,
          }),
          { abortSignal: signal },
        );
        return { items: r.GroupMemberships, next: r.NextToken };
      }, signal);
      if (groups.some((m) => m.GroupId && assigned.has(m.GroupId))) return { assignment: "assigned" };
      return { assignment: "unassigned" };
    } catch (e) {
      return { assignmentUnknown: `${op}: ${errorCode(e)}` };
    } finally {
      sso.destroy();
      ids.destroy();
    }
  }

  private async readIssuers(
    app: string,
    signal: AbortSignal,
  ): Promise<(IssuerMapping | UnreadIssuer)[] | { unresolved: string }> {
    const sso = this.clients.ssoAdmin();
    try {
      let all: NonNullable<ListApplicationGrantsCommandOutput["Grants"]>;
      try {
        all = await allPages(async (NextToken) => {
          const r = await sso.send(new ListApplicationGrantsCommand({ ApplicationArn: app, NextToken }), {
            abortSignal: signal,
          });
          return { items: r.Grants, next: r.NextToken };
        }, signal);
      } catch (e) {
        return {
          unresolved: `the application's trusted token issuers could not be read (sso:ListApplicationGrants: ${errorCode(e)})`,
        };
      }
      const audiences = new Map<string, string[]>();
      for (const g of all)
        if (g.GrantType === JWT_BEARER)
          for (const i of g.Grant?.JwtBearer?.AuthorizedTokenIssuers ?? [])
            if (i.TrustedTokenIssuerArn)
              audiences.set(i.TrustedTokenIssuerArn, [
                ...(audiences.get(i.TrustedTokenIssuerArn) ?? []),
                ...(i.AuthorizedAudiences ?? []),
              ]);
      if (!audiences.size)
        return { unresolved: "the application has no jwt-bearer grant naming a trusted token issuer" };
      return await Promise.all(
        [...audiences].map(async ([arn, aud]): Promise<IssuerMapping | UnreadIssuer> => {
          try {
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
              audiences: aud,
            };
          } catch (e) {
            return { failed: `sso:DescribeTrustedTokenIssuer: ${errorCode(e)}` };
          }
        }),
      );
    } finally {
      sso.destroy();
    }
  }
}
