// doctor's reads: everything the pure checks (src/doctor/checks.ts) judge, read with the base principal.
// Reads run in parallel; an AccessDenied becomes "cannot tell (needs permission X)", never a pass.
import { GetWorkGroupCommand } from "@aws-sdk/client-athena";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetUserIdCommand, ListGroupMembershipsForMemberCommand } from "@aws-sdk/client-identitystore";
import { DescribeLakeFormationIdentityCenterConfigurationCommand } from "@aws-sdk/client-lakeformation";
import { GetAccessGrantsInstanceCommand, ListAccessGrantsCommand } from "@aws-sdk/client-s3-control";
import {
  DescribeApplicationCommand,
  DescribeTrustedTokenIssuerCommand,
  GetApplicationAssignmentConfigurationCommand,
  ListApplicationAccessScopesCommand,
  ListApplicationAssignmentsCommand,
  ListApplicationAuthenticationMethodsCommand,
  ListApplicationGrantsCommand,
} from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { preflightChecks } from "../../doctor/checks.js";
import type { CheckResult } from "../../doctor/result.js";
import type { DoctorFacts, PersonaFacts, PolicyStatement, Read } from "../../doctor/facts.js";
import type { ValidScenario } from "../../scenario/parse.js";
import { createTokenSource } from "../identity/token-source.js";
import { errorCode, isTransient, safeErrorText } from "./classify.js";
import { displayUrl, unreachableWhy } from "../identity/idp-text.js";
import { makeClients, type AwsTarget, type Clients } from "./clients.js";
import { claimAt } from "./presented-user.js";
import { DEFAULT_RETRY, withRetry } from "./retry.js";
import { idTokenClaims } from "./session.js";

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);

async function read<T>(permission: string, f: () => Promise<T>): Promise<Read<T>> {
  try {
    return { value: await f() };
  } catch (e) {
    if (DENIED.has(errorCode(e))) return { denied: permission };
    // Throttling, a 5xx or a timeout says nothing about the setup: cannot tell, and a run goes on.
    if (isTransient(e)) return { unavailable: `${permission.split(":")[1] ?? permission}: ${errorCode(e)}` };
    return { failed: `${permission.split(":")[1] ?? permission}: ${errorCode(e)}: ${safeErrorText(e)}` };
  }
}

const valueOf = <T>(r: Read<T>): T | undefined => ("value" in r ? r.value : undefined);

export interface DoctorReadOptions {
  target: "sandbox" | "aws";
  allowList: DoctorFacts["allowList"];
  env: Record<string, string | undefined>;
  cloudtrail: boolean;
  /** Only the blocking subset (`run`'s preflight): caller, grants, scopes and the carrier's trust policy. */
  preflightOnly?: boolean;
  fetch?: typeof fetch;
}

