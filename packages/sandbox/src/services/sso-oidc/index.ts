// SSO OIDC (signing name sso-oauth, restJson1): CreateTokenWithIAM for customer-managed applications,
// plus an IdC-style /authorize sign-in page for the authorization-code grant. The unsigned device/CLI
// operations are not part of TIP and are refused with a clear error.
import type { ServiceFactory } from "../../context.js";
import { authErrors } from "../../auth/auth-errors.js";
import { AwsError } from "../../protocols/errors.js";
import { jsonResponse, renderError } from "../../protocols/wire.js";
import type { SandboxRequest } from "../../types.js";
import { handleAuthorizePage } from "./auth-code.js";
import { recordCreateToken } from "./audit.js";
import { createTokenWithIam, parseInput, type CallFacts } from "./create-token.js";
import { oidcError } from "./errors.js";
import { TEXT } from "./messages.js";
import { OidcState } from "./state.js";

const UNSIGNED_OPS: Record<string, string> = {
  "/token": "CreateToken",
  "/client/register": "RegisterClient",
  "/device_authorization": "StartDeviceAuthorization",
};

const isCreateTokenWithIam = (req: SandboxRequest) =>
  req.method === "POST" && req.path === "/token" && "aws_iam" in req.query;

export const createSsoOidcService: ServiceFactory = (ctx) => {
  const state = new OidcState();
  return {
    signingNames: ["sso-oauth"],
    async handle(req) {
      if (!isCreateTokenWithIam(req)) {
        throw new AwsError(
          "UnknownOperationException",
          `The sandbox does not emulate ${req.method} ${req.path} on SSO OIDC.`,
          { status: 404 },
        );
      }
      const facts: CallFacts = { input: {} };
      try {
        facts.input = parseInput(req.body);
        const body = await createTokenWithIam(ctx, state, req, facts);
        recordCreateToken(ctx, req, facts);
        return jsonResponse(body, { contentType: "application/json" });
      } catch (e) {
        if (e instanceof AwsError)
          recordCreateToken(ctx, req, facts, {
            code: e.code,
            message: String(e.fields.error_description ?? e.message),
          });
        throw e;
      }
    },
    async unsigned(req) {
      if (req.path === "/authorize" && (req.method === "GET" || req.method === "POST")) {
        const looksLikeOAuth =
          "client_id" in req.query ||
          "response_type" in req.query ||
          (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
        return looksLikeOAuth ? handleAuthorizePage(ctx, state, req) : undefined;
      }
      if (req.method !== "POST" || !(req.path in UNSIGNED_OPS)) return undefined;
      // An unsigned CreateTokenWithIAM is refused the way restJson services refuse missing signatures.
      if (isCreateTokenWithIam(req)) return renderError("restJson", authErrors("restJson").missing(), req.requestId);
      if (!(req.headers["content-type"] ?? "").includes("json")) return undefined;
      return renderError(
        "restJson",
        oidcError("InvalidRequestException", TEXT.notEmulated(UNSIGNED_OPS[req.path])),
        req.requestId,
      );
    },
  };
};
