// The read operations of the Identity Store over the fixture's Identity Center directory. Response
// member names follow the @aws-sdk/client-identitystore model exactly.
import { createHash } from "node:crypto";
import type { Fixture } from "../../fixture/load.js";
import { groupById, groupsOf, userById, type DirectoryUser } from "../../fixture/directory.js";
import { notFound, validationText } from "./messages.js";
import { decodeToken, encodeToken, page } from "./pagination.js";
import { Checker, type Json } from "./validation.js";

export type Operation = (f: Fixture, input: Json) => Json;

const DEFAULT_PAGE = 100;

function alternateIdentifier(
  c: Checker,
  value: unknown,
): { path: string; value: unknown } | { external: true } | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    c.string(undefined, "alternateIdentifier", 1, 1);
    return undefined;
  }
  const v = value as Json;
  const members = Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
  if (members.length !== 1) {
    c.problems.push(
      "Value at 'alternateIdentifier' failed to satisfy constraint: Member must have exactly one member set",
    );
    return undefined;
  }
  if (members[0] === "ExternalId") return { external: true };
  if (members[0] !== "UniqueAttribute") {
    c.problems.push(`Value at 'alternateIdentifier' failed to satisfy constraint: Unknown member ${members[0]}`);
    return undefined;
  }
  const ua = v.UniqueAttribute as Json;
  const path = c.string(ua?.AttributePath, "alternateIdentifier.uniqueAttribute.attributePath", 1, 255, [
    /^\p{L}+(?:\.\p{L}+){0,2}$/u,
    "\\p{L}+(?:\\.\\p{L}+){0,2}",
  ]);
  if (ua?.AttributeValue === undefined || ua?.AttributeValue === null)
    c.problems.push(
      "Value null at 'alternateIdentifier.uniqueAttribute.attributeValue' failed to satisfy constraint: Member must not be null",
    );
  return path === undefined ? undefined : { path, value: ua.AttributeValue };
}

