// Identity Store lookups through the real IdentitystoreClient: every fixture user and group, the
// refusals (unknown ids, a foreign identity store, malformed input, missing IAM permission) and pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsForMemberCommand,
} from "@aws-sdk/client-identitystore";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { bankVariant, clients, failure, sessionCreds } from "./sandbox-identity-helpers.js";

let sb: Sandbox;
// arnav is also put in MarketAnalytics so that paging has two memberships to walk.
beforeAll(async () => {
  sb = await startSandbox({
    fixture: bankVariant((f) => {
      f.identityCenter.groups[1].members.push("arnav");
    }),
  });
});
afterAll(async () => {
  await sb.stop();
});

const store = () => clients(sb).store;
const id = () => sb.identifiers.identityStoreId;
const users = () => sb.fixture.identityCenter.users;
const groups = () => sb.fixture.identityCenter.groups;

async function expectStoreError(p: Promise<unknown>, name: string, status: number) {
  const e = await failure(p);
  expect({ name: e.name, status: e.$metadata.httpStatusCode }).toEqual({ name, status });
  return e;
}

describe("users", () => {
  it.each(["arnav", "maria", "wei", "dana", "erin"])(
    "resolves %s by userName and by email, and describes them",
    async (name) => {
      const u = users().find((x) => x.userName === name)!;
      const byName = await store().send(
        new GetUserIdCommand({
          IdentityStoreId: id(),
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: name } },
        }),
      );
      expect(byName).toMatchObject({ IdentityStoreId: id(), UserId: u.userId });
      const byEmail = await store().send(
        new GetUserIdCommand({
          IdentityStoreId: id(),
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "emails.value", AttributeValue: u.email } },
        }),
      );
      expect(byEmail.UserId).toBe(u.userId);
      const d = await store().send(new DescribeUserCommand({ IdentityStoreId: id(), UserId: u.userId }));
      expect(d).toMatchObject({
        IdentityStoreId: id(),
        UserId: u.userId,
        UserName: name,
        DisplayName: u.displayName,
        Emails: [{ Value: u.email, Primary: true }],
      });
    },
  );

  it("reports unknown users as ResourceNotFoundException", async () => {
    const e = await expectStoreError(
      store().send(
        new GetUserIdCommand({
          IdentityStoreId: id(),
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "mallory" } },
        }),
      ),
      "ResourceNotFoundException",
      400,
    );
    expect(e.ResourceType).toBe("USER");
    await expectStoreError(
      store().send(
        new DescribeUserCommand({ IdentityStoreId: id(), UserId: "9067c2a1f3-00000000-0000-4000-8000-000000000000" }),
      ),
      "ResourceNotFoundException",
      400,
    );
    await expectStoreError(
      store().send(
        new GetUserIdCommand({ IdentityStoreId: id(), AlternateIdentifier: { ExternalId: { Issuer: "x", Id: "y" } } }),
      ),
      "ResourceNotFoundException",
      400,
    );
  });

  it("refuses attributes that are not unique identifiers", async () => {
    await expectStoreError(
      store().send(
        new GetUserIdCommand({
          IdentityStoreId: id(),
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "Arnav Sharma" } },
        }),
      ),
      "ValidationException",
      400,
    );
  });
});

