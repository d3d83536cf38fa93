// S3 Control Access Grants and S3 objects (restXml) through the real S3ControlClient and S3Client:
// successes validated against the models (XML element names via xmlName, flattened lists, header-bound
// members), both S3 Control host forms, the modelled S3 errors, and the unmodelled ones the sandbox uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3";
import {
  GetAccessGrantsInstanceForPrefixCommand,
  GetDataAccessCommand,
  ListAccessGrantsCommand,
  type GetDataAccessCommandInput,
  type ListAccessGrantsCommandOutput,
} from "@aws-sdk/client-s3-control";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { personaCredentials, send, vendedCredentials, type SendOptions } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectOk } from "./expect.js";

const ACCOUNT = "111122223333";
const BUCKET = "tip-sandbox-data";
let sb: Sandbox;
let arnav: SigningCredentials;
let readScience: SigningCredentials; // vended READ on s3://tip-sandbox-data/datascience/*
let writeMarketing: SigningCredentials; // vended READWRITE on s3://tip-sandbox-data/marketing/*
const s3Coverage = new ErrorCoverage("s3");
const controlCoverage = new ErrorCoverage("s3-control");

beforeAll(async () => {
  sb = await startSandbox();
  const wei = await personaCredentials(sb, "wei");
  arnav = await personaCredentials(sb, "arnav");
  readScience = await vendedCredentials(sb, arnav, `s3://${BUCKET}/datascience/*`);
  writeMarketing = await vendedCredentials(sb, wei, `s3://${BUCKET}/marketing/*`, "READWRITE");
});
afterAll(async () => {
  await sb?.stop();
});

const dataAccess = (input: Partial<GetDataAccessCommandInput>, opts: SendOptions = {}) =>
  send(
    sb,
    "s3-control",
    new GetDataAccessCommand({
      AccountId: ACCOUNT,
      Target: `s3://${BUCKET}/datascience/*`,
      Permission: "READ",
      ...input,
    }),
    { credentials: arnav, ...opts },
  );
const s3 = <T = Record<string, unknown>>(
  command: { constructor: { name: string }; input: unknown },
  credentials = readScience,
) => send<T>(sb, "s3", command, { credentials });

describe("S3 Control (Access Grants)", () => {
  it.each([
    ["ip", "127.0.0.1"],
    ["account", `${ACCOUNT}.localhost`],
  ] as const)("GetDataAccess conforms on the %s host form (%s:port)", async (host, name) => {
    const s = await dataAccess({}, { host });
    expect(s.exchange.request.headers.host).toBe(`${name}:${sb.port}`);
    expect(expectOk("s3-control", s).MatchedGrantTarget).toBe(`s3://${BUCKET}/datascience/*`);
  });

  it("ListAccessGrants (one page of 2 with NextToken, then the rest) and GetAccessGrantsInstanceForPrefix conform", async () => {
    const page = expectOk<ListAccessGrantsCommandOutput>(
      "s3-control",
      await send(sb, "s3-control", new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 2 })),
    );
    expect(page.AccessGrantsList).toHaveLength(2);
    expectOk(
      "s3-control",
      await send(
        sb,
        "s3-control",
        new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 2, NextToken: page.NextToken }),
      ),
    );
    expectOk(
      "s3-control",
      await send(
        sb,
        "s3-control",
        new GetAccessGrantsInstanceForPrefixCommand({ AccountId: ACCOUNT, S3Prefix: `s3://${BUCKET}/datascience/` }),
      ),
    );
  });

  // None of the three operations models an error; these are the codes the sandbox answers with (messages.ts).
  it("unmodelled refusals: AccessDenied 403, InvalidRequest 400, NoSuchAccessGrantsInstance 404", async () => {
    expectAwsError("s3-control", await dataAccess({ Target: `s3://${BUCKET}/finance/*` }), "AccessDenied", 403);
    expectAwsError("s3-control", await dataAccess({ DurationSeconds: 899 }), "InvalidRequest", 400);
    expectAwsError(
      "s3-control",
      await send(sb, "s3-control", new ListAccessGrantsCommand({ AccountId: ACCOUNT }), { credentials: arnav }),
      "AccessDenied",
      403,
    );
    expectAwsError(
      "s3-control",
      await send(sb, "s3-control", new ListAccessGrantsCommand({ AccountId: ACCOUNT, MaxResults: 1001 })),
      "InvalidRequest",
      400,
    );
    expectAwsError(
      "s3-control",
      await send(
        sb,
        "s3-control",
        new GetAccessGrantsInstanceForPrefixCommand({ AccountId: ACCOUNT, S3Prefix: "s3://no-such-bucket-here/x/" }),
      ),
      "NoSuchAccessGrantsInstance",
      404,
    );
    for (const op of ["GetDataAccess", "ListAccessGrants", "GetAccessGrantsInstanceForPrefix"])
      controlCoverage.complete(op);
  });
});

