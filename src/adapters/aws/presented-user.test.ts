// PresentedUserResolver over fake SSO Admin and Identity Store clients: which directory user a refused
// sign-in's token maps to, the way Identity Center maps it, and why not when it cannot tell.
import { describe, expect, it } from "vitest";
import {
  DescribeUserCommand,
  GetUserIdCommand,
  ListGroupMembershipsForMemberCommand,
} from "@aws-sdk/client-identitystore";
import {
  DescribeTrustedTokenIssuerCommand,
  GetApplicationAssignmentConfigurationCommand,
  ListApplicationAssignmentsCommand,
  ListApplicationGrantsCommand,
} from "@aws-sdk/client-sso-admin";
import type { ValidScenario } from "../../scenario/parse.js";
import type { Clients } from "./clients.js";
import { PresentedUserResolver } from "./presented-user.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const awsError = (name: string) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });

interface World {
  issuers?: Record<string, { url: string; claim: string; attribute: string }>;
  grants?: { type: string; arns: string[] }[];
  users?: Record<string, string>; // `${attribute}=${value}` → user id (GetUserId)
  /** user id → its attributes as DescribeUser gives them (default: what `users` says it was found by). */
  described?: Record<string, { UserName?: string; Emails?: { Value: string }[] }>;
  deny?: string; // a command name answered with AccessDeniedException
  unreadable?: string; // an issuer ARN whose DescribeTrustedTokenIssuer is refused
  /** Principal ids assigned to the application (default none), whether it requires assignment (default yes), user → group ids. */
  assigned?: string[];
  assignmentRequired?: boolean;
  memberOf?: Record<string, string[]>;
  /** Every list answers one item a page (NextToken = the next index). */
  paged?: boolean;
  /** ListApplicationAssignments answers the same page token forever. */
  loopingAssignments?: boolean;
}

function fakeClients(w: World) {
  const calls: string[] = [];
  const send = async (cmd: object) => {
    const name = cmd.constructor.name;
    calls.push(name);
    if (name === w.deny) throw awsError("AccessDeniedException");
    const page = <T>(items: T[], token: string | undefined) => {
      if (!w.paged) return { items, next: undefined };
      const i = Number(token ?? 0);
      return { items: items.slice(i, i + 1), next: i + 1 < items.length ? String(i + 1) : undefined };
    };
    if (cmd instanceof ListApplicationGrantsCommand) {
      const grants = (w.grants ?? [{ type: JWT_BEARER, arns: Object.keys(w.issuers ?? {}) }]).flatMap((g) =>
        w.paged ? g.arns.map((a) => ({ type: g.type, arns: [a] })) : [g],
      );
      const p = page(grants, cmd.input.NextToken);
      return {
        NextToken: p.next,
        Grants: p.items.map((g) => ({
          GrantType: g.type,
          Grant: {
            JwtBearer: {
              AuthorizedTokenIssuers: g.arns.map((a) => ({ TrustedTokenIssuerArn: a, AuthorizedAudiences: ["tip"] })),
            },
          },
        })),
      };
    }
    if (cmd instanceof DescribeTrustedTokenIssuerCommand) {
      if (cmd.input.TrustedTokenIssuerArn === w.unreadable) throw awsError("AccessDeniedException");
      const i = w.issuers![cmd.input.TrustedTokenIssuerArn!];
      return {
        TrustedTokenIssuerConfiguration: {
          OidcJwtConfiguration: {
            IssuerUrl: i.url,
            ClaimAttributePath: i.claim,
            IdentityStoreAttributePath: i.attribute,
          },
        },
      };
    }
    if (cmd instanceof GetApplicationAssignmentConfigurationCommand)
      return { AssignmentRequired: w.assignmentRequired ?? true };
    if (cmd instanceof ListApplicationAssignmentsCommand && w.loopingAssignments)
      return { NextToken: "again", ApplicationAssignments: [{ PrincipalId: "g-x" }] };
    if (cmd instanceof ListApplicationAssignmentsCommand) {
      const p = page(w.assigned ?? [], cmd.input.NextToken);
      return { NextToken: p.next, ApplicationAssignments: p.items.map((PrincipalId) => ({ PrincipalId })) };
    }
    if (cmd instanceof ListGroupMembershipsForMemberCommand) {
      const p = page(w.memberOf?.[cmd.input.MemberId!.UserId!] ?? [], cmd.input.NextToken);
      return { NextToken: p.next, GroupMemberships: p.items.map((GroupId) => ({ GroupId })) };
    }
    if (cmd instanceof DescribeUserCommand) {
      const id = cmd.input.UserId!;
      if (w.described?.[id]) return w.described[id];
      const found = Object.entries(w.users ?? {})
        .filter(([, v]) => v === id)
        .map(([k]) => k.split("="));
      return {
        UserName: found.find(([a]) => a === "userName")?.[1],
        Emails: found.filter(([a]) => a === "emails.value").map(([, v]) => ({ Value: v })),
      };
    }
    if (cmd instanceof GetUserIdCommand) {
      const u = cmd.input.AlternateIdentifier!.UniqueAttribute!;
      const id = w.users?.[`${u.AttributePath}=${String(u.AttributeValue)}`];
      if (!id) throw awsError("ResourceNotFoundException");
      return { UserId: id };
    }
    throw new Error(`unexpected ${name}`);
  };
  const client = { send, destroy: () => undefined };
  return { clients: { ssoAdmin: () => client, identitystore: () => client } as unknown as Clients, calls };
}

