// Identity Store (awsJson1_1) through the real IdentitystoreClient: all six emulated read operations
// succeed with model-conforming bodies, and every modelled error is exercised per operation (the IAM,
// not-found and validation refusals directly; throttling and 5xx through the sandbox's fault profile).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
} from "@aws-sdk/client-identitystore";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { personaCredentials, send } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectDeviation, expectOk } from "./expect.js";

let sb: Sandbox;
let noPermission: SigningCredentials; // the carrier role has no identitystore:* permission
beforeAll(async () => {
  sb = await startSandbox();
  noPermission = await personaCredentials(sb, "arnav");
});
afterAll(async () => {
  await sb?.stop();
});

const STORE = "d-9067c2a1f3";
const ARNAV = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a01";
const NOBODY = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a99";
const SCIENTISTS = "9067c2a1f3-7b2c4d6e-1a3b-4c5d-9e8f-7a6b5c4d3e01";
const byName = (AttributePath: string, AttributeValue: string) => ({
  UniqueAttribute: { AttributePath, AttributeValue },
});

type Cmd = { constructor: { name: string }; input: unknown };
/** Per operation: a valid call, a not-found call and an invalid call (ValidationException). */
const OPS: Record<string, { ok: () => Cmd; notFound: () => Cmd; invalid: () => Cmd }> = {
  GetUserId: {
    ok: () => new GetUserIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: byName("userName", "arnav") }),
    notFound: () =>
      new GetUserIdCommand({
        IdentityStoreId: STORE,
        AlternateIdentifier: byName("emails.value", "nobody@example.com"),
      }),
    invalid: () => new GetUserIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: byName("nickName", "arnav") }),
  },
  DescribeUser: {
    ok: () => new DescribeUserCommand({ IdentityStoreId: STORE, UserId: ARNAV }),
    notFound: () => new DescribeUserCommand({ IdentityStoreId: STORE, UserId: NOBODY }),
    invalid: () => new DescribeUserCommand({ IdentityStoreId: STORE, UserId: "not an id" }),
  },
  GetGroupId: {
    ok: () =>
      new GetGroupIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: byName("displayName", "DataScientists") }),
    notFound: () =>
      new GetGroupIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: byName("displayName", "Nobody") }),
    invalid: () => new GetGroupIdCommand({ IdentityStoreId: STORE, AlternateIdentifier: byName("userName", "x") }),
  },
  DescribeGroup: {
    ok: () => new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: SCIENTISTS }),
    notFound: () => new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: NOBODY }),
    invalid: () => new DescribeGroupCommand({ IdentityStoreId: STORE, GroupId: "?" }),
  },
  ListGroupMembershipsForMember: {
    ok: () => new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: ARNAV } }),
    notFound: () => new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: NOBODY } }),
    invalid: () =>
      new ListGroupMembershipsForMemberCommand({ IdentityStoreId: STORE, MemberId: { UserId: ARNAV }, MaxResults: 0 }),
  },
  ListGroupMemberships: {
    ok: () => new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: SCIENTISTS }),
    notFound: () => new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: NOBODY }),
    invalid: () => new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: SCIENTISTS, MaxResults: 0 }),
  },
  IsMemberInGroups: {
    ok: () =>
      new IsMemberInGroupsCommand({ IdentityStoreId: STORE, MemberId: { UserId: ARNAV }, GroupIds: [SCIENTISTS] }),
    notFound: () =>
      new IsMemberInGroupsCommand({ IdentityStoreId: STORE, MemberId: { UserId: NOBODY }, GroupIds: [SCIENTISTS] }),
    invalid: () => new IsMemberInGroupsCommand({ IdentityStoreId: STORE, MemberId: { UserId: ARNAV }, GroupIds: [] }),
  },
};
const names = Object.keys(OPS);
const coverage = new ErrorCoverage("identitystore");

describe("Identity Store", () => {
  it.each(names)("%s succeeds with a model-conforming body", async (op) => {
    const out = expectOk("identitystore", await send(sb, "identitystore", OPS[op].ok()));
    expect(out).toBeTruthy();
  });

  it.each(names)("%s: ResourceNotFoundException with ResourceType (status 400, a known deviation)", async (op) => {
    const s = await send(sb, "identitystore", OPS[op].notFound());
    const e = expectAwsError("identitystore", s, "ResourceNotFoundException", 400);
    expect(["USER", "GROUP"]).toContain(e.ResourceType);
    expectDeviation("identitystore", s, "identitystore-denial-status-400");
    coverage.modelled(op, "ResourceNotFoundException");
  });

  it.each(names)("%s: ValidationException (400)", async (op) => {
    expectAwsError("identitystore", await send(sb, "identitystore", OPS[op].invalid()), "ValidationException", 400);
    coverage.modelled(op, "ValidationException");
  });

  it.each(names)("%s: AccessDeniedException without identitystore:%s (status 400, a known deviation)", async (op) => {
    const s = await send(sb, "identitystore", OPS[op].ok(), { credentials: noPermission });
    expectAwsError("identitystore", s, "AccessDeniedException", 400);
    expectDeviation("identitystore", s, "identitystore-denial-status-400");
    coverage.modelled(op, "AccessDeniedException");
  });

  it("ThrottlingException and InternalServerException (server fault) from injected faults, for every operation", async () => {
    for (const [fault, name, status, kind] of [
      ["throttleRate", "ThrottlingException", 400, "client"],
      ["serverErrorRate", "InternalServerException", 500, "server"],
    ] as const) {
      sb.setFaults({ [fault]: 1, services: ["identitystore"] });
      try {
        for (const op of names) {
          const s = await send(sb, "identitystore", OPS[op].ok());
          expectAwsError("identitystore", s, name, status, kind);
          if (name === "ThrottlingException")
            expectDeviation("identitystore", s, "identitystore-throttling-status-400");
          coverage.modelled(op, name);
        }
      } finally {
        sb.setFaults({});
      }
    }
  });

  it("ListGroups lists every group with a model-conforming body, paged; refused without the permission", async () => {
    const out = expectOk<{ Groups: { DisplayName: string }[]; NextToken?: string }>(
      "identitystore",
      await send(sb, "identitystore", new ListGroupsCommand({ IdentityStoreId: STORE, MaxResults: 1 })),
    );
    expect(out.Groups.map((g) => g.DisplayName)).toEqual(["DataScientists"]);
    const next = expectOk<{ Groups: { DisplayName: string }[] }>(
      "identitystore",
      await send(sb, "identitystore", new ListGroupsCommand({ IdentityStoreId: STORE, NextToken: out.NextToken })),
    );
    expect(next.Groups.map((g) => g.DisplayName)).toEqual(["MarketAnalytics"]);
    expectAwsError(
      "identitystore",
      await send(sb, "identitystore", new ListGroupsCommand({ IdentityStoreId: STORE }), { credentials: noPermission }),
      "AccessDeniedException",
      400,
    );
    expectAwsError(
      "identitystore",
      await send(sb, "identitystore", new ListGroupsCommand({ IdentityStoreId: STORE, MaxResults: 0 })),
      "ValidationException",
      400,
    );
  });

  it("every modelled error of every operation is exercised", () => {
    for (const op of names) coverage.complete(op);
  });
});
