// AssumeRole: identity policy and trust policy for sts:AssumeRole (and sts:SetContext with
// ProvidedContexts, sts:SetSourceIdentity with SourceIdentity), duration limits (role chaining caps at
// one hour), then the identity context behind the assertion, then temporary credentials whose lineage
// carries all of it.
import type { IdentityContext, IssuedCredentials, Lineage } from "../../auth/credentials.js";
import type { SandboxContext } from "../../context.js";
import type { Fixture } from "../../fixture/load.js";
import { trustAllows } from "../../iam/policy.js";
import type { SandboxRequest } from "../../types.js";
import { findIdentityContext } from "../sso-oidc/identity-contexts.js";
import { callerMayDo, callerPrincipalArns, isRoleSession } from "./principal.js";
import {
  accessDenied,
  CHAINED_DURATION_TEXT,
  contextExpired,
  contextInvalid,
  contextProviderInvalid,
  IDC_CONTEXT_PROVIDER_ARN,
  MAX_SESSION_DURATION_TEXT,
  sourceIdentityChanged,
  validationMessage,
} from "./messages.js";
import type { AssumeRoleInput } from "./validation.js";

type Role = Fixture["iamRoles"][number];

const DEFAULT_DURATION_S = 3600;
const CHAINED_MAX_S = 3600;

export interface AssumeRoleOutcome {
  role: Role;
  lineage: Lineage;
  credentials: IssuedCredentials;
}

export function assumeRole(ctx: SandboxContext, req: SandboxRequest, input: AssumeRoleInput): AssumeRoleOutcome {
  const f = ctx.fixture;
  const caller = req.lineage!;
  const principals = callerPrincipalArns(caller);
  // Both the caller's identity policy and the role's trust policy must allow each action.
  const authorize = (role: Role | undefined, action: string) => {
    const identityOk = callerMayDo(f, caller, action, input.roleArn);
    const trustOk = !!role && principals.some((arn) => trustAllows(role.trustPolicy.Statement, { aws: arn }, action));
    if (!identityOk || !trustOk) throw accessDenied(caller.callerArn, action, input.roleArn);
  };

  // An unknown role is indistinguishable from a refused one (no existence oracle), as on AWS.
  const role = f.iamRoles.find((r) => r.arn === input.roleArn);
  authorize(role, "sts:AssumeRole");
  if (input.providedContexts) authorize(role, "sts:SetContext");
  if (input.sourceIdentity !== undefined) authorize(role, "sts:SetSourceIdentity");
  if (
    input.sourceIdentity !== undefined &&
    caller.sourceIdentity !== undefined &&
    input.sourceIdentity !== caller.sourceIdentity
  ) {
    throw sourceIdentityChanged(caller.callerArn, input.roleArn);
  }

  const chained = isRoleSession(caller);
  const duration = input.durationSeconds ?? DEFAULT_DURATION_S;
  if (chained && duration > CHAINED_MAX_S) throw validationMessage(CHAINED_DURATION_TEXT);
  if (duration > role!.maxSessionDuration) throw validationMessage(MAX_SESSION_DURATION_TEXT);

  const identityContext = input.providedContexts ? resolveContext(ctx, input.providedContexts) : undefined;

  const now = ctx.clock.now();
  const lineage: Lineage = {
    kind: "assumed-role",
    accountId: f.account,
    principalArn: role!.arn,
    principalId: `${role!.roleId}:${input.roleSessionName}`,
    role: { arn: role!.arn, name: role!.name, roleId: role!.roleId, sessionName: input.roleSessionName },
    callerArn: `arn:aws:sts::${f.account}:assumed-role/${role!.name}/${input.roleSessionName}`,
    ...(identityContext ? { identityContext } : {}),
    parentAccessKeyId: req.accessKeyId,
    chained,
    // A source identity, once set, stays with every session chained from it.
    ...((input.sourceIdentity ?? caller.sourceIdentity)
      ? { sourceIdentity: input.sourceIdentity ?? caller.sourceIdentity }
      : {}),
    issuedAt: now,
    expiresAt: now + duration * 1000,
  };
  return { role: role!, lineage, credentials: ctx.credentials.issueTemporary(lineage) };
}

/**
 * The identity context behind ProvidedContexts. It is not inherited through role chaining (a chained
 * session without ProvidedContexts is a plain IAM session) — UNVERIFIED, and the conservative choice.
 */
function resolveContext(
  ctx: SandboxContext,
  contexts: { providerArn: string; contextAssertion: string }[],
): IdentityContext {
  const seen = new Set<string>();
  for (const c of contexts) {
    if (c.providerArn !== IDC_CONTEXT_PROVIDER_ARN || seen.has(c.providerArn))
      throw contextProviderInvalid(c.providerArn);
    seen.add(c.providerArn);
  }
  const ic = findIdentityContext(ctx, contexts[0].contextAssertion);
  if (!ic) throw contextInvalid();
  if (ic.expiresAt <= ctx.clock.now()) throw contextExpired();
  return ic;
}
