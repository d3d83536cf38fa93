// The pure decisions of `tip-proof doctor`: facts in, one result per check out. No I/O: the adapter
// reads, these functions judge, so each check is table-tested over facts. A refused read is
// "cannot tell", never ok.
import { roleOf, sameRole } from "../core/iam-role.js";
import { scopeCovers } from "../core/s3-scope.js";
import { CHECKS, type CheckId } from "./catalogue.js";
import type { DoctorFacts, PersonaFacts, PolicyStatement, Read } from "./facts.js";
import type { CheckResult } from "./result.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const AG_SCOPES = ["s3:access_grants:read_write", "s3:access_grants:read"];

type Verdict = { ok: true; detail: string } | { ok: false; detail: string };
const ok = (detail: string): Verdict => ({ ok: true, detail });
const problem = (detail: string): Verdict => ({ ok: false, detail });

function result(
  id: CheckId,
  v: Verdict | { permission: string } | { unavailable: string },
  suffix?: string,
): CheckResult {
  const c = CHECKS[id];
  const base = {
    id: suffix ? `${id}:${suffix}` : id,
    group: c.group,
    title: c.title,
    fix: c.fix,
    doc: c.doc,
    blocking: c.blocking,
  };
  if ("permission" in v)
    return { ...base, status: "cannot-tell", permission: v.permission, detail: `the read needs ${v.permission}` };
  if ("unavailable" in v)
    return {
      ...base,
      status: "cannot-tell",
      unavailable: v.unavailable,
      detail: `the read failed for now: ${v.unavailable}`,
    };
  return { ...base, status: v.ok ? "ok" : "problem", detail: v.detail };
}

/**
 * Judges over one or more reads: a refused or passingly unavailable read (throttled, 5xx, timeout) makes
 * the check "cannot tell", a failed one a problem.
 */
function over<T extends unknown[]>(
  reads: { [K in keyof T]: Read<T[K]> },
  judge: (...values: T) => Verdict,
): Verdict | { permission: string } | { unavailable: string } {
  for (const r of reads) if ("denied" in r) return { permission: r.denied };
  for (const r of reads) if ("unavailable" in r) return { unavailable: r.unavailable };
  for (const r of reads) if ("failed" in r) return problem(`could not read: ${r.failed}`);
  return judge(...(reads.map((r) => (r as { value: unknown }).value) as T));
}

const list = (a: string | string[] | undefined) => (a === undefined ? [] : Array.isArray(a) ? a : [a]);
const wildcard = (pattern: string, v: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  ).test(v);

