// Account facts → a review-ready scenario (init --from-account): `tables:` from the catalog, a persona per
// group (its first member; the token source to be filled in), today's access as the baseline (per persona
// × table: the columns it reads and those it must not; per Access Grants scope: who is granted it), and
// the directory assertions (exact members, exact assignments). Pure and deterministic: the same account
// gives the same text, so `init --update` can show a diff.
import { stringify } from "yaml";
import { readableColumns } from "./access.js";
import type { AccountFacts, DirectoryUser } from "./facts.js";

const groupArn = (id: string) => `arn:aws:identitystore:::group/${id}`;
const userArn = (id: string) => `arn:aws:identitystore:::user/${id}`;
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 64) || "x";
const envName = (userName: string) => `TIP_IDP_PASSWORD_${userName.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;

interface Persona {
  name: string;
  user: DirectoryUser;
  groups: string[];
  principals: Set<string>;
}

function personasOf(f: AccountFacts): Persona[] {
  const byName = new Map(f.users.map((u) => [u.userName, u]));
  const groupsOf = (u: DirectoryUser) => f.groups.filter((g) => g.members.includes(u.userName));
  const chosen = new Map<string, DirectoryUser>();
  for (const g of [...f.groups].sort((a, b) => a.name.localeCompare(b.name))) {
    const first = [...g.members]
      .sort()
      .map((m) => byName.get(m))
      .find((u) => u && !chosen.has(u.userName));
    if (first) chosen.set(first.userName, first);
  }
  // Users assigned directly and in no group: their access is part of today's baseline too.
  for (const name of f.assignments.users) {
    const u = byName.get(name);
    if (u && !groupsOf(u).length) chosen.set(u.userName, u);
  }
  return [...chosen.values()].map((u) => ({
    name: slug(u.userName),
    user: u,
    groups: groupsOf(u)
      .map((g) => g.name)
      .sort(),
    principals: new Set([userArn(u.id), ...groupsOf(u).map((g) => groupArn(g.id))]),
  }));
}

const covers = (scope: string, target: string) => target.startsWith(scope.replace(/\*$/, ""));

/** The scenario document for these facts, as YAML text with a review header. */
export function scaffoldScenario(f: AccountFacts, o: { name: string }): string {
  const personas = personasOf(f);
  const checks: unknown[] = [];
  const group = <T>(entries: [string, T][]) => {
    const out = new Map<string, { personas: string[]; value: T }>();
    for (const [p, v] of entries) {
      const k = JSON.stringify(v);
      const e = out.get(k) ?? { personas: [], value: v };
      e.personas.push(p);
      out.set(k, e);
    }
    return [...out.values()].map((e) => ({ personas: e.personas, ...(e.value as object) }));
  };
  const seen = new Map<string, number>();
  for (const t of f.tables) {
    const all = t.columns.map((c) => c.name);
    seen.set(t.name, 0);
    checks.push({
      id: `select-${slug(t.name)}`,
      description: `Today's access to ${f.database}.${t.name} (baseline read from Lake Formation).`,
      athena: { table: t.name, columns: "*" },
      expect: group<object>(
        personas.map((p): [string, object] => {
          const cols = readableColumns(f, p.principals, t);
          seen.set(t.name, Math.max(seen.get(t.name)!, cols.length));
          if (!cols.length) return [p.name, { denied: { layer: "lakeformation" } }];
          if (cols.length === all.length) return [p.name, { allowed: { columns: { visible: "all" } } }];
          return [p.name, { allowed: { columns: { visible: cols, hidden: all.filter((c) => !cols.includes(c)) } } }];
        }),
      ),
    });
  }
  const scopes = [
    ...new Set(f.accessGrants.filter((g) => g.hasObjects && g.permission !== "WRITE").map((g) => g.scope)),
  ].sort();
  scopes.forEach((target, i) => {
    checks.push({
      id: `access-grant-${i + 1}`,
      description: `Who may read ${target} through S3 Access Grants today.`,
      accessGrants: { target, permission: "READ" },
      expect: group<object>(
        personas.map((p): [string, object] => {
          const mine = f.accessGrants.filter(
            (g) =>
              g.permission !== "WRITE" &&
              covers(g.scope, target) &&
              p.principals.has(
                g.grantee.type === "group"
                  ? groupArn(g.grantee.id)
                  : g.grantee.type === "user"
                    ? userArn(g.grantee.id)
                    : g.grantee.id,
              ),
          );
          const best = mine.sort((a, b) => b.scope.length - a.scope.length)[0];
          return [p.name, best ? { allowed: { scope: best.scope } } : { denied: { layer: "accessgrants" } }];
        }),
      ),
    });
  });
  const classOf = (p: Persona) => {
    const counts = f.tables.map((t) => [readableColumns(f, p.principals, t).length, t.columns.length]);
    if (counts.length && counts.every(([r, n]) => r === n)) return "allowed";
    if (counts.every(([r]) => r === 0)) return "denied";
    return "partial";
  };
  const doc = {
    version: 1,
    name: o.name,
    description: `Scaffolded from the account by tip-proof init --from-account: today's access is the baseline. Review every expectation before trusting it.`,
    target: {
      region: "${AWS_REGION}",
      accountId: "${TIP_ACCOUNT_ID}",
      identityCenter: {
        applicationArn: "${TIP_APPLICATION_ARN}",
        instanceArn: "${TIP_IDC_INSTANCE_ARN:-}",
        identityStoreId: "${TIP_IDENTITY_STORE_ID}",
      },
      carrierRoleArn: "${TIP_CARRIER_ROLE_ARN}",
      athena: { workgroup: "${TIP_ATHENA_WORKGROUP}", database: f.database },
      accessGrants: { accountId: "${TIP_ACCOUNT_ID}" },
    },
    tables: Object.fromEntries(f.tables.map((t) => [t.name, { columns: t.columns.map((c) => c.name) }])),
    tokenSources: {
      "workforce-idp": { type: "oidc-password", tokenUrl: "${TIP_IDP_TOKEN_URL}", clientId: "${TIP_IDP_CLIENT_ID}" },
    },
    personas: Object.fromEntries(
      personas.map((p) => [
        p.name,
        {
          identity: { userName: p.user.userName },
          groups: p.groups,
          class: classOf(p),
          token: {
            use: "workforce-idp",
            username: p.user.email ?? p.user.userName,
            password: `\${${envName(p.user.userName)}}`,
          },
        },
      ]),
    ),
    checks,
    directory: {
      groups: Object.fromEntries(
        [...f.groups]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((g) => [g.name, { exactly: [...g.members].sort() }]),
      ),
      assignments: { exactly: { groups: [...f.assignments.groups].sort(), users: [...f.assignments.users].sort() } },
    },
  };
  const header = [
    "# yaml-language-server: $schema=../schemas/scenario.schema.json",
    "#",
    "# Written by `tip-proof init --from-account`. Today's access is the baseline: review each expectation",
    "# (is it what policy intends?), then fill in each persona's token source (its password variable, or",
    "# another token source type). `tip-proof init --update` shows what changed in the account since.",
    "",
  ].join("\n");
  return header + stringify(doc, { lineWidth: 140, flowCollectionPadding: false });
}
