// Texts the emulated SSO Admin (IAM Identity Center admin API) returns. All UNVERIFIED: no captured
// AWS output for these read operations was found; only the error names and shapes come from the model.
export const ssoAdminText = {
  /** IAM's usual form for an identity policy that does not allow the action (tail UNVERIFIED for SSO Admin). */
  accessDenied: (callerArn: string, action: string, resource: string) =>
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  applicationNotFound: (arn: string) => `Application ${arn} not found`,
  issuerNotFound: (arn: string) => `Trusted token issuer ${arn} not found`,
  missingMember: (name: string) =>
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  serialization: () => "Start of structure or map found where not expected.",
  unknownOperation: (op: string) => `The sandbox does not emulate SSO Admin operation ${op}.`,
};
