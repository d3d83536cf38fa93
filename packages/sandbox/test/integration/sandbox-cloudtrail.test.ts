// CloudTrail LookupEvents against the embedded sandbox, driven by the real CloudTrailClient: delivery
// delay, management events only, one attribute, MaxResults and NextToken rules, the 2-TPS limit, and
// the GetDataAccess records a TIP harness confirms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetDataAccessCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { startSandbox, type Sandbox } from "../../src/index.js";
import type { IssuedCredentials } from "../../src/auth/credentials.js";
import { carrierSession } from "../helpers/sandbox-credentials.js";

const ACCOUNT = "111122223333";
const DELAY_MS = 60_000;
let sb: Sandbox;
/** How far the sandbox clock has been moved; clients sign with the same offset so SigV4 stays fresh. */
let offset = 0;

function advance(ms: number): void {
  sb.clock.advance(ms);
  offset += ms;
}

function personaCredentials(userName: string, sessionName = `test-${userName}`): IssuedCredentials {
  return carrierSession(sb, userName, sessionName);
}

const trail = (credentials: IssuedCredentials = sb.baseCredentials) =>
  new CloudTrailClient({
    region: "us-east-1",
    endpoint: sb.endpoint,
    maxAttempts: 1,
    credentials,
    systemClockOffset: offset,
  });
const control = (credentials: IssuedCredentials) =>
  new S3ControlClient({
    region: "us-east-1",
    maxAttempts: 1,
    credentials,
    systemClockOffset: offset,
    endpointProvider: () => ({ url: new URL(sb.endpoint) }),
  });

/** One LookupEvents call after a one-second pause, so the 2-TPS limit never interferes. */
async function lookup(input: LookupEventsCommandInput, credentials?: IssuedCredentials) {
  advance(1000);
  return trail(credentials).send(new LookupEventsCommand(input));
}

async function refused(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to be refused, but it succeeded");
}

const byName = (EventName: string) => ({
  LookupAttributes: [{ AttributeKey: "EventName" as const, AttributeValue: EventName }],
});

beforeAll(async () => {
  sb = await startSandbox();
  sb.setFaults({ cloudtrailDelayMs: DELAY_MS });
});
afterAll(async () => {
  await sb.stop();
});

describe("GetDataAccess records", () => {
  it("appear only after the delivery delay, with onBehalfOf, and with errorCode on denial", async () => {
    const arnavCreds = personaCredentials("arnav", "gda-arnav");
    const ok = await control(arnavCreds).send(
      new GetDataAccessCommand({
        AccountId: ACCOUNT,
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
        AuditContext: "ticket-42",
      }),
    );
    await refused(
      control(personaCredentials("wei", "gda-wei")).send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: "s3://tip-sandbox-data/datascience/*",
          Permission: "READ",
        }),
      ),
    );

    const early = await lookup({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "gda-arnav" }] });
    expect(early.Events ?? []).toHaveLength(0); // recorded, not yet delivered
    advance(DELAY_MS);

    const [arnavEvent] = (
      await lookup({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "gda-arnav" }] })
    ).Events!;
    expect(arnavEvent).toMatchObject({
      EventName: "GetDataAccess",
      EventSource: "s3.amazonaws.com",
      ReadOnly: "true",
      Username: "gda-arnav",
      AccessKeyId: arnavCreds.accessKeyId,
      Resources: [
        {
          ResourceType: "AWS:S3::AccessGrantsInstance",
          ResourceName: "arn:aws:s3:us-east-1:111122223333:access-grants/default",
        },
      ],
    });
    expect(arnavEvent.EventTime).toBeInstanceOf(Date);
    expect(typeof arnavEvent.CloudTrailEvent).toBe("string");
    const record = JSON.parse(arnavEvent.CloudTrailEvent!) as Record<string, any>;
    const arnav = sb.fixture.identityCenter.users.find((u) => u.userName === "arnav")!;
    expect(record.userIdentity.onBehalfOf).toEqual({
      userId: arnav.userId,
      identityStoreArn: `arn:aws:identitystore::${ACCOUNT}:identitystore/d-9067c2a1f3`,
    });
    expect(record.requestParameters).toMatchObject({
      target: "s3://tip-sandbox-data/datascience/*",
      permission: "READ",
      durationSeconds: 3600,
      auditContext: "ticket-42",
    });
    expect(record.requestParameters.Host).toBeTruthy();
    expect(record).toMatchObject({
      managementEvent: true,
      eventCategory: "Management",
      readOnly: true,
      responseElements: null,
    });
    expect(record.errorCode).toBeUndefined();
    // The vended secret and token never reach the trail.
    expect(arnavEvent.CloudTrailEvent).not.toContain(ok.Credentials!.SecretAccessKey!);
    expect(arnavEvent.CloudTrailEvent).not.toContain(ok.Credentials!.SessionToken!);

    const [weiEvent] = (await lookup({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "gda-wei" }] }))
      .Events!;
    const weiRecord = JSON.parse(weiEvent.CloudTrailEvent!) as Record<string, any>;
    expect(weiRecord).toMatchObject({ eventName: "GetDataAccess", errorCode: "AccessDenied" });
    expect(weiRecord.errorMessage).toBeTruthy();
    expect(weiRecord.userIdentity.onBehalfOf.userId).toBe(
      sb.fixture.identityCenter.users.find((u) => u.userName === "wei")!.userId,
    );
  });

  it("never returns S3 data events, though they are recorded", async () => {
    const out = await control(personaCredentials("arnav")).send(
      new GetDataAccessCommand({
        AccountId: ACCOUNT,
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
      }),
    );
    const vended = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const s3 = new S3Client({
      region: "us-east-1",
      endpoint: sb.endpoint,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: vended,
      systemClockOffset: offset,
    });
    await s3.send(new GetObjectCommand({ Bucket: "tip-sandbox-data", Key: "datascience/models/README.txt" }));
    advance(DELAY_MS);
    expect(sb.trail.events.some((e) => e.accessKeyId === vended.accessKeyId && e.eventName === "GetObject")).toBe(true);
    expect(
      (await lookup({ LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: vended.accessKeyId }] }))
        .Events ?? [],
    ).toHaveLength(0);
    expect((await lookup(byName("GetObject"))).Events ?? []).toHaveLength(0);
  });
});

