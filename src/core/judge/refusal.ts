// Refusal → proven denial or error. The rules, in one place, on typed facts only (stage, codes,
// Athena's ErrorType/Retryable, what the failure names, proofs and contrast); never on message text.
// A denial needs three things: it came from the action's own decision layer, the object provably
// exists, and the path was live. Anything short of that is an error that names its cause and the fix.
// Access Grants' rules are in grant-refusal.ts; the faults every action shares in transport.ts.
import type { RefusalFacts } from "../../model/facts.js";
import { denied, errored, type ErrorOutcome } from "../../model/outcome.js";
import type { ActionSpec, Task } from "../plan.js";
import { ATHENA_INVALID, ATHENA_NOT_FOUND, ATHENA_TYPE, DENIAL_CODES } from "./codes.js";
import { decideGrant } from "./grant-refusal.js";
import { transportOrConfig, type Decision, type JudgeContext } from "./transport.js";

export type { Decision, JudgeContext };

type Athena = Extract<ActionSpec, { type: "athena" }>;

/**
 * A refused sign-in: Identity Center's decision about the person only when the token presented was the
 * persona's (`directoryUserId`: the persona's user, from the directory), and the application path was
 * live (another persona of the scenario signed in).
 */
export function decideSignIn(f: RefusalFacts, scenario: string, ctx: JudgeContext, directoryUserId?: string): Decision {
  const t = transportOrConfig(f);
  if (t) return t;
  if (f.stage === "sign-in") {
    if (f.serviceCode === "InvalidGrantException")
      return errored(
        "ambiguous-denial",
        `Identity Center refused the token (InvalidGrantException): the user may be unknown, or the token's issuer, audience, expiry or jti may be wrong; not a proven denial. Check the persona's token source and the trusted token issuer. (${f.message})`,
        f.serviceCode,
      );
    // KMS_AccessDeniedException: Identity Center could not use its own KMS key, for everybody alike;
    // the reason says so, whoever else signed in (review s23 L3).
    if (f.reason)
      return errored(
        "invalid-request",
        `CreateTokenWithIAM refused with ${f.serviceCode} for reason ${f.reason}: a cause the service names, not a decision about the persona${/kms/i.test(f.reason) ? " (Identity Center's KMS key policy must let it use the key)" : ""}. (${f.message})`,
        f.reason,
      );
    if (!DENIAL_CODES["sign-in"].includes(f.serviceCode))
      return errored(
        "invalid-request",
        `CreateTokenWithIAM refused with ${f.serviceCode}: not an authorization decision. (${f.message})`,
        f.serviceCode,
      );
    const identity = presentedIsPersona(f, directoryUserId);
    if (identity.kind === "error") return identity;
    if (!ctx.contrast.signInWorked(scenario))
      return errored(
        "ambiguous-denial",
        `${f.serviceCode} at sign-in, but no persona of scenario "${scenario}" got through sign-in in this run, so a wrong application ARN or a missing sso-oauth:CreateTokenWithIAM permission cannot be ruled out. Add a persona who must sign in. (${f.message})`,
        f.serviceCode,
      );
    return {
      ...denied("signin", f.serviceCode, f.message),
      proof: [identity.proof, "another persona of this scenario signed in through the same application in this run"],
    };
  }
  if (!DENIAL_CODES["assume-role"].includes(f.serviceCode))
    return errored(
      "invalid-request",
      `AssumeRole refused with ${f.serviceCode}: not an authorization decision. (${f.message})`,
      f.serviceCode,
    );
  if (!ctx.contrast.stsWorked(scenario))
    return errored(
      "ambiguous-denial",
      `${f.serviceCode} at AssumeRole, but no persona of scenario "${scenario}" got an identity-enhanced session in this run, so the carrier role's trust policy (sts:AssumeRole, sts:SetContext) is the likelier cause. (${f.message})`,
      f.serviceCode,
    );
  return {
    ...denied("sts", f.serviceCode, f.message),
    proof: ["another persona of this scenario assumed the carrier role with its identity context in this run"],
  };
}

/**
 * AWS's refusal names no user (audit D6): a token source that signs in another, unassigned user is
 * refused the same way. The token presented must map, by the trusted token issuer's own claim mapping,
 * to the persona's directory user.
 */
