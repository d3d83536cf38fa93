// tip-proof doctor through the real sandbox (issue 12 item 1 Done-when): the bundled fixture is all ok;
// each singly broken fixture variant is named by exactly its check, as a problem with its fix (exit 1); a
// refused read is "cannot tell (needs permission …)". Then run's preflight (the blocking subset) and the
// run's correlation id (item 6) in the sandbox's CloudTrail.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../src/doctor/catalogue.js";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, tempDir } from "../helpers/fixtures.js";
import { runCli } from "../helpers/run-cli.js";

interface DoctorJson {
  ok: boolean;
  checks: { id: string; status: string; result: string; fix: string; doc: string }[];
}

const doctor = async (fixture?: string) => {
  const out = join(tempDir("tip-doctor-"), "doctor.json");
  const r = await runCli(["doctor", ...(fixture ? ["--fixture", fixture] : []), "-o", out]);
  return { ...r, json: JSON.parse(readFileSync(out, "utf8")) as DoctorJson };
};

const INSTANCE = "arn:aws:sso:::instance/ssoins-7223b8f2c1d4e5a6";
const CARRIER_TRUST =
  'Principal: { AWS: arn:aws:iam::111122223333:user/tip-harness-runner }\n          Action: ["sts:AssumeRole", "sts:SetContext"]';

// Each edit breaks one prerequisite; the checks that follow from it are named too (without a jwt-bearer
// grant there is no issuer to read, so the issuer, its discovery and the persona claims cannot be made).
const BROKEN: [string, (y: string) => string, string, string[]?][] = [
  [
    "no jwt-bearer grant",
    (y) =>
      y.replace(/ {8}jwtBearer:\n {10}- trustedTokenIssuerArn: \S+\n {12}authorizedAudiences: \[tip-harness\]\n/, ""),
    "application.jwt-bearer",
    [
      "application.jwt-bearer",
      "application.issuer",
      "application.audience",
      "issuer.discovery",
      ...["arnav", "maria", "wei", "dana"].map((p) => `persona.claim:${p}`),
    ],
  ],
  [
    "carrier trust without sts:SetContext",
    (y) => y.replace(CARRIER_TRUST, CARRIER_TRUST.replace(', "sts:SetContext"', "")),
    "carrier.trust",
  ],
  [
    "workgroup without Identity Center",
    (y) => y.replace(/(- name: tip-analysts\n {6}identityCenterEnabled:) true/, "$1 false"),
    "athena.workgroup",
  ],
  [
    "Access Grants bound to another instance",
    (y) =>
      y.replace(
        `accessGrants:\n  instanceArn: arn:aws:s3:us-east-1:111122223333:access-grants/default\n  identityCenterInstanceArn: ${INSTANCE}`,
        "accessGrants:\n  instanceArn: arn:aws:s3:us-east-1:111122223333:access-grants/default\n  identityCenterInstanceArn: arn:aws:sso:::instance/ssoins-0000000000000000",
      ),
    "access-grants.instance",
  ],
  [
    "Lake Formation without its Identity Center configuration",
    (y) => y.replace(`  identityCenter: { instanceArn: "${INSTANCE}" }\n`, ""),
    "lake-formation.identity-center",
  ],
  [
    "no sts:identity_context scope",
    (y) =>
      y.replace(
        'scopes: [openid, aws, "sts:identity_context", "s3:access_grants:read_write"]',
        'scopes: [openid, aws, "s3:access_grants:read_write"]',
      ),
    "application.scopes",
  ],
];