describe("LookupEvents parameters", () => {
  it("allows one lookup attribute with a known key", async () => {
    const two = [
      { AttributeKey: "EventName" as const, AttributeValue: "GetDataAccess" },
      { AttributeKey: "ReadOnly" as const, AttributeValue: "true" },
    ];
    expect(await refused(lookup({ LookupAttributes: two }))).toEqual({
      name: "InvalidLookupAttributesException",
      status: 400,
    });
    expect(
      (await refused(lookup({ LookupAttributes: [{ AttributeKey: "UserName" as never, AttributeValue: "x" }] }))).name,
    ).toBe("InvalidLookupAttributesException");
    expect(
      (await lookup({ LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }] })).Events!.length,
    ).toBeGreaterThan(0);
  });

  it("bounds MaxResults to 1–50 and the time range to start ≤ end", async () => {
    for (const MaxResults of [0, 51])
      expect((await refused(lookup({ MaxResults }))).name).toBe("InvalidMaxResultsException");
    expect((await lookup({ MaxResults: 50 })).Events!.length).toBeLessThanOrEqual(50);
    const now = new Date(sb.clock.now());
    expect((await refused(lookup({ StartTime: now, EndTime: new Date(now.getTime() - 3600e3) }))).name).toBe(
      "InvalidTimeRangeException",
    );
    expect((await lookup({ ...byName("GetDataAccess"), EndTime: new Date(0) })).Events ?? []).toHaveLength(0);
  });

  it("pages newest first with NextToken, bound to the parameters it was issued for", async () => {
    const creds = personaCredentials("maria", "paging-maria");
    for (let i = 0; i < 5; i++) {
      await control(creds).send(
        new GetDataAccessCommand({
          AccountId: ACCOUNT,
          Target: `s3://tip-sandbox-data/datascience/p${i}/*`,
          Permission: "READ",
          Privilege: "Minimal",
        }),
      );
      advance(1000);
    }
    advance(DELAY_MS);
    const filter = { LookupAttributes: [{ AttributeKey: "Username" as const, AttributeValue: "paging-maria" }] };
    const targets: string[] = [];
    const times: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await lookup({ ...filter, MaxResults: 2, NextToken: token });
      pages++;
      for (const e of page.Events!) {
        targets.push(
          (JSON.parse(e.CloudTrailEvent!) as { requestParameters: { target: string } }).requestParameters.target,
        );
        times.push(e.EventTime!.getTime());
      }
      token = page.NextToken;
    } while (token);
    expect(pages).toBe(3);
    expect(targets).toEqual([4, 3, 2, 1, 0].map((i) => `s3://tip-sandbox-data/datascience/p${i}/*`));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const first = await lookup({ ...filter, MaxResults: 2 });
    expect(
      (await refused(lookup({ ...byName("GetDataAccess"), MaxResults: 2, NextToken: first.NextToken }))).name,
    ).toBe("InvalidNextTokenException");
    expect((await refused(lookup({ ...filter, NextToken: `${first.NextToken}x` }))).name).toBe(
      "InvalidNextTokenException",
    );
  });

  it("records LookupEvents calls themselves as management events", async () => {
    advance(DELAY_MS);
    const own = await lookup({ ...byName("LookupEvents"), MaxResults: 1 });
    expect(own.Events![0]).toMatchObject({
      EventName: "LookupEvents",
      EventSource: "cloudtrail.amazonaws.com",
      Username: "tip-harness-runner",
    });
  });

  it("requires cloudtrail:LookupEvents", async () => {
    expect((await refused(lookup({}, personaCredentials("arnav")))).name).toBe("AccessDeniedException");
  });

  it("accepts botocore's long X-Amz-Target", async () => {
    advance(1000);
    const url = new URL(sb.endpoint);
    const body = JSON.stringify({ ...byName("GetDataAccess"), MaxResults: 1 });
    const signer = new SignatureV4({
      service: "cloudtrail",
      region: "us-east-1",
      sha256: Hash.bind(null, "sha256"),
      credentials: sb.baseCredentials,
    });
    const signed = await signer.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        body,
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
        },
      },
      { signingDate: new Date(sb.clock.now()) },
    );
    const res = await fetch(`${sb.endpoint}/`, {
      method: "POST",
      headers: signed.headers as Record<string, string>,
      body,
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      Events: { EventName: string; ReadOnly: string; EventTime: number; CloudTrailEvent: string }[];
    };
    expect(out.Events[0]).toMatchObject({ EventName: "GetDataAccess", ReadOnly: "true" });
    expect(Number.isInteger(out.Events[0].EventTime)).toBe(true);
    expect(typeof out.Events[0].CloudTrailEvent).toBe("string");
  });

  it("refuses an unsigned-payload marker on a JSON body (InvalidSignatureException)", async () => {
    advance(1000);
    const url = new URL(sb.endpoint);
    const signer = new SignatureV4({
      service: "cloudtrail",
      region: "us-east-1",
      sha256: Hash.bind(null, "sha256"),
      credentials: sb.baseCredentials,
    });
    const signed = await signer.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        body: "{}",
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "CloudTrail_20131101.LookupEvents",
          "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        },
      },
      { signingDate: new Date(sb.clock.now()) },
    );
    const tampered = JSON.stringify({
      MaxResults: 50,
      LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetDataAccess" }],
    });
    const res = await fetch(`${sb.endpoint}/`, {
      method: "POST",
      headers: signed.headers as Record<string, string>,
      body: tampered,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe("InvalidSignatureException");
  });
});

describe("rate limit", () => {
  it("throttles a third request within one second (maxAttempts 1)", async () => {
    advance(1000);
    const client = trail();
    await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    expect(await refused(client.send(new LookupEventsCommand({ MaxResults: 1 })))).toEqual({
      name: "ThrottlingException",
      status: 400,
    });
    advance(1000);
    await client.send(new LookupEventsCommand({ MaxResults: 1 }));
  });

  it("takes the rate from the fixture", async () => {
    const fixture = structuredClone(sb.fixture);
    fixture.cloudtrail.lookupRequestsPerSecond = 4;
    const box = await startSandbox({ fixture });
    try {
      const client = new CloudTrailClient({
        region: "us-east-1",
        endpoint: box.endpoint,
        maxAttempts: 1,
        credentials: box.baseCredentials,
      });
      for (let i = 0; i < 4; i++) await client.send(new LookupEventsCommand({ MaxResults: 1 }));
      expect((await refused(client.send(new LookupEventsCommand({ MaxResults: 1 })))).name).toBe("ThrottlingException");
    } finally {
      await box.stop();
    }
  });
});
