// Table test: a healthy target's facts are all ok; each single break is named by exactly its check,
// with its fix; a refused read is "cannot tell (needs permission X)".
import { describe, expect, it } from "vitest";
import { doctorExitCode, grantCoversLocation, preflightChecks, runChecks } from "./checks.js";
import { preflightMessage, preflightNotes } from "./render.js";
import type { DoctorFacts } from "./facts.js";
import { statusLabel } from "./result.js";

const APP = "arn:aws:sso::111122223333:application/ssoins-1/apl-1";
const INSTANCE = "arn:aws:sso:::instance/ssoins-1";
const TTI = "arn:aws:sso::111122223333:trustedTokenIssuer/ssoins-1/tti-1";
const CALLER = "arn:aws:iam::111122223333:user/runner";

function healthy(): DoctorFacts {
  const persona = (name: string, userId: string, cls: "allowed" | "denied", groups: string[]) => ({
    name,
    class: cls,
    userId: { value: userId },
    groupIds: { value: groups },
    token: { value: { audience: ["aud-1"], claimValue: `${name}@x` } },
    claimUsers: { value: [userId] },
    queries: cls !== "denied",
  });
  return {
    target: "aws",
    region: "us-east-1",
    accountId: "111122223333",
    applicationArn: APP,
    carrierRoleArn: "arn:aws:iam::111122223333:role/Carrier",
    instanceArn: INSTANCE,
    workgroup: "wg",
    allowList: { accounts: ["111122223333"], regions: [], instances: [] },
    needs: { accessGrants: true, athena: true, cloudtrail: true },
    caller: { value: { account: "111122223333", arn: CALLER } },
    application: { value: { instanceArn: INSTANCE, status: "ENABLED" } },
    grants: {
      value: [{ type: "urn:ietf:params:oauth:grant-type:jwt-bearer", issuers: [{ arn: TTI, audiences: ["aud-1"] }] }],
    },
    scopes: { value: ["openid", "aws", "sts:identity_context", "s3:access_grants:read_write"] },
    assignmentRequired: { value: true },
    assignments: { value: [{ principalId: "g-1", type: "GROUP" }] },
    actors: { value: [CALLER] },
    issuer: {
      value: {
        arn: TTI,
        issuerUrl: "https://idp.example.com",
        claimAttributePath: "email",
        identityStoreAttributePath: "emails.value",
      },
    },
    discovery: { value: { jwksUri: "https://idp.example.com/jwks", keys: 1 } },
    carrierTrust: {
      value: [{ Effect: "Allow", Principal: { AWS: CALLER }, Action: ["sts:AssumeRole", "sts:SetContext"] }],
    },
    workgroupConfig: {
      value: {
        identityCenterEnabled: true,
        applicationArn: "arn:aws:sso::111122223333:application/ssoins-1/apl-2",
        executionRole: "arn:aws:iam::111122223333:role/Exec",
        outputLocation: "s3://results/athena/",
        userPrefix: true,
      },
    },
    accessGrantsInstance: { value: { identityCenterInstanceArn: INSTANCE } },
    accessGrantsList: {
      value: [
        { granteeType: "DIRECTORY_GROUP", granteeId: "g-1", scope: "s3://results/athena/*", permission: "READWRITE" },
      ],
    },
    lakeFormation: { value: { instanceArn: INSTANCE } },
    lookupEvents: { value: true },
    personas: [persona("ana", "u-1", "allowed", ["g-1"]), persona("dan", "u-2", "denied", [])],
  };
}

