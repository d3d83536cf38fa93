// The emulated services, in the order unsigned endpoints are offered requests.
import type { ServiceFactory } from "../context.js";
import { createIdpService } from "./idp/index.js";
import { createSsoOidcService } from "./sso-oidc/index.js";
import { createStsService } from "./sts/index.js";
import { createIdentityStoreService } from "./identitystore/index.js";
import { createAthenaService } from "./athena/index.js";
import { createS3ControlService } from "./s3control/index.js";
import { createS3Service } from "./s3/index.js";
import { createCloudTrailService } from "./cloudtrail/index.js";
import { createGlueService } from "./glue/index.js";
import { createIamService } from "./iam/index.js";
import { createLakeFormationApiService } from "./lakeformation-api/index.js";
import { createSsoAdminService } from "./sso-admin/index.js";

export const serviceFactories: ServiceFactory[] = [
  createIdpService,
  createSsoOidcService,
  createStsService,
  createIdentityStoreService,
  createAthenaService,
  createGlueService,
  createS3ControlService,
  createS3Service,
  createCloudTrailService,
  createSsoAdminService,
  createIamService,
  createLakeFormationApiService,
];