function presentedIsPersona(
  f: RefusalFacts,
  directoryUserId: string | undefined,
): ErrorOutcome | { kind: "ok"; proof: string } {
  const p = f.presented;
  const unproven = (why: string) =>
    errored(
      "ambiguous-denial",
      `${f.serviceCode} at sign-in, but ${why}, so the refusal may be of another user than the persona: not a proven denial. (${f.message})`,
      "IDENTITY_UNPROVEN",
    );
  if (!p) return unproven("which user the token presented was for was not looked up");
  if ("unresolved" in p)
    return unproven(
      `which directory user the token presented maps to is unknown (${p.unresolved}); give the base principal sso:ListApplicationGrants, sso:DescribeTrustedTokenIssuer, identitystore:GetUserId and identitystore:DescribeUser`,
    );
  if (!directoryUserId) return unproven("the persona's own directory user is unknown (see the persona's note)");
  if (p.userId !== directoryUserId)
    return errored(
      "invalid-request",
      `the token presented maps to Identity Center user ${p.userId}, but the persona is ${directoryUserId} in the directory, so Identity Center refused someone else: fix the persona's token source. (${f.message})`,
      "IDENTITY_MISMATCH",
    );
  // Identity Center's one decision about a person at CreateTokenWithIAM is the assignment: a refusal of
  // an assigned user, or where the application requires none, is another cause's (review s24a F2).
  if (p.assignment === "assigned")
    return errored(
      "invalid-request",
      `${f.serviceCode} at sign-in, but the persona's user ${p.userId} is assigned to the application (directly or through a group), so Identity Center's refusal is not the assignment decision: another cause (a KMS key, an SCP, a disabled user) refused. Fix it, or remove the assignment if the persona must be refused. (${f.message})`,
      "ASSIGNED",
    );
  if (p.assignment === "not-required")
    return errored(
      "invalid-request",
      `${f.serviceCode} at sign-in, but the application does not require assignments, so Identity Center's refusal is not a decision about who may use it. (${f.message})`,
      "ASSIGNMENT_NOT_REQUIRED",
    );
  if (p.assignment !== "unassigned")
    return errored(
      "ambiguous-denial",
      `${f.serviceCode} at sign-in, but whether the persona's user ${p.userId} is assigned to the application is unknown (${p.assignmentUnknown ?? "not read"}): give the base principal sso:GetApplicationAssignmentConfiguration, sso:ListApplicationAssignments and identitystore:ListGroupMembershipsForMember. (${f.message})`,
      "ASSIGNMENT_UNPROVEN",
    );
  return {
    kind: "ok",
    proof: `the token presented maps to the persona's directory user ${p.userId} by the trusted token issuer's claim mapping, and that user is not assigned to the application, directly or through a group`,
  };
}

export function decideAction(f: RefusalFacts, task: Task, ctx: JudgeContext): Decision {
  const a = task.action;
  if (a.type === "athena") return decideAthena(f, task, a, ctx);
  if (a.type === "accessGrants") return decideGrant(f, task, a, ctx);
  return errored("harness", `a refusal at ${f.stage} reached a sign-in check (please report)`);
}

