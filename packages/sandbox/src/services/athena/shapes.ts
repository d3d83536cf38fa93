// Response shapes, member for member as in @aws-sdk/client-athena's models (QueryExecution, WorkGroup):
// the SDK drops unknown members silently, so a misspelt name would simply vanish. Timestamps are epoch
// seconds (awsJson).
import type { Fixture } from "../../fixture/load.js";
import { engineText } from "./messages.js";
import type { Workgroup } from "./access.js";
import { viewAt, type QueryRecord } from "./executions.js";

const epoch = (ms: number): number => ms / 1000;

export function s3AccessGrantsConfiguration(wg: Workgroup): Record<string, unknown> | undefined {
  // IdC-enabled workgroups need S3 Access Grants for their results (aws-wire-facts §3.6, gotcha 15).
  return wg.identityCenterEnabled
    ? {
        EnableS3AccessGrants: true,
        CreateUserLevelPrefix: wg.createUserLevelPrefix,
        AuthenticationType: "DIRECTORY_IDENTITY",
      }
    : undefined;
}

const engineVersion = (wg: Workgroup) => ({
  SelectedEngineVersion: wg.engineVersion,
  EffectiveEngineVersion: wg.engineVersion,
});

export function queryExecutionShape(r: QueryRecord, now: number): Record<string, unknown> {
  const v = viewAt(r, now);
  const end = v.completedAt ?? now;
  const queueMs = Math.min(end, r.submittedAt + r.queuedMs) - r.submittedAt;
  const engineMs = Math.max(0, end - r.submittedAt - r.queuedMs);
  const status: Record<string, unknown> = { State: v.state, SubmissionDateTime: epoch(r.submittedAt) };
  if (v.completedAt !== undefined) status.CompletionDateTime = epoch(v.completedAt);
  if (v.state === "CANCELLED") status.StateChangeReason = v.settled?.failure?.message ?? engineText.cancelledByUser();
  const failure = v.state === "FAILED" ? v.settled?.failure : undefined;
  if (failure) {
    status.StateChangeReason = failure.message;
    status.AthenaError = {
      ErrorCategory: failure.category,
      ErrorType: failure.errorType,
      Retryable: failure.retryable,
      ErrorMessage: failure.message,
    };
  }
  const statistics: Record<string, unknown> = {
    EngineExecutionTimeInMillis: engineMs,
    // Planning failures settle with 0 bytes; queued, running and stopped queries report 0 as well, and
    // a query the workgroup's limit cancelled what it scanned.
    DataScannedInBytes: v.settled?.dataScannedBytes ?? 0,
    TotalExecutionTimeInMillis: end - r.submittedAt,
    QueryQueueTimeInMillis: queueMs,
    ServicePreProcessingTimeInMillis: 0,
    QueryPlanningTimeInMillis: Math.min(engineMs, Math.floor(engineMs / 4)),
    ServiceProcessingTimeInMillis: 0,
    ResultReuseInformation: { ReusedPreviousResult: false },
  };
  const settled = v.settled ?? r.settled;
  const out: Record<string, unknown> = {
    QueryExecutionId: r.id,
    Query: r.query,
    StatementType: settled?.statementType ?? "DML",
    ResultConfiguration: { OutputLocation: `s3://${r.outputBucket}/${r.outputKey}` },
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    QueryExecutionContext: {
      ...(r.database !== undefined ? { Database: r.database } : {}),
      ...(r.catalog !== undefined ? { Catalog: r.catalog } : {}),
    },
    Status: status,
    Statistics: statistics,
    WorkGroup: r.workgroup.name,
    EngineVersion: engineVersion(r.workgroup),
    SubstatementType: settled?.substatementType ?? "SELECT",
  };
  if (r.executionParameters) out.ExecutionParameters = r.executionParameters;
  const s3ag = s3AccessGrantsConfiguration(r.workgroup);
  if (s3ag) out.QueryResultsS3AccessGrantsConfiguration = s3ag;
  return out;
}

export function workGroupShape(f: Fixture, wg: Workgroup, createdAt: number): Record<string, unknown> {
  const configuration: Record<string, unknown> = {
    ResultConfiguration: { OutputLocation: wg.outputLocation },
    // Client-side result settings are ignored, as with "Override client-side settings" (the default).
    EnforceWorkGroupConfiguration: true,
    PublishCloudWatchMetricsEnabled: true,
    RequesterPaysEnabled: false,
    EngineVersion: engineVersion(wg),
    EnableMinimumEncryptionConfiguration: false,
  };
  if (wg.bytesScannedCutoffPerQuery !== undefined)
    configuration.BytesScannedCutoffPerQuery = wg.bytesScannedCutoffPerQuery;
  if (wg.executionRole) configuration.ExecutionRole = wg.executionRole;
  if (wg.identityCenterEnabled) {
    configuration.IdentityCenterConfiguration = {
      EnableIdentityCenter: true,
      IdentityCenterInstanceArn: f.identityCenter.instanceArn,
    };
  }
  const s3ag = s3AccessGrantsConfiguration(wg);
  if (s3ag) configuration.QueryResultsS3AccessGrantsConfiguration = s3ag;
  return {
    Name: wg.name,
    State: "ENABLED",
    Configuration: configuration,
    Description: wg.identityCenterEnabled ? "IAM Identity Center enabled workgroup (sandbox)" : "Workgroup (sandbox)",
    CreationTime: epoch(createdAt),
    ...(wg.identityCenterApplicationArn ? { IdentityCenterApplicationArn: wg.identityCenterApplicationArn } : {}),
  };
}
