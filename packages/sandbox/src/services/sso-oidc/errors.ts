// SSO OIDC errors as the service models them (facts §1.5): header x-amzn-ErrorType carries the code,
// the body is {"error", "error_description"} with no message member (so the SDK's message is
// "UnknownError"). Statuses: InvalidClientException 401, AccessDeniedException 400 (not 403).
import { AwsError } from "../../protocols/errors.js";

const SHAPES = {
  InvalidRequestException: { status: 400, error: "invalid_request" },
  InvalidClientException: { status: 401, error: "invalid_client" },
  InvalidGrantException: { status: 400, error: "invalid_grant" },
  UnauthorizedClientException: { status: 400, error: "unauthorized_client" },
  UnsupportedGrantTypeException: { status: 400, error: "unsupported_grant_type" },
  InvalidScopeException: { status: 400, error: "invalid_scope" },
  AccessDeniedException: { status: 400, error: "access_denied" },
  ExpiredTokenException: { status: 400, error: "expired_token" },
  InternalServerException: { status: 500, error: "server_error" },
} as const;

export type OidcErrorCode = keyof typeof SHAPES;

export function oidcError(code: OidcErrorCode, description: string): AwsError {
  const s = SHAPES[code];
  return new AwsError(code, description, {
    status: s.status,
    messageKey: null,
    fields: { error: s.error, error_description: description },
  });
}