const scenario = (store: string | undefined = "d-1") =>
  ({
    target: { identityCenter: { applicationArn: "arn:app", ...(store ? { identityStoreId: store } : {}) } },
  }) as unknown as ValidScenario;

const IDP = { url: "https://idp.example/realms/x", claim: "email", attribute: "emails.value" };
const OTHER = { url: "https://other.example", claim: "preferred_username", attribute: "userName" };
const ERIN = { "emails.value=erin@example.com": "u-0005", "userName=erin": "u-0006" };
const signal = new AbortController().signal;
/** What every accepted token carries besides its issuer and user claim: an authorized audience, an expiry ahead. */
const TOKEN = { aud: "tip", exp: Math.floor(Date.now() / 1000) + 3600 };

describe("PresentedUserResolver", () => {
  it.each<[string, World, Record<string, unknown>, object]>([
    [
      "the issuer whose URL is the token's iss maps its claim to a user",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "unassigned" },
    ],
    [
      "several issuers: the one matching iss decides, not the first",
      { issuers: { b: OTHER, a: IDP }, users: ERIN },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com", preferred_username: "erin" },
      { userId: "u-0005", assignment: "unassigned" },
    ],
    [
      "a dotted claim path",
      { issuers: { a: { ...OTHER, claim: "ext.login" } }, users: ERIN },
      { ...TOKEN, iss: OTHER.url, ext: { login: "erin" } },
      { userId: "u-0006", assignment: "unassigned" },
    ],
    [
      "iss differs by a trailing slash: Identity Center compares exactly",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, iss: `${IDP.url}/`, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/no trusted token issuer .* \(iss\)/) },
    ],
    [
      "the claim is missing",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, iss: IDP.url },
      { unresolved: "the token has no email claim" },
    ],
    [
      "the claim is no directory user's attribute",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, iss: IDP.url, email: "nobody@example.com" },
      { unresolved: expect.stringMatching(/email claim is no directory user's emails\.value/) },
    ],
    [
      "an attribute GetUserId cannot look up",
      { issuers: { a: { ...IDP, attribute: "externalIds.id" } }, users: ERIN },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/externalIds\.id, which the harness cannot look a user up by/) },
    ],
    [
      "no jwt-bearer grant",
      { issuers: { a: IDP }, grants: [{ type: "authorization_code", arns: ["a"] }], users: ERIN },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/no jwt-bearer grant/) },
    ],
    [
      "assigned through a group",
      { issuers: { a: IDP }, users: ERIN, assigned: ["g-ds"], memberOf: { "u-0005": ["g-other", "g-ds"] } },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "assigned" },
    ],
    [
      "review s24c 5: every list read to its last page (the token's issuer, the assignment and the group on later pages)",
      {
        issuers: { b: OTHER, c: { ...OTHER, url: "https://third.example" }, a: IDP },
        users: ERIN,
        assigned: ["g-x", "g-y", "g-ds"],
        memberOf: { "u-0005": ["g-other", "g-more", "g-ds"] },
        paged: true,
      },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "assigned" },
    ],
    [
      "review s24d: a page token that comes back makes the assignments unknown instead of a loop",
      { issuers: { a: IDP }, users: ERIN, loopingAssignments: true },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignmentUnknown: "sso:ListApplicationAssignments: RepeatedPageToken" },
    ],
    [
      "assigned directly",
      { issuers: { a: IDP }, users: ERIN, assigned: ["u-0005"] },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "assigned" },
    ],
    [
      "an application that requires no assignment",
      { issuers: { a: IDP }, users: ERIN, assignmentRequired: false },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "not-required" },
    ],
    [
      "assignments that cannot be read",
      { issuers: { a: IDP }, users: ERIN, deny: "ListApplicationAssignmentsCommand" },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignmentUnknown: "sso:ListApplicationAssignments: AccessDeniedException" },
    ],
    [
      "review s24a F2: GetUserId matched, but the user's attribute is not the claim exactly (case)",
      {
        issuers: { a: IDP },
        users: { "emails.value=Erin@example.com": "u-0005" },
        described: { "u-0005": { Emails: [{ Value: "erin@example.com" }] } },
      },
      { ...TOKEN, iss: IDP.url, email: "Erin@example.com" },
      { unresolved: expect.stringMatching(/no emails\.value exactly equal to the token's email claim/) },
    ],
    [
      "review s24a F2: an audience the grant does not authorize for the issuer",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, aud: "other-client", iss: IDP.url, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/audience \(aud\) is not one the application's grant authorizes/) },
    ],
    [
      "review s24a F2: an expired token",
      { issuers: { a: IDP }, users: ERIN },
      { ...TOKEN, exp: Math.floor(Date.now() / 1000) - 60, iss: IDP.url, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/expired/) },
    ],
    [
      "the issuer cannot be read",
      { issuers: { a: IDP }, users: ERIN, deny: "DescribeTrustedTokenIssuerCommand" },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { unresolved: expect.stringMatching(/sso:DescribeTrustedTokenIssuer: AccessDeniedException/) },
    ],
    [
      "review s24a F5: another issuer of the grant cannot be read, the token's can: resolved",
      { issuers: { b: OTHER, a: IDP }, users: ERIN, unreadable: "b" },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { userId: "u-0005", assignment: "unassigned" },
    ],
    [
      "an issuer cannot be read and none of those read is the token's: unknown",
      { issuers: { b: OTHER, a: IDP }, users: ERIN, unreadable: "a" },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      {
        unresolved: expect.stringMatching(
          /could not all be read \(sso:DescribeTrustedTokenIssuer: AccessDeniedException\)/,
        ),
      },
    ],
    [
      "the user lookup is refused",
      { issuers: { a: IDP }, users: ERIN, deny: "GetUserIdCommand" },
      { ...TOKEN, iss: IDP.url, email: "erin@example.com" },
      { unresolved: "identitystore:GetUserId: AccessDeniedException" },
    ],
  ])("%s", async (_n, world, claims, want) => {
    const { clients } = fakeClients(world);
    const out = await new PresentedUserResolver(clients).resolve(scenario(), claims, signal);
    expect(out).toEqual(want);
    // Nothing of the token's claims is repeated in what the judge and the reports get.
    for (const v of Object.values(claims)) if (typeof v === "string") expect(JSON.stringify(out)).not.toContain(v);
  });

  it("no identity store named: unresolved without a call", async () => {
    const { clients, calls } = fakeClients({ issuers: { a: IDP }, users: ERIN });
    const out = await new PresentedUserResolver(clients).resolve(scenario(""), { ...TOKEN, iss: IDP.url }, signal);
    expect(out).toEqual({ unresolved: expect.stringMatching(/names no identity store/) });
    expect(calls).toEqual([]);
  });

  it("reads the application's issuers once for a run's refusals, and again after a failed read", async () => {
    const w: World = { issuers: { a: IDP }, users: ERIN, deny: "ListApplicationGrantsCommand" };
    const { clients, calls } = fakeClients(w);
    const r = new PresentedUserResolver(clients);
    const claims = { ...TOKEN, iss: IDP.url, email: "erin@example.com" };
    expect(await r.resolve(scenario(), claims, signal)).toMatchObject({ unresolved: expect.any(String) });
    delete w.deny;
    expect(await r.resolve(scenario(), claims, signal)).toEqual({ userId: "u-0005", assignment: "unassigned" });
    expect(await r.resolve(scenario(), claims, signal)).toEqual({ userId: "u-0005", assignment: "unassigned" });
    expect(calls.filter((c) => c === "ListApplicationGrantsCommand").length).toBe(2);
  });
});
