// Which service and Region a request was sent to, independent of how it was signed. AWS gives every
// service its own host; the sandbox serves them all on one port, so it reads the service from the Host
// (an AWS host name, as in proxy mode) or else from the request's shape: X-Amz-Target prefix (JSON
// services), a form body with Action= (STS), /v20180820/ (S3 Control), POST /token (SSO OIDC), or S3.
// SigV4 then refuses a credential scope whose service or Region differs from the endpoint's.

export interface Endpoint {
  /** Route name: the signing name, except S3 Control ('s3control', which signs as 's3'). */
  route: string;
  /** The signing name the endpoint expects in the credential scope. */
  signingName: string;
  /** The Region named by an AWS host name (global hosts: us-east-1); undefined on loopback hosts. */
  region?: string;
  /** True when nothing marked the request as any service's and it is taken for S3 by default. */
  fallback?: boolean;
  /** True when the Host header is an AWS host name (proxy mode). */
  fromHost?: boolean;
}

const TARGET_PREFIX: Record<string, string> = {
  AmazonAthena: "athena",
  AWSGlue: "glue",
  AWSIdentityStore: "identitystore",
  CloudTrail_20131101: "cloudtrail",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": "cloudtrail",
  SWBExternalService: "sso",
};

/** Host prefixes of AWS endpoints (`<prefix>.<region>.amazonaws.com`) → route. */
const HOST_PREFIX: Record<string, string> = {
  sts: "sts",
  athena: "athena",
  glue: "glue",
  identitystore: "identitystore",
  cloudtrail: "cloudtrail",
  oidc: "sso-oauth",
  "s3-control": "s3control",
  s3: "s3",
};

const signingNameOf = (route: string) => (route === "s3control" ? "s3" : route);

/** Parses an AWS host name: `sts.amazonaws.com`, `athena.eu-west-1.amazonaws.com`,
 *  `111122223333.s3-control.us-east-1.amazonaws.com`, `bucket.s3.us-east-1.amazonaws.com`, `s3.amazonaws.com`. */
export function endpointFromHost(hostHeader: string | undefined): Endpoint | undefined {
  const host = (hostHeader ?? "").replace(/:\d+$/, "").toLowerCase();
  const m =
    /^(?:(.+)\.)?(sts|athena|glue|identitystore|cloudtrail|oidc|s3-control|s3)(?:[.-]([a-z]{2}(?:-gov)?-[a-z]+-\d))?\.amazonaws\.com(?:\.cn)?$/.exec(
      host,
    );
  if (!m) return undefined;
  const route = HOST_PREFIX[m[2]];
  // A leading label is only an account id (S3 Control) or a bucket (S3 virtual-hosted style).
  if (m[1] && route !== "s3" && route !== "s3control") return undefined;
  const region = m[3] ?? (route === "s3" ? undefined : "us-east-1");
  return { route, signingName: signingNameOf(route), region, fromHost: true };
}

/** The endpoint a request addresses, from its Host when that is an AWS name, else from its shape. */
export function endpointOf(req: {
  method: string;
  rawPath: string;
  headers: Record<string, string>;
  body: Buffer;
}): Endpoint | undefined {
  const byHost = endpointFromHost(req.headers.host);
  if (byHost) return byHost;
  const target = req.headers["x-amz-target"];
  if (target !== undefined) {
    const route = TARGET_PREFIX[target.slice(0, Math.max(0, target.lastIndexOf(".")))];
    return route ? { route, signingName: route } : undefined;
  }
  if (req.rawPath.startsWith("/v20180820/")) return { route: "s3control", signingName: "s3" };
  if (req.method === "POST" && (req.rawPath === "/token" || req.rawPath === "/token/"))
    return { route: "sso-oauth", signingName: "sso-oauth" };
  const form = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  // Lake Formation (restJson): POST /<Operation> with a JSON body; S3 paths start with a lowercase bucket name.
  if (
    req.method === "POST" &&
    /^\/[A-Z]\w+$/.test(req.rawPath) &&
    (req.headers["content-type"] ?? "").startsWith("application/json")
  )
    return { route: "lakeformation", signingName: "lakeformation" };
  const head = req.body.toString("latin1", 0, 2048);
  // IAM and STS both speak awsQuery on POST /; IAM's API version tells them apart.
  if (req.method === "POST" && req.rawPath === "/" && /(^|&)Version=2010-05-08(&|$)/.test(head))
    return { route: "iam", signingName: "iam" };
  if (req.method === "POST" && req.rawPath === "/" && (form || /(^|&)Action=/.test(head)))
    return { route: "sts", signingName: "sts" };
  return { route: "s3", signingName: "s3", fallback: true };
}