/** Attribute paths are matched case-insensitively, as IdC's SCIM-derived attributes are. */
const samePath = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function membershipId(f: Fixture, groupId: string, userId: string): string {
  const h = createHash("sha256").update(`${groupId}/${userId}`).digest("hex");
  const prefix = /^d-([0-9a-f]{10})$/.exec(f.identityCenter.identityStoreId)?.[1];
  return `${prefix ? `${prefix}-` : ""}${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function describe(f: Fixture, u: DirectoryUser): Json {
  const parts = u.displayName.split(" ");
  return {
    IdentityStoreId: f.identityCenter.identityStoreId,
    UserId: u.userId,
    UserName: u.userName,
    Name: {
      Formatted: u.displayName,
      GivenName: parts[0],
      ...(parts.length > 1 ? { FamilyName: parts.slice(1).join(" ") } : {}),
    },
    DisplayName: u.displayName,
    Emails: [{ Value: u.email, Type: "work", Primary: true }],
  };
}

export const operations: Record<string, Operation> = {
  GetUserId(f, input) {
    const c = new Checker();
    const alt = alternateIdentifier(c, input.AlternateIdentifier);
    c.done();
    if (!alt || "external" in alt) throw notFound("USER"); // the fixture models no external ids
    if (typeof alt.value !== "string") throw validationText("The attribute value must be a string.");
    const isUserName = samePath(alt.path, "userName");
    if (!isUserName && !samePath(alt.path, "emails.value"))
      throw validationText(`The attribute ${alt.path} is not a unique attribute.`);
    const users = f.identityCenter.users.filter((u) => (isUserName ? u.userName === alt.value : u.email === alt.value));
    if (users.length !== 1) throw notFound("USER");
    return { IdentityStoreId: f.identityCenter.identityStoreId, UserId: users[0].userId };
  },

  DescribeUser(f, input) {
    const c = new Checker();
    const userId = c.resourceId(input.UserId, "userId");
    c.done();
    const u = userById(f, userId!);
    if (!u) throw notFound("USER", userId);
    return describe(f, u);
  },

  GetGroupId(f, input) {
    const c = new Checker();
    const alt = alternateIdentifier(c, input.AlternateIdentifier);
    c.done();
    if (!alt || "external" in alt) throw notFound("GROUP");
    if (typeof alt.value !== "string") throw validationText("The attribute value must be a string.");
    if (!samePath(alt.path, "displayName"))
      throw validationText(`The attribute ${alt.path} is not a unique attribute.`);
    const g = f.identityCenter.groups.find((x) => x.displayName === alt.value);
    if (!g) throw notFound("GROUP");
    return { GroupId: g.groupId, IdentityStoreId: f.identityCenter.identityStoreId };
  },

  DescribeGroup(f, input) {
    const c = new Checker();
    const groupId = c.resourceId(input.GroupId, "groupId");
    c.done();
    const g = groupById(f, groupId!);
    if (!g) throw notFound("GROUP", groupId);
    return { GroupId: g.groupId, DisplayName: g.displayName, IdentityStoreId: f.identityCenter.identityStoreId };
  },

  ListGroupMembershipsForMember(f, input) {
    const c = new Checker();
    const userId = c.memberUserId(input.MemberId);
    const max = c.maxResults(input.MaxResults) ?? DEFAULT_PAGE;
    const token = c.nextToken(input.NextToken);
    c.done();
    if (!userById(f, userId!)) throw notFound("USER", userId); // UNVERIFIED: AWS may return an empty list
    const scope = `ListGroupMembershipsForMember/${userId}`;
    const offset = token === undefined ? 0 : decodeToken(scope, token);
    if (offset === undefined) throw validationText("The NextToken is invalid.");
    const all = groupsOf(f, userId!).map((g) => ({
      IdentityStoreId: f.identityCenter.identityStoreId,
      MembershipId: membershipId(f, g.groupId, userId!),
      GroupId: g.groupId,
      MemberId: { UserId: userId },
    }));
    const p = page(all, offset, max);
    return { GroupMemberships: p.items, ...(p.next !== undefined ? { NextToken: encodeToken(scope, p.next) } : {}) };
  },

  ListGroups(f, input) {
    const c = new Checker();
    const max = c.maxResults(input.MaxResults) ?? DEFAULT_PAGE;
    const token = c.nextToken(input.NextToken);
    c.done();
    // Filters are deprecated in the model; the sandbox lists every group (UNVERIFIED: order by creation).
    const offset = token === undefined ? 0 : decodeToken("ListGroups", token);
    if (offset === undefined) throw validationText("The NextToken is invalid.");
    const all = f.identityCenter.groups.map((g) => ({
      GroupId: g.groupId,
      DisplayName: g.displayName,
      IdentityStoreId: f.identityCenter.identityStoreId,
    }));
    const p = page(all, offset, max);
    return { Groups: p.items, ...(p.next !== undefined ? { NextToken: encodeToken("ListGroups", p.next) } : {}) };
  },

  ListGroupMemberships(f, input) {
    const c = new Checker();
    const groupId = c.resourceId(input.GroupId, "groupId");
    const max = c.maxResults(input.MaxResults) ?? DEFAULT_PAGE;
    const token = c.nextToken(input.NextToken);
    c.done();
    const g = groupById(f, groupId!);
    if (!g) throw notFound("GROUP", groupId);
    const scope = `ListGroupMemberships/${groupId}`;
    const offset = token === undefined ? 0 : decodeToken(scope, token);
    if (offset === undefined) throw validationText("The NextToken is invalid.");
    const all = g.members.flatMap((name) => {
      const u = f.identityCenter.users.find((x) => x.userName === name);
      return u
        ? [
            {
              IdentityStoreId: f.identityCenter.identityStoreId,
              MembershipId: membershipId(f, g.groupId, u.userId),
              GroupId: g.groupId,
              MemberId: { UserId: u.userId },
            },
          ]
        : [];
    });
    const p = page(all, offset, max);
    return { GroupMemberships: p.items, ...(p.next !== undefined ? { NextToken: encodeToken(scope, p.next) } : {}) };
  },

  IsMemberInGroups(f, input) {
    const c = new Checker();
    const userId = c.memberUserId(input.MemberId);
    const ids = input.GroupIds;
    if (!Array.isArray(ids)) c.string(undefined, "groupIds", 1, 1);
    else {
      if (ids.length < 1)
        c.problems.push(
          "Value '[]' at 'groupIds' failed to satisfy constraint: Member must have length greater than or equal to 1",
        );
      if (ids.length > 100)
        c.problems.push(
          "Value at 'groupIds' failed to satisfy constraint: Member must have length less than or equal to 100",
        );
      ids.forEach((id, i) => c.resourceId(id, `groupIds.${i + 1}.member`));
    }
    c.done();
    if (!userById(f, userId!)) throw notFound("USER", userId); // UNVERIFIED
    const mine = new Set(groupsOf(f, userId!).map((g) => g.groupId));
    // UNVERIFIED: an unknown group id answers MembershipExists=false rather than an error.
    return {
      Results: (ids as string[]).map((GroupId) => ({
        GroupId,
        MemberId: { UserId: userId },
        MembershipExists: mine.has(GroupId),
      })),
    };
  },
};
