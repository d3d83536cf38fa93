// The sandbox's programmatic API for plain Node scripts (no TypeScript toolchain, no build step):
//   import { startSandbox } from "tip-proof/src/sandbox/api.js";
//   const sb = await startSandbox({ fixture: "bank" });   // port 0 = a free port
//   sb.endpoint, sb.identifiers.region, sb.baseCredentials, sb.env(); … await sb.stop();
// tsx loads the TypeScript sources in its own namespace, so the host process's loaders are untouched.
// TypeScript users (vitest included) can import ./index.ts directly; the types are the same (api.d.ts).
import { register } from "tsx/esm/api";

const api = register({ namespace: "tip-proof-sandbox" });
const sandbox = await api.import("./index.ts", import.meta.url);

export const { startSandbox, sandboxEnv, loadFixture, BUNDLED_FIXTURES, DEFAULT_SANDBOX_PORT, readableColumns, grantedTargets, FixtureError, FixtureValidationError } = sandbox;
