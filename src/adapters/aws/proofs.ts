// Proofs read with the base principal before any check runs: a denial means something only about an
// object that exists, reached through a path that is live. Tables and columns come from the Glue Data
// Catalog (glue:GetTable), the workgroup's Identity Center setting from GetWorkGroup, and S3 objects
// and prefixes from HeadObject / ListObjectsV2, the Access Grants instance that governs each Access
// Grants target from GetAccessGrantsInstanceForPrefix, and the instance's locations and IAM grants
// from ListAccessGrantsLocations and ListAccessGrants. Never with a persona's session: on AWS, STS attaches
// AWSIAMIdentityCenterAllowListForIdentityContext to identity-enhanced sessions, which denies S3 reads.
import { GetWorkGroupCommand } from "@aws-sdk/client-athena";
import { GetTableCommand } from "@aws-sdk/client-glue";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import {
  GetAccessGrantsInstanceForPrefixCommand,
  ListAccessGrantsCommand,
  ListAccessGrantsLocationsCommand,
} from "@aws-sdk/client-s3-control";
import type { HeldGrant, ProofReader } from "../../core/ports.js";
import { errorCode, safeErrorText } from "./classify.js";
import type { Clients } from "./clients.js";
import { withRetry, type RetryBudget } from "./retry.js";

export class AwsProofReader implements ProofReader {
  private readonly glue;
  private readonly athena;
  private readonly s3;
  private readonly s3control;
  constructor(
    clients: Clients,
    private readonly retry: RetryBudget,
  ) {
    this.glue = clients.glue();
    this.athena = clients.athenaBase();
    this.s3 = clients.s3Base();
    this.s3control = clients.s3controlBase();
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

  async grantsInstance(accountId: string, target: string) {
    // Asked as a prefix: the target without its trailing `*` (whether S3Prefix takes a `*` is UNVERIFIED).
    const prefix = target.replace(/\*+$/, "");
    try {
      const r = await withRetry(
        () =>
          this.s3control.send(new GetAccessGrantsInstanceForPrefixCommand({ AccountId: accountId, S3Prefix: prefix })),
        this.retry,
      );
      if (!r.AccessGrantsInstanceArn)
        return { error: `s3:GetAccessGrantsInstanceForPrefix ${prefix}: no instance ARN in the answer` };
      return { instanceArn: r.AccessGrantsInstanceArn };
    } catch (e) {
      const code = errorCode(e);
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // No instance has a location covering the prefix (NoSuchAccessGrantsInstance, 404; the code is
      // the sandbox's reading, UNVERIFIED): only a 404 says so, anything else leaves it unproven.
      if (status === 404) return { none: true as const };
      return { error: `s3:GetAccessGrantsInstanceForPrefix ${prefix}: ${code}${status ? ` (${status})` : ""}` };
    }
  }

  async grantsLocations(accountId: string) {
    try {
      const locations: { scope: string; roleArn: string }[] = [];
      let token: string | undefined;
      do {
        const r = await withRetry(
          () => this.s3control.send(new ListAccessGrantsLocationsCommand({ AccountId: accountId, NextToken: token })),
          this.retry,
        );
        for (const l of r.AccessGrantsLocationsList ?? []) {
          // A location without its scope or role cannot be placed: the whole list is then unproven.
          if (!l.LocationScope || !l.IAMRoleArn)
            return { error: `s3:ListAccessGrantsLocations ${accountId}: a location without its scope or role` };
          locations.push({ scope: l.LocationScope, roleArn: l.IAMRoleArn });
        }
        token = r.NextToken;
      } while (token);
      return { locations };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      return { error: `s3:ListAccessGrantsLocations ${accountId}: ${errorCode(e)}${status ? ` (${status})` : ""}` };
    }
  }

  async grantsIam(accountId: string) {
    return this.listGrants(accountId, { GranteeType: "IAM" }, (g) => ({
      grantee: g.Grantee.GranteeIdentifier,
      scope: g.GrantScope,
      permission: g.Permission,
    }));
  }

  async grantsHeld(accountId: string, userId: string, groupIds: string[]) {
    const lists = await Promise.all([
      this.granteeGrants(accountId, "DIRECTORY_USER", userId),
      ...groupIds.map((g) => this.groupGrants(accountId, g)),
    ]);
    const failed = lists.find((l) => "error" in l);
    if (failed) return failed as { error: string };
    return { grants: lists.flatMap((l) => ("grants" in l ? l.grants : [])) };
  }

  /** Personas share groups: each group's grants are listed once a run. */
  private readonly groupLists = new Map<string, Promise<{ grants: HeldGrant[] } | { error: string }>>();
  private groupGrants(accountId: string, groupId: string) {
    const key = `${accountId}\u0000${groupId}`;
    let p = this.groupLists.get(key);
    if (!p) this.groupLists.set(key, (p = this.granteeGrants(accountId, "DIRECTORY_GROUP", groupId)));
    return p;
  }

  private granteeGrants(accountId: string, type: "DIRECTORY_USER" | "DIRECTORY_GROUP", id: string) {
    return this.listGrants(accountId, { GranteeType: type, GranteeIdentifier: id }, (g): HeldGrant | undefined =>
      // Asked by grantee; should the filter not hold, a grant to someone else is not this persona's.
      g.Grantee.GranteeType === type && g.Grantee.GranteeIdentifier.toLowerCase() === id.toLowerCase()
        ? {
            granteeType: type,
            grantee: id,
            scope: g.GrantScope,
            permission: g.Permission,
            ...(g.ApplicationArn ? { applicationArn: g.ApplicationArn } : {}),
          }
        : undefined,
    );
  }

  /** Every page of ListAccessGrants with this filter, each grant mapped (undefined: left out). */
  private async listGrants<T>(
    accountId: string,
    filter: { GranteeType: "IAM" | "DIRECTORY_USER" | "DIRECTORY_GROUP"; GranteeIdentifier?: string },
    map: (g: PlacedGrant) => T | undefined,
  ): Promise<{ grants: T[] } | { error: string }> {
    try {
      const grants: T[] = [];
      let token: string | undefined;
      do {
        const r = await withRetry(
          () => this.s3control.send(new ListAccessGrantsCommand({ AccountId: accountId, ...filter, NextToken: token })),
          this.retry,
        );
        for (const g of r.AccessGrantsList ?? []) {
          // A grant that cannot be placed might cover any target: the whole list is then unproven.
          if (!g.Grantee?.GranteeIdentifier || !g.GrantScope || !g.Permission)
            return { error: `s3:ListAccessGrants ${accountId}: a grant without its grantee, scope or permission` };
          const m = map(g as PlacedGrant);
          if (m !== undefined) grants.push(m);
        }
        token = r.NextToken;
      } while (token);
      return { grants };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      return { error: `s3:ListAccessGrants ${accountId}: ${errorCode(e)}${status ? ` (${status})` : ""}` };
    }
  }

  close(): void {
    this.s3control.destroy();
    this.glue.destroy();
    this.athena.destroy();
    this.s3.destroy();
  }
}

/** A listed grant whose grantee, scope and permission are all there. */
type PlacedGrant = {
  Grantee: { GranteeType?: string; GranteeIdentifier: string };
  GrantScope: string;
  Permission: string;
  ApplicationArn?: string;
};

function short(e: unknown): string {
  const m = safeErrorText(e);
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}
