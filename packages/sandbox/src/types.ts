// Shapes shared by the sandbox server and every emulated service.
import type { Lineage } from "./auth/credentials.js";
import type { Protocol } from "./protocols/errors.js";

export interface SandboxRequest {
  method: string;
  /** Path exactly as sent, still percent-encoded (SigV4 signs this). */
  rawPath: string;
  /** Decoded path. */
  path: string;
  /** Query parameters, decoded without turning '+' into a space; repeated keys keep every value. */
  query: Record<string, string[]>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  requestId: string;
  /** A stable identity of this request for seeded faults (who, operation, what; see fault-dice.ts). */
  faultKey?: string;
  sourceIp: string;
  userAgent: string;
  /** SigV4 signing name and region from the credential scope ('' for unsigned requests). */
  signingService: string;
  region: string;
  protocol: Protocol;
  /** Set for every signed request that passed verification; absent only on unsigned endpoints. */
  lineage?: Lineage;
  accessKeyId?: string;
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** One emulated service: receives authenticated requests for its signing name. Throws AwsError to deny. */
export type ServiceHandler = (req: SandboxRequest) => Promise<SandboxResponse>;

/** First value of a query parameter. */
export function q(req: SandboxRequest, name: string): string | undefined {
  return req.query[name]?.[0];
}
