// Placeholder: replaced by the real emulation of this service.
import type { ServiceFactory } from "../../context.js";
import { AwsError } from "../../protocols/errors.js";

export const createCloudTrailService: ServiceFactory = () => ({
  signingNames: ["cloudtrail"],
  handle: async () => { throw new AwsError("NotImplemented", "not emulated yet", { status: 501 }); },
});
