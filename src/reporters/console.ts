// The console: a line per persona × check, findings first at the end, then the closing count line.
// Live progress rewrites one line on a TTY and prints plain lines in CI.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { CheckResult, PersonaReport, RunReport } from "../model/report.js";
import type { Reporter, RunBeginInfo } from "../model/reporter.js";
import { paint, type Screen } from "./screen.js";
import { headline, observedSummary, runFindings, runWarnings, sortFindings } from "./present.js";
import { premiseFindings } from "../core/summary.js";

export class ConsoleReporter implements Reporter {
  readonly name = "console";
  private lastProgress = "";
  private progressShown = false;
  constructor(
    private readonly screen: Screen,
    private readonly outputDir?: string,
    private readonly live = false,
    private readonly cwd = process.cwd(),
  ) {}

  private clearProgress() {
    if (this.progressShown && this.screen.isTTY) this.screen.write("\r\x1b[2K");
    this.progressShown = false;
  }

  onBegin(i: RunBeginInfo) {
    const p = paint(this.screen);
    const where =
      i.target.kind === "sandbox"
        ? `the embedded sandbox (account ${i.target.accountId}, ${i.target.region})`
        : `AWS account ${i.target.accountId} (${i.target.region})`;
    this.screen.write(
      `${p.bold("tip-proof")} run ${i.runId} against ${where}\n${i.taskCount} checks across ${i.personas.length} personas in ${i.scenarios.join(", ")}\n\n`,
    );
  }

  onPersona(r: PersonaReport) {
    const p = paint(this.screen);
    this.clearProgress();
    const state =
      r.signIn === "ok"
        ? p.green("signed in")
        : r.signIn === "denied"
          ? p.yellow("sign-in denied")
          : p.red("sign-in error");
    const groups = r.resolvedGroups ? ` groups [${r.resolvedGroups.join(", ")}]` : "";
    this.screen.write(
      `  ${r.name.padEnd(10)} ${r.class.padEnd(8)} ${state}${r.identityCenterUserId ? ` as ${r.identityCenterUserId}` : ""}${groups}${r.note ? `\n             ${r.note.startsWith("DIRECTORY DRIFT") ? p.red(r.note) : p.dim(r.note)}` : ""}\n`,
    );
  }

  onProgress(message: string) {
    if (message === this.lastProgress) return;
    if (message.startsWith("observed ")) {
      // Pilot sessions keep each observation; elsewhere it only flashes by on a TTY (the results follow).
      if (this.live) {
        this.clearProgress();
        this.screen.write(`  ${message}\n`);
        return;
      }
      if (!this.screen.isTTY) return;
    }
    this.lastProgress = message;
    if (this.screen.isTTY) {
      this.screen.write(`\r\x1b[2K${paint(this.screen).dim(message)}`);
      this.progressShown = true;
    } else this.screen.write(`  … ${message}\n`);
  }

  private first = true;
  onResult(r: CheckResult) {
    const p = paint(this.screen);
    this.clearProgress();
    if (this.first) {
      this.screen.write("\n");
      this.first = false;
    }
    // A waived failure is still a failure (its reasons follow), shown with the exception that covers it.
    const mark = r.waiver
      ? p.yellow("~ waived ")
      : {
          pass: p.green("✓ pass   "),
          fail: p.red("✗ FAIL   "),
          error: p.magenta("! ERROR  "),
          pending: p.yellow("… pending"),
        }[r.verdict];
    const evid = r.evidence.cloudtrail[0];
    const ct = evid
      ? p.dim(
          ` · CloudTrail ${evid.eventName} ${evid.eventId.slice(0, 8)}${evid.errorCode ? ` ${evid.errorCode}` : ""}`,
        )
      : r.evidence.status === "pending"
        ? p.yellow(" · CloudTrail pending")
        : "";
    const detail =
      r.verdict === "pass"
        ? observedSummary(r)
        : r.waiver
          ? `${r.reasons[0]} (waived by ${r.waiver.exception})`
          : r.reasons[0];
    this.screen.write(`  ${mark} ${r.persona.padEnd(10)} ${r.check.padEnd(28)} ${detail}${ct}\n`);
  }

  onEnd(rep: RunReport) {
    const p = paint(this.screen);
    this.clearProgress();
    const s = rep.summary;
    const runLevel = runFindings(rep);
    if (runLevel.length) {
      this.screen.write(`\n${p.bold("Run findings")}\n`);
      for (const f of runLevel) this.screen.write(`  ${p.red(f)}\n`);
    }
    const warnings = runWarnings(rep);
    if (warnings.length) {
      this.screen.write(`\n${p.bold("Warnings")}\n`);
      for (const w of warnings) this.screen.write(`  ${p.yellow(w)}\n`);
    }
    const findings = rep.results.filter((r) => r.verdict !== "pass");
    if (findings.length) {
      this.screen.write(`\n${p.bold("Findings")}\n`);
      for (const r of sortFindings(findings)) this.screen.write(`  ${headline(r)}\n`);
    }
    if (rep.clock && Math.abs(rep.clock.skewMs) >= 2_000)
      this.screen.write(
        `\n${p.yellow(`Clock: this machine is ${Math.abs(Math.round(rep.clock.skewMs / 1000))} s ${rep.clock.skewMs > 0 ? "behind" : "ahead of"} AWS (from ${rep.clock.samples} responses); CloudTrail lookups used AWS's time. Sync the clock (NTP).`)}\n`,
      );
    this.screen.write(
      `\n${s.total} results: ${s.passed} pass, ${s.failed} fail, ${s.errors} error, ${s.pending} pending${s.waived ? `, ${s.waived} waived` : ""}${s.unexpectedAllows ? p.red(` — ${s.unexpectedAllows} UNEXPECTED ALLOW(S)`) : ""}\n`,
    );
    if (this.outputDir) {
      this.screen.write(`Reports: ${relative(this.cwd, this.outputDir) || this.outputDir}\n`);
      // The manifest's own hash, for the CI log or the ticket: it anchors the folder's integrity.
      const manifest = join(this.outputDir, "manifest.json");
      if (existsSync(manifest))
        this.screen.write(`Manifest: sha256 ${createHash("sha256").update(readFileSync(manifest)).digest("hex")}\n`);
    }
    // The closing line CI systems and people grep for.
    const premise = premiseFindings(rep.personas, rep.proofs);
    this.screen.write(
      `${s.passed} passed, ${s.failed + s.errors} failed${s.pending ? `, ${s.pending} skipped` : ""}${s.waived ? `, ${s.waived} waived` : ""}${premise.length ? `; run failed: ${premise.join(", ")}` : ""}\n`,
    );
  }

  onError(e: Error) {
    this.clearProgress();
    this.screen.write(`${paint(this.screen).red("error:")} ${e.message}\n`);
  }
}