/** The IAM ARN a caller ARN stands for in a trust policy: an assumed-role session is its role. */
export function principalArnOf(callerArn: string): string {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

function principalMatches(principal: unknown, callerArn: string): boolean {
  if (principal === "*") return true;
  const aws = list((principal as { AWS?: string | string[] } | undefined)?.AWS);
  const iamArn = principalArnOf(callerArn);
  const account = /:(\d{12}):/.exec(iamArn)?.[1];
  // A role with a path (role/team/R) is written with it in policies; the caller ARN drops it (UNVERIFIED: compared by name).
  const roleName = /:role\/(?:.*\/)?([^/]+)$/.exec(iamArn)?.[1];
  return aws.some(
    (p) =>
      p === "*" ||
      p === iamArn ||
      p === account ||
      p === `arn:aws:iam::${account}:root` ||
      (roleName !== undefined && /:role\//.test(p) && p.endsWith(`/${roleName}`) && p.includes(`::${account}:`)),
  );
}

/** The actions a trust policy allows the caller (Deny statements remove them). */
export function trustedActions(statements: PolicyStatement[], callerArn: string, actions: string[]): string[] {
  const applies = (s: PolicyStatement, a: string) =>
    principalMatches(s.Principal, callerArn) &&
    (s.Action !== undefined
      ? list(s.Action).some((p) => wildcard(p, a))
      : !list(s.NotAction).some((p) => wildcard(p, a)));
  return actions.filter(
    (a) =>
      statements.some((s) => s.Effect === "Allow" && applies(s, a)) &&
      !statements.some((s) => s.Effect === "Deny" && applies(s, a)),
  );
}

/** Whether an Access Grants scope (s3://b/p/*, s3://b/p*) covers every key under an S3 location (a prefix). */
export function grantCoversLocation(scope: string, location: string): boolean {
  return scopeCovers(scope, `${location.endsWith("/") ? location : `${location}/`}*`, false);
}

export function identityChecks(f: DoctorFacts): CheckResult[] {
  return [
    result(
      "identity.allow-list",
      over<[{ account: string; arn: string }]>([f.caller], (c) => {
        if (c.account !== f.accountId)
          return problem(`the credentials are account ${c.account} (${c.arn}), the scenario targets ${f.accountId}`);
        if (f.target === "sandbox") return ok(`${c.arn} (sandbox)`);
        if (!f.allowList.accounts.includes(c.account))
          return problem(`account ${c.account} is not in TIP_ALLOWED_ACCOUNTS`);
        if (f.allowList.regions.length && !f.allowList.regions.includes(f.region))
          return problem(`Region ${f.region} is not in TIP_ALLOWED_REGIONS`);
        if (f.allowList.instances.length && (!f.instanceArn || !f.allowList.instances.includes(f.instanceArn)))
          return problem(`instance ${f.instanceArn ?? "(not named)"} is not in TIP_ALLOWED_IDC_INSTANCES`);
        return ok(`${c.arn} in account ${c.account}, Region ${f.region}`);
      }),
    ),
  ];
}

export function applicationChecks(f: DoctorFacts): CheckResult[] {
  type Grants = { type: string; issuers: { arn: string; audiences: string[] }[] }[];
  const jwt = (g: Grants) => g.find((x) => x.type === JWT_BEARER);
  const out = [
    result(
      "application.exists",
      over<[{ instanceArn?: string; status?: string }]>([f.application], (a) => {
        if (a.status && a.status !== "ENABLED") return problem(`${f.applicationArn} is ${a.status}`);
        if (f.instanceArn && a.instanceArn && a.instanceArn !== f.instanceArn)
          return problem(`the application belongs to ${a.instanceArn}, the scenario names ${f.instanceArn}`);
        return ok(`${f.applicationArn} (${a.status ?? "status unknown"})`);
      }),
    ),
    result(
      "application.jwt-bearer",
      over<[Grants]>([f.grants], (g) =>
        jwt(g)
          ? ok("jwt-bearer grant present")
          : problem(`grants: ${g.map((x) => x.type).join(", ") || "none"}; no jwt-bearer`),
      ),
    ),
    result(
      "application.issuer",
      over<[Grants, { arn: string }]>([f.grants, f.issuer], (g, i) =>
        jwt(g)?.issuers.some((x) => x.arn === i.arn)
          ? ok(i.arn)
          : problem(`the jwt-bearer grant does not name ${i.arn}`),
      ),
    ),
    result(
      "application.audience",
      over<[Grants, ...{ audience: string[] }[]]>(
        [f.grants, ...f.personas.map((p) => p.token)] as never,
        (g: Grants, ...tokens: { audience: string[] }[]) => {
          const allowed = jwt(g)?.issuers.flatMap((i) => i.audiences) ?? [];
          const wrong = f.personas.filter((_, i) => !tokens[i].audience.some((a) => allowed.includes(a)));
          return wrong.length
            ? problem(
                `token audience of ${wrong.map((p) => `${p.name} (${tokens[f.personas.indexOf(p)]?.audience.join(",") || "none"})`).join(", ")} not in [${allowed.join(", ")}]`,
              )
            : ok(`authorized audiences [${allowed.join(", ")}]`);
        },
      ),
    ),
    result(
      "application.scopes",
      over<[string[]]>([f.scopes], (s) => {
        const missing = ["sts:identity_context"].filter((x) => !s.includes(x));
        if (f.needs.accessGrants && !s.some((x) => AG_SCOPES.includes(x))) missing.push("s3:access_grants:read_write");
        return missing.length
          ? problem(`missing ${missing.join(", ")} (scopes: ${s.join(", ") || "none"})`)
          : ok(s.join(", "));
      }),
    ),
    result(
      "application.callers",
      over<[string[], { arn: string }]>([f.actors, f.caller], (actors, c) =>
        actors.some((a) => principalMatches({ AWS: a }, c.arn))
          ? ok(`${principalArnOf(c.arn)} may call CreateTokenWithIAM`)
          : problem(`the IAM authentication method allows [${actors.join(", ")}], not ${principalArnOf(c.arn)}`),
      ),
    ),
  ];
  return out;
}

export function issuerChecks(f: DoctorFacts): CheckResult[] {
  return [
    result(
      "issuer.discovery",
      over<[{ issuerUrl: string }, { jwksUri: string; keys: number }]>([f.issuer, f.discovery], (i, d) =>
        d.keys > 0
          ? ok(`${i.issuerUrl}: jwks_uri ${d.jwksUri}, ${d.keys} key(s)`)
          : problem(`${d.jwksUri} has no keys`),
      ),
    ),
  ];
}

function personaChecks(f: DoctorFacts, p: PersonaFacts): CheckResult[] {
  const claim = result(
    "persona.claim",
    over<
      [
        { claimValue?: string },
        string[],
        string | undefined,
        { claimAttributePath: string; identityStoreAttributePath: string },
      ]
    >([p.token, p.claimUsers, p.userId, f.issuer], (t, users, userId, i) => {
      if (t.claimValue === undefined) return problem(`the token has no claim ${i.claimAttributePath}`);
      if (users.length !== 1)
        return problem(
          `${i.claimAttributePath}=${t.claimValue} matches ${users.length} users by ${i.identityStoreAttributePath}`,
        );
      if (userId && users[0] !== userId)
        return problem(
          `${i.claimAttributePath}=${t.claimValue} is user ${users[0]}, the persona's identity is ${userId}`,
        );
      return ok(`${i.claimAttributePath}=${t.claimValue} → ${users[0]}`);
    }),
    p.name,
  );
  const assignment = result(
    "persona.assignment",
    over<[boolean, { principalId: string }[], string | undefined, string[]]>(
      [f.assignmentRequired, f.assignments, p.userId, p.groupIds],
      (required, assignments, userId, groups) => {
        const ids = new Set(assignments.map((a) => a.principalId));
        const assigned = !required || (userId !== undefined && ids.has(userId)) || groups.some((g) => ids.has(g));
        if (p.class !== "denied" && !assigned)
          return problem(
            `${p.name} (class ${p.class}) is not assigned to the application, directly or through a group: sign-in will be refused`,
          );
        return ok(
          assigned
            ? `assigned${required ? "" : " (assignment not required)"}`
            : "not assigned: sign-in is refused, as class denied allows",
        );
      },
    ),
    p.name,
  );
  return [claim, assignment];
}

export function carrierChecks(f: DoctorFacts): CheckResult[] {
  return [
    result(
      "carrier.trust",
      over<[PolicyStatement[], { arn: string }]>([f.carrierTrust, f.caller], (stmts, c) => {
        const need = ["sts:AssumeRole", "sts:SetContext"];
        const missing = need.filter((a) => !trustedActions(stmts, c.arn, [a]).length);
        return missing.length
          ? problem(
              `${f.carrierRoleArn}'s trust policy does not allow ${missing.join(" and ")} for ${principalArnOf(c.arn)}`,
            )
          : ok(`${f.carrierRoleArn} trusts ${principalArnOf(c.arn)}`);
      }),
    ),
  ];
}

export function athenaChecks(f: DoctorFacts): CheckResult[] {
  if (!f.needs.athena || !f.workgroupConfig) return [];
  type Wg = {
    identityCenterEnabled: boolean;
    applicationArn?: string;
    executionRole?: string;
    outputLocation?: string;
    userPrefix: boolean;
  };
  const wg = result(
    "athena.workgroup",
    over<[Wg]>([f.workgroupConfig], (w) => {
      const gaps = [
        !w.identityCenterEnabled && "Identity Center authentication is off",
        w.identityCenterEnabled && !w.applicationArn && "no Identity Center application ARN",
        w.identityCenterEnabled && !w.executionRole && "no execution role",
        !w.outputLocation && "no results location",
      ].filter(Boolean);
      return gaps.length
        ? problem(`workgroup ${f.workgroup}: ${gaps.join("; ")}`)
        : ok(`workgroup ${f.workgroup}: ${w.applicationArn}, ${w.executionRole}, ${w.outputLocation}`);
    }),
  );
  const out = [wg];
  const cfg = f.workgroupConfig;
  if ("value" in cfg && cfg.value.identityCenterEnabled && cfg.value.outputLocation && f.accessGrantsList) {
    const location = cfg.value.outputLocation;
    for (const p of f.personas.filter((x) => x.queries)) {
      out.push(
        result(
          "athena.results-grant",
          over<
            [
              { granteeType: string; granteeId: string; scope: string; permission: string }[],
              string | undefined,
              string[],
            ]
          >([f.accessGrantsList, p.userId, p.groupIds], (grants, userId, groups) => {
            const covering = grants.filter(
              (g) =>
                (g.permission === "READWRITE" || g.permission === "WRITE") &&
                grantCoversLocation(g.scope, location) &&
                ((g.granteeType === "DIRECTORY_USER" && g.granteeId === userId) ||
                  (g.granteeType === "DIRECTORY_GROUP" && groups.includes(g.granteeId))),
            );
            return covering.length
              ? ok(`${covering[0].scope} (${covering[0].permission})`)
              : problem(
                  `no READWRITE Access Grant covers ${location} for ${p.name}: its queries will fail writing results`,
                );
          }),
          p.name,
        ),
      );
    }
  }
  return out;
}

export function instanceBindingChecks(f: DoctorFacts): CheckResult[] {
  const out: CheckResult[] = [];
  const same = (what: string, arn: string | undefined, app: { instanceArn?: string }) =>
    !arn
      ? problem(`${what} is not bound to an Identity Center instance`)
      : app.instanceArn && arn !== app.instanceArn
        ? problem(`${what} is bound to ${arn}, the application to ${app.instanceArn}`)
        : ok(arn);
  if (f.accessGrantsInstance) {
    out.push(
      result(
        "access-grants.instance",
        over<[{ identityCenterInstanceArn?: string }, { instanceArn?: string }]>(
          [f.accessGrantsInstance, f.application],
          (ag, app) => same("the Access Grants instance", ag.identityCenterInstanceArn, app),
        ),
      ),
    );
  }
  if (f.needs.accessGrants && f.accessGrantsList) {
    const carrier = roleOf(f.carrierRoleArn);
    out.push(
      result(
        "access-grants.carrier-iam-grant",
        over<[{ granteeType: string; granteeId: string; scope: string; permission: string }[]]>(
          [f.accessGrantsList],
          (grants) => {
            const toCarrier = grants.filter((g) => g.granteeType === "IAM" && sameRole(roleOf(g.granteeId), carrier));
            return toCarrier.length
              ? problem(
                  `IAM grant(s) to the carrier role ${f.carrierRoleArn}: ${toCarrier.map((g) => `${g.permission} on ${g.scope}`).join(", ")}`,
                )
              : ok(`no IAM grant to ${f.carrierRoleArn}`);
          },
        ),
      ),
    );
  }
  if (f.lakeFormation) {
    out.push(
      result(
        "lake-formation.identity-center",
        over<[{ instanceArn?: string }, { instanceArn?: string }]>([f.lakeFormation, f.application], (lf, app) =>
          same("Lake Formation", lf.instanceArn, app),
        ),
      ),
    );
  }
  return out;
}

export function cloudtrailChecks(f: DoctorFacts): CheckResult[] {
  return f.lookupEvents
    ? [
        result(
          "cloudtrail.lookup",
          over<[true]>([f.lookupEvents], () => ok("LookupEvents answered")),
        ),
      ]
    : [];
}

/** Every check over the facts, in the order the console groups them. */
export function runChecks(f: DoctorFacts): CheckResult[] {
  return [
    ...identityChecks(f),
    ...applicationChecks(f),
    ...issuerChecks(f),
    ...f.personas.flatMap((p) => personaChecks(f, p)),
    ...carrierChecks(f),
    ...athenaChecks(f),
    ...instanceBindingChecks(f),
    ...cloudtrailChecks(f),
  ];
}

/** `run`'s preflight: only the blocking checks, over facts read with `preflightOnly`. */
export function preflightChecks(f: DoctorFacts): CheckResult[] {
  return [...applicationChecks(f), ...carrierChecks(f)].filter((r) => r.blocking);
}

/** Exit code: 0 every check ok, 1 a problem (cannot-tell alone is not a problem, and says so). */
export const doctorExitCode = (results: CheckResult[]) => (results.some((r) => r.status === "problem") ? 1 : 0);
