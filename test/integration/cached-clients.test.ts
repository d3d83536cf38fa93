// A persona's S3 Control client reuses one resolved middleware stack, and one context, for all its
// GetDataAccess calls (clients.ts PERSONA_S3CONTROL_CACHE). Concurrent calls through it must each get
// their own answer: the same one a fresh client gets for that call alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetDataAccessCommand, S3ControlClient, type GetDataAccessCommandInput } from "@aws-sdk/client-s3-control";
import { startSandbox, type Sandbox } from "@tip-proof/sandbox";
import { makeClients } from "../../src/adapters/aws/clients.js";
import { carrierSession } from "../../packages/sandbox/test/helpers/sandbox-credentials.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

const TARGETS: Omit<GetDataAccessCommandInput, "AccountId">[] = [
  { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" },
  { Target: "s3://tip-sandbox-data/marketing/*", Permission: "READ" },
  { Target: "s3://tip-sandbox-data/bankdata-csv/*", Permission: "READ" },
  {
    Target: "s3://tip-sandbox-data/datascience/models/README.txt",
    Permission: "READ",
    Privilege: "Minimal",
    TargetType: "Object",
  },
  { Target: "s3://tip-sandbox-data/bankdata-csv/*", Permission: "WRITE" },
  { Target: "s3://no-such-bucket-anywhere/x/*", Permission: "READ" },
  { Target: "s3://tip-sandbox-results/athena/*", Permission: "READWRITE" },
  { Target: "s3://tip-sandbox-data/marketing/*", Permission: "READWRITE" },
];

type Answer = { granted: string | undefined } | { refused: string };
const answer = (p: Promise<{ MatchedGrantTarget?: string }>): Promise<Answer> =>
  p.then(
    (r) => ({ granted: r.MatchedGrantTarget }),
    (e: Error) => ({ refused: `${e.name}: ${e.message}` }),
  );

describe("a persona's cached S3 Control client", () => {
  it("answers each of many concurrent GetDataAccess calls as a fresh client answers it alone", async () => {
    const account = sb.fixture.account;
    const credentials = carrierSession(sb, "arnav");
    const clients = makeClients({ region: "us-east-1", endpoint: sb.endpoint });
    try {
      const cached = clients.s3control(credentials);
      expect((cached.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
      const expected: Answer[] = [];
      for (const t of TARGETS) {
        const fresh = new S3ControlClient({
          region: "us-east-1",
          maxAttempts: 1,
          credentials,
          endpointProvider: () => ({ url: new URL(sb.endpoint) }),
        });
        expected.push(await answer(fresh.send(new GetDataAccessCommand({ AccountId: account, ...t }))));
        fresh.destroy();
      }
      // Both outcomes are among the expected answers, or the test would prove little.
      expect(expected.some((a) => "granted" in a)).toBe(true);
      expect(expected.some((a) => "refused" in a)).toBe(true);
      const rounds = 5;
      const got = await Promise.all(
        Array.from({ length: rounds }, () => TARGETS).flatMap((ts) =>
          ts.map((t) => answer(cached.send(new GetDataAccessCommand({ AccountId: account, ...t })))),
        ),
      );
      expect(got).toEqual(Array.from({ length: rounds }, () => expected).flat());
    } finally {
      clients.close();
    }
  });
});
