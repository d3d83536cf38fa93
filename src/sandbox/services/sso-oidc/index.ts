// Placeholder: replaced by the real emulation of this service.
import type { ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";

export const createSsoOidcService: ServiceFactory = () => ({
  signingNames: ["sso-oauth"],
  handle: async () => { throw new AwsError("NotImplemented", "not emulated yet", { status: 501 }); },
});
