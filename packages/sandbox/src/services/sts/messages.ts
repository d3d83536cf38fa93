// STS error codes and texts. Where facts give AWS's wording it is used verbatim; the rest are
// UNVERIFIED choices (facts §2.4: no source for invalid/expired ContextAssertion or missing
// sts:SetContext texts), isolated here so a live capture can correct them in one place.
import { AwsError } from "../../protocols/errors.js";

/** AccessDenied for a trust-policy or identity-policy refusal (403). Wording: the usual IAM pattern (facts §9). */
export function accessDenied(callerArn: string, action: string, resourceArn: string): AwsError {
  return new AwsError(
    "AccessDenied",
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn}`,
    { status: 403 },
  );
}

/** "1 validation error detected: …" in the style of AWS's query services. */
export function validationError(problems: string[]): AwsError {
  const n = problems.length;
  return new AwsError(
    "ValidationError",
    `${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`,
    { status: 400 },
  );
}

/** A ValidationError whose whole message is AWS's own sentence (not a constraint list). */
export function validationMessage(text: string): AwsError {
  return new AwsError("ValidationError", text, { status: 400 });
}

/** AWS text (BC:sts AssumeRole doc; brief). */
export const CHAINED_DURATION_TEXT =
  "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";
export const MAX_SESSION_DURATION_TEXT =
  "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";

/** The only context provider STS knows for TIP (facts §2.1). */
export const IDC_CONTEXT_PROVIDER_ARN = "arn:aws:iam::aws:contextProvider/IdentityCenter";

/**
 * UNVERIFIED: a ContextAssertion the sandbox never issued (forged, altered, or from another sandbox).
 * InvalidParameterValue (400) because the assertion is a request parameter STS cannot decrypt/verify —
 * STS's usual code for a well-formed but unacceptable parameter value.
 */
export function contextInvalid(): AwsError {
  return new AwsError("InvalidParameterValue", "The provided context assertion is invalid.", { status: 400 });
}

/**
 * UNVERIFIED: an issued ContextAssertion whose identity context has expired (3600 s after
 * CreateTokenWithIAM). ExpiredTokenException (400) because it is one of only four errors modelled for
 * AssumeRole and AssumeRole itself takes no other token that could expire.
 */
export function contextExpired(): AwsError {
  return new AwsError("ExpiredTokenException", "The provided context assertion has expired.", { status: 400 });
}

/** UNVERIFIED: a ProviderArn other than Identity Center's, or the same provider twice. */
export function contextProviderInvalid(providerArn: string): AwsError {
  return new AwsError("InvalidParameterValue", `The context provider ${providerArn} is not supported.`, {
    status: 400,
  });
}

/** UNVERIFIED: SourceIdentity differing from the one the calling session already carries. */
export function sourceIdentityChanged(callerArn: string, roleArn: string): AwsError {
  return accessDenied(callerArn, "sts:SetSourceIdentity", roleArn);
}

/** The sandbox refuses parameters it cannot enforce (session policies, tags, MFA) rather than ignore them. */
export function notEmulated(what: string): AwsError {
  return new AwsError(
    "InvalidParameterValue",
    `The sandbox does not emulate ${what}; refusing rather than ignoring it.`,
    { status: 400 },
  );
}

/** AWS text for an unknown query action. */
export function unknownAction(action: string): AwsError {
  return new AwsError("InvalidAction", `Could not find operation ${action} for version 2011-06-15`, { status: 400 });
}

export function actionNotEmulated(action: string): AwsError {
  return new AwsError("InvalidAction", `The sandbox does not emulate STS ${action}.`, { status: 400 });
}
