// Reads each persona's Identity Center state (user id, group names) with the base principal before any
// check runs, so a directory that drifted from the scenario is reported up front, not guessed at later.
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
} from "@aws-sdk/client-identitystore";
import { paginateListApplicationAssignments } from "@aws-sdk/client-sso-admin";
import type { DirectoryReader, DirectoryState } from "../../core/ports.js";
import type { ValidScenario } from "../../scenario/parse.js";
import { errorCode, safeErrorText } from "./classify.js";
import { DEFAULT_RETRY, withRetry } from "./retry.js";
import type { Clients } from "./clients.js";

export class IdentityStoreDirectory implements DirectoryReader {
  private readonly groupNames = new Map<string, Promise<string>>();
  constructor(private readonly clients: Clients) {}

  async read(s: ValidScenario, persona: string): Promise<DirectoryState> {
    const storeId = s.target.identityCenter.identityStoreId;
    if (!storeId) return {}; // no identity store named: nothing to compare
    const id = s.personas[persona].identity;
    const client = this.clients.identitystore();
    try {
      const attr =
        "userName" in id
          ? { AttributePath: "userName", AttributeValue: id.userName }
          : { AttributePath: "emails.value", AttributeValue: id.email };
      const { UserId } = await withRetry(
        () =>
          client.send(
            new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: attr } }),
          ),
        DEFAULT_RETRY,
      );
      const groupIds: string[] = [];
      let token: string | undefined;
      do {
        const page = await withRetry(
          () =>
            client.send(
              new ListGroupMembershipsForMemberCommand({
                IdentityStoreId: storeId,
                MemberId: { UserId: UserId! },
                NextToken: token,
              }),
            ),
          DEFAULT_RETRY,
        );
        for (const m of page.GroupMemberships ?? []) if (m.GroupId) groupIds.push(m.GroupId);
        token = page.NextToken;
      } while (token);
      const groups = await Promise.all(groupIds.map((g) => this.groupName(client, storeId, g)));
      return { userId: UserId, groups, groupIds };
    } catch (e) {
      return { error: `${errorCode(e)}: ${safeErrorText(e)}` };
    } finally {
      client.destroy();
    }
  }

  /** Directory assertions: a group's members by user name (GetGroupId, ListGroupMemberships, DescribeUser). */
  async groupMembers(storeId: string, group: string): Promise<{ members: string[] } | { error: string }> {
    const client = this.clients.identitystore();
    try {
      const { GroupId } = await withRetry(
        () =>
          client.send(
            new GetGroupIdCommand({
              IdentityStoreId: storeId,
              AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: group } },
            }),
          ),
        DEFAULT_RETRY,
      );
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await withRetry(
          () =>
            client.send(
              new ListGroupMembershipsCommand({ IdentityStoreId: storeId, GroupId: GroupId!, NextToken: token }),
            ),
          DEFAULT_RETRY,
        );
        for (const m of page.GroupMemberships ?? [])
          if (m.MemberId && "UserId" in m.MemberId && m.MemberId.UserId) ids.push(m.MemberId.UserId);
        token = page.NextToken;
      } while (token);
      return { members: await Promise.all(ids.map((id) => this.userName(client, storeId, id))) };
    } catch (e) {
      return { error: `${errorCode(e)}: ${safeErrorText(e)}` };
    } finally {
      client.destroy();
    }
  }

  /** Directory assertions: the application's direct assignments (SSO Admin), as group and user names. */
  async applicationAssignments(
    storeId: string,
    applicationArn: string,
  ): Promise<{ groups: string[]; users: string[] } | { error: string }> {
    const sso = this.clients.ssoAdmin(),
      client = this.clients.identitystore();
    try {
      const groupIds: string[] = [],
        userIds: string[] = [];
      for await (const page of paginateListApplicationAssignments(
        { client: sso },
        { ApplicationArn: applicationArn },
      )) {
        for (const a of page.ApplicationAssignments ?? [])
          (a.PrincipalType === "GROUP" ? groupIds : userIds).push(a.PrincipalId!);
      }
      const [groups, users] = await Promise.all([
        Promise.all(groupIds.map((g) => this.groupName(client, storeId, g))),
        Promise.all(userIds.map((u) => this.userName(client, storeId, u))),
      ]);
      return { groups, users };
    } catch (e) {
      return { error: `${errorCode(e)}: ${safeErrorText(e)}` };
    } finally {
      sso.destroy();
      client.destroy();
    }
  }

  private userName(client: ReturnType<Clients["identitystore"]>, storeId: string, userId: string): Promise<string> {
    return withRetry(
      () => client.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: userId })),
      DEFAULT_RETRY,
    ).then((u) => u.UserName ?? userId);
  }

  private groupName(client: ReturnType<Clients["identitystore"]>, storeId: string, groupId: string): Promise<string> {
    let p = this.groupNames.get(groupId);
    if (!p) {
      p = withRetry(
        () => client.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: groupId })),
        DEFAULT_RETRY,
      ).then((g) => g.DisplayName ?? groupId);
      this.groupNames.set(groupId, p);
    }
    return p;
  }
}