// A missing grant also leaves the issuer and the audiences unauthorized: those follow from it.
const breaks: [string, (f: DoctorFacts) => void, string, string[]?][] = [
  [
    "account not allow-listed",
    (f) => {
      f.allowList.accounts = ["999999999999"];
    },
    "identity.allow-list",
  ],
  [
    "application disabled",
    (f) => {
      f.application = { value: { instanceArn: INSTANCE, status: "DISABLED" } };
    },
    "application.exists",
  ],
  [
    "no jwt-bearer grant",
    (f) => {
      f.grants = { value: [{ type: "refresh_token", issuers: [] }] };
    },
    "application.jwt-bearer",
    ["application.jwt-bearer", "application.issuer", "application.audience"],
  ],
  [
    "grant names another issuer",
    (f) => {
      f.issuer = {
        value: {
          issuerUrl: "https://idp.example.com",
          claimAttributePath: "email",
          identityStoreAttributePath: "emails.value",
          arn: `${TTI}x`,
        },
      };
    },
    "application.issuer",
  ],
  [
    "token audience not authorized",
    (f) => {
      f.personas[0].token = { value: { audience: ["other"], claimValue: "ana@x" } };
    },
    "application.audience",
  ],
  [
    "no sts:identity_context",
    (f) => {
      f.scopes = { value: ["openid", "aws", "s3:access_grants:read_write"] };
    },
    "application.scopes",
  ],
  [
    "no Access Grants scope",
    (f) => {
      f.scopes = { value: ["sts:identity_context"] };
    },
    "application.scopes",
  ],
  [
    "caller may not CreateTokenWithIAM",
    (f) => {
      f.actors = { value: ["arn:aws:iam::111122223333:role/Other"] };
    },
    "application.callers",
  ],
  [
    "JWKS without keys",
    (f) => {
      f.discovery = { value: { jwksUri: "https://idp.example.com/jwks", keys: 0 } };
    },
    "issuer.discovery",
  ],
  [
    "claim matches two users",
    (f) => {
      f.personas[0].claimUsers = { value: ["u-1", "u-9"] };
    },
    "persona.claim:ana",
  ],
  [
    "claim maps to another user",
    (f) => {
      f.personas[0].claimUsers = { value: ["u-9"] };
    },
    "persona.claim:ana",
  ],
  [
    "allowed persona unassigned",
    (f) => {
      f.assignments = { value: [] };
    },
    "persona.assignment:ana",
  ],
  [
    "trust lacks sts:SetContext",
    (f) => {
      f.carrierTrust = { value: [{ Effect: "Allow", Principal: { AWS: CALLER }, Action: ["sts:AssumeRole"] }] };
    },
    "carrier.trust",
  ],
  [
    "workgroup not IdC enabled",
    (f) => {
      f.workgroupConfig = {
        value: { identityCenterEnabled: false, outputLocation: "s3://results/athena/", userPrefix: false },
      };
    },
    "athena.workgroup",
  ],
  [
    "no results grant",
    (f) => {
      f.accessGrantsList = { value: [] };
    },
    "athena.results-grant:ana",
  ],
  [
    "an IAM grant to the carrier role (another path and case)",
    (f) => {
      f.accessGrantsList = {
        value: [
          ...(f.accessGrantsList && "value" in f.accessGrantsList ? f.accessGrantsList.value : []),
          {
            granteeType: "IAM",
            granteeId: "arn:aws:iam::111122223333:role/x/carrier",
            scope: "s3://b/*",
            permission: "READ",
          },
        ],
      };
    },
    "access-grants.carrier-iam-grant",
  ],
  [
    "Access Grants on another instance",
    (f) => {
      f.accessGrantsInstance = { value: { identityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-2" } };
    },
    "access-grants.instance",
  ],
  [
    "Lake Formation not integrated",
    (f) => {
      f.lakeFormation = { value: {} };
    },
    "lake-formation.identity-center",
  ],
  [
    "LookupEvents fails",
    (f) => {
      f.lookupEvents = { failed: "ThrottlingException" };
    },
    "cloudtrail.lookup",
  ],
];

describe("doctor checks", () => {
  it("a healthy target is all ok (exit 0)", () => {
    const r = runChecks(healthy());
    expect(r.filter((x) => x.status !== "ok")).toEqual([]);
    expect(doctorExitCode(r)).toBe(0);
  });

  it.each(breaks)("%s: exactly %s is a problem, with its fix and docs link", (_name, mutate, id, all) => {
    const f = healthy();
    mutate(f);
    const r = runChecks(f);
    expect(r.filter((x) => x.status !== "ok").map((x) => x.id)).toEqual(all ?? [id]);
    const hit = r.find((x) => x.id === id)!;
    expect(hit.status).toBe("problem");
    expect(hit.fix.length).toBeGreaterThan(10);
    expect(hit.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(doctorExitCode(r)).toBe(1);
  });

  it("a refused read is cannot tell, naming the permission, and not a problem", () => {
    const f = healthy();
    f.carrierTrust = { denied: "iam:GetRole" };
    const r = runChecks(f);
    const trust = r.find((x) => x.id === "carrier.trust")!;
    expect(statusLabel(trust)).toBe("cannot tell (needs permission iam:GetRole)");
    expect(doctorExitCode(r)).toBe(0);
  });

  it("a throttled (or 5xx, timed-out) read is cannot tell, and a run's preflight goes on", () => {
    const f = healthy();
    f.scopes = { unavailable: "ListApplicationAccessScopes: ThrottlingException" };
    const trust = runChecks(f).find((x) => x.id === "application.scopes")!;
    expect(statusLabel(trust)).toBe(
      "cannot tell (the read failed for now: ListApplicationAccessScopes: ThrottlingException; run it again)",
    );
    const pre = preflightChecks(f);
    expect(preflightMessage(pre)).toBeUndefined();
    expect(preflightNotes(pre)).toEqual([
      expect.stringContaining("application.scopes could not be checked: cannot tell (the read failed for now"),
    ]);
  });

  it("a denied persona may be unassigned; an account-root trust principal counts", () => {
    const f = healthy();
    f.carrierTrust = {
      value: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:*" }],
    };
    expect(runChecks(f).filter((x) => x.status !== "ok")).toEqual([]);
  });

  it("run's preflight: a blocking problem stops with doctor's message; a refused read only notes it", () => {
    const broken = healthy();
    broken.carrierTrust = { value: [{ Effect: "Allow", Principal: { AWS: CALLER }, Action: ["sts:AssumeRole"] }] };
    const r = preflightChecks(broken);
    expect(r.map((x) => x.id)).toEqual(["application.jwt-bearer", "application.scopes", "carrier.trust"]);
    expect(preflightMessage(r)).toContain(
      "carrier.trust: arn:aws:iam::111122223333:role/Carrier's trust policy does not allow sts:SetContext",
    );
    expect(preflightMessage(r)).toContain(`fix: ${r[2].fix}`);
    const refused = healthy();
    refused.carrierTrust = { denied: "iam:GetRole" };
    const rr = preflightChecks(refused);
    expect(preflightMessage(rr)).toBeUndefined();
    expect(preflightNotes(rr)).toEqual([
      expect.stringContaining(
        "carrier.trust could not be checked: cannot tell (needs permission iam:GetRole); the run continues",
      ),
    ]);
  });
});

describe("results-grant: a grant scope against the results location, bucket and key compared apart", () => {
  it.each([
    ["s3://b/results/*", "s3://b/results/", true],
    ["s3://b/*", "s3://b/results", true],
    ["s3://b*", "s3://b-archive/results/", false],
    ["s3://b", "s3://b-archive/results/", false],
    ["s3://b/results/x.csv", "s3://b/results/", false],
  ])("grant %s covers results location %s: %s", (scope, loc, want) =>
    expect(grantCoversLocation(scope, loc)).toBe(want),
  );
});
