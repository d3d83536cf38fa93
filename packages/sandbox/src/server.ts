// The sandbox's HTTP front door: node:http (raw path, raw query and raw headers are needed byte-exact
// for SigV4, which frameworks normalize away), then fault injection, SigV4, and dispatch by signing name.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { stableRequestText } from "./fault-dice.js";
import type { AddressInfo } from "node:net";
import { verifySigV4, parseAuthorization, parseRawQuery } from "./auth/sigv4.js";
import { endpointOf } from "./auth/endpoint.js";
import type { EmulatedService, SandboxContext } from "./context.js";
import { AwsError, type Protocol } from "./protocols/errors.js";
import { renderError } from "./protocols/wire.js";
import type { SandboxRequest, SandboxResponse } from "./types.js";

const MAX_BODY_BYTES = 64 * 1024 * 1024;

const PROTOCOL_BY_SIGNING_NAME: Record<string, Protocol> = {
  sts: "awsQuery",
  "sso-oauth": "restJson",
  athena: "awsJson1_1",
  cloudtrail: "awsJson1_1",
  identitystore: "awsJson1_1",
  glue: "awsJson1_1",
  sso: "awsJson1_1",
  lakeformation: "restJson",
  s3: "restXml",
  s3control: "restXmlControl",
};

/** S3 Control shares the `s3` signing name; it is told apart by its versioned path. */
export function routeName(signingName: string, path: string): string {
  return signingName === "s3" && path.startsWith("/v20180820/") ? "s3control" : signingName;
}

function guessProtocol(req: IncomingMessage, body: Buffer): Protocol {
  if (req.headers["x-amz-target"]) return "awsJson1_1";
  if (/(^|&)Action=/.test(body.toString("latin1", 0, 2048))) return "awsQuery";
  if ((req.url ?? "").startsWith("/v20180820/")) return "restXmlControl";
  return "restXml";
}

function throttleError(protocol: Protocol): AwsError {
  switch (protocol) {
    case "awsQuery":
      return new AwsError("Throttling", "Rate exceeded", { status: 400 });
    case "restXml":
    case "restXmlControl":
      return new AwsError("SlowDown", "Please reduce your request rate.", { status: 503 });
    default:
      return new AwsError("ThrottlingException", "Rate exceeded", { status: 400 });
  }
}

