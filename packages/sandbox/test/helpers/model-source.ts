// The AWS service models the fidelity tier checks the sandbox against, read from the installed
// @aws-sdk/client-* packages (never a hand-typed copy):
//   - shapes, members, wire bindings (xmlName, httpHeader, timestamp formats), the required-member count
//     and error traits (httpError, client/server fault, awsQueryError): the static schemas `<Shape>$` in
//     dist-es/schemas/schemas_0.js, exported by each client and walked with NormalizedSchema;
//   - enum values: the exported enum objects (e.g. QueryExecutionState), matched to members through the
//     member types in dist-types/models/*.d.ts (the schema itself types enums as plain strings);
//   - the modelled errors of an operation: the `@throws {@link X}` lines of dist-types/commands/<Op>Command.d.ts;
//   - protocol and XML namespace: the client's own resolved config (protocol.getShapeId(), protocolSettings).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NormalizedSchema } from "@smithy/core/schema";
import * as athena from "@aws-sdk/client-athena";
import * as cloudtrail from "@aws-sdk/client-cloudtrail";
import * as glue from "@aws-sdk/client-glue";
import * as identitystore from "@aws-sdk/client-identitystore";
import * as s3 from "@aws-sdk/client-s3";
import * as s3control from "@aws-sdk/client-s3-control";
import * as ssooidc from "@aws-sdk/client-sso-oidc";
import * as sts from "@aws-sdk/client-sts";
import * as ssoadmin from "@aws-sdk/client-sso-admin";
import * as lakeformation from "@aws-sdk/client-lakeformation";
import * as iam from "@aws-sdk/client-iam";

export type WireProtocol = "awsJson1_1" | "restJson1" | "awsQuery" | "restXml";
export type ServiceId =
  | "sts"
  | "sso-oidc"
  | "athena"
  | "cloudtrail"
  | "identitystore"
  | "s3"
  | "s3-control"
  | "glue"
  | "sso-admin"
  | "lakeformation"
  | "iam";

type Exports = Record<string, unknown>;
const MODULES: Record<ServiceId, { exports: Exports; client: string }> = {
  sts: { exports: sts, client: "STSClient" },
  "sso-oidc": { exports: ssooidc, client: "SSOOIDCClient" },
  athena: { exports: athena, client: "AthenaClient" },
  cloudtrail: { exports: cloudtrail, client: "CloudTrailClient" },
  identitystore: { exports: identitystore, client: "IdentitystoreClient" },
  s3: { exports: s3, client: "S3Client" },
  "s3-control": { exports: s3control, client: "S3ControlClient" },
  glue: { exports: glue, client: "GlueClient" },
  "sso-admin": { exports: ssoadmin, client: "SSOAdminClient" },
  lakeformation: { exports: lakeformation, client: "LakeFormationClient" },
  iam: { exports: iam, client: "IAMClient" },
};

export interface ServiceModel {
  id: ServiceId;
  pkg: string;
  version: string;
  protocol: WireProtocol;
  /** XML namespace the protocol serializes with (query/restXml only). */
  xmlNamespace?: string;
  /** Output schema of an operation (throws for an operation the package does not have). */
  output(op: string): NormalizedSchema;
  /** Error schema by shape name, or by awsQuery error code (e.g. "MalformedPolicyDocument"). */
  error(code: string): NormalizedSchema | undefined;
  /** Enum values allowed for `<Shape>.<member>`, when the member's type is an exported enum. */
  enumOf(shape: string, member: string): readonly string[] | undefined;
  /** Error shape names the operation declares (@throws), without the service's base exception. */
  modelledErrors(op: string): string[];
}

const req = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  // Walk up from the entry point to the package's own package.json (dist folders may hold their own).
  let dir = dirname(req.resolve(pkg));
  while (!(
    existsSync(join(dir, "package.json")) &&
    (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === pkg
  )) {
    if (dirname(dir) === dir) throw new Error(`cannot find ${pkg}/package.json`);
    dir = dirname(dir);
  }
  return dir;
}

