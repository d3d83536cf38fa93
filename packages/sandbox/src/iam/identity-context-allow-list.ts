// The AWS managed policy STS attaches to every role session created with the IAM Identity Center
// identity context (AssumeRole with ProvidedContexts, provider arn:aws:iam::aws:contextProvider/IdentityCenter):
// an explicit Deny of every action NOT in this list. Role policies cannot widen it; an identity-enhanced
// session therefore cannot call s3:GetObject, s3:ListBucket, kms:* or anything else outside the list,
// whatever the carrier role allows.
//
// Source: AWS Managed Policy Reference, "AWSIAMIdentityCenterAllowListForIdentityContext",
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSIAMIdentityCenterAllowListForIdentityContext.html
// (also mirrored in zoph-io/MAMIP). Policy version v12 (default), created 2023-11-08, edited 2024-10-01.
// "AWS Security Token Service (AWS STS) automatically attaches this policy to assumed roles. The identity
// context is passed as ProvidedContext." Copy the list again when AWS publishes a new default version.
import type { PolicyStatement } from "../fixture/schema.js";

export const ALLOW_LIST_POLICY_ARN = "arn:aws:iam::aws:policy/AWSIAMIdentityCenterAllowListForIdentityContext";
export const ALLOW_LIST_VERSION = "v12";

export const IDENTITY_CONTEXT_ALLOWED_ACTIONS: readonly string[] = [
  "aoss:APIAccessAll",
  "athena:BatchGetNamedQuery", "athena:BatchGetPreparedStatement", "athena:BatchGetQueryExecution",
  "athena:CreateNamedQuery", "athena:CreatePreparedStatement", "athena:DeleteNamedQuery", "athena:DeletePreparedStatement",
  "athena:GetNamedQuery", "athena:GetPreparedStatement", "athena:GetQueryExecution", "athena:GetQueryResults",
  "athena:GetQueryResultsStream", "athena:GetQueryRuntimeStatistics", "athena:GetWorkGroup", "athena:ListNamedQueries",
  "athena:ListPreparedStatements", "athena:ListQueryExecutions", "athena:StartQueryExecution", "athena:StopQueryExecution",
  "athena:UpdateNamedQuery", "athena:UpdatePreparedStatement", "athena:GetDatabase", "athena:GetDataCatalog",
  "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListDataCatalogs", "athena:ListTableMetadata", "athena:ListWorkGroups",
  "elasticmapreduce:GetClusterSessionCredentials", "elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeCluster",
  "elasticmapreduce:CancelSteps", "elasticmapreduce:DescribeStep", "elasticmapreduce:ListSteps",
  "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpGet", "es:ESHttpPatch", "es:ESHttpDelete", "es:ESHttpPut",
  "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetTableVersions", "glue:GetPartition",
  "glue:GetPartitions", "glue:BatchGetPartition", "glue:GetColumnStatisticsForPartition", "glue:GetColumnStatisticsForTable",
  "glue:SearchTables", "glue:CreateDatabase", "glue:UpdateDatabase", "glue:DeleteDatabase", "glue:CreateTable", "glue:DeleteTable",
  "glue:BatchDeleteTable", "glue:UpdateTable", "glue:BatchCreatePartition", "glue:CreatePartition", "glue:DeletePartition",
  "glue:BatchDeletePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition", "glue:DeleteColumnStatisticsForPartition",
  "glue:DeleteColumnStatisticsForTable", "glue:UpdateColumnStatisticsForPartition", "glue:UpdateColumnStatisticsForTable",
  "lakeformation:GetDataAccess",
  "s3:GetAccessGrantsInstanceForPrefix", "s3:GetDataAccess", "s3:ListCallerAccessGrants",
  "q:StartConversation", "q:SendMessage", "q:ListConversations", "q:GetConversation", "q:StartTroubleshootingAnalysis",
  "q:GetTroubleshootingResults", "q:StartTroubleshootingResolutionExplanation", "q:UpdateTroubleshootingCommandResult",
  "qapps:CreateQApp", "qapps:PredictProblemStatementFromConversation", "qapps:PredictQAppFromProblemStatement", "qapps:CopyQApp",
  "qapps:GetQApp", "qapps:ListQApps", "qapps:UpdateQApp", "qapps:DeleteQApp", "qapps:AssociateQAppWithUser",
  "qapps:DisassociateQAppFromUser", "qapps:ImportDocumentToQApp", "qapps:ImportDocumentToQAppSession", "qapps:CreateLibraryItem",
  "qapps:GetLibraryItem", "qapps:UpdateLibraryItem", "qapps:CreateLibraryItemReview", "qapps:ListLibraryItems",
  "qapps:CreateSubscriptionToken", "qapps:StartQAppSession", "qapps:StopQAppSession", "qapps:PredictQApp", "qapps:ImportDocument",
  "qapps:AssociateLibraryItemReview", "qapps:DisassociateLibraryItemReview", "qapps:GetQAppSession", "qapps:UpdateQAppSession",
  "qapps:GetQAppSessionMetadata", "qapps:UpdateQAppSessionMetadata", "qapps:TagResource", "qapps:ListQAppSessionData",
  "qapps:ExportQAppSessionData",
  "qbusiness:Chat", "qbusiness:ChatSync", "qbusiness:ListConversations", "qbusiness:ListMessages", "qbusiness:DeleteConversation",
  "qbusiness:PutFeedback",
  "sts:SetContext",
];

/** The policy's one statement (Sid TrustedIdentityPropagation), as the sandbox's evaluator reads it. */
export const IDENTITY_CONTEXT_ALLOW_LIST_STATEMENT: PolicyStatement = {
  Effect: "Deny", NotAction: [...IDENTITY_CONTEXT_ALLOWED_ACTIONS], Resource: "*",
};