function decideAthena(f: RefusalFacts, task: Task, a: Athena, ctx: JudgeContext): Decision {
  const ath = f.athena ?? {};
  if (f.stage === "query-run" && (ath.retryable || inRange(ath.errorType, ATHENA_TYPE.throttling)))
    return errored(
      "throttled",
      `the query failed with a throttling error (ErrorType ${ath.errorType ?? "?"}, Retryable ${ath.retryable ?? "?"}) and still did after the retry budget: not a decision about the data. (${f.message})`,
      f.serviceCode || "THROTTLED",
    );
  const t = transportOrConfig(f);
  if (t) return t;
  if (f.stage === "query-status")
    return errored(
      "invalid-request",
      `${f.serviceCode} after the query started (reading its status or results): not a decision about the data; check the session's Athena permissions. (${f.message})`,
      f.serviceCode,
    );
  if (f.stage === "query-start") {
    if (!DENIAL_CODES["query-start"].includes(f.serviceCode))
      return errored(
        "invalid-request",
        `StartQueryExecution refused with ${f.serviceCode}: not an authorization decision (wrong workgroup, plain IAM credentials on an Identity Center workgroup, bad parameters). (${f.message})`,
        f.serviceCode,
      );
    if (!ctx.contrast.queryStartedIn(task.scenario, a.workgroup))
      return errored(
        "ambiguous-denial",
        `${f.serviceCode} at StartQueryExecution, but no persona got a query started in workgroup ${a.workgroup} in this run, so a wrong workgroup or a missing athena permission cannot be ruled out. (${f.message})`,
        f.serviceCode,
      );
    return {
      ...denied("athena", f.serviceCode, f.message),
      proof: [`another persona started a query in workgroup ${a.workgroup} in this run`],
    };
  }
  // query-run: the query ran and failed.
  if (ATHENA_TYPE.resultsWrite.includes(ath.errorType ?? -1))
    return errored(
      "invalid-request",
      `results location not writable for ${task.persona}: the query ran, then could not write its results (ErrorType ${ath.errorType}), so Lake Formation's decision is unknown. Grant ${task.persona} READWRITE on the workgroup's output location through S3 Access Grants. (${f.message})`,
      "RESULTS_WRITE",
    );
  if (ath.engineCode === "COLUMN_NOT_FOUND" && ath.columnWithheld)
    return errored(
      "invalid-request",
      `COLUMN_NOT_FOUND names a column this scenario never wrote (the name is withheld: the text may quote a value), so not a column of this check: a typo or a view's column. (${f.message})`,
      "COLUMN_NOT_IN_SCENARIO",
    );
  if (ath.engineCode === "COLUMN_NOT_FOUND" && ath.column) return decideColumn(f, task, a, ath.column, ctx);
  if (ath.engineCode && ATHENA_NOT_FOUND.has(ath.engineCode)) return decideTableNotFound(f, task, a, ctx);
  if (ath.engineCode && ATHENA_INVALID.has(ath.engineCode))
    return errored(
      "invalid-request",
      `the query failed with ${ath.engineCode}: a problem of the query, not a decision about the data. (${f.message})`,
      ath.engineCode,
    );
  if (ath.errorType === ATHENA_TYPE.lakeFormation) return decideLakeFormation(f, task, a, ctx);
  if (ath.errorType === ATHENA_TYPE.s3Permission)
    return errored(
      "ambiguous-denial",
      `the query failed with an Amazon S3 permission error (ErrorType ${ATHENA_TYPE.s3Permission}): S3 refused a read Lake Formation had allowed, or a results write (a data location that is not registered or whose role cannot read it, a KMS key, a partition outside the registered location, the persona's results grant), so this is not a Lake Formation decision. Fix the data location or the results grant; a persona Lake Formation must refuse is refused before any S3 read. (${f.message})`,
      "S3_PERMISSION",
    );
  // 1500: the text KMS key policies, the Glue IAM of the reader (the execution role, with the user's
  // identity: a Condition on identitystore:UserId refuses one user), SCPs, boundaries and catalog
  // settings share. Lake Formation's own refusals carry 234 or name the column or table; no contrast
  // rules out a cause that refuses one person (review s23c 1), so this is never a denial.
  if (ath.errorType === ATHENA_TYPE.permission)
    return errored(
      "ambiguous-denial",
      `the query failed with a permission error (ErrorType ${ATHENA_TYPE.permission}) that Athena shares between KMS key policies, the Glue and Lake Formation IAM permissions of the workgroup's execution role (which may name users), SCPs, permissions boundaries and catalog settings, so this is not a Lake Formation decision. Fix the permission the text names; a persona Lake Formation must refuse is refused with a Lake Formation error. (${f.message})`,
      "PERMISSION_ERROR",
    );
  if (ath.errorCategory === 1)
    return errored(
      "server",
      `the query failed with a system error (ErrorCategory 1, ErrorType ${ath.errorType ?? "?"}): not a decision about the data. (${f.message})`,
      ath.engineCode ?? "SYSTEM_ERROR",
    );
  return errored(
    "invalid-request",
    `the query failed (${ath.engineCode ?? `ErrorType ${ath.errorType ?? "?"}`}) in a way that is no Lake Formation decision. (${f.message})`,
    ath.engineCode ?? "QUERY_FAILED",
  );
}

