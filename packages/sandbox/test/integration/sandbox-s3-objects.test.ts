// S3 object access with credentials vended by S3 Access Grants, driven by the real S3Client: the scope
// and permission are enforced, bodies and checksums are verified, and every call is a data event.
import { request } from "node:http";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { GetDataAccessCommand, S3ControlClient, type GetDataAccessCommandInput } from "@aws-sdk/client-s3-control";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { startSandbox, type Sandbox } from "../../src/index.js";
import type { IssuedCredentials } from "../../src/auth/credentials.js";
import { carrierSession } from "../helpers/sandbox-credentials.js";

const ACCOUNT = "111122223333";
const BUCKET = "tip-sandbox-data";
let sb: Sandbox;

function personaCredentials(box: Sandbox, userName: string): IssuedCredentials {
  return carrierSession(box, userName);
}

async function vended(
  box: Sandbox,
  user: string,
  input: Omit<GetDataAccessCommandInput, "AccountId">,
): Promise<IssuedCredentials> {
  const client = new S3ControlClient({
    region: "us-east-1",
    maxAttempts: 1,
    credentials: personaCredentials(box, user),
    endpointProvider: () => ({ url: new URL(box.endpoint) }),
  });
  const out = await client.send(new GetDataAccessCommand({ AccountId: ACCOUNT, ...input }));
  const c = out.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
    expiration: c.Expiration,
  };
}

function s3(box: Sandbox, credentials: IssuedCredentials, extra: { systemClockOffset?: number } = {}): S3Client {
  return new S3Client({
    region: "us-east-1",
    endpoint: box.endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials,
    ...extra,
  });
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

const crc32b64 = (b: Buffer) => {
  const o = Buffer.alloc(4);
  o.writeUInt32BE(crc32(b) >>> 0);
  return o.toString("base64");
};

/** A raw, correctly signed request, for bodies the SDK would never send (bad trailers, tampered bytes). */
async function rawSigned(
  credentials: IssuedCredentials,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  signedBody?: Buffer,
  unsignedHeaders: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(sb.endpoint);
  const signer = new SignatureV4({
    service: "s3",
    region: "us-east-1",
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: false,
    applyChecksum: false,
    credentials,
  });
  const signed = await signer.sign({
    method,
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, ...headers },
    body: signedBody ?? body,
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...signed.headers, ...unsignedHeaders, "content-length": String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function chunked(data: Buffer, trailer: string): Buffer {
  const half = Math.ceil(data.length / 2);
  const parts = [data.subarray(0, half), data.subarray(half)].filter((p) => p.length > 0);
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from("\r\n")]),
    Buffer.from(`0\r\n${trailer}\r\n\r\n`),
  ]);
}

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.stop();
});

