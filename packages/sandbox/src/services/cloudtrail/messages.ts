// Every CloudTrail error the sandbox returns, in one place. Codes of the Invalid*Exception family are
// modelled (BC:cloudtrail) with a `Message` member; their texts are UNVERIFIED unless noted. Throttling
// is unmodelled: ThrottlingException "Rate exceeded" (status 400) is the SDK-recognised name — exact
// CloudTrail code UNVERIFIED (aws-wire-facts §5.1).
import { AwsError } from "../../protocols/errors.js";

const M = { messageKey: "Message" as const };

export const cloudTrailErrors = {
  throttled: () => new AwsError("ThrottlingException", "Rate exceeded", { status: 400, messageKey: "message" }),
  /** UNVERIFIED text (usual IAM wording for JSON services). */
  notAuthorized: (arn: string, action: string) =>
    new AwsError(
      "AccessDeniedException",
      `User: ${arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      { status: 400, ...M },
    ),
  /** "Currently the list can contain only one item" is documented; the error text is UNVERIFIED. */
  tooManyAttributes: () =>
    new AwsError("InvalidLookupAttributesException", "You can only specify one lookup attribute.", {
      status: 400,
      ...M,
    }),
  invalidAttributeKey: (k: string) =>
    new AwsError("InvalidLookupAttributesException", `Invalid AttributeKey: ${k}`, { status: 400, ...M }),
  invalidAttributeValue: () =>
    new AwsError("InvalidLookupAttributesException", "AttributeValue must be between 1 and 2000 characters.", {
      status: 400,
      ...M,
    }),
  /** Meaning documented ("start time occurs after the end time..."); text UNVERIFIED. */
  invalidTimeRange: () =>
    new AwsError("InvalidTimeRangeException", "Start time must be before end time.", { status: 400, ...M }),
  invalidMaxResults: () =>
    new AwsError("InvalidMaxResultsException", "MaxResults must be between 1 and 50.", { status: 400, ...M }),
  invalidNextToken: () =>
    new AwsError(
      "InvalidNextTokenException",
      "Invalid NextToken. The token must be reused with the same parameters it was issued for.",
      { status: 400, ...M },
    ),
  invalidEventCategory: () =>
    new AwsError("InvalidEventCategoryException", "EventCategory must be insight.", { status: 400, ...M }),
  /** UNVERIFIED: a request body that does not fit the input shape. */
  serialization: (what: string) => new AwsError("SerializationException", what, { status: 400, ...M }),
  unknownOperation: (op: string) =>
    new AwsError("UnknownOperationException", `The sandbox does not emulate CloudTrail operation '${op}'.`, {
      status: 400,
      ...M,
    }),
};
