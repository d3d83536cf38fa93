// The TIP chain per persona: IdP JWT → SSO OIDC CreateTokenWithIAM (jwt-bearer) → STS AssumeRole with
// ProvidedContexts → an identity-enhanced session. Credentials stay in memory and are renewed before
// they expire (role chaining caps sessions at one hour; the identity context lives an hour too).
import { CreateTokenWithIAMCommand } from "@aws-sdk/client-sso-oidc";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { allowed, errored, type Correlation, type ErrorOutcome, type RefusedOutcome } from "../../model/outcome.js";
import type { PersonaSession, SessionProvider } from "../../core/ports.js";
import type { ValidScenario } from "../../scenario/parse.js";
import { createTokenSource, TokenSourceError, type TokenSource } from "../identity/token-source.js";
import { observeError, requestIdOf, safeErrorText, SessionRenewalError } from "./classify.js";
import type { Clients } from "./clients.js";
import { JWT_BEARER, PresentedUserResolver } from "./presented-user.js";
import { withRetry, type RetryBudget } from "./retry.js";

export const IDENTITY_CENTER_CONTEXT_PROVIDER = "arn:aws:iam::aws:contextProvider/IdentityCenter";
/** Renew this long before expiry, so no check starts with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * One role session name for all of a run's persona sessions: CloudTrail's `Username` for their records,
 * so one LookupEvents listing by it reads the run's own records and nothing of the account's traffic
 * (core/evidence.ts lookupPlan), and a reader finds the whole run in Event history by one user name.
 * Which person a record is for is `onBehalfOf`, not the session name.
 */
