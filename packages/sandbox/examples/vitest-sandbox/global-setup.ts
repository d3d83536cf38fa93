// A vitest globalSetup that starts one sandbox for the whole test run and hands its endpoint,
// credentials and environment to the tests (provide/inject); it stops when the run ends.
import type { TestProject } from "vitest/node";
import { startSandbox, type SandboxIdentifiers } from "@tip-proof/sandbox";

declare module "vitest" {
  export interface ProvidedContext {
    sandbox: {
      endpoint: string;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
      env: Record<string, string>;
      identifiers: SandboxIdentifiers;
    };
  }
}

export default async function setup(project: TestProject) {
  const sb = await startSandbox({ fixture: process.env.TIP_SANDBOX_FIXTURE ?? "bank" });
  project.provide("sandbox", {
    endpoint: sb.endpoint,
    region: sb.identifiers.region,
    credentials: sb.baseCredentials,
    env: sb.env(),
    identifiers: sb.identifiers,
  });
  return async () => {
    await sb.stop();
  };
}
