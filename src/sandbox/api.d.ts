// Types of api.js: the same exports as the TypeScript entry.
export { startSandbox, sandboxEnv, loadFixture, BUNDLED_FIXTURES, DEFAULT_SANDBOX_PORT, readableColumns, grantedTargets, FixtureError, FixtureValidationError } from "./index.js";
export type { Sandbox, SandboxOptions, SandboxIdentifiers, Fixture, FaultProfileInput } from "./index.js";
