// The registry of identity contexts issued by CreateTokenWithIAM, per sandbox instance. The assertion
// string is opaque (as AWS's is "signed and encrypted by STS"); STS AssumeRole looks it up here to learn
// the user behind ProvidedContexts. Keyed by the SandboxContext so sandboxes never see each other's.
import { randomBytes } from "node:crypto";
import type { IdentityContext } from "../../auth/credentials.js";
import type { SandboxContext } from "../../context.js";

const registries = new WeakMap<SandboxContext, Map<string, IdentityContext>>();

function registry(ctx: SandboxContext): Map<string, IdentityContext> {
  let r = registries.get(ctx);
  if (!r) registries.set(ctx, (r = new Map()));
  return r;
}

/** Registers a context and returns its assertion: ~740 base64 characters, within STS's 4–2048. */
export function issueIdentityContext(ctx: SandboxContext, ic: IdentityContext): string {
  // The prefix mimics the look of AWS's blobs; the random tail is what makes it unforgeable.
  const assertion = `AQoJb3JpZ2luX2Vj${randomBytes(540).toString("base64")}`;
  registry(ctx).set(assertion, { ...ic });
  return assertion;
}

export function findIdentityContext(ctx: SandboxContext, assertion: string): IdentityContext | undefined {
  const ic = registry(ctx).get(assertion);
  return ic ? { ...ic } : undefined;
}
