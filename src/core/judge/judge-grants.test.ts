// The judge's Access Grants rules (grant-refusal.ts) over tables of facts: GetDataAccess answers one
// AccessDenied for a missing grant, a typo, a target no location covers, another instance, a location
// role the service cannot assume and a carrier role without s3:GetDataAccess. Only the first may pass.
import { describe } from "vitest";
import { allowed, refused } from "../../model/outcome.js";
import type { Task } from "../plan.js";
import {
  CARRIER_ROLE,
  ctx,
  facts,
  grantTask,
  granted,
  judgeRows,
  LOCATION_ROLE,
  other,
  proofs,
  type JudgeRow,
} from "../../../test/helpers/judge-fixtures.js";

/** The task asking GetDataAccess for a session of `seconds`. */
function withSeconds(t: Task, seconds: number): Task {
  return t.action.type === "accessGrants" ? { ...t, action: { ...t.action, durationSeconds: seconds } } : t;
}

const rows: JudgeRow[] = [
  {
    name: "GetDataAccess AccessDenied, target exists, same target granted to another persona",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "GetDataAccess AccessDenied, target exists, path live through another target",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask("s3://b/q/*"), granted("s3://b/q/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review s21c B1: the same target granted to another persona, but two location roles cover it: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21c B1: the same target granted to another persona only through an IAM grant: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), allowed({ grantedScope: "s3://b/p/*", granteeType: "IAM" }))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: path live only through another location's role (the target's role may be unassumable): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://b/q/": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: another location with the same role a directory grant went through: denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://b/q/": LOCATION_ROLE, "s3://b/p/": LOCATION_ROLE } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review s21b A1: two locations with different roles cover the target: which one a grant uses is unknown",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: { "s3://": LOCATION_ROLE, "s3://b/p/": `${LOCATION_ROLE}2` } }), [
      other(grantTask("s3://b/q/*"), granted("s3://b/q/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: only an IAM grant went through the role (sts:SetSourceIdentity, not sts:SetContext): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*", granteeType: "IAM" }))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21b A1: the locations unreadable by the base principal: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ locations: "unavailable" }), [other(grantTask("s3://b/q/*"), granted("s3://b/q/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21 F2: target exists, path live elsewhere, but no location of this instance covers the target: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "no-instance" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "review s21 F2: target governed by another account's instance: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "other-instance" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:invalid-request",
    verdict: "error",
  },
  {
    name: "review s21 F2: which instance governs the target unproven (base principal refused): not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "unavailable" } }), [
      other(grantTask("s3://b/q/*"), allowed({ grantedScope: "s3://b/q/*" })),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "the same target granted to another persona proves the instance governs it, whatever the proof",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ instances: { "s3://b/p/*": "unavailable" } }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "GetDataAccess AccessDenied, nobody granted anything (missing s3:GetDataAccess looks the same)",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied for a target that does not exist (typo)",
    task: grantTask("s3://b/typo/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/typo/*": "missing" } }), [other(grantTask("s3://b/q/*"), allowed({}))]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied on an empty prefix another persona was granted (a results prefix): denial",
    task: grantTask("s3://b/empty/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/empty/*": "missing" } }), [
      other(grantTask("s3://b/empty/*"), granted("s3://b/empty/*")),
    ]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "review 2.1: an empty, misspelt target 'granted' to another persona only through a broader grant: not a denial",
    task: grantTask("s3://b/finanse/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/finanse/*": "missing" } }), [
      other(grantTask("s3://b/finanse/*"), allowed({ grantedScope: "s3://b/*" })),
    ]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "review s21 F1: an empty, misspelt target 'granted exactly' under privilege Minimal (the target echoed back): not a denial",
    task: grantTask("s3://b/modles/*"),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/modles/*": "missing" } }), [
      other(
        grantTask("s3://b/modles/*", { outcome: "allowed" }, "arnav", undefined, "Minimal"),
        allowed({ grantedScope: "s3://b/modles/*" }),
      ),
    ]),
    outcome: "error:not-found",
    verdict: "error",
  },
  {
    name: "GetDataAccess AccessDenied, existence not provable",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ objects: { "s3://b/p/*": "unavailable" } }), [other(grantTask("s3://b/q/*"), allowed({}))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "GetDataAccess 5xx",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "InternalError", httpStatus: 500 })),
    ctx: ctx(),
    outcome: "error:server",
    verdict: "error",
  },
  // A session longer than the location role's maximum is refused (what AWS answers is UNVERIFIED; the
  // sandbox answers the AccessDenied of a missing grant): the role must be proven at that length.
  {
    name: "durationSeconds 7200 refused, the role proven only for one-hour sessions: not a denial",
    task: withSeconds(grantTask(), 7200),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "durationSeconds 7200 refused, the role proven for a 7200 s session: denial",
    task: withSeconds(grantTask(), 7200),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(withSeconds(grantTask(), 7200), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  {
    name: "a one-hour refusal, the role proven for a longer session: denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(withSeconds(grantTask("s3://b/q/*"), 43200), granted("s3://b/q/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  },
  // The rules of this session against causes other than policy: with the role proven at the session's
  // length and no IAM grant to the carrier role in sight, a refusal that is not AccessDenied (throttling,
  // an expired token, an invalid duration) stays an error; so does AccessDenied where the carrier's
  // grants cannot be read, whatever else proves the path.
  ...(
    [
      ["throttled (SlowDown, 503)", "SlowDown", 503, "error:throttled"],
      ["the harness's session expired", "ExpiredToken", 400, "error:invalid-request"],
      ["an invalid duration (InvalidRequest)", "InvalidRequest", 400, "error:invalid-request"],
    ] as const
  ).map(([why, code, status, outcome]): JudgeRow => ({
    name: `durationSeconds 7200, the role proven for 7200 s, GetDataAccess ${why}: not a denial`,
    task: withSeconds(grantTask(), 7200),
    observed: refused(facts({ stage: "grant", serviceCode: code, httpStatus: status })),
    ctx: ctx(proofs(), [other(withSeconds(grantTask(), 7200), granted("s3://b/p/*"))]),
    outcome,
    verdict: "error",
  })),
  {
    name: "review s21c D1: throttled where an IAM grant to the carrier role covers the target: error, never a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "SlowDown", httpStatus: 503 })),
    ctx: ctx(proofs({ iamGrants: [{ grantee: CARRIER_ROLE, scope: "s3://b/*", permission: "READ" }] }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:throttled",
    verdict: "error",
  },
  {
    name: "review s21c D1: IAM grants unreadable, the target granted to another persona through the same role: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ iamGrants: "unavailable" }), [
      other(grantTask(), granted("s3://b/p/*")),
      other(withSeconds(grantTask(), 43200), granted("s3://b/p/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  // Review s21c D1: an IAM grant to the carrier role covers every persona; where one covers the target,
  // the refusal came from elsewhere (its location role lacking sts:SetSourceIdentity, for one).
  ...(
    [
      ["its role ARN", CARRIER_ROLE, "s3://b/*", "READ", "error:invalid-request:CARRIER_IAM_GRANT"],
      [
        "its role ARN with a path",
        "arn:aws:iam::111122223333:role/tip/TipHarnessCarrier",
        "s3://b/p/*",
        "READWRITE",
        "error:invalid-request:CARRIER_IAM_GRANT",
      ],
      [
        "its name in another case",
        "arn:aws:iam::111122223333:role/tipharnesscarrier",
        "s3://*",
        "READ",
        "error:invalid-request:CARRIER_IAM_GRANT",
      ],
      [
        "a bucket-wide scope without a slash",
        CARRIER_ROLE,
        "s3://b*",
        "READ",
        "error:invalid-request:CARRIER_IAM_GRANT",
      ],
    ] as const
  ).map(([how, grantee, scope, permission, outcome]): JudgeRow => ({
    name: `review s21c D1: an IAM grant to the carrier role (${how}, ${permission} on ${scope}) covers the target: not a denial`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ iamGrants: [{ grantee, scope, permission }] }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome,
    verdict: "error",
  })),
  ...(
    [
      ["to another role", "arn:aws:iam::111122223333:role/Other", "s3://b/*", "READ"],
      [
        "to the same role name in another account",
        "arn:aws:iam::444455556666:role/TipHarnessCarrier",
        "s3://b/*",
        "READ",
      ],
      ["of another prefix", CARRIER_ROLE, "s3://b/q/*", "READ"],
      ["of a narrower prefix", CARRIER_ROLE, "s3://b/p/x/*", "READ"],
      ["of another bucket that shares the name's start", CARRIER_ROLE, "s3://b-archive/*", "READ"],
      ["for WRITE only (the request is READ)", CARRIER_ROLE, "s3://b/*", "WRITE"],
    ] as const
  ).map(([how, grantee, scope, permission]): JudgeRow => ({
    name: `review s21c D1: an IAM grant ${how} does not cover the request: the denial stands`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ iamGrants: [{ grantee, scope, permission }] }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  })),
  {
    name: "review s21c D1: the account's IAM grants unreadable by the base principal: not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ iamGrants: "unavailable" }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s22 L3: a carrier role ARN the check cannot read (a trailing slash) matches no grant, so it proves nothing: not a denial",
    task: (() => {
      const t = grantTask();
      if (t.action.type === "accessGrants") t.action.carrierRoleArn = `${CARRIER_ROLE}/`;
      return t;
    })(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ iamGrants: [{ grantee: CARRIER_ROLE, scope: "s3://b/*", permission: "READ" }] }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  {
    name: "review s21c D1: facts that do not name the carrier role (older facts): not a denial",
    task: (() => {
      const t = grantTask();
      if (t.action.type === "accessGrants") delete t.action.carrierRoleArn;
      return t;
    })(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs(), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  },
  // Not a decision, though everything a denial needs is proven (the target exists, the instance governs
  // it, another persona was granted it as a directory identity through the one location role).
  ...(
    [
      ["throttled (SlowDown, 503)", "SlowDown", 503, "error:throttled"],
      ["throttled (429)", "TooManyRequestsException", 429, "error:throttled"],
      ["the harness's session expired (ExpiredToken)", "ExpiredToken", 400, "error:invalid-request"],
      ["the request signed with a skewed clock", "RequestTimeTooSkewed", 403, "error:invalid-request"],
      ["a bucket that does not exist (NoSuchBucket)", "NoSuchBucket", 404, "error:not-found"],
      ["an invalid request (InvalidRequest, a bad target or duration)", "InvalidRequest", 400, "error:invalid-request"],
    ] as const
  ).map(([why, code, status, outcome]): JudgeRow => ({
    name: `GetDataAccess ${why}, everything else proven: not a denial`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: code, httpStatus: status })),
    ctx: ctx(proofs(), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome,
    verdict: "error",
  })),
  // The persona's own grants: one that covers the target means the refusal came from outside the grants
  // (an IAM condition naming the user, for one), which no other persona's contrast rules out.
  ...(
    [
      ["READ on the target's scope, to its user", [{ scope: "s3://b/p/*", permission: "READ" }]],
      [
        "READWRITE on the whole bucket, to its group",
        [
          { scope: "s3://b/q/*", permission: "READ" },
          { scope: "s3://b/*", permission: "READWRITE" },
        ],
      ],
      ["a permission it does not know", [{ scope: "s3://b/p/*", permission: "FULL" }]],
      [
        "READ limited to another application",
        [{ scope: "s3://b/p/*", permission: "READ", applicationArn: "arn:aws:sso::111122223333:application/x" }],
      ],
    ] as const
  ).map(([how, weiHolds]): JudgeRow => ({
    name: `the refused persona holds a grant covering the target (${how}): not a denial`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ weiHolds: [...weiHolds] }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "error:invalid-request:GRANT_HELD",
    verdict: "error",
  })),
  {
    name: "the refused persona holds a grant covering the target, and the scenario expects an allow: an error, not a policy failure",
    task: grantTask("s3://b/p/*", { outcome: "allowed" }),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ weiHolds: [{ scope: "s3://b/p/*", permission: "READ" }] }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:invalid-request:GRANT_HELD",
    verdict: "error",
  },
  ...(
    [
      ["for WRITE only (the request is READ)", "s3://b/*", "WRITE"],
      ["of a narrower prefix", "s3://b/p/x/*", "READ"],
      ["of another prefix", "s3://b/q/*", "READ"],
      ["of another bucket that shares the name's start", "s3://b-archive/*", "READWRITE"],
    ] as const
  ).map(([how, scope, permission]): JudgeRow => ({
    name: `the refused persona holds a grant ${how}, which does not cover the request: the denial stands`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ weiHolds: [{ scope, permission }] }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "denied:accessgrants:AccessDenied",
    verdict: "pass",
  })),
  ...(
    [
      ["could not be listed", "unavailable"],
      ["were never listed (older facts)", "absent"],
    ] as const
  ).map(([how, weiHolds]): JudgeRow => ({
    name: `the refused persona's own grants ${how}: not a denial`,
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "AccessDenied", httpStatus: 403 })),
    ctx: ctx(proofs({ weiHolds }), [other(grantTask(), granted("s3://b/p/*"))]),
    outcome: "error:ambiguous-denial",
    verdict: "error",
  })),
  {
    name: "throttled while the persona holds a grant covering the target: throttled, not a denial",
    task: grantTask(),
    observed: refused(facts({ stage: "grant", serviceCode: "SlowDown", httpStatus: 503 })),
    ctx: ctx(proofs({ weiHolds: [{ scope: "s3://b/p/*", permission: "READ" }] }), [
      other(grantTask(), granted("s3://b/p/*")),
    ]),
    outcome: "error:throttled",
    verdict: "error",
  },
];

describe("judgeAction + matchExpectation: Access Grants", () => judgeRows(rows));