describe("S3 objects with vended credentials", () => {
  it("ListObjectsV2 conforms: plain, with a delimiter (CommonPrefixes), and paginated", async () => {
    expectOk("s3", await s3(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/" })));
    const folders = expectOk(
      "s3",
      await s3<ListObjectsV2CommandOutput>(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", Delimiter: "/" }),
      ),
    );
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["datascience/models/", "datascience/notebooks/"]);
    const first = expectOk(
      "s3",
      await s3<ListObjectsV2CommandOutput>(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "datascience/", MaxKeys: 1 }),
      ),
    );
    expect(first.IsTruncated).toBe(true);
    expectOk(
      "s3",
      await s3(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: "datascience/",
          MaxKeys: 1,
          ContinuationToken: first.NextContinuationToken,
        }),
      ),
    );
  });

  it("GetObject and HeadObject conform (header-bound members: ETag, Last-Modified, Content-Length, checksums)", async () => {
    const got = await s3(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    expect(
      await (expectOk("s3", got) as { Body: { transformToString(): Promise<string> } }).Body.transformToString(),
    ).toBe("Model artefacts for the DataScientists team.\n");
    expectOk("s3", await s3(new HeadObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" })));
  });

  it("PutObject conforms (string body with the SDK's CRC32)", async () => {
    const put = expectOk(
      "s3",
      await s3(new PutObjectCommand({ Bucket: BUCKET, Key: "marketing/fidelity.txt", Body: "hello" }), writeMarketing),
    );
    expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
  });

  it("modelled errors: NoSuchKey (GetObject 404), NotFound (HeadObject 404), NoSuchBucket (ListObjectsV2 404), InvalidRequest (PutObject 400)", async () => {
    expectAwsError(
      "s3",
      await s3(new GetObjectCommand({ Bucket: BUCKET, Key: "datascience/missing.txt" })),
      "NoSuchKey",
      404,
    );
    s3Coverage.modelled("GetObject", "NoSuchKey");
    expectAwsError(
      "s3",
      await s3(new HeadObjectCommand({ Bucket: BUCKET, Key: "datascience/missing.txt" })),
      "NotFound",
      404,
    );
    s3Coverage.modelled("HeadObject", "NotFound");
    expectAwsError(
      "s3",
      await s3(new ListObjectsV2Command({ Bucket: "no-such-bucket-here" }), arnav),
      "NoSuchBucket",
      404,
    );
    s3Coverage.modelled("ListObjectsV2", "NoSuchBucket");
    expectAwsError(
      "s3",
      await s3(
        new PutObjectCommand({ Bucket: BUCKET, Key: "marketing/bad.txt", Body: "hello", ChecksumCRC32: "not-base64!" }),
        writeMarketing,
      ),
      "InvalidRequest",
      400,
    );
    s3Coverage.modelled("PutObject", "InvalidRequest");
  });

  it("unmodelled: AccessDenied (403) outside the vended scope, for reads, lists and writes", async () => {
    expectAwsError(
      "s3",
      await s3(new GetObjectCommand({ Bucket: BUCKET, Key: "finance/ledger/2026-10.csv" })),
      "AccessDenied",
      403,
    );
    expectAwsError(
      "s3",
      await s3(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "finance/" })),
      "AccessDenied",
      403,
    );
    expectAwsError(
      "s3",
      await s3(new PutObjectCommand({ Bucket: BUCKET, Key: "datascience/x.txt", Body: "x" })),
      "AccessDenied",
      403,
    );
  });

  it("every modelled error is exercised or named as not emulated", () => {
    s3Coverage.complete("GetObject", { InvalidObjectState: "no archive storage classes (Glacier) in the sandbox" });
    s3Coverage.complete("HeadObject");
    s3Coverage.complete("ListObjectsV2");
    s3Coverage.complete("PutObject", {
      EncryptionTypeMismatch: "directory buckets / SSE settings are not emulated",
      InvalidWriteOffset: "appends (x-amz-write-offset-bytes) are not emulated",
      TooManyParts: "multipart upload is not emulated",
    });
  });

  // AWS-fidelity gap beyond the model: real S3 answers every request with x-amz-id-2 (the SDK's
  // $metadata.extendedRequestId); the sandbox sends x-amz-request-id only. Remove `.fails` once fixed.
  it("S3 responses carry x-amz-id-2 next to x-amz-request-id", async () => {
    const s = await s3(new HeadObjectCommand({ Bucket: BUCKET, Key: "datascience/models/README.txt" }));
    expect(s.exchange.response.headers["x-amz-id-2"]).toBeTruthy();
  });
});
