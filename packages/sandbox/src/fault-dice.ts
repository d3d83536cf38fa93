// Seeded faults that hit the same requests whatever order they arrive in. A single seeded stream
// gives its n-th number to whichever request comes n-th, and concurrent checks, the CloudTrail poller
// and a varying number of Athena polls arrive in a different order every run. Here each decision is a
// hash of the seed, a stable identity of the request (who, which operation, what it asks, with the
// run's random ids, tokens and times removed) and how many times that same request was seen: a retry
// gets the next roll, and the same seed throttles the same checks run after run.
import { createHash } from "node:crypto";

export class FaultDice {
  private readonly seen = new Map<string, number>();
  constructor(private readonly seed: number) {}

  /** A number in [0, 1) for the n-th occurrence of `key`. */
  roll(key: string): number {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return createHash("sha256").update(`${this.seed}\u0000${key}\u0000${n}`).digest().readUInt32BE(0) / 0x1_0000_0000;
  }

  /** A UUID-shaped id that is the same for the n-th `key` in every run with this seed. */
  id(key: string): string {
    const n = (this.seen.get(`id:${key}`) ?? 0) + 1;
    this.seen.set(`id:${key}`, n);
    const h = createHash("sha256").update(`${this.seed}\u0000id\u0000${key}\u0000${n}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const JWT = /eyJ[A-Za-z0-9_-]+\.(eyJ[A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*/g;

/**
 * What a request asks, without what differs from run to run: JWTs become their subject, idempotency
 * and pagination tokens, long opaque strings (context assertions, signatures) and times are dropped.
 * Ids the sandbox itself issues deterministically (query execution ids) stay.
 */
export function stableRequestText(text: string): string {
  return text
    .replace(JWT, (_m, payload: string) => {
      try {
        const c = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
        return `jwt:${c.email ?? c.sub ?? ""}`;
      } catch {
        return "jwt";
      }
    })
    .replace(/"(ClientRequestToken|NextToken|nextToken|StartTime|EndTime)"\s*:\s*("[^"]*"|[\d.]+)/g, '"$1":#')
    .replace(/[A-Za-z0-9+/=_%-]{64,}/g, "#")
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, "#")
    .replace(/\d{3,}/g, "#");
}
