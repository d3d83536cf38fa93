// Seeing the bytes behind a real SDK call: a requestHandler that wraps NodeHttpHandler and tees every
// response body (the SDK still parses the same bytes), plus a raw SigV4-signed request for what the SDK
// would never send (botocore's target prefixes, tampered bodies, unsigned headers, skewed dates).
import { request as httpRequest, STATUS_CODES, type Agent } from "node:http";
import { Readable } from "node:stream";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import type { HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/types";
import type { WireResponse } from "./model-validate.js";

export interface Exchange {
  request: {
    method: string;
    path: string;
    query: Record<string, unknown>;
    headers: Record<string, string>;
    body: string;
  };
  response: WireResponse;
}

async function collect(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function requestBody(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  // A view, not Buffer.from(body): the SDK's JSON body adapter warns when coerced through valueOf().
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  return "<stream>";
}

/** A requestHandler for any v3 client: `new XClient({ requestHandler: capture })`; `capture.last` is the latest exchange. */
export class CapturingHandler {
  readonly exchanges: Exchange[] = [];
  private readonly inner: NodeHttpHandler;
  constructor(options: { httpAgent?: Agent } = {}) {
    this.inner = new NodeHttpHandler(options);
  }

  get last(): Exchange {
    const x = this.exchanges.at(-1);
    if (!x) throw new Error("no request was captured");
    return x;
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const sent = {
      method: request.method,
      path: request.path,
      query: { ...request.query },
      headers: { ...request.headers },
      body: requestBody(request.body),
    };
    const { response } = await this.inner.handle(request as Parameters<NodeHttpHandler["handle"]>[0], options);
    const bytes = await collect(response.body);
    // Hand the SDK an equivalent stream of the same bytes (S3's sdkStreamMixin needs a Readable).
    response.body = Readable.from(bytes.length ? [bytes] : []);
    this.exchanges.push({
      request: sent,
      response: { status: response.statusCode, headers: { ...response.headers }, body: bytes },
    });
    return { response };
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig(key, value);
  }
  httpHandlerConfigs(): ReturnType<NodeHttpHandler["httpHandlerConfigs"]> {
    return this.inner.httpHandlerConfigs();
  }
  destroy(): void {
    this.inner.destroy();
  }
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawRequest {
  endpoint: string;
  service: string;
  region?: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  credentials: SigningCredentials;
  /** Signs with this date instead of now (the sandbox allows 15 minutes of skew). */
  signingDate?: Date;
  /** Sign `body` but send these bytes instead (a tampered body). */
  sendBody?: string | Buffer;
  /** Headers added after signing (not in SignedHeaders). */
  unsignedHeaders?: Record<string, string>;
  /** Drop x-amz-security-token from the signed request (signed as if there were no session token). */
  omitSessionToken?: boolean;
  /** Host header to sign and send (defaults to the endpoint's host). */
  host?: string;
}

const encodeQuery = (q: Record<string, string>) =>
  Object.entries(q)
    .map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    )
    .join("&");

/** Signs with @smithy/signature-v4 (as the SDK would) and sends with node:http, returning the raw response. */
export async function rawSigned(r: RawRequest): Promise<WireResponse> {
  const url = new URL(r.endpoint);
  const host = r.host ?? url.host;
  const body = r.body ?? "";
  const credentials = r.omitSessionToken
    ? { accessKeyId: r.credentials.accessKeyId, secretAccessKey: r.credentials.secretAccessKey }
    : r.credentials;
  const signer = new SignatureV4({
    service: r.service,
    region: r.region ?? "us-east-1",
    sha256: Hash.bind(null, "sha256"),
    credentials,
    uriEscapePath: r.service !== "s3",
    applyChecksum: r.service === "s3",
  });
  const signed = await signer.sign(
    {
      method: r.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: r.path,
      query: r.query ?? {},
      headers: { host, ...r.headers },
      body,
    },
    r.signingDate ? { signingDate: r.signingDate } : undefined,
  );
  const sendBody = Buffer.from(r.sendBody ?? body);
  const headers: Record<string, string> = {
    ...(signed.headers as Record<string, string>),
    ...r.unsignedHeaders,
    "content-length": String(sendBody.length),
  };
  const qs = r.query && Object.keys(r.query).length ? `?${encodeQuery(r.query)}` : "";
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: r.method, path: `${r.path}${qs}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(",") : v;
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on("error", reject);
    req.end(sendBody);
  });
}

/** "HTTP/1.1 200 OK" for a status (the sandbox leaves reason phrases to Node, which uses these). */
export const statusLine = (status: number) => `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd();
