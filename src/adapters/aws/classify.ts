// Turns whatever an AWS call threw into facts. The adapters decide nothing here: an answer from AWS
// becomes a `refused` outcome with its stage, API, status and code (core/judge decides what it means);
// no answer at all (network, timeout, interruption) becomes an error of that kind.
import type { Stage } from "../../model/facts.js";
import { errored, refused, type ErrorOutcome, type RefusedOutcome } from "../../model/outcome.js";
// One list of throttling codes: the judge's (retries and verdicts must agree on what throttling is).
import { THROTTLING } from "../../core/judge/codes.js";

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const TIMEOUT = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNABORTED",
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  error_description?: string;
  reason?: unknown;
}

export function errorCode(e: unknown): string {
  const x = e as SdkLikeError;
  return x?.name && x.name !== "Error" ? x.name : (x?.code ?? "Error");
}

/** Worth another try: throttling, 5xx, network and timeouts. A refusal never is. */
export function isTransient(e: unknown): boolean {
  const x = e as SdkLikeError;
  const code = errorCode(e);
  const status = x?.$metadata?.httpStatusCode ?? 0;
  return (
    THROTTLING.has(code) ||
    status === 429 ||
    status >= 500 ||
    x?.$fault === "server" ||
    NETWORK.has(code) ||
    NETWORK.has(x?.code ?? "") ||
    TIMEOUT.has(code) ||
    TIMEOUT.has(x?.code ?? "")
  );
}

/** The facts of a failed call, or the error kind when AWS never answered. */
/**
 * A persona's session could not be renewed as that persona: its own outcome, thrown through the SDK's
 * credential provider into whichever call needed the new credentials.
 */
export class SessionRenewalError extends Error {
  constructor(readonly outcome: ErrorOutcome) {
    super(outcome.message);
  }
}

export function observeError(e: unknown, stage: Stage, api: string): RefusedOutcome | ErrorOutcome {
  if (e instanceof SessionRenewalError) return e.outcome;
  const x = e as SdkLikeError;
  const code = errorCode(e);
  const status = x?.$metadata?.httpStatusCode;
  const message = safeMessage(x);
  if (code === "AbortError" || x?.name === "AbortError")
    return errored("cancelled", `${api}: the run was interrupted`, code);
  // A body the SDK could not parse: the parser's message quotes the body around the fault (V8 shows
  // ten characters either side), which may be a cell of query results (review s24b 4). Nobody decided.
  if (unparseable(x))
    return errored(
      "server",
      `${api}: the answer${status !== undefined ? ` (HTTP ${status})` : ""} could not be parsed as the service's format; a proxy or a damaged response is the likely cause`,
      "UNPARSEABLE_RESPONSE",
    );
  if (TIMEOUT.has(code) || TIMEOUT.has(x?.code ?? ""))
    return errored("timeout", `${api}: no answer within the request timeout (${message})`, code);
  if (
    status === undefined &&
    (NETWORK.has(code) || NETWORK.has(x?.code ?? "") || /fetch failed|socket hang up|ECONNREFUSED/.test(message))
  )
    return errored("network", `${api}: ${message}`, code);
  if (status === undefined && x?.$fault === undefined)
    return errored("harness", `${api}: unexpected failure (please report): ${message}`, code);
  // A reason names one cause among those the code covers; it is an AWS enum, never a value of data.
  const reason = typeof x?.reason === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(x.reason) ? x.reason : undefined;
  return refused({
    stage,
    api,
    ...(status !== undefined ? { httpStatus: status } : {}),
    serviceCode: code,
    ...(reason ? { reason } : {}),
    message,
  });
}

/**
 * A body the SDK could not parse. The smithy deserializer appends "Deserialization error: …" to the
 * parser's own message, so the phrase may stand anywhere (review s24c 4).
 */
function unparseable(x: SdkLikeError | undefined): boolean {
  return x?.name === "SyntaxError" || /Deserialization error/.test(x?.message ?? "");
}

/**
 * An error's text as any report or console line may carry it: no parser excerpt of a body (it may
 * quote a value) and no token; for the error paths outside observeError (directory reads, LookupEvents,
 * doctor's reads).
 */
export function safeErrorText(e: unknown): string {
  const x = e as SdkLikeError;
  return unparseable(x) ? "the answer could not be parsed (a proxy or a damaged response)" : safeMessage(x);
}

/** OIDC errors carry no message ("UnknownError"); error_description is the useful text. */
function safeMessage(x: SdkLikeError | undefined): string {
  const raw =
    x?.message && x.message !== "UnknownError" ? x.message : (x?.error_description ?? x?.message ?? String(x));
  // Defence in depth: a service text that quotes a token (an assertion, an access token) keeps its
  // place, not the token (review s24a F4).
  const m = raw.replace(/eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g, "[a token]");
  return m.length > 500 ? `${m.slice(0, 500)}…` : m;
}

export function requestIdOf(e: unknown): string | undefined {
  return (e as SdkLikeError)?.$metadata?.requestId;
}
