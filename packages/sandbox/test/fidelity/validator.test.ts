// The oracle itself: the model validator must catch exactly the bugs the SDK hides (emulator-anchors §5:
// unknown members dropped, wrong enum values let through, CloudTrailEvent objects passed on, timestamps
// in the wrong format) — otherwise a green fidelity tier would prove nothing. No sandbox here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelVersions, serviceModel } from "../helpers/model-source.js";
import { validateResponse, type Violation } from "../helpers/model-validate.js";

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.1", ...headers },
  body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
});
const xml = (body: string, status = 200) => ({
  status,
  headers: { "content-type": "text/xml" },
  body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${body}`),
});
const rules = (v: Violation[]) => v.map((x) => `${x.rule} ${x.path}`);

const COLUMN = { Name: "a", Type: "varchar", Nullable: "UNKNOWN", CaseSensitive: true, Precision: 10 };
const results = (column: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ResultSet: { Rows: [{ Data: [{ VarCharValue: "a" }] }, { Data: [{}] }], ResultSetMetadata: { ColumnInfo: [column] } },
  ...extra,
});

describe("model sources", () => {
  it("reads protocol, namespace, enums, required counts and modelled errors from the installed packages", () => {
    expect(serviceModel("sts")).toMatchObject({
      protocol: "awsQuery",
      xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
    });
    expect(serviceModel("s3-control").protocol).toBe("restXml");
    expect(serviceModel("sso-oidc").protocol).toBe("restJson1");
    expect(serviceModel("athena").enumOf("QueryExecutionStatus", "State")).toEqual([
      "CANCELLED",
      "FAILED",
      "QUEUED",
      "RUNNING",
      "SUCCEEDED",
    ]);
    expect(serviceModel("cloudtrail").modelledErrors("LookupEvents")).toContain("InvalidLookupAttributesException");
    expect(serviceModel("sts").error("MalformedPolicyDocument")?.getName()).toBe("MalformedPolicyDocumentException");
  });

  it("docs/fidelity.md names the installed model versions (update its table after an SDK upgrade)", () => {
    const doc = readFileSync(new URL("../../../../docs/fidelity.md", import.meta.url), "utf8");
    for (const [pkg, version] of Object.entries(modelVersions()))
      expect(doc, `${pkg} ${version}`).toContain(`| ${pkg} | ${version} |`);
  });
});

describe("JSON protocols", () => {
  it("accepts a conforming GetQueryResults (header row, NULL as {})", () => {
    expect(validateResponse("athena", "GetQueryResults", json(results(COLUMN, { UpdateCount: 0 })))).toEqual([]);
  });

  it("reports unknown members at any depth, including inside lists", () => {
    const v = validateResponse(
      "athena",
      "GetQueryResults",
      json(results({ ...COLUMN, Nullablee: "UNKNOWN" }, { Extra: 1 })),
    );
    expect(rules(v)).toEqual([
      "unknown-member $.ResultSet.ResultSetMetadata.ColumnInfo[0].Nullablee",
      "unknown-member $.Extra",
    ]);
  });

  it("reports wrong primitive types, a missing required member and an enum value outside the model", () => {
    const v = validateResponse(
      "athena",
      "GetQueryResults",
      json(results({ Type: "varchar", Precision: "10", CaseSensitive: "true", Nullable: "MAYBE" })),
    );
    expect(rules(v)).toEqual([
      "type $.ResultSet.ResultSetMetadata.ColumnInfo[0].Precision",
      "type $.ResultSet.ResultSetMetadata.ColumnInfo[0].CaseSensitive",
      "enum $.ResultSet.ResultSetMetadata.ColumnInfo[0].Nullable",
      "required $.ResultSet.ResultSetMetadata.ColumnInfo[0].Name",
    ]);
  });

  it("wants awsJson timestamps as epoch seconds, and null is not absent", () => {
    const exec = {
      QueryExecution: {
        QueryExecutionId: "q",
        Query: "SELECT 1",
        StatementType: "DML",
        WorkGroup: "w",
        Statistics: {},
        Status: { State: "DONE", SubmissionDateTime: "2026-01-01T00:00:00Z", CompletionDateTime: null },
      },
    };
    expect(rules(validateResponse("athena", "GetQueryExecution", json(exec)))).toEqual([
      "enum $.QueryExecution.Status.State",
      "type $.QueryExecution.Status.SubmissionDateTime",
      "type $.QueryExecution.Status.CompletionDateTime",
    ]);
  });

  it("insists CloudTrailEvent is a JSON string, and checks the harness-required members", () => {
    const event = {
      EventId: "e",
      EventName: "GetDataAccess",
      EventTime: 1,
      EventSource: "s3.amazonaws.com",
      ReadOnly: "true",
    };
    expect(
      validateResponse("cloudtrail", "LookupEvents", json({ Events: [{ ...event, CloudTrailEvent: '{"a":1}' }] })),
    ).toEqual([]);
    expect(
      rules(
        validateResponse("cloudtrail", "LookupEvents", json({ Events: [{ ...event, CloudTrailEvent: { a: 1 } }] })),
      ),
    ).toEqual(["json-string $.Events[0].CloudTrailEvent"]);
    expect(
      rules(
        validateResponse("cloudtrail", "LookupEvents", json({ Events: [{ ...event, CloudTrailEvent: "not json" }] })),
      ),
    ).toEqual(["json-string $.Events[0].CloudTrailEvent"]);
    expect(
      rules(
        validateResponse("cloudtrail", "LookupEvents", json({ Events: [{ EventName: "x", CloudTrailEvent: "{}" }] })),
      ),
    ).toEqual([
      "harness-required $.Events[0].EventId",
      "harness-required $.Events[0].EventTime",
      "harness-required $.Events[0].EventSource",
    ]);
  });

  it("checks error bodies against the error shape and status against httpError", () => {
    const oidc = {
      status: 401,
      headers: { "content-type": "application/json", "x-amzn-errortype": "InvalidClientException" },
      body: Buffer.from(JSON.stringify({ error: "invalid_client", error_description: "x" })),
    };
    expect(validateResponse("sso-oidc", "CreateTokenWithIAM", oidc)).toEqual([]);
    const noHeader = {
      ...oidc,
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ error: "invalid_client", message: "x" })),
    };
    expect(rules(validateResponse("sso-oidc", "CreateTokenWithIAM", noHeader))).toEqual(["envelope $"]);
    expect(rules(validateResponse("sso-oidc", "CreateTokenWithIAM", { ...oidc, status: 400 }))).toEqual([
      "error-status InvalidClientException",
    ]);
    const athena = json({ __type: "InvalidRequestException", Message: "m", AthenaErrorCode: 7, Bogus: 1 }, 400);
    expect(rules(validateResponse("athena", "GetQueryResults", athena))).toEqual([
      "type InvalidRequestException.AthenaErrorCode",
      "unknown-member InvalidRequestException.Bogus",
    ]);
  });
});

describe("XML protocols", () => {
  const ns = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';
  const creds =
    "<Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-01-01T00:00:00Z</Expiration></Credentials>";
  const user = "<AssumedRoleUser><Arn>a</Arn><AssumedRoleId>r</AssumedRoleId></AssumedRoleUser>";
  const meta = "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>";

  it("accepts the awsQuery envelope and reports what breaks it", () => {
    expect(
      validateResponse(
        "sts",
        "AssumeRole",
        xml(
          `<AssumeRoleResponse ${ns}><AssumeRoleResult>${user}${creds}</AssumeRoleResult>${meta}</AssumeRoleResponse>`,
        ),
      ),
    ).toEqual([]);
    const broken = `<AssumeRoleResponse><AssumeRoleResult>${user}${creds.replace("2026-01-01T00:00:00Z", "1767225600")}<Extra/></AssumeRoleResult></AssumeRoleResponse>`;
    expect(rules(validateResponse("sts", "AssumeRole", xml(broken)))).toEqual([
      "envelope <AssumeRoleResponse>",
      "envelope <ResponseMetadata>",
      "type $.Credentials.Expiration",
      "unknown-member $.Extra",
    ]);
    expect(
      rules(
        validateResponse(
          "sts",
          "AssumeRole",
          xml(`<AssumeRoleResponse ${ns}><AssumeRoleResult>${creds}</AssumeRoleResult>${meta}</AssumeRoleResponse>`),
        ),
      ),
    ).toEqual(["harness-required $.AssumedRoleUser"]);
  });

  it("maps elements through xmlName (S3 Control AccessGrant items) and checks the root element", () => {
    const grant =
      "<AccessGrant><CreatedAt>2026-01-01T00:00:00Z</CreatedAt><Permission>READ</Permission><Grantee><GranteeType>IAM</GranteeType><GranteeIdentifier>arn:aws:iam::1:role/r</GranteeIdentifier></Grantee></AccessGrant>";
    const s3c = 'xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"';
    expect(
      validateResponse(
        "s3-control",
        "ListAccessGrants",
        xml(`<ListAccessGrantsResult ${s3c}><AccessGrantsList>${grant}</AccessGrantsList></ListAccessGrantsResult>`),
      ),
    ).toEqual([]);
    const bad = grant
      .replace("READ", "READ_ONLY")
      .replace("<AccessGrant>", "<member>")
      .replace("</AccessGrant>", "</member>");
    expect(
      rules(
        validateResponse(
          "s3-control",
          "ListAccessGrants",
          xml(
            `<ListResult ${s3c}><AccessGrantsList>${bad}${grant.replace("READ", "READ_ONLY")}</AccessGrantsList></ListResult>`,
          ),
        ),
      ),
    ).toEqual(["envelope <ListResult>", "envelope $.AccessGrantsList[0]", "enum $.AccessGrantsList[1].Permission"]);
  });

  it("handles S3's flattened lists and header-bound members", () => {
    const s3ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
    const obj = (size: string) =>
      `<Contents><Key>k</Key><Size>${size}</Size><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><StorageClass>STANDARD</StorageClass></Contents>`;
    expect(
      validateResponse(
        "s3",
        "ListObjectsV2",
        xml(`<ListBucketResult ${s3ns}><Name>b</Name>${obj("1")}${obj("2")}</ListBucketResult>`),
      ),
    ).toEqual([]);
    expect(
      rules(validateResponse("s3", "ListObjectsV2", xml(`<ListBucketResult ${s3ns}>${obj("one")}</ListBucketResult>`))),
    ).toEqual(["type $.Contents[].Size"]);
    const head = {
      status: 200,
      headers: { "content-length": "x", "last-modified": "2026-01-01T00:00:00Z", "x-amz-checksum-type": "WHOLE" },
      body: Buffer.alloc(0),
    };
    expect(rules(validateResponse("s3", "HeadObject", head))).toEqual([
      "type header Last-Modified",
      "type header Content-Length",
      "enum header x-amz-checksum-type",
    ]);
  });
});
