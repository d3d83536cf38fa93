// Internals for tests that look inside a running sandbox or build its inputs by hand:
// `@tip-proof/sandbox/testing`. Not a stable API: it follows the sandbox's internals.
export {
  CredentialStore,
  type AccessGrantsScope,
  type IdentityContext,
  type IssuedCredentials,
  type Lineage,
} from "./auth/credentials.js";
export { Trail, type TrailEvent, type TrailRecordInput } from "./audit/trail.js";
export { systemClock, type Clock } from "./clock.js";
export { seededRandom, type FaultProfile } from "./faults.js";
export { fixtureFile } from "./fixture/load.js";
export {
  groupByName,
  identityStoreArn,
  userById,
  userByName,
  type DirectoryGroup,
  type DirectoryUser,
} from "./fixture/directory.js";
export { fixtureJsonSchema } from "./fixture/json-schema.js";
export { validateFixtureObject, validateFixtureText } from "./fixture/validate.js";