describe("vended READ credentials (arnav, DataScientists)", () => {
  it("read inside the scope, with the SDK validating the returned CRC32", async () => {
    const client = s3(
      sb,
      await vended(sb, "arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" }),
    );
    const out = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt", ChecksumMode: "ENABLED" }),
    );
    const text = await out.Body!.transformToString();
    expect(text).toBe("Model artefacts for the DataScientists team.\n");
    expect(out.ChecksumCRC32).toBe(crc32b64(Buffer.from(text)));
    expect(out.ContentLength).toBe(Buffer.byteLength(text));
    expect(out.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(out.LastModified).toBeInstanceOf(Date);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    expect(head.ContentLength).toBe(Buffer.byteLength(text));
    expect(head.ETag).toBe(out.ETag);
  });

  it("is refused outside the scope, for writes, and gets NoSuchKey only inside it", async () => {
    const client = s3(
      sb,
      await vended(sb, "arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" }),
    );
    for (const Key of [
      "finance/ledger/2026-10.csv",
      "marketing/campaigns/2026-q3.csv",
      "datascience",
      "bankdata-csv/dummy_bank_transaction_data.csv",
    ]) {
      expect(await refused(client.send(new GetObjectCommand({ Bucket: BUCKET, Key }))), Key).toEqual({
        name: "AccessDenied",
        status: 403,
      });
    }
    expect(
      await refused(client.send(new GetObjectCommand({ Bucket: "tip-sandbox-results", Key: "athena/x.csv" }))),
    ).toEqual({ name: "AccessDenied", status: 403 });
    expect(
      await refused(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "datascience/new.txt", Body: "x" }))),
    ).toEqual({ name: "AccessDenied", status: 403 });
    expect(
      await refused(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/missing.txt" }))),
    ).toEqual({ name: "NoSuchKey", status: 404 });
    expect(await refused(client.send(new GetObjectCommand({ Bucket: "no-such-bucket-here", Key: "x" })))).toEqual({
      name: "NoSuchBucket",
      status: 404,
    });
    expect(
      (await refused(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "finance/ledger/2026-10.csv" })))).status,
    ).toBe(403);
  });

  it("Minimal credentials reach only the target object", async () => {
    const client = s3(
      sb,
      await vended(sb, "arnav", {
        Target: "s3://tip-sandbox-data/datascience/models/README.txt",
        Permission: "READ",
        Privilege: "Minimal",
        TargetType: "Object",
      }),
    );
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    expect(
      (
        await refused(
          client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/notebooks/exploration.ipynb" })),
        )
      ).name,
    ).toBe("AccessDenied");
    expect(
      (
        await refused(
          client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/models/README.txt" })),
        )
      ).name,
    ).toBe("AccessDenied");
  });

  it("lists inside the scope with pagination and delimiters, and never outside it", async () => {
    const client = s3(
      sb,
      await vended(sb, "arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" }),
    );
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", MaxKeys: 1, ContinuationToken: token }),
      );
      pages++;
      expect(page.KeyCount).toBe(1);
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(2);
    expect(keys).toEqual(["datascience/models/README.txt", "datascience/notebooks/exploration.ipynb"]);

    const dirs = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", Delimiter: "/" }),
    );
    expect(dirs.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["datascience/models/", "datascience/notebooks/"]);
    expect(dirs.Contents ?? []).toHaveLength(0);
    const dirPage = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", Delimiter: "/", MaxKeys: 1 }),
    );
    expect(dirPage.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["datascience/models/"]);
    const dirNext = await client.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: "datascience/",
        Delimiter: "/",
        ContinuationToken: dirPage.NextContinuationToken,
      }),
    );
    expect(dirNext.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["datascience/notebooks/"]);
    expect(dirNext.IsTruncated).toBe(false);
    const after = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", StartAfter: "datascience/models/README.txt" }),
    );
    expect(after.Contents?.map((c) => c.Key)).toEqual(["datascience/notebooks/exploration.ipynb"]);

    for (const Prefix of ["", "data", "finance/", "datascience"]) {
      expect((await refused(client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix })))).name, Prefix).toBe(
        "AccessDenied",
      );
    }
  });
});