/** COLUMN_NOT_FOUND: the same text for a hidden column and a missing one. The catalog tells them apart. */
function decideColumn(f: RefusalFacts, task: Task, a: Athena, column: string, ctx: JudgeContext): Decision {
  const lf = (proof: string[]) => ({ ...denied("lakeformation", "COLUMN_NOT_FOUND", f.message), proof });
  if (!a.raw && a.table) {
    if (ctx.proofs.missing(a.database, a.table))
      return errored(
        "not-found",
        `table ${a.database}.${a.table} is not in the Glue Data Catalog (a typo, or it lives in another database), so no refusal on it proves anything.`,
        "TABLE_NOT_IN_CATALOG",
      );
    const cols = ctx.proofs.columns(a.database, a.table);
    if (cols && !cols.has(column.toLowerCase())) {
      const drift = ctx.proofs
        .table(a.database, a.table)
        ?.renamed?.find((r) => r.from.toLowerCase() === column.toLowerCase());
      return errored(
        "not-found",
        `column '${column}' does not exist in ${a.database}.${a.table} in the Glue Data Catalog${drift ? ` (catalog drift: ${column} renamed to ${drift.to}?)` : ""}, so its refusal proves nothing: Lake Formation stops excluding a renamed column. Update tables: and the checks.`,
        "COLUMN_NOT_IN_CATALOG",
      );
    }
    if (cols)
      return lf([`column ${column} exists in ${a.database}.${a.table} (glue:GetTable with the base principal)`]);
    if (ctx.contrast.columnSeenInCheck(task.scenario, task.check, column))
      return lf(["another persona of this check saw the column in this run (the catalog could not be read)"]);
    return errored(
      "ambiguous-denial",
      `column '${column}' cannot be resolved, and the catalog could not prove the column exists: a typo, a rename or a missing column cannot be ruled out. (${f.message})`,
      "COLUMN_NOT_FOUND",
    );
  }
  // Raw SQL: the column must exist in a table the query names, and another persona of the check saw it.
  const inRead = ctx.proofs.tablesRead(a).some((t) => t.columns?.some((c) => c.toLowerCase() === column.toLowerCase()));
  if (inRead && ctx.contrast.columnSeenInCheck(task.scenario, task.check, column))
    return lf([
      `column ${column} exists in a catalog table the query reads`,
      "another persona of this check saw it in this run",
    ]);
  return errored(
    "ambiguous-denial",
    `column '${column}' cannot be resolved; for a raw query its existence needs both the catalog (a table the query names) and another persona of this check who saw it: a typo, a rename or a missing column cannot be ruled out. (${f.message})`,
    "COLUMN_NOT_FOUND",
  );
}

/**
 * The one table a failure's named resource must be for it to be about this check: the check's `table:`,
 * or for raw SQL without one, the only catalog table the query names. Undefined: it cannot be told.
 */
function tableUnderTest(a: Athena, ctx: JudgeContext): { db: string; table: string } | undefined {
  if (a.table) return { db: a.database, table: a.table };
  const read = ctx.proofs.tablesRead(a);
  return read.length === 1 ? { db: read[0].database, table: read[0].table } : undefined;
}

function sameTable(
  x: { catalog?: string; db: string; table: string },
  y: { db: string; table: string } | undefined,
  a: Athena,
): boolean {
  if (!y) return false;
  if (x.catalog && x.catalog.toLowerCase() !== a.catalog.toLowerCase()) return false;
  return x.db.toLowerCase() === y.db.toLowerCase() && x.table.toLowerCase() === y.table.toLowerCase();
}

/** TABLE_NOT_FOUND for a table the catalog proves exists: Lake Formation hid its metadata from the user. */
function decideTableNotFound(f: RefusalFacts, task: Task, a: Athena, ctx: JudgeContext): Decision {
  const named = splitResource(f.athena?.namedResource, a.database);
  const target = tableUnderTest(a, ctx);
  if (named && named.table && sameTable(named, target, a) && ctx.proofs.columns(named.db, named.table))
    return {
      ...denied("lakeformation", f.athena?.engineCode ?? "TABLE_NOT_FOUND", f.message),
      proof: [
        `table ${named.db}.${named.table} exists in the Glue Data Catalog (base principal), yet the persona's query cannot see it`,
      ],
    };
  if (named && named.table && sameTable(named, target, a) && !ctx.proofs.missing(named.db, named.table))
    return errored(
      "ambiguous-denial",
      `${f.athena?.engineCode}: the catalog could not prove ${named.db}.${named.table} exists, so this may be a typo. (${f.message})`,
      f.athena?.engineCode,
    );
  return errored(
    "not-found",
    `${f.athena?.engineCode}: ${f.athena?.namedResource ?? "the table"} is not the table under test in the Glue Data Catalog for the base principal: a typo, another database or catalog, or a missing table, never a denial. (${f.message})`,
    f.athena?.engineCode,
  );
}

