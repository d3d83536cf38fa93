// Per-sandbox SSO OIDC state: consumed assertion ids (replay protection), pending authorization codes
// and issued refresh tokens. Owned by one service instance; times are on ctx.clock.
import { randomBytes } from "node:crypto";

export interface PendingAuthCode {
  applicationArn: string;
  redirectUri: string;
  codeChallenge?: string;
  userId: string;
  scopes?: string[];
  authTime: number;
  expiresAt: number;
}

export interface RefreshGrant {
  applicationArn: string;
  userId: string;
  scopes: string[];
  /** TTI ARN when the session began with a jwt-bearer exchange (the idToken's act.sub). */
  actor?: string;
  authTime: number;
  expiresAt: number;
}

/** Opaque, non-JWT token strings in the style of IdC's (facts §1.3). */
export function opaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(72).toString("base64url")}:${randomBytes(24).toString("base64url")}`;
}

export class OidcState {
  /** TTI ARN → jti → the assertion's expiry (ms). */
  private readonly seenJti = new Map<string, Map<string, number>>();
  private readonly codes = new Map<string, PendingAuthCode>();
  private readonly refresh = new Map<string, RefreshGrant>();

  jtiSeen(ttiArn: string, jti: string): boolean {
    return this.seenJti.get(ttiArn)?.has(jti) ?? false;
  }

  /**
   * Marks a jti as exchanged; false when it already was. Synchronous check-and-set, so two concurrent
   * exchanges of one assertion cannot both pass (the earlier jtiSeen check spans awaits).
   */
  claimJti(ttiArn: string, jti: string, expiresAt: number, now: number): boolean {
    let m = this.seenJti.get(ttiArn);
    if (!m) this.seenJti.set(ttiArn, (m = new Map()));
    if (m.has(jti)) return false;
    // An expired assertion is refused on its exp anyway, so forgetting it later keeps memory bounded.
    for (const [k, exp] of m) if (exp < now) m.delete(k);
    m.set(jti, expiresAt);
    return true;
  }

  issueCode(c: PendingAuthCode): string {
    const code = randomBytes(32).toString("base64url");
    this.codes.set(code, c);
    return code;
  }

  /** Single use: removed on the first redemption attempt, successful or not (RFC 6749 §4.1.2). */
  takeCode(code: string): PendingAuthCode | undefined {
    const c = this.codes.get(code);
    this.codes.delete(code);
    return c;
  }

  issueRefresh(g: RefreshGrant): string {
    const token = opaqueToken("aorA");
    this.refresh.set(token, g);
    return token;
  }

  refreshGrant(token: string): RefreshGrant | undefined {
    return this.refresh.get(token);
  }
}
