// Everything an emulated service may use. Services keep their own state in their closures.
import type { CredentialStore } from "./auth/credentials.js";
import type { Trail } from "./audit/trail.js";
import type { Clock } from "./clock.js";
import type { FaultDice } from "./fault-dice.js";
import type { FaultProfile } from "./faults.js";
import type { Fixture } from "./fixture/load.js";
import type { ObjectStore } from "./s3store.js";
import type { SandboxRequest, SandboxResponse } from "./types.js";

export interface SandboxContext {
  fixture: Fixture;
  clock: Clock;
  credentials: CredentialStore;
  trail: Trail;
  objects: ObjectStore;
  faults: FaultProfile;
  /** Base URL such as http://127.0.0.1:4566 (set once the server listens). */
  endpoint: string;
  /** The sandbox IdP's issuer URL (`${endpoint}/idp`); what the fixture's `issuerUrl: sandbox` means. */
  idpIssuer: string;
  /** Seeded randomness for faults. */
  random: () => number;
  /** Seeded fault decisions keyed on a stable identity of each request (see fault-dice.ts). */
  dice: FaultDice;
}

export interface EmulatedService {
  /** Signing names (credential scope service) this service answers for. `s3control` is routed by path. */
  signingNames: string[];
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  /** Unsigned endpoints (IdP pages, OIDC unsigned operations). Return undefined when not yours. */
  unsigned?(req: SandboxRequest): Promise<SandboxResponse | undefined>;
  /** Releases resources (e.g. Athena's DuckDB engines) when the sandbox stops. */
  close?(): Promise<void>;
}

export type ServiceFactory = (ctx: SandboxContext) => EmulatedService;