/** ErrorType 234 "Lake Formation error": a denial only about the table under test, proven to exist. */
function decideLakeFormation(f: RefusalFacts, task: Task, a: Athena, ctx: JudgeContext): Decision {
  if (f.athena?.resourceWithheld)
    return errored(
      "invalid-request",
      `Lake Formation refused a resource this scenario never names (the name is withheld: the text may quote a value), not the table under test. (${f.message})`,
      "LF_OTHER_TABLE",
    );
  const named = splitResource(f.athena?.namedResource, a.database);
  if (named && !named.table)
    return errored(
      "invalid-request",
      `Lake Formation refused database '${named.db}', not the table under test: Athena needs DESCRIBE on database ${named.db} for ${task.persona} (Athena UG: "The DESCRIBE permission is required on the default database"). Grant it, then the check can prove something. (${f.message})`,
      "LF_DATABASE_DESCRIBE",
    );
  // A Lake Formation error that names nothing could be about any table or database: only contrast helps.
  if (!named) return sharedOrContrast(f, task, a, ctx, "Lake Formation refused, but the failure names no table");
  const target = tableUnderTest(a, ctx);
  if (!target)
    return errored(
      "ambiguous-denial",
      `Lake Formation refused ${named.db}.${named.table}, but this raw query reads several tables: name the one under test with athena.table. (${f.message})`,
      "INSUFFICIENT_PERMISSIONS",
    );
  if (!sameTable(named, target, a))
    return errored(
      "invalid-request",
      `Lake Formation refused ${named.catalog ? `${named.catalog}.` : ""}${named.db}.${named.table}, which is not the table this check is about (${target.db}.${target.table}). (${f.message})`,
      "LF_OTHER_TABLE",
    );
  if (ctx.proofs.missing(target.db, target.table))
    return errored(
      "not-found",
      `Lake Formation refused ${target.db}.${target.table}, which is not in the Glue Data Catalog. (${f.message})`,
      "TABLE_NOT_IN_CATALOG",
    );
  if (!ctx.proofs.columns(target.db, target.table))
    return errored(
      "ambiguous-denial",
      `Lake Formation refused ${target.db}.${target.table}, but the catalog could not prove the table exists (see the catalog proof). (${f.message})`,
      "INSUFFICIENT_PERMISSIONS",
    );
  return {
    ...denied("lakeformation", "INSUFFICIENT_PERMISSIONS", f.message),
    proof: [
      `Athena classified the failure as a Lake Formation error (ErrorType ${ATHENA_TYPE.lakeFormation}) naming ${target.db}.${target.table}`,
      "the table exists in the Glue Data Catalog (base principal)",
    ],
  };
}

function sharedOrContrast(f: RefusalFacts, task: Task, a: Athena, ctx: JudgeContext, what: string): Decision {
  // Another persona's read rules out what refuses everybody; this persona's own query that succeeded
  // through the workgroup rules out what refuses it anywhere (its results grant, a key or role of its
  // own) (review s23 F3).
  const read =
    !a.raw &&
    !!a.table &&
    !!ctx.proofs.columns(a.database, a.table) &&
    ctx.contrast.tableReadBySomeone(task.scenario, a, a.table);
  const own = ctx.contrast.querySucceededFor(task.scenario, task.persona, a.workgroup);
  if (!a.raw && a.table && ctx.proofs.missing(a.database, a.table))
    return errored(
      "not-found",
      `${what}; and ${a.database}.${a.table} is not in the Glue Data Catalog. (${f.message})`,
      "TABLE_NOT_IN_CATALOG",
    );
  if (read && own)
    return {
      ...denied("lakeformation", "INSUFFICIENT_PERMISSIONS", f.message),
      proof: [
        `another persona read ${a.database}.${a.table} through workgroup ${a.workgroup} in this run, so what refuses everybody there is ruled out`,
        `a query of ${task.persona}'s succeeded through workgroup ${a.workgroup} in this run, so its own results write works`,
        "the table exists in the Glue Data Catalog",
      ],
    };
  return errored(
    "ambiguous-denial",
    `${what}; ${
      !read
        ? `no persona read ${a.table ? `${a.database}.${a.table}` : "this table"} through workgroup ${a.workgroup} in this run`
        : `no query of ${task.persona}'s succeeded through workgroup ${a.workgroup} in this run, so a refusal of its own (its results grant, for one) cannot be ruled out`
    }, so this is not a proven Lake Formation denial. Fix the setting, or add a persona who must read the table and a check ${task.persona} must pass in that workgroup (athena: { query: SELECT 1 } is enough). (ErrorType ${f.athena?.errorType ?? "?"}: ${f.message})`,
    "INSUFFICIENT_PERMISSIONS",
  );
}

function inRange(n: number | undefined, r: { min: number; max: number }): boolean {
  return n !== undefined && n >= r.min && n <= r.max;
}

/** `db.table`, `catalog.db.table` or a lone database name. */
function splitResource(
  name: string | undefined,
  defaultDb: string,
): { catalog?: string; db: string; table: string } | undefined {
  if (!name) return undefined;
  const parts = name.split(".");
  if (parts.length === 1) return { db: parts[0], table: "" };
  return {
    ...(parts.length > 2 ? { catalog: parts[parts.length - 3] } : {}),
    db: parts[parts.length - 2] || defaultDb,
    table: parts[parts.length - 1],
  };
}
