// Which identity policies apply to a credential: the IAM user's, or the role's for role sessions.
// Access Grants credentials are sessions of the location role under a session policy that allows only
// S3 data actions within the vended scope: here they keep the role's Allow statements for s3:* actions
// only (Denies unchanged); the scope itself is enforced by the S3 service (services/s3/authorize.ts).
// Unknown principals get no statements, so every check on them is an implicit deny.
import type { Lineage } from "../auth/credentials.js";
import type { Fixture } from "../fixture/load.js";
import type { PolicyStatement } from "../fixture/schema.js";

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

function s3Only(statements: PolicyStatement[]): PolicyStatement[] {
  return statements.flatMap((s) => {
    if (s.Effect === "Deny") return [s];
    const actions = asList(s.Action).flatMap((a) => (a === "*" ? ["s3:*"] : a.toLowerCase().startsWith("s3:") ? [a] : []));
    return actions.length ? [{ ...s, Action: actions }] : [];
  });
}

export function policiesOf(fixture: Fixture, lineage: Lineage): PolicyStatement[] {
  if (lineage.kind === "iam-user") return fixture.iamUsers.find((u) => u.arn === lineage.principalArn)?.policies ?? [];
  const roleArn = lineage.role?.arn ?? lineage.principalArn;
  const policies = fixture.iamRoles.find((r) => r.arn === roleArn)?.policies ?? [];
  return lineage.kind === "access-grants" ? s3Only(policies) : policies;
}
