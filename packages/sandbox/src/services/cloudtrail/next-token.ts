// LookupEvents NextToken: an HMAC-sealed cursor (the last returned event's position) bound to the
// request parameters, so a token reused with other parameters — or forged — is InvalidNextTokenException.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface Cursor {
  eventTime: number;
  seq: number;
}

export class NextTokenCodec {
  private readonly key = randomBytes(32);

  static paramsHash(params: unknown): string {
    return createHash("sha256").update(JSON.stringify(params)).digest("base64url").slice(0, 22);
  }

  encode(c: Cursor, paramsHash: string): string {
    const body = Buffer.from(JSON.stringify([c.eventTime, c.seq, paramsHash])).toString("base64url");
    return `${body}.${createHmac("sha256", this.key).update(body).digest("base64url")}`;
  }

  /** The cursor, or undefined for a token that is forged, malformed or bound to other parameters. */
  decode(token: string, paramsHash: string): Cursor | undefined {
    const [body, mac] = token.split(".");
    if (!body || !mac) return undefined;
    const expected = createHmac("sha256", this.key).update(body).digest("base64url");
    if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return undefined;
    try {
      const [eventTime, seq, hash] = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as [
        number,
        number,
        string,
      ];
      return hash === paramsHash ? { eventTime, seq } : undefined;
    } catch {
      return undefined;
    }
  }
}