describe("tip-proof doctor against the sandbox", () => {
  it("the bundled fixture: every check ok, exit 0", async () => {
    const r = await doctor();
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.json.checks.filter((c) => c.status !== "ok")).toEqual([]);
    // Every check of the catalogue is made (persona checks once per persona).
    expect(new Set(r.json.checks.map((c) => c.id.split(":")[0]))).toEqual(new Set(Object.keys(CHECKS)));
    expect(r.stdout).toMatch(/^\d+ checks: \d+ ok, 0 problem\(s\), 0 cannot tell$/m);
  });

  it.each(BROKEN)("%s: named as a problem with its fix (exit 1)", async (_name, edit, id, all) => {
    const r = await doctor(editedBankFixture(edit));
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.json.checks.filter((c) => c.status !== "ok").map((c) => c.id)).toEqual(all ?? [id]);
    const hit = r.json.checks.find((c) => c.id === id)!;
    expect(hit.status).toBe("problem");
    expect(r.stdout).toContain(`PROBLEM ${id}: problem:`);
    expect(r.stdout).toContain(`fix: ${CHECKS[id as keyof typeof CHECKS].fix}`);
    expect(r.stdout).toContain(`docs: ${CHECKS[id as keyof typeof CHECKS].doc}`);
  });

  it("a read the base principal may not make: cannot tell (needs permission iam:GetRole), exit 0", async () => {
    const r = await doctor(editedBankFixture((y) => y.replace('"iam:GetRole", ', "")));
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.json.checks.filter((c) => c.status !== "ok").map((c) => [c.id, c.result])).toEqual([
      ["carrier.trust", "cannot tell (needs permission iam:GetRole)"],
    ]);
    expect(r.stdout).toContain("carrier.trust: cannot tell (needs permission iam:GetRole)");
  });
});

describe("run's preflight", () => {
  it("a blocking problem stops the run before anyone signs in: CFG_PREFLIGHT, doctor's message, exit 2, no report folder", async () => {
    const out = join(tempDir("tip-preflight-"), "out");
    const r = await runCli(["run", "--fixture", editedBankFixture(BROKEN[1][1]), "-o", out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/CFG_PREFLIGHT/);
    expect(r.stderr).toContain(
      "carrier.trust: arn:aws:iam::111122223333:role/TipHarnessCarrier's trust policy does not allow sts:SetContext",
    );
    expect(r.stderr).toContain(`fix: ${CHECKS["carrier.trust"].fix}`);
    expect(r.stdout + r.stderr).not.toMatch(/passed|failed/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("a check it cannot make (refused read) does not stop the run; the console names it", async () => {
    const r = await runCli([
      "run",
      "--fixture",
      editedBankFixture((y) => y.replace('"iam:GetRole", ', "")),
      "-o",
      join(tempDir("tip-preflight-"), "out"),
    ]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(
      "preflight: carrier.trust could not be checked: cannot tell (needs permission iam:GetRole); the run continues",
    );
  }, 120_000);
});

describe("the run's correlation id", () => {
  it("every call the run makes carries tip-proof/<version> run/<run-id> in CloudTrail's userAgent; the report records it and the session name pattern", async () => {
    let sandbox:
      | {
          trail: {
            events: {
              record: { eventName?: string; userAgent?: string; userIdentity?: { arn?: string; onBehalfOf?: object } };
            }[];
          };
        }
      | undefined;
    const r = await runFromOptions(
      { paths: ["scenarios/bank-transactions.yaml"], output: tempDir("tip-report-") },
      {
        cwd: process.cwd(),
        screen: captureScreen(),
        env: { PATH: process.env.PATH },
        onSandbox: (sb) => {
          sandbox = sb as never;
        },
      },
    );
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(r.outputDir, "report.json"), "utf8")) as RunReport;
    expect(report.userAgent).toBe(`tip-proof/${report.tool.version} run/${report.runId}`);
    expect(report.roleSessionName).toBe(`tip-${report.runId}`);
    // A reader finds the run's records by the suffix: the calls the harness made (not Athena's own) all carry it.
    const records = sandbox!.trail.events.map((e) => e.record);
    const ours = records.filter((x) => x.userAgent?.includes(report.userAgent!));
    expect(ours.length).toBeGreaterThan(10);
    const harnessCalls = records.filter(
      (x) => x.userAgent !== "athena.amazonaws.com" && x.userAgent !== "background-traffic",
    );
    expect(harnessCalls.filter((x) => !x.userAgent?.includes(report.userAgent!))).toEqual([]);
    // Every identity-enhanced session is named for the run (onBehalfOf says whose), so one Event
    // history search by that user name lists the run's calls as its personas.
    // (The persona sessions' own calls: Access Grants' vended sessions have names of their own.)
    const personaCalls = ours.filter(
      (x) => x.userIdentity?.onBehalfOf && ["StartQueryExecution", "GetDataAccess"].includes(x.eventName ?? ""),
    );
    expect(personaCalls.length).toBeGreaterThan(0);
    expect(new Set(personaCalls.map((x) => x.userIdentity?.arn?.split("/").pop()))).toEqual(
      new Set([report.roleSessionName]),
    );
  }, 120_000);
});