/** `Interface.member` → the member's declared type name (with `[]` when it is a list of that type). */
function memberTypes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const models = join(dir, "dist-types", "models");
  for (const f of readdirSync(models).filter((x) => x.endsWith(".d.ts"))) {
    const text = readFileSync(join(models, f), "utf8");
    // Interfaces (shapes) and declared classes (error shapes); bodies end at a `}` in column 0.
    for (const m of text.matchAll(/^export (?:interface|declare class) (\w+)[^{\n]*\{\n([\s\S]*?)^\}/gm)) {
      for (const mm of m[2].matchAll(/^ {4}(?:readonly )?(\w+)\??: ([\w.]+(?:\[\])?) \| undefined;$/gm))
        out.set(`${m[1]}.${mm[1]}`, mm[2]);
    }
  }
  return out;
}

function isEnumObject(v: unknown): v is Record<string, string> {
  return (
    !!v &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.values(v).length > 0 &&
    Object.values(v).every((x) => typeof x === "string")
  );
}

const cache = new Map<ServiceId, ServiceModel>();

export function serviceModel(id: ServiceId): ServiceModel {
  const hit = cache.get(id);
  if (hit) return hit;
  const { exports, client } = MODULES[id];
  const pkg = `@aws-sdk/client-${id}`;
  const dir = packageDir(pkg);
  const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  const Client = exports[client] as new (c: object) => {
    config: { protocol: { getShapeId(): string }; protocolSettings?: { xmlNamespace?: string } };
  };
  const config = new Client({ region: "us-east-1" }).config;
  const protocol = config.protocol.getShapeId().replace(/^aws\.protocols#/, "") as WireProtocol;
  const types = memberTypes(dir);

  // awsQuery errors travel under their awsQueryError code, which may differ from the shape name.
  const errorsByCode = new Map<string, NormalizedSchema>();
  for (const [k, v] of Object.entries(exports)) {
    if (!k.endsWith("$") || !Array.isArray(v) || v[0] !== -3) continue;
    const ns = NormalizedSchema.of(v as never);
    errorsByCode.set(ns.getName()!, ns);
    const q = (ns.getMergedTraits() as { awsQueryError?: [string, number] }).awsQueryError;
    if (q) errorsByCode.set(q[0], ns);
  }

  const model: ServiceModel = {
    id,
    pkg,
    version,
    protocol,
    xmlNamespace: config.protocolSettings?.xmlNamespace,
    output(op) {
      const schema = exports[`${op}$`];
      if (!Array.isArray(schema) || schema[0] !== 9) throw new Error(`${pkg} has no operation ${op}`);
      return NormalizedSchema.of(schema[5] as never);
    },
    error: (code) => errorsByCode.get(code),
    enumOf(shape, member) {
      const t = types.get(`${shape}.${member}`) ?? types.get(`_${shape}.${member}`);
      const e = t ? exports[t.replace(/\[\]$/, "")] : undefined;
      return isEnumObject(e) ? Object.values(e) : undefined;
    },
    modelledErrors(op) {
      const file = join(dir, "dist-types", "commands", `${op}Command.d.ts`);
      const text = readFileSync(file, "utf8");
      return [...text.matchAll(/@throws \{@link (\w+)\}/g)]
        .map((m) => m[1])
        .filter((n) => !n.endsWith("ServiceException"));
    },
  };
  cache.set(id, model);
  return model;
}

/** Versions of every model source, for docs/fidelity.md and failure messages. */
export function modelVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of Object.keys(MODULES) as ServiceId[]) out[`@aws-sdk/client-${id}`] = serviceModel(id).version;
  out["@smithy/core"] = (
    JSON.parse(readFileSync(join(packageDir("@smithy/core"), "package.json"), "utf8")) as { version: string }
  ).version;
  return out;
}
