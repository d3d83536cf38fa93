// S3 Control, Access Grants slice: GetDataAccess, ListAccessGrants, ListAccessGrantsLocations,
// GetAccessGrantsInstanceForPrefix.
// Routed here by the server for signing name `s3` + path /v20180820/ (restXml, <ErrorResponse> errors).
import type { ServiceFactory } from "../../context.js";
import { getDataAccess } from "./get-data-access.js";
import { getAccessGrantsInstance } from "./get-instance.js";
import { resolveGrants } from "./grants.js";
import { getAccessGrantsInstanceForPrefix, listAccessGrants } from "./list-access-grants.js";
import { listAccessGrantsLocations } from "./list-locations.js";
import { s3ControlErrors } from "./messages.js";
import { requireSignedAmzHeaders } from "./request.js";

export const createS3ControlService: ServiceFactory = (ctx) => {
  // Resolved once: the fixture's grants exist from sandbox start (their CreatedAt).
  const grants = resolveGrants(ctx.fixture, new Date(ctx.clock.now()));
  return {
    signingNames: ["s3control"],
    handle: async (req) => {
      requireSignedAmzHeaders(req);
      // content-md5 (sent because the model marks httpChecksumRequired) is deliberately ignored on these GETs.
      const route = `${req.method} ${req.path.replace(/\/+$/, "")}`;
      switch (route) {
        case "GET /v20180820/accessgrantsinstance/dataaccess":
          return getDataAccess(ctx, req, grants);
        case "GET /v20180820/accessgrantsinstance/grants":
          return listAccessGrants(ctx, req, grants);
        case "GET /v20180820/accessgrantsinstance/locations":
          return listAccessGrantsLocations(ctx, req, new Date(ctx.clock.now()));
        case "GET /v20180820/accessgrantsinstance/prefix":
          return getAccessGrantsInstanceForPrefix(ctx, req);
        case "GET /v20180820/accessgrantsinstance":
          return getAccessGrantsInstance(ctx, req, new Date(ctx.clock.now()));
        default:
          throw s3ControlErrors.notEmulated(req.method, req.path);
      }
    },
  };
};
