// Per-sandbox IdP state: single-use authorization codes and refresh tokens, with times on ctx.clock.
import { randomBytes } from "node:crypto";

/** Codes live 5 minutes (the brief; RFC 6749 §4.1.2 recommends at most 10). */
export const CODE_TTL_MS = 5 * 60 * 1000;
/** IdP refresh tokens live 30 days on the sandbox clock (a typical IdP default; nothing AWS-defined). */
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;

export interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  username: string;
  nonce?: string;
  authTime: number;
  expiresAt: number;
}

export interface RefreshGrant {
  username: string;
  authTime: number;
  expiresAt: number;
}

export class IdpState {
  private readonly codes = new Map<string, PendingCode>();
  private readonly refresh = new Map<string, RefreshGrant>();

  issueCode(c: PendingCode): string {
    const code = randomBytes(32).toString("base64url");
    this.codes.set(code, c);
    return code;
  }

  /** Removes the code whatever happens next: a code is redeemable once (RFC 6749 §4.1.2). */
  takeCode(code: string): PendingCode | undefined {
    const c = this.codes.get(code);
    this.codes.delete(code);
    return c;
  }

  issueRefresh(g: RefreshGrant): string {
    const token = randomBytes(48).toString("base64url");
    this.refresh.set(token, g);
    return token;
  }

  refreshGrant(token: string): RefreshGrant | undefined {
    return this.refresh.get(token);
  }
}
