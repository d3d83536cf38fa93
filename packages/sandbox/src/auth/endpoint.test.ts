import { describe, expect, it } from "vitest";
import { endpointFromHost, endpointOf } from "./endpoint.js";
import { originForm } from "../server.js";

const req = (over: Partial<{ method: string; rawPath: string; headers: Record<string, string>; body: string }>) => ({
  method: over.method ?? "POST",
  rawPath: over.rawPath ?? "/",
  headers: { host: "127.0.0.1:4599", ...over.headers },
  body: Buffer.from(over.body ?? ""),
});

describe("endpointOf: which service a request addresses, whatever it was signed for", () => {
  it.each([
    [{ headers: { "x-amz-target": "AmazonAthena.GetWorkGroup" } }, "athena"],
    [
      { headers: { "x-amz-target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents" } },
      "cloudtrail",
    ],
    [{ headers: { "x-amz-target": "CloudTrail_20131101.LookupEvents" } }, "cloudtrail"],
    [{ headers: { "x-amz-target": "AWSGlue.GetTable" } }, "glue"],
    [{ headers: { "x-amz-target": "AWSIdentityStore.DescribeUser" } }, "identitystore"],
    [{ headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity" }, "sts"],
    [{ rawPath: "/token" }, "sso-oauth"],
    [{ method: "GET", rawPath: "/v20180820/accessgrantsinstance/prefix" }, "s3control"],
    [{ method: "GET", rawPath: "/tip-sandbox-data/x" }, "s3"],
  ] as const)("%j → %s", (r, route) => {
    expect(endpointOf(req(r as never))?.route).toBe(route);
  });

  it("an unknown X-Amz-Target prefix names no endpoint", () => {
    expect(endpointOf(req({ headers: { "x-amz-target": "AWSLakeFormation.GetDataAccess" } }))).toBeUndefined();
  });

  it.each([
    ["sts.amazonaws.com", "sts", "us-east-1"],
    ["sts.eu-west-1.amazonaws.com", "sts", "eu-west-1"],
    ["athena.us-east-1.amazonaws.com:443", "athena", "us-east-1"],
    ["oidc.eu-central-1.amazonaws.com", "sso-oauth", "eu-central-1"],
    ["111122223333.s3-control.us-east-1.amazonaws.com", "s3control", "us-east-1"],
    ["tip-sandbox-data.s3.eu-central-1.amazonaws.com", "s3", "eu-central-1"],
    ["s3.amazonaws.com", "s3", undefined],
  ])("AWS host %s → %s in %s", (host, route, region) => {
    expect(endpointFromHost(host)).toMatchObject({ route, region, fromHost: true });
  });

  it("loopback and other hosts are not AWS names", () => {
    for (const h of ["127.0.0.1:4599", "111122223333.127.0.0.1:4599", "localhost", "evil.amazonaws.com.example"])
      expect(endpointFromHost(h)).toBeUndefined();
  });
});

describe("originForm: absolute-form proxy requests are answered as if sent directly", () => {
  it.each([
    ["/a?b=c", "/a?b=c"],
    ["http://111122223333.127.0.0.1:4599/v20180820/x?y=1", "/v20180820/x?y=1"],
    ["http://sts.us-east-1.amazonaws.com", "/"],
    ["http://sts.us-east-1.amazonaws.com?Action=x", "/?Action=x"],
  ])("%s → %s", (url, out) => expect(originForm(url)).toBe(out));
});
