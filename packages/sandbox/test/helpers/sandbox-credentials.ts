import type { IssuedCredentials } from "../../src/auth/credentials.js";
import type { Sandbox } from "../../src/index.js";

/**
 * Identity-enhanced credentials of the fixture's carrier role for an Identity Center user, issued
 * straight into the sandbox's credential store: service tests need them without going through the
 * IdP → CreateTokenWithIAM → AssumeRole chain (which has its own tests).
 */
export function carrierSession(sb: Sandbox, userName: string, sessionName = `test-${userName}`): IssuedCredentials {
  const f = sb.fixture;
  const user = f.identityCenter.users.find((u) => u.userName === userName);
  if (!user) throw new Error(`no Identity Center user ${userName} in fixture ${f.name}`);
  const role = f.iamRoles.find((r) => r.arn === f.exports.carrierRoleArn)!;
  const now = sb.clock.now();
  return sb.credentials.issueTemporary({
    kind: "assumed-role",
    accountId: f.account,
    principalArn: role.arn,
    callerArn: `arn:aws:sts::${f.account}:assumed-role/${role.name}/${sessionName}`,
    principalId: `${role.roleId}:${sessionName}`,
    role: { arn: role.arn, name: role.name, roleId: role.roleId, sessionName },
    identityContext: {
      userId: user.userId,
      identityStoreId: f.identityCenter.identityStoreId,
      identityStoreArn: `arn:aws:identitystore::${f.account}:identitystore/${f.identityCenter.identityStoreId}`,
      instanceArn: sb.identifiers.instanceArn,
      applicationArn: sb.identifiers.applicationArn,
      credentialId: "x",
      expiresAt: now + 3600e3,
    },
    chained: false,
    issuedAt: now,
    expiresAt: now + 3600e3,
  });
}
