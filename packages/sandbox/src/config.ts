// What a caller checks before it starts a sandbox, without loading the sandbox itself (DuckDB's native
// binding, the services): fixtures (a broken one is answered at once, with every problem), the fault
// profile's schema and the default port. `@tip-proof/sandbox/config`.
export { DEFAULT_SANDBOX_PORT } from "./defaults.js";
export { BUNDLED_FIXTURES, resolveFixture } from "./fixture/bundled.js";
export { FixtureError, FixtureValidationError, loadFixture, type Fixture } from "./fixture/load.js";
export { formatFixtureDiagnostic, FIXTURE_CODES, type FixtureDiagnostic } from "./fixture/diagnostics.js";
export { faultProfileSchema, type FaultProfile, type FaultProfileInput } from "./faults.js";