export async function readDoctorFacts(clients: Clients, s: ValidScenario, o: DoctorReadOptions): Promise<DoctorFacts> {
  const t = s.target;
  const app = t.identityCenter.applicationArn;
  const sso = clients.ssoAdmin(),
    sts = clients.sts(),
    iam = clients.iam();
  const checks = s.checks as { athena?: unknown; accessGrants?: unknown }[];
  const needs = {
    athena: checks.some((c) => c.athena) || !!t.athena,
    accessGrants: checks.some((c) => c.accessGrants),
    cloudtrail: o.cloudtrail,
  };
  try {
    const [caller, grants, scopes, carrierTrust] = await Promise.all([
      read("sts:GetCallerIdentity", async () => {
        // Retried: `run` records this principal, and a shard without it cannot be merged (review s24d).
        const r = await withRetry(() => sts.send(new GetCallerIdentityCommand({})), DEFAULT_RETRY);
        return { account: r.Account ?? "", arn: r.Arn ?? "" };
      }),
      read(
        "sso:ListApplicationGrants",
        async () =>
          (await sso.send(new ListApplicationGrantsCommand({ ApplicationArn: app }))).Grants?.map((g) => ({
            type: g.GrantType ?? "",
            issuers: (g.Grant?.JwtBearer?.AuthorizedTokenIssuers ?? []).map((i) => ({
              arn: i.TrustedTokenIssuerArn ?? "",
              audiences: i.AuthorizedAudiences ?? [],
            })),
          })) ?? [],
      ),
      read(
        "sso:ListApplicationAccessScopes",
        async () =>
          (await sso.send(new ListApplicationAccessScopesCommand({ ApplicationArn: app }))).Scopes?.map(
            (x) => x.Scope ?? "",
          ) ?? [],
      ),
      read("iam:GetRole", async () => {
        const r = await iam.send(new GetRoleCommand({ RoleName: t.carrierRoleArn.split("/").pop()! }));
        const doc = JSON.parse(decodeURIComponent(r.Role?.AssumeRolePolicyDocument ?? "%7B%7D")) as {
          Statement?: PolicyStatement | PolicyStatement[];
        };
        return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
      }),
    ]);
    const skipped: Read<never> = { failed: "not read in preflight" };
    const base = {
      target: o.target,
      region: t.region,
      accountId: t.accountId,
      applicationArn: app,
      carrierRoleArn: t.carrierRoleArn,
      ...(t.identityCenter.instanceArn ? { instanceArn: t.identityCenter.instanceArn } : {}),
      ...(t.athena?.workgroup ? { workgroup: t.athena.workgroup } : {}),
      allowList: o.allowList,
      needs,
      caller,
      grants,
      scopes,
      carrierTrust,
    };
    if (o.preflightOnly) {
      return {
        ...base,
        application: skipped,
        assignmentRequired: skipped,
        assignments: skipped,
        actors: skipped,
        issuer: skipped,
        discovery: skipped,
        personas: [],
      };
    }
    const issuerArn = valueOf(grants)?.find((g) => g.issuers.length)?.issuers[0]?.arn;
    const [application, assignmentRequired, assignments, actors, issuer] = await Promise.all([
      read("sso:DescribeApplication", async () => {
        const r = await sso.send(new DescribeApplicationCommand({ ApplicationArn: app }));
        return { instanceArn: r.InstanceArn, status: r.Status };
      }),
      read(
        "sso:GetApplicationAssignmentConfiguration",
        async () =>
          (await sso.send(new GetApplicationAssignmentConfigurationCommand({ ApplicationArn: app })))
            .AssignmentRequired ?? true,
      ),
      read("sso:ListApplicationAssignments", async () => {
        const out: { principalId: string; type: string }[] = [];
        let token: string | undefined;
        do {
          const r = await sso.send(new ListApplicationAssignmentsCommand({ ApplicationArn: app, NextToken: token }));
          out.push(
            ...(r.ApplicationAssignments ?? []).map((a) => ({
              principalId: a.PrincipalId ?? "",
              type: a.PrincipalType ?? "",
            })),
          );
          token = r.NextToken;
        } while (token);
        return out;
      }),
      read("sso:ListApplicationAuthenticationMethods", async () => {
        const r = await sso.send(new ListApplicationAuthenticationMethodsCommand({ ApplicationArn: app }));
        const stmts = (r.AuthenticationMethods ?? []).flatMap(
          (m) =>
            (
              m.AuthenticationMethod?.Iam?.ActorPolicy as
                { Statement?: { Effect?: string; Principal?: { AWS?: string | string[] } }[] } | undefined
            )?.Statement ?? [],
        );
        return stmts.filter((x) => x.Effect === "Allow").flatMap((x) => [x.Principal?.AWS ?? []].flat());
      }),
      issuerArn
        ? read("sso:DescribeTrustedTokenIssuer", async () => {
            const c = (await sso.send(new DescribeTrustedTokenIssuerCommand({ TrustedTokenIssuerArn: issuerArn })))
              .TrustedTokenIssuerConfiguration?.OidcJwtConfiguration;
            return {
              arn: issuerArn,
              issuerUrl: c?.IssuerUrl ?? "",
              claimAttributePath: c?.ClaimAttributePath ?? "",
              identityStoreAttributePath: c?.IdentityStoreAttributePath ?? "",
            };
          })
        : Promise.resolve<Read<DoctorFacts["issuer"] extends Read<infer T> ? T : never>>({
            failed: "the application has no jwt-bearer grant naming a trusted token issuer",
          }),
    ]);
    const iss = valueOf(issuer);
    const [discovery, personas, target] = await Promise.all([
      iss
        ? discover(iss.issuerUrl, o.fetch ?? fetch)
        : Promise.resolve<Read<{ jwksUri: string; keys: number }>>({ failed: "no trusted token issuer to discover" }),
      Promise.all(Object.keys(s.personas).map((p) => personaFacts(clients, s, p, iss, o.env))),
      targetFacts(clients, s, needs),
    ]);
    return { ...base, application, assignmentRequired, assignments, actors, issuer, discovery, personas, ...target };
  } finally {
    sso.destroy();
    sts.destroy();
    iam.destroy();
  }
}