function serverError(protocol: Protocol, signingName = ""): AwsError {
  if (signingName === "sso-oauth")
    return new AwsError("InternalServerException", "", {
      status: 500,
      messageKey: null,
      fields: { error: "server_error", error_description: "Internal server error" },
    });
  if (protocol === "awsQuery")
    return new AwsError("ServiceUnavailable", "Service is unable to handle request.", { status: 503 });
  if (protocol === "restXml" || protocol === "restXmlControl")
    return new AwsError("InternalError", "We encountered an internal error. Please try again.", { status: 500 });
  return new AwsError("InternalServerException", "Internal server error", { status: 500 });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { status: 400 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
  return out;
}

export interface ServerHandle {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(
  ctx: SandboxContext,
  services: EmulatedService[],
  host: string,
  port: number,
  onError: (e: unknown) => void,
): Promise<ServerHandle> {
  const byName = new Map<string, EmulatedService>();
  for (const s of services) for (const n of s.signingNames) byName.set(n, s);

  const requestIdOf = new WeakMap<IncomingMessage, string>();
  const protocolOf = new WeakMap<IncomingMessage, Protocol>();
  async function handle(req: IncomingMessage): Promise<SandboxResponse> {
    const requestId = randomUUID();
    requestIdOf.set(req, requestId);
    const url = originForm(req.url ?? "/");
    const qi = url.indexOf("?");
    const rawPath = qi < 0 ? url : url.slice(0, qi);
    const rawQuery = qi < 0 ? "" : url.slice(qi + 1);
    const headers = lowerHeaders(req);
    let protocol: Protocol = "restXml";
    try {
      const body = await readBody(req);
      const auth = parseAuthorization(headers.authorization);
      // The endpoint decides the service (and so the protocol of any refusal); the credential scope must
      // then name it. A scope naming a service the sandbox does not emulate, on a request nothing marks
      // as another service's, is answered as "not emulated" rather than as a mis-scoped S3 request.
      const endpoint = endpointOf({ method: req.method ?? "GET", rawPath, headers, body });
      const signedName = auth ? routeName(auth.service, rawPath) : "";
      const name = endpoint && !(endpoint.fallback && auth && !byName.has(signedName)) ? endpoint.route : signedName;
      const expected = auth
        ? {
            signingName: endpoint && name === endpoint.route ? endpoint.signingName : auth.service,
            region: endpoint?.region ?? ctx.fixture.region,
          }
        : undefined;
      protocol =
        auth || endpoint?.fromHost
          ? (PROTOCOL_BY_SIGNING_NAME[name] ?? guessProtocol(req, body))
          : guessProtocol(req, body);
      protocolOf.set(req, protocol);
      const sreq: SandboxRequest = {
        method: req.method ?? "GET",
        rawPath,
        path: safeDecode(rawPath),
        query: parseRawQuery(rawQuery),
        headers,
        body,
        requestId,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
        signingService: auth?.service ?? "",
        region: auth?.region ?? ctx.fixture.region,
        protocol,
      };
      if (ctx.faults.latencyMs) await new Promise((r) => setTimeout(r, ctx.faults.latencyMs));
      if (!auth) {
        for (const s of services) {
          const res = s.unsigned ? await s.unsigned(sreq) : undefined;
          if (res) return res;
        }
        if (!headers.authorization && !("X-Amz-Credential" in sreq.query))
          return renderError(protocol, verifyMissing(protocol), requestId);
      }
      const service = byName.get(name);
      if (!service)
        return renderError(
          protocol,
          new AwsError("UnknownOperationException", `The sandbox does not emulate service '${name || "unknown"}'.`, {
            status: 400,
          }),
          requestId,
        );
      const { lineage } = await verifySigV4(
        { method: sreq.method, rawPath, rawQuery, headers, body, protocol, now: ctx.clock.now(), expected },
        ctx.credentials,
      );
      sreq.lineage = lineage;
      sreq.accessKeyId = auth!.accessKeyId;
      // Faults are decided per request identity, not per arrival order, so a seed is repeatable.
      const who = lineage.identityContext?.userId ?? lineage.role?.arn ?? lineage.principalArn;
      sreq.faultKey = `${name}\u0000${who}\u0000${sreq.method} ${stableRequestText(rawPath)}?${stableRequestText(rawQuery)}\u0000${headers["x-amz-target"] ?? ""}\u0000${stableRequestText(body.toString("utf8"))}`;
      const applies = ctx.faults.services.length === 0 || ctx.faults.services.includes(name);
      if (
        applies &&
        ctx.faults.throttleRate > 0 &&
        ctx.dice.roll(`throttle\u0000${sreq.faultKey}`) < ctx.faults.throttleRate
      )
        return renderError(protocol, throttleError(protocol), requestId);
      if (
        applies &&
        ctx.faults.serverErrorRate > 0 &&
        ctx.dice.roll(`5xx\u0000${sreq.faultKey}`) < ctx.faults.serverErrorRate
      )
        return renderError(protocol, serverError(protocol, name), requestId);
      return await service.handle(sreq);
    } catch (e) {
      if (e instanceof AwsError) return renderError(protocol, e, requestId);
      // A sandbox bug must surface as a server fault: the harness treats it as an error, never a pass.
      onError(e);
      return renderError(
        protocol,
        new AwsError("InternalFailure", "The sandbox failed to process the request (see sandbox log).", {
          status: 500,
        }),
        requestId,
      );
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (r) => {
        const body = typeof r.body === "string" ? Buffer.from(r.body) : r.body;
        // Every response names its request id (x-amzn-requestid, and x-amz-request-id for S3) as AWS does:
        // it is the CloudTrail record's requestID, the harness's most exact correlation key.
        const rid = r.headers["x-amzn-requestid"] ?? r.headers["x-amz-request-id"] ?? requestIdOf.get(req) ?? "";
        // S3 and S3 Control name requests with x-amz-request-id plus x-amz-id-2; the others with x-amzn-RequestId.
        const s3Family = protocolOf.get(req) === "restXml" || protocolOf.get(req) === "restXmlControl";
        const ids = s3Family
          ? { "x-amz-request-id": rid, "x-amz-id-2": Buffer.from(`sandbox-host-${rid}`).toString("base64") }
          : { "x-amzn-requestid": rid };
        res.writeHead(r.status, {
          date: new Date(ctx.clock.now()).toUTCString(),
          "content-length": String(body.length),
          ...ids,
          ...r.headers,
        });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (e) => {
        onError(e);
        res.writeHead(500).end();
      },
    );
  });
  // Proxy mode answers plain-HTTP absolute-form requests; HTTPS through a proxy (CONNECT) would need a
  // certificate the client trusts, so it is refused with a clear message instead of a hang.
  server.on("connect", (req: IncomingMessage, socket) => {
    const text = `The tip-proof sandbox answers plain-HTTP proxy requests only (CONNECT ${req.url} refused). Set AWS_ENDPOINT_URL=${ctx.endpoint} so clients use http://, and HTTP_PROXY=${ctx.endpoint}.\n`;
    socket.end(
      `HTTP/1.1 501 Not Implemented\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function verifyMissing(protocol: Protocol): AwsError {
  if (protocol === "restXml" || protocol === "restXmlControl")
    return new AwsError("AccessDenied", "Access Denied", { status: 403 });
  if (protocol === "awsQuery")
    return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", { status: 403 });
  return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", { status: 403 });
}

/** Proxy mode: a client that sends every request to the sandbox as its HTTP proxy uses the absolute form
 *  (`GET http://111122223333.s3-control.us-east-1.amazonaws.com/v20180820/… HTTP/1.1`); the sandbox
 *  answers it itself. The Host header (signed by the client) still names the original host. */
export function originForm(url: string): string {
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!abs) return url;
  const rest = url.slice(abs[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
