// Turns whatever an AWS call threw into the one Outcome shape. The rule: only codes that mean "an
// authorization decision said no" become denials; credentials problems, typos, throttling, network
// and server faults are errors. When in doubt, error: a false denial makes a negative test pass.
import { errored, denied, type DeniedOutcome, type ErrorOutcome, type Layer } from "../../model/outcome.js";

/** Codes that are authorization denials at each layer (and nothing else is). */
const DENIAL_CODES: Record<Layer, readonly string[]> = {
  // IdC refuses the exchange for this user (not assigned): contrasted by the runner. InvalidGrantException
  // is NOT here: it also means a wrong issuer or audience, an expired or replayed JWT, or no matching
  // user, which a misconfigured persona would turn into a passing "denial".
  signin: ["AccessDeniedException"],
  sts: ["AccessDenied"],
  athena: ["AccessDeniedException"],
  lakeformation: ["AccessDeniedException"],
  accessgrants: ["AccessDenied"],
  s3: ["AccessDenied"],
};

const THROTTLING = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "SlowDown", "RequestLimitExceeded", "RequestThrottled", "ProvisionedThroughputExceededException", "SlowDownException"]);
/** The caller's own credentials are wrong: a configuration error, never a verdict about a persona. */
const CREDENTIAL_PROBLEMS = new Set(["InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "MissingAuthenticationToken", "MissingAuthenticationTokenException", "RequestTimeTooSkewed"]);
const NOT_FOUND = new Set(["NoSuchKey", "NoSuchBucket", "ResourceNotFoundException", "NotFound", "NoSuchEntity"]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);

interface SdkLikeError { name?: string; code?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; error_description?: string }

export function errorCode(e: unknown): string {
  const x = e as SdkLikeError;
  return x?.name && x.name !== "Error" ? x.name : x?.code ?? "Error";
}

export function isTransient(e: unknown): boolean {
  const x = e as SdkLikeError;
  const code = errorCode(e);
  const status = x?.$metadata?.httpStatusCode ?? 0;
  return THROTTLING.has(code) || status === 429 || status >= 500 || x?.$fault === "server" || NETWORK.has(code) || NETWORK.has(x?.code ?? "");
}

export function classifyError(e: unknown, layer: Layer): DeniedOutcome | ErrorOutcome {
  const x = e as SdkLikeError;
  const code = errorCode(e);
  const status = x?.$metadata?.httpStatusCode;
  const message = safeMessage(x);
  if (DENIAL_CODES[layer].includes(code)) return denied(layer, code, message);
  if (layer === "signin" && code === "InvalidGrantException") return errored("ambiguous-denial", `Identity Center refused the token (InvalidGrantException): the user may be unknown, or the token's issuer, audience, expiry or jti may be wrong; not a proven denial. ${message}`, code);
  if (THROTTLING.has(code) || status === 429) return errored("throttled", `still throttled after retries: ${message}`, code);
  if (CREDENTIAL_PROBLEMS.has(code)) return errored("invalid-request", `the harness's AWS credentials were refused (${code}); check the base credentials and clock: ${message}`, code);
  if (NOT_FOUND.has(code) || status === 404) return errored("not-found", message, code);
  if ((status ?? 0) >= 500 || x?.$fault === "server") return errored("server", message, code);
  if (NETWORK.has(code) || NETWORK.has(x?.code ?? "") || /fetch failed|socket hang up|ECONNREFUSED/.test(message)) return errored("network", message, code);
  if (status !== undefined) return errored("invalid-request", message, code);
  return errored("harness", `unexpected failure (please report): ${message}`, code);
}

/** OIDC errors carry no message ("UnknownError"); error_description is the useful text. */
function safeMessage(x: SdkLikeError | undefined): string {
  const m = x?.message && x.message !== "UnknownError" ? x.message : x?.error_description ?? x?.message ?? String(x);
  return m.length > 500 ? `${m.slice(0, 500)}…` : m;
}

export function requestIdOf(e: unknown): string | undefined {
  return (e as SdkLikeError)?.$metadata?.requestId;
}