/**
 * `run`'s preflight: the blocking checks (jwt-bearer grant, scopes, carrier trust) for each distinct
 * application and carrier role of the scenarios, four reads each, in parallel; and the base principal
 * it read them as (`GetCallerIdentity`), which the run records so that shards run as different
 * principals are not merged into one run.
 */
export async function preflightResults(
  target: AwsTarget,
  scenarios: ValidScenario[],
  env: Record<string, string | undefined>,
): Promise<{ results: CheckResult[]; callerArn?: string }> {
  const distinct = [
    ...new Map(
      scenarios.map((s) => [`${s.target.identityCenter.applicationArn} ${s.target.carrierRoleArn}`, s]),
    ).values(),
  ];
  const clients = makeClients(target);
  const options: DoctorReadOptions = {
    target: target.endpoint ? "sandbox" : "aws",
    allowList: { accounts: [], regions: [], instances: [] },
    env,
    cloudtrail: false,
    preflightOnly: true,
  };
  const facts = await Promise.all(distinct.map((s) => readDoctorFacts(clients, s, options))).finally(clients.close);
  const all = facts.map(preflightChecks);
  const callerArn = facts.map((f) => valueOf(f.caller)?.arn).find(Boolean);
  // Two scenarios naming the same application yield the same check once.
  return {
    results: [...new Map(all.flat().map((r) => [`${r.id} ${r.detail}`, r])).values()],
    ...(callerArn ? { callerArn } : {}),
  };
}

