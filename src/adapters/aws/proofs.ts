// Proofs read with the base principal before any check runs: a denial means something only about an
// object that exists, reached through a path that is live. Tables and columns come from the Glue Data
// Catalog (glue:GetTable), the workgroup's Identity Center setting from GetWorkGroup, and S3 objects
// and prefixes from HeadObject / ListObjectsV2. Never with a persona's session: on AWS, STS attaches
// AWSIAMIdentityCenterAllowListForIdentityContext to identity-enhanced sessions, which denies S3 reads.
import { GetWorkGroupCommand } from "@aws-sdk/client-athena";
import { GetTableCommand } from "@aws-sdk/client-glue";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { ProofReader } from "../../core/ports.js";
import { errorCode } from "./classify.js";
import type { Clients } from "./clients.js";
import { withRetry, type RetryBudget } from "./retry.js";

export class AwsProofReader implements ProofReader {
  private readonly glue;
  private readonly athena;
  private readonly s3;
  constructor(
    clients: Clients,
    private readonly retry: RetryBudget,
  ) {
    this.glue = clients.glue();
    this.athena = clients.athenaBase();
    this.s3 = clients.s3Base();
  }

  async table(database: string, table: string, catalogId?: string) {
    try {
      const r = await withRetry(
        () =>
          this.glue.send(
            new GetTableCommand({
              DatabaseName: database,
              Name: table,
              ...(catalogId ? { CatalogId: catalogId } : {}),
            }),
          ),
        this.retry,
      );
      const cols = [...(r.Table?.StorageDescriptor?.Columns ?? []), ...(r.Table?.PartitionKeys ?? [])]
        .map((c) => c.Name ?? "")
        .filter(Boolean);
      return { columns: cols };
    } catch (e) {
      const code = errorCode(e);
      return {
        error: `glue:GetTable ${database}.${table}: ${code}: ${short(e)}`,
        notFound: code === "EntityNotFoundException",
      };
    }
  }

  async workgroup(name: string) {
    try {
      const r = await withRetry(() => this.athena.send(new GetWorkGroupCommand({ WorkGroup: name })), this.retry);
      const ic = r.WorkGroup?.Configuration?.IdentityCenterConfiguration;
      return {
        identityCenterEnabled: ic?.EnableIdentityCenter === true,
        ...(r.WorkGroup?.IdentityCenterApplicationArn
          ? { applicationArn: r.WorkGroup.IdentityCenterApplicationArn }
          : {}),
        ...(ic?.IdentityCenterInstanceArn ? { instanceArn: ic.IdentityCenterInstanceArn } : {}),
      };
    } catch (e) {
      return { error: `athena:GetWorkGroup ${name}: ${errorCode(e)}: ${short(e)}` };
    }
  }

  async exists(uri: string): Promise<boolean | { error: string }> {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m) return { error: `not an s3:// URI: ${uri}` };
    const [, bucket, path] = m;
    const prefix = path.replace(/\*+$/, "");
    try {
      if (path === "" || path.endsWith("*") || path.endsWith("/")) {
        const r = await withRetry(
          () => this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 })),
          this.retry,
        );
        return (r.KeyCount ?? r.Contents?.length ?? 0) > 0;
      }
      await withRetry(() => this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: path })), this.retry);
      return true;
    } catch (e) {
      const code = errorCode(e);
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (code === "NotFound" || code === "NoSuchKey" || status === 404) return false;
      return {
        error: `${path.endsWith("*") || path.endsWith("/") || path === "" ? "s3:ListBucket" : "s3:GetObject (HeadObject)"} ${uri}: ${code}${status ? ` (${status})` : ""}`,
      };
    }
  }

  close(): void {
    this.glue.destroy();
    this.athena.destroy();
    this.s3.destroy();
  }
}

function short(e: unknown): string {
  const m = (e as Error)?.message ?? String(e);
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}