export function roleSessionName(runId: string): string {
  // The whole run id (its time to the second and 16 random bits): runs, and shards, started in the same
  // second still differ, and a search over Event history's 90 days finds this run only.
  return `tip-${runId}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/**
 * Reads a JWT's claims without verifying: IdC signed its idToken and we only need `sub` (AWS's own
 * plugin does the same); an IdP token's, only to find whom a refused sign-in was for.
 */
export function idTokenClaims(idToken: string | undefined): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from((idToken ?? "").split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return {};
  }
}

interface ChainResult {
  credentials: AwsCredentialIdentity;
  userId: string;
  accessKeyId: string;
  oidcRequestId?: string;
}

export class TipSessionProvider implements SessionProvider {
  private readonly presented: PresentedUserResolver;
  constructor(
    private readonly clients: Clients,
    private readonly runId: string,
    private readonly retry: RetryBudget,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly now: () => number = Date.now,
  ) {
    this.presented = new PresentedUserResolver(clients, now);
  }

  async open(s: ValidScenario, persona: string, signal: AbortSignal): Promise<PersonaSession> {
    const source = createTokenSource(s.tokens[persona], this.env);
    const sessionName = roleSessionName(this.runId);
    const base: PersonaSession = { persona, scenario: s.name, signIn: allowed(), roleSessionName: sessionName };
    const startedAt = Date.now();
    // The sign-in's records (CreateTokenWithIAM, AssumeRole) are the base principal's calls: looked up by its key.
    const baseKey = await this.baseAccessKeyId();
    const corr = (requestId?: string): Correlation => ({
      requestId,
      startedAt,
      finishedAt: Date.now(),
      roleSessionName: sessionName,
      ...(baseKey ? { accessKeyId: baseKey } : {}),
    });
    let current: ChainResult;
    try {
      current = await this.chain(s, source, sessionName, signal);
    } catch (e) {
      if (e instanceof ChainError)
        return {
          ...base,
          signIn: e.outcome,
          signInCorrelation: corr(e.requestId),
          signInApiRefused: e.apiRefused,
          ...(e.userId ? { userId: e.userId } : {}),
        };
      return {
        ...base,
        signIn: errored("harness", `sign-in failed unexpectedly: ${safeErrorText(e)}`),
        signInCorrelation: corr(),
      };
    }
    const firstUser = current.userId;
    // A provider the SDK calls per request: renews the whole chain shortly before expiry.
    let renewing: Promise<ChainResult> | undefined;
    const provider = async (): Promise<AwsCredentialIdentity> => {
      const exp = current.credentials.expiration?.getTime() ?? Infinity;
      if (exp - this.now() > RENEW_BEFORE_MS) return current.credentials;
      renewing ??= this.chain(s, source, sessionName, signal).finally(() => {
        renewing = undefined;
      });
      let renewed: ChainResult;
      try {
        renewed = await renewing;
      } catch (e) {
        if (!(e instanceof ChainError)) throw e;
        const o = e.outcome;
        throw new SessionRenewalError(
          o.kind === "error"
            ? o
            : errored(
                "invalid-request",
                `${persona}'s session could not be renewed: ${o.facts.api} refused it (${o.facts.serviceCode}), so the checks after the renewal ran as nobody`,
                o.facts.serviceCode,
              ),
        );
      }
      // The checks after a renewal must run as the same user: a token source that answers for someone
      // else the second time would otherwise be judged as this persona (review s23 L1).
      if (renewed.userId !== firstUser)
        throw new SessionRenewalError(
          errored(
            "invalid-request",
            `${persona}'s renewed session signed in Identity Center user ${renewed.userId ?? "(unknown)"}, not ${firstUser ?? "(unknown)"} as at the start of the run: fix the persona's token source`,
            "IDENTITY_MISMATCH",
          ),
        );
      current = renewed;
      return current.credentials;
    };
    return {
      ...base,
      userId: current.userId,
      accessKeyId: current.accessKeyId,
      credentials: provider,
      signInCorrelation: corr(current.oidcRequestId),
    };
  }

  private baseKey?: Promise<string | undefined>;
  /** The base principal's access key id, once (undefined when its credentials cannot be read). */
  private baseAccessKeyId(): Promise<string | undefined> {
    this.baseKey ??= (async () => {
      const sts = this.clients.sts();
      try {
        return (await sts.config.credentials()).accessKeyId;
      } catch {
        return undefined;
      } finally {
        sts.destroy();
      }
    })();
    return this.baseKey;
  }

  private async chain(
    s: ValidScenario,
    source: TokenSource,
    sessionName: string,
    signal: AbortSignal,
  ): Promise<ChainResult> {
    let jwt: string;
    try {
      jwt = await source.getToken(signal);
    } catch (e) {
      const te = e as TokenSourceError;
      if (signal.aborted) throw new ChainError(errored("cancelled", "the run was interrupted during sign-in"), false);
      // An IdP that refuses the user's password is reported as an error: the harness cannot tell a
      // wrong test password from a policy decision, and IdC never saw the user.
      throw new ChainError(errored("invalid-request", `IdP token: ${te.message}`), false);
    }
    const oidc = this.clients.oidc();
    let token;
    try {
      token = await withRetry(
        () =>
          oidc.send(
            new CreateTokenWithIAMCommand({
              clientId: s.target.identityCenter.applicationArn,
              grantType: JWT_BEARER,
              assertion: jwt,
            }),
            { abortSignal: signal },
          ),
        this.retry,
        signal,
      );
    } catch (e) {
      const o = observeError(e, "sign-in", "CreateTokenWithIAM");
      // The refusal names no user: find whom the presented token was for (the judge needs the persona's).
      if (o.kind === "refused" && !signal.aborted)
        o.facts.presented = await this.presented.resolve(s, idTokenClaims(jwt), signal);
      throw new ChainError(o, true, requestIdOf(e));
    } finally {
      oidc.destroy();
    }
    const context =
      token.awsAdditionalDetails?.identityContext ??
      (idTokenClaims(token.idToken)["sts:identity_context"] as string | undefined);
    const userId = String(idTokenClaims(token.idToken).sub ?? "");
    if (!context || !userId)
      throw new ChainError(
        errored(
          "server",
          "CreateTokenWithIAM returned no identity context; is sts:identity_context among the application's scopes?",
        ),
        false,
        token.$metadata.requestId,
      );
    const sts = this.clients.sts();
    try {
      const r = await withRetry(
        () =>
          sts.send(
            new AssumeRoleCommand({
              RoleArn: s.target.carrierRoleArn,
              RoleSessionName: sessionName,
              DurationSeconds: s.target.sessionDurationSeconds,
              ProvidedContexts: [{ ProviderArn: IDENTITY_CENTER_CONTEXT_PROVIDER, ContextAssertion: context }],
            }),
            { abortSignal: signal },
          ),
        this.retry,
        signal,
      );
      const c = r.Credentials!;
      return {
        userId,
        oidcRequestId: token.$metadata.requestId,
        accessKeyId: c.AccessKeyId!,
        credentials: {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken,
          expiration: c.Expiration,
        },
      };
    } catch (e) {
      if (e instanceof ChainError) throw e;
      throw new ChainError(observeError(e, "assume-role", "AssumeRole"), true, requestIdOf(e), userId);
    } finally {
      sts.destroy();
    }
  }
}

class ChainError extends Error {
  constructor(
    readonly outcome: RefusedOutcome | ErrorOutcome,
    readonly apiRefused: boolean,
    readonly requestId?: string,
    readonly userId?: string,
  ) {
    super(outcome.kind === "refused" ? outcome.facts.message : outcome.message);
  }
}
