// Every human-readable text the emulated AWS Glue Data Catalog returns. Each says where it comes from:
//   3P     seen in public issue threads quoting real AWS output;
//   UNVERIFIED  our best guess; replace with a captured text once someone runs it against AWS.

export const glueText = {
  /** 3P: "EntityNotFoundException ... Database <name> not found." (boto3/terraform output quoted in many issues). */
  databaseNotFound: (db: string) => `Database ${db} not found.`,
  /** 3P hashicorp/terraform-provider-aws#34132: "EntityNotFoundException ... Table image_metadata not found." */
  tableNotFound: (table: string) => `Table ${table} not found.`,
  /**
   * IAM's usual AccessDeniedException text for an identity policy that does not allow the action; the
   * exact tail Glue uses ("because no identity-based policy allows …") is UNVERIFIED.
   */
  accessDenied: (callerArn: string, action: string, resource: string) =>
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  /**
   * UNVERIFIED: Lake Formation refusing the metadata (no permission on the table/database and not a data
   * lake administrator). Commonly quoted as "Insufficient Lake Formation permission(s) on <name>".
   */
  lakeFormationDenied: (name: string) => `Insufficient Lake Formation permission(s) on ${name}`,
  /** UNVERIFIED: smithy-style constraint message for a missing required member (InvalidInputException). */
  missingMember: (member: string) =>
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  /** UNVERIFIED: the body is not a JSON object. */
  serialization: () => "Start of structure or map found where not expected.",
  /** UNVERIFIED: X-Amz-Target naming a Glue operation the sandbox does not emulate. */
  unknownOperation: (op: string) => `The sandbox does not emulate Glue operation ${op}.`,
} as const;