describe("vended WRITE credentials (wei, MarketAnalytics READWRITE)", () => {
  it("PutObject with a string body and a stream body (aws-chunked, CRC32 trailer) stores the decoded bytes", async () => {
    const rw = s3(
      sb,
      await vended(sb, "wei", { Target: "s3://tip-sandbox-data/marketing/*", Permission: "READWRITE" }),
    );
    await rw.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "marketing/plain.txt",
        Body: "plain body",
        ContentType: "text/plain",
      }),
    );
    const plain = await rw.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "marketing/plain.txt", ChecksumMode: "ENABLED" }),
    );
    expect(await plain.Body!.transformToString()).toBe("plain body");
    expect(plain.ContentType).toBe("text/plain");

    const put = await rw.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "marketing/stream.txt",
        ContentLength: 12,
        Body: Readable.from([Buffer.from("hello "), Buffer.from("stream")]),
      }),
    );
    expect(put.ChecksumCRC32).toBe(crc32b64(Buffer.from("hello stream")));
    const stored = await rw.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "marketing/stream.txt", ChecksumMode: "ENABLED" }),
    );
    expect(await stored.Body!.transformToString()).toBe("hello stream");
    expect(stored.ContentLength).toBe(12);

    const writeOnly = s3(
      sb,
      await vended(sb, "wei", { Target: "s3://tip-sandbox-data/marketing/*", Permission: "WRITE" }),
    );
    await writeOnly.send(new PutObjectCommand({ Bucket: BUCKET, Key: "marketing/w.txt", Body: "w" }));
    expect((await refused(writeOnly.send(new GetObjectCommand({ Bucket: BUCKET, Key: "marketing/w.txt" })))).name).toBe(
      "AccessDenied",
    );
    expect(
      (await refused(rw.send(new PutObjectCommand({ Bucket: BUCKET, Key: "finance/x.txt", Body: "x" })))).name,
    ).toBe("AccessDenied");
  });

  it("refuses a corrupted or malformed CRC32 trailer, a wrong decoded length, and a wrong header checksum", async () => {
    const creds = await vended(sb, "wei", { Target: "s3://tip-sandbox-data/marketing/*", Permission: "WRITE" });
    const data = Buffer.from("hello stream");
    const headers = (len = data.length) => ({
      "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": String(len),
      "x-amz-trailer": "x-amz-checksum-crc32",
      "x-amz-sdk-checksum-algorithm": "CRC32",
    });
    const ok = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/raw.txt",
      headers(),
      chunked(data, `x-amz-checksum-crc32:${crc32b64(data)}`),
    );
    expect(ok.status).toBe(200);

    const wrong = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      headers(),
      chunked(data, `x-amz-checksum-crc32:${crc32b64(Buffer.from("hello strean"))}`),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("<Code>BadDigest</Code>");
    const malformed = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      headers(),
      chunked(data, "x-amz-checksum-crc32:not-base64!"),
    );
    expect(malformed.body).toContain("<Code>InvalidRequest</Code>");
    const missing = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      headers(),
      chunked(data, "x-amz-meta-other:1"),
    );
    expect(missing.body).toContain("<Code>InvalidRequest</Code>");
    const short = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      headers(20),
      chunked(data, `x-amz-checksum-crc32:${crc32b64(data)}`),
    );
    expect(short.body).toContain("<Code>IncompleteBody</Code>");
    const truncated = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      headers(),
      chunked(data, `x-amz-checksum-crc32:${crc32b64(data)}`).subarray(0, 20),
    );
    expect(truncated.status).toBe(400);

    const headerCrc = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/bad.txt",
      { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-checksum-crc32": crc32b64(Buffer.from("other")) },
      data,
    );
    expect(headerCrc.body).toContain("<Code>BadDigest</Code>");
    // None of the refused uploads was stored.
    const reader = s3(sb, await vended(sb, "wei", { Target: "s3://tip-sandbox-data/marketing/*", Permission: "READ" }));
    expect((await refused(reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: "marketing/bad.txt" })))).name).toBe(
      "NoSuchKey",
    );
    expect(
      await (
        await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: "marketing/raw.txt" }))
      ).Body!.transformToString(),
    ).toBe("hello stream");
  });

  it("refuses a tampered body and a wrong secret", async () => {
    const creds = await vended(sb, "wei", { Target: "s3://tip-sandbox-data/marketing/*", Permission: "WRITE" });
    const signedFor = Buffer.from("the body that was signed");
    const tampered = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/t.txt",
      { "x-amz-content-sha256": (await import("node:crypto")).createHash("sha256").update(signedFor).digest("hex") },
      Buffer.from("a different body sent"),
      signedFor,
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body).toContain("<Code>XAmzContentSHA256Mismatch</Code>");
    const bogusMarker = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/t.txt",
      { "x-amz-content-sha256": "NOT-A-HASH" },
      Buffer.from("x"),
    );
    expect(bogusMarker.body).toContain("<Code>InvalidArgument</Code>");
    const smuggled = await rawSigned(
      creds,
      "PUT",
      "/tip-sandbox-data/marketing/t.txt",
      { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      Buffer.from("x"),
      undefined,
      { "x-amz-checksum-crc32": crc32b64(Buffer.from("x")) },
    );
    expect(smuggled.status).toBe(403);
    expect(smuggled.body).toContain("<HeadersNotSigned>x-amz-checksum-crc32</HeadersNotSigned>");
    const badSecret = s3(sb, {
      ...creds,
      secretAccessKey: creds.secretAccessKey.replace(/^./, (c) => (c === "A" ? "B" : "A")),
    });
    expect(
      await refused(badSecret.send(new PutObjectCommand({ Bucket: BUCKET, Key: "marketing/t.txt", Body: "x" }))),
    ).toEqual({ name: "SignatureDoesNotMatch", status: 403 });
  });
});

