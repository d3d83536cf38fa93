// The sandbox's own OpenID provider, served unsigned under `${endpoint}/idp` (issuer = ctx.idpIssuer).
// It is the "workforce IdP" behind the fixture's trusted token issuer whose issuerUrl is "sandbox".
import type { ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";
import { handleAuthorize } from "./authorize.js";
import { oauthJson } from "./http.js";
import { prepareKeys, publicJwk, signingKey } from "./keys.js";
import { IdpState } from "./state.js";
import { handleToken } from "./token-endpoint.js";

export const IDP_PATH = "/idp";

export const createIdpService: ServiceFactory = (ctx) => {
  const state = new IdpState();
  prepareKeys(ctx);
  return {
    signingNames: [],
    handle: async () => {
      throw new AwsError("UnknownOperationException", "The sandbox IdP is not a signed AWS service.", { status: 400 });
    },
    async unsigned(req) {
      if (req.path !== IDP_PATH && !req.path.startsWith(`${IDP_PATH}/`)) return undefined;
      const sub = req.path.slice(IDP_PATH.length);
      if (sub === "/.well-known/openid-configuration" && req.method === "GET") {
        return oauthJson({
          issuer: ctx.idpIssuer,
          authorization_endpoint: `${ctx.idpIssuer}/authorize`,
          token_endpoint: `${ctx.idpIssuer}/token`,
          jwks_uri: `${ctx.idpIssuer}/jwks`,
          response_types_supported: ["code"],
          grant_types_supported: ["authorization_code", "refresh_token", "password"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          scopes_supported: ["openid", "email", "profile"],
          token_endpoint_auth_methods_supported: ["none"],
          claims_supported: [
            "iss",
            "aud",
            "sub",
            "email",
            "preferred_username",
            "iat",
            "exp",
            "jti",
            "auth_time",
            "nonce",
          ],
          code_challenge_methods_supported: ["S256"],
        });
      }
      if (sub === "/jwks" && req.method === "GET")
        return oauthJson({ keys: [await publicJwk(await signingKey(ctx, "idp"))] });
      if (sub === "/token") return handleToken(ctx, state, req);
      if (sub === "/authorize" && (req.method === "GET" || req.method === "POST"))
        return handleAuthorize(ctx, state, req);
      return {
        status: 404,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ error: "not_found", error_description: `No IdP endpoint at ${req.path}.` }),
      };
    },
  };
};
