// Identity Store errors (awsJson1_1; members Message, ResourceType, ResourceId as in the SDK model).
// HTTP statuses follow real captures rather than the model: AccessDeniedException and
// ResourceNotFoundException came back with StatusCode 400 in live responses (3P captures:
// binbashar/le-tf-infra-aws#874 for AccessDenied, awslabs/ssosync#221 for an unknown identity store),
// where the model says 403/404. Messages for unknown users/groups are UNVERIFIED (moto's wording).
import { AwsError } from "../../protocols/errors.js";

const opts = (status: number, fields: Record<string, unknown> = {}) => ({
  status,
  fields,
  messageKey: "Message" as const,
});

export function accessDenied(callerArn: string, action: string, resourceArn: string): AwsError {
  return new AwsError(
    "AccessDeniedException",
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action`,
    opts(400),
  );
}

/** Text from a live capture (awslabs/ssosync#221). */
export function identityStoreNotFound(id: string): AwsError {
  return new AwsError(
    "ResourceNotFoundException",
    `IdentityStore not present for IdentityStoreId: ${id}`,
    opts(400, { ResourceType: "IDENTITY_STORE", ResourceId: id }),
  );
}

/** UNVERIFIED text. */
export function notFound(type: "USER" | "GROUP", id?: string): AwsError {
  return new AwsError(
    "ResourceNotFoundException",
    `${type} not found.`,
    opts(400, { ResourceType: type, ...(id ? { ResourceId: id } : {}) }),
  );
}

export function validation(problems: string[]): AwsError {
  const n = problems.length;
  return new AwsError(
    "ValidationException",
    `${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`,
    opts(400),
  );
}

/** UNVERIFIED text. */
export function validationText(text: string): AwsError {
  return new AwsError("ValidationException", text, opts(400));
}

export function serialization(): AwsError {
  return new AwsError("SerializationException", "Start of structure or map found where not expected.", opts(400));
}

export function unknownOperation(op: string): AwsError {
  return new AwsError(
    "UnknownOperationException",
    `The sandbox does not emulate identitystore ${op || "(no operation)"}.`,
    opts(400),
  );
}