describe("other principals", () => {
  it("the base principal proves objects and prefixes exist through IAM (HeadObject, ListObjectsV2), but may not write", async () => {
    const base = s3(sb, sb.baseCredentials);
    const head = await base.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    expect(head.ContentLength).toBeGreaterThan(0);
    const list = await base.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "finance/" }));
    expect(list.Contents?.map((o) => o.Key)).toEqual(["finance/ledger/2026-10.csv"]);
    // A missing key: NoSuchKey (404 on HEAD), since the base principal may list the bucket.
    expect((await refused(base.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "finance/nope.csv" })))).status).toBe(
      404,
    );
    expect(
      (await refused(base.send(new PutObjectCommand({ Bucket: BUCKET, Key: "finance/x.csv", Body: "x" })))).name,
    ).toBe("AccessDenied");
  });

  it("an identity-enhanced session may not read S3 directly: the allow-list session policy denies s3:GetObject/ListBucket", async () => {
    // The carrier ROLE allows s3:GetObject/ListBucket; STS's AWSIAMIdentityCenterAllowListForIdentityContext does not.
    const carrier = s3(sb, personaCredentials(sb, "dana"));
    expect(
      await refused(carrier.send(new GetObjectCommand({ Bucket: BUCKET, Key: "finance/ledger/2026-10.csv" }))),
    ).toEqual({ name: "AccessDenied", status: 403 });
    expect(
      (await refused(carrier.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "finance/ledger/2026-10.csv" }))))
        .status,
    ).toBe(403);
    expect((await refused(carrier.send(new ListObjectsV2Command({ Bucket: BUCKET })))).name).toBe("AccessDenied");
    // The same kind of session still gets Access Grants credentials (s3:GetDataAccess is on the list), and the
    // vended credentials (location-role sessions, not identity-enhanced carrier sessions) read in scope.
    const arnav = s3(sb, personaCredentials(sb, "arnav"));
    expect(
      (await refused(arnav.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }))))
        .status,
    ).toBe(403);
    const creds = await vended(sb, "arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" });
    const read = await s3(sb, creds).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }),
    );
    expect(await read.Body!.transformToString()).toContain("DataScientists");
  });

  it("records S3 calls as data events, on behalf of the user, including denials", async () => {
    const creds = await vended(sb, "arnav", { Target: "s3://tip-sandbox-data/datascience/*", Permission: "READ" });
    const client = s3(sb, creds);
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    await refused(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "finance/ledger/2026-10.csv" })));
    const mine = sb.trail.events.filter((e) => e.accessKeyId === creds.accessKeyId);
    expect(mine.map((e) => [e.eventName, e.managementEvent, e.record.errorCode])).toEqual([
      ["GetObject", false, undefined],
      ["GetObject", false, "AccessDenied"],
    ]);
    const arnav = sb.fixture.identityCenter.users.find((u) => u.userName === "arnav")!;
    for (const e of mine) {
      expect(e.record.eventCategory).toBe("Data");
      expect((e.record.userIdentity as { onBehalfOf?: unknown }).onBehalfOf).toEqual({
        userId: arnav.userId,
        identityStoreArn: `arn:aws:identitystore::${ACCOUNT}:identitystore/d-9067c2a1f3`,
      });
      expect((e.record.userIdentity as { arn: string }).arn).toMatch(
        /^arn:aws:sts::111122223333:assumed-role\/AccessGrantsLocationRole\/access-grants-/,
      );
    }
  });
});

describe("expiry", () => {
  it("refuses vended credentials after their duration with ExpiredToken", async () => {
    const box = await startSandbox();
    try {
      const creds = await vended(box, "arnav", {
        Target: "s3://tip-sandbox-data/datascience/*",
        Permission: "READ",
        DurationSeconds: 900,
      });
      const ok = s3(box, creds);
      await ok.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
      box.clock.advance(901_000);
      // The client's clock moves with the sandbox's, so the signature is fresh and only the credentials are stale.
      const late = s3(box, creds, { systemClockOffset: 901_000 });
      expect(
        await refused(late.send(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }))),
      ).toEqual({ name: "ExpiredToken", status: 400 });
    } finally {
      await box.stop();
    }
  });
});