async function discover(issuerUrl: string, doFetch: typeof fetch): Promise<Read<{ jwksUri: string; keys: number }>> {
  try {
    const conf = (await (
      await doFetch(`${issuerUrl.replace(/\/$/, "")}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(10_000),
      })
    ).json()) as { jwks_uri?: string };
    if (!conf.jwks_uri) return { failed: "the discovery document has no jwks_uri" };
    const jwks = (await (await doFetch(conf.jwks_uri, { signal: AbortSignal.timeout(10_000) })).json()) as {
      keys?: unknown[];
    };
    return { value: { jwksUri: conf.jwks_uri, keys: jwks.keys?.length ?? 0 } };
  } catch (e) {
    return {
      failed: `${displayUrl(issuerUrl)}: ${(e as Error).name === "SyntaxError" ? "an answer that is not JSON" : unreachableWhy(e)}`,
    };
  }
}

async function personaFacts(
  clients: Clients,
  s: ValidScenario,
  name: string,
  iss: { claimAttributePath: string; identityStoreAttributePath: string } | undefined,
  env: Record<string, string | undefined>,
): Promise<PersonaFacts> {
  const p = s.personas[name];
  const storeId = s.target.identityCenter.identityStoreId;
  const ids = clients.identitystore();
  try {
    const userId = await read("identitystore:GetUserId", async () => {
      const attr =
        "userName" in p.identity
          ? { AttributePath: "userName", AttributeValue: p.identity.userName }
          : { AttributePath: "emails.value", AttributeValue: p.identity.email };
      return (
        await ids.send(
          new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { UniqueAttribute: attr } }),
        )
      ).UserId;
    });
    const uid = valueOf(userId);
    const groupIds = uid
      ? await read(
          "identitystore:ListGroupMembershipsForMember",
          async () =>
            (
              await ids.send(
                new ListGroupMembershipsForMemberCommand({ IdentityStoreId: storeId, MemberId: { UserId: uid } }),
              )
            ).GroupMemberships?.map((m) => m.GroupId ?? "") ?? [],
        )
      : ({ value: [] } as Read<string[]>);
    let token: Read<{ audience: string[]; claimValue?: string }>;
    try {
      const claims = idTokenClaims(await createTokenSource(s.tokens[name], env).getToken(AbortSignal.timeout(30_000)));
      const aud = claims.aud;
      token = {
        value: {
          audience: Array.isArray(aud) ? aud.map(String) : aud ? [String(aud)] : [],
          ...(iss ? { claimValue: claimAt(claims, iss.claimAttributePath) } : {}),
        },
      };
    } catch (e) {
      token = { failed: `IdP token: ${(e as Error).message}` };
    }
    const claimValue = valueOf(token)?.claimValue;
    // UNVERIFIED: GetUserId's answer when several users share a non-unique attribute; found = one user.
    const claimUsers: Read<string[]> =
      !iss || claimValue === undefined
        ? { value: [] }
        : await read("identitystore:GetUserId", async () => {
            try {
              const r = await ids.send(
                new GetUserIdCommand({
                  IdentityStoreId: storeId,
                  AlternateIdentifier: {
                    UniqueAttribute: { AttributePath: iss.identityStoreAttributePath, AttributeValue: claimValue },
                  },
                }),
              );
              return r.UserId ? [r.UserId] : [];
            } catch (e) {
              if (errorCode(e) === "ResourceNotFoundException") return [];
              throw e;
            }
          });
    const queries = p.class !== "denied" && (s.checks as { athena?: unknown }[]).some((c) => c.athena);
    return { name, class: p.class, userId, groupIds, token, claimUsers, queries };
  } finally {
    ids.destroy();
  }
}

async function targetFacts(
  clients: Clients,
  s: ValidScenario,
  needs: DoctorFacts["needs"],
): Promise<Partial<DoctorFacts>> {
  const t = s.target;
  const out: Partial<DoctorFacts> = {};
  const athena = clients.athenaBase(),
    s3c = clients.s3controlBase(),
    lf = clients.lakeformation(),
    ct = clients.cloudtrail();
  const account = t.accessGrants?.accountId ?? t.accountId;
  try {
    await Promise.all([
      needs.athena &&
        t.athena?.workgroup &&
        (async () => {
          out.workgroupConfig = await read("athena:GetWorkGroup", async () => {
            const wg = (await athena.send(new GetWorkGroupCommand({ WorkGroup: t.athena!.workgroup }))).WorkGroup;
            const c = wg?.Configuration;
            return {
              identityCenterEnabled: c?.IdentityCenterConfiguration?.EnableIdentityCenter === true,
              applicationArn: wg?.IdentityCenterApplicationArn,
              executionRole: c?.ExecutionRole,
              outputLocation: c?.ResultConfiguration?.OutputLocation,
              userPrefix: c?.QueryResultsS3AccessGrantsConfiguration?.CreateUserLevelPrefix === true,
            };
          });
        })(),
      // Every grant of the account: the results-location grants, and IAM grants to the carrier role.
      (needs.accessGrants || needs.athena) &&
        (async () => {
          out.accessGrantsList = await read("s3:ListAccessGrants", async () => {
            // Every page: a grant on a later page is as real as one on the first.
            const grants: { granteeType: string; granteeId: string; scope: string; permission: string }[] = [];
            let token: string | undefined;
            do {
              const r = await s3c.send(new ListAccessGrantsCommand({ AccountId: account, NextToken: token }));
              for (const g of r.AccessGrantsList ?? [])
                grants.push({
                  granteeType: g.Grantee?.GranteeType ?? "",
                  granteeId: g.Grantee?.GranteeIdentifier ?? "",
                  scope: g.GrantScope ?? "",
                  permission: g.Permission ?? "",
                });
              token = r.NextToken;
            } while (token);
            return grants;
          });
        })(),
      (needs.accessGrants || needs.athena) &&
        (async () => {
          out.accessGrantsInstance = await read("s3:GetAccessGrantsInstance", async () => ({
            identityCenterInstanceArn: (await s3c.send(new GetAccessGrantsInstanceCommand({ AccountId: account })))
              .IdentityCenterInstanceArn,
          }));
        })(),
      needs.athena &&
        (async () => {
          out.lakeFormation = await read("lakeformation:DescribeLakeFormationIdentityCenterConfiguration", async () => {
            try {
              return {
                instanceArn: (await lf.send(new DescribeLakeFormationIdentityCenterConfigurationCommand({})))
                  .InstanceArn,
              };
            } catch (e) {
              if (errorCode(e) === "EntityNotFoundException") return {};
              throw e;
            }
          });
        })(),
      needs.cloudtrail &&
        (async () => {
          out.lookupEvents = await read("cloudtrail:LookupEvents", async () => {
            await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
            return true as const;
          });
        })(),
    ]);
    return out;
  } finally {
    athena.destroy();
    s3c.destroy();
    lf.destroy();
    ct.destroy();
  }
}