describe("groups and memberships", () => {
  it.each(["DataScientists", "MarketAnalytics"])("resolves and describes %s", async (name) => {
    const g = groups().find((x) => x.displayName === name)!;
    const r = await store().send(
      new GetGroupIdCommand({
        IdentityStoreId: id(),
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: name } },
      }),
    );
    expect(r).toEqual(expect.objectContaining({ GroupId: g.groupId, IdentityStoreId: id() }));
    expect(await store().send(new DescribeGroupCommand({ IdentityStoreId: id(), GroupId: g.groupId }))).toMatchObject({
      GroupId: g.groupId,
      DisplayName: name,
      IdentityStoreId: id(),
    });
  });

  it("reports an unknown group as ResourceNotFoundException", async () => {
    await expectStoreError(
      store().send(
        new GetGroupIdCommand({
          IdentityStoreId: id(),
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "Admins" } },
        }),
      ),
      "ResourceNotFoundException",
      400,
    );
  });

  it("lists each user's memberships (dana and erin have none)", async () => {
    const expected: Record<string, string[]> = {
      arnav: ["DataScientists", "MarketAnalytics"],
      maria: ["DataScientists"],
      wei: ["MarketAnalytics"],
      dana: [],
      erin: [],
    };
    for (const [name, names] of Object.entries(expected)) {
      const u = users().find((x) => x.userName === name)!;
      const r = await store().send(
        new ListGroupMembershipsForMemberCommand({ IdentityStoreId: id(), MemberId: { UserId: u.userId } }),
      );
      expect(r.GroupMemberships!.map((m) => m.GroupId)).toEqual(
        names.map((n) => groups().find((g) => g.displayName === n)!.groupId),
      );
      for (const m of r.GroupMemberships!)
        expect(m).toMatchObject({
          IdentityStoreId: id(),
          MemberId: { UserId: u.userId },
          MembershipId: expect.any(String),
        });
      expect(r.NextToken).toBeUndefined();
    }
  });

  it("pages with MaxResults and NextToken, and refuses a foreign token", async () => {
    const arnav = users()[0].userId;
    const p1 = await store().send(
      new ListGroupMembershipsForMemberCommand({ IdentityStoreId: id(), MemberId: { UserId: arnav }, MaxResults: 1 }),
    );
    expect(p1.GroupMemberships).toHaveLength(1);
    expect(p1.NextToken).toBeTypeOf("string");
    const p2 = await store().send(
      new ListGroupMembershipsForMemberCommand({
        IdentityStoreId: id(),
        MemberId: { UserId: arnav },
        MaxResults: 1,
        NextToken: p1.NextToken,
      }),
    );
    expect(p2.GroupMemberships).toHaveLength(1);
    expect(p2.NextToken).toBeUndefined();
    expect(p2.GroupMemberships![0].GroupId).not.toBe(p1.GroupMemberships![0].GroupId);
    await expectStoreError(
      store().send(
        new ListGroupMembershipsForMemberCommand({
          IdentityStoreId: id(),
          MemberId: { UserId: users()[1].userId },
          NextToken: p1.NextToken,
        }),
      ),
      "ValidationException",
      400,
    );
    await expectStoreError(
      store().send(
        new ListGroupMembershipsForMemberCommand({
          IdentityStoreId: id(),
          MemberId: { UserId: arnav },
          MaxResults: 101,
        }),
      ),
      "ValidationException",
      400,
    );
  });

  it("answers IsMemberInGroups per group", async () => {
    const [ds, ma] = groups().map((g) => g.groupId);
    const wei = users().find((u) => u.userName === "wei")!.userId;
    const r = await store().send(
      new IsMemberInGroupsCommand({ IdentityStoreId: id(), MemberId: { UserId: wei }, GroupIds: [ds, ma] }),
    );
    expect(r.Results).toEqual([
      { GroupId: ds, MemberId: { UserId: wei }, MembershipExists: false },
      { GroupId: ma, MemberId: { UserId: wei }, MembershipExists: true },
    ]);
  });
});

describe("refusals", () => {
  it("refuses another identity store and a malformed id", async () => {
    const e = await expectStoreError(
      store().send(new DescribeUserCommand({ IdentityStoreId: "d-0000000000", UserId: users()[0].userId })),
      "ResourceNotFoundException",
      400,
    );
    expect(e.ResourceType).toBe("IDENTITY_STORE");
    await expectStoreError(
      store().send(new DescribeUserCommand({ IdentityStoreId: "not-a-store", UserId: users()[0].userId })),
      "ValidationException",
      400,
    );
    await expectStoreError(
      store().send(new DescribeUserCommand({ IdentityStoreId: id(), UserId: "arnav" })),
      "ValidationException",
      400,
    );
  });

  it("refuses a caller without identitystore permissions, and records the refusal", async () => {
    const role = await clients(sb).sts.send(
      new AssumeRoleCommand({ RoleArn: sb.identifiers.carrierRoleArn, RoleSessionName: "no-idstore" }),
    );
    await expectStoreError(
      clients(sb, sessionCreds(role.Credentials)).store.send(
        new DescribeUserCommand({ IdentityStoreId: id(), UserId: users()[0].userId }),
      ),
      "AccessDeniedException",
      400,
    );
    const rec = sb.trail.events
      .map((e) => e.record as Record<string, any>)
      .find((r) => r.eventSource === "identitystore.amazonaws.com" && r.errorCode === "AccessDeniedException")!;
    expect(rec).toMatchObject({ eventName: "DescribeUser", readOnly: true, userIdentity: { type: "AssumedRole" } });
  });

  it("records lookups in CloudTrail without the looked-up value", async () => {
    await store().send(
      new GetUserIdCommand({
        IdentityStoreId: id(),
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: "emails.value", AttributeValue: "maria@example.com" },
        },
      }),
    );
    const rec = sb.trail.events
      .map((e) => e.record as Record<string, any>)
      .filter((r) => r.eventName === "GetUserId")
      .pop()!;
    expect(rec).toMatchObject({
      eventSource: "identitystore.amazonaws.com",
      readOnly: true,
      requestParameters: { IdentityStoreId: id() },
    });
    expect(JSON.stringify(rec)).not.toContain("maria@example.com");
  });
});
