// npm run oracle -- [--cases N] [--seed S] [--concurrency C] [--no-shrink] [--repro DIR] [--world I]
// The differential oracle (issue 9, item 5): random fixtures and scenarios, the real harness in-process
// against the sandbox, every verdict compared with the policy truth. The seed is always printed first;
// the last line is exactly `oracle: N cases, F false passes, E errors where the truth was decidable`.
// Exit 1 when F > 0.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Several harness runs share this process: raise the default listener cap of new AbortSignals.
(await import("node:events")).default.setMaxListeners(200);

const { runOracle, genomeOf, worldOf } = await import("../test/oracle/oracle.js");
const { runWorld } = await import("../test/oracle/run.js");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}
function intArg(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) {
    process.stderr.write(`oracle: ${name} ${v}: expected an integer\n`);
    process.exit(2);
  }
  return n;
}

const seed = intArg("--seed", (Math.random() * 2 ** 31) | 0);
const cases = intArg("--cases", 2000);
const concurrency = intArg("--concurrency", 2);
process.stdout.write(`oracle: seed ${seed} (replay with --seed ${seed})\n`);

const single = arg("--world");
if (single !== undefined) {
  // Replays one world of a run, keeping its files: --seed S --world I [--repro DIR]
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = arg("--repro") ?? mkdtempSync(join(tmpdir(), "tip-oracle-world-"));
  const out = await runWorld(worldOf(genomeOf(seed, Number(single))), dir, { keep: true });
  process.stdout.write(`world ${single}: files in ${dir}\n`);
  for (const t of out.tasks)
    process.stdout.write(
      `  ${t.verdict.padEnd(7)} ${t.scenario}/${t.check}/${t.persona} expect ${t.expectation}, readable ${t.readable}${t.falsePass ? `  FALSE PASS: ${t.falsePass}` : ""}${t.verdict === "error" ? `  [${t.decidable ? "decidable" : "cause"}] ${t.errorCategory}` : ""}\n`,
    );
  for (const x of out.invalid) process.stdout.write(`  invalid ${x.scenario}: ${x.diagnostics.join("; ")}\n`);
  if (out.crash) process.stdout.write(`  crash: ${out.crash}\n`);
  process.stdout.write(
    `oracle: ${out.cases} cases, ${out.falsePasses.length} false passes, ${out.tasks.filter((t) => t.verdict === "error" && t.decidable).length} errors where the truth was decidable\n`,
  );
  process.exit(out.falsePasses.length ? 1 : 0);
}

const fmt = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
};
const summary = await runOracle({
  cases,
  seed,
  concurrency,
  shrink: !process.argv.includes("--no-shrink"),
  reproRoot: arg("--repro"),
  onProgress: (p) => {
    const rate = p.cases / (p.elapsedMs / 1000);
    process.stdout.write(
      `  ${p.cases}/${p.total} cases · ${rate.toFixed(2)} cases/s · ETA ${fmt(((p.total - p.cases) / Math.max(rate, 1e-9)) * 1000)} · ${p.falsePasses} false passes · ${p.decidableErrors} decidable errors · ${p.invalid} invalid\n`,
    );
  },
  onFalsePass: (f) => {
    process.stdout.write(`FALSE PASS seed ${f.seed}, world ${f.world} (cases ${f.cases.join(", ")}):\n`);
    for (const t of f.tasks) process.stdout.write(`  ${t.scenario}/${t.check}/${t.persona}: ${t.falsePass}\n`);
    if (f.reproduction) {
      process.stdout.write(`  minimal reproduction (fast-check shrunk): ${f.reproduction}\n`);
      for (const t of f.shrunk?.tasks ?? [])
        process.stdout.write(`    ${t.scenario}/${t.check}/${t.persona}: ${t.falsePass}\n`);
    } else process.stdout.write(`  replay: npm run oracle -- --seed ${f.seed} --world ${f.world}\n`);
  },
});

const secs = summary.elapsedMs / 1000;
process.stdout.write(
  `\nseed ${seed}: ${summary.worlds} worlds (sandbox starts), ${summary.tasks} persona × check verdicts in ${fmt(summary.elapsedMs)} (${(summary.cases / secs).toFixed(2)} cases/s, concurrency ${concurrency})\n`,
);
process.stdout.write(
  `verdicts: ${Object.entries(summary.verdicts)
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ", ",
    )}; ${summary.denialPasses} passes of denial expectations checked against the truth; errors ${summary.errors}, of which decidable ${summary.decidableErrors}\n`,
);
if (summary.errorCategories.size) {
  process.stdout.write("errors where the truth was decidable, by cause:\n");
  for (const [k, v] of [...summary.errorCategories].sort((a, b) => b[1].count - a[1].count))
    process.stdout.write(`  ${String(v.count).padStart(5)}  ${k}  e.g. ${v.example.slice(0, 300)}\n`);
}
if (summary.invalid)
  process.stdout.write(
    `invalid scenarios (refused by the harness, not cases): ${summary.invalid}${summary.invalidExamples.length ? `, e.g. ${summary.invalidExamples.join(" | ")}` : ""}\n`,
  );
if (summary.crashes.length)
  process.stdout.write(
    `harness crashes (not verdicts): ${summary.crashes.length}: ${summary.crashes.slice(0, 5).join(" | ")}\n`,
  );
process.stdout.write(
  `truth cross-checks: ${summary.truthDisagreements.length} disagreement(s) between truth.ts and the sandbox's readableColumns/grantedTargets${summary.truthDisagreements.length ? `: ${summary.truthDisagreements.slice(0, 5).join(" | ")}` : ""}; ${summary.mismatchCount} observation(s) the policy truth cannot explain${summary.mismatches.length ? `: ${summary.mismatches.slice(0, 5).join(" | ")}` : ""}\n`,
);
for (const f of summary.falsePasses)
  process.stdout.write(
    `false pass: seed ${f.seed} world ${f.world} cases ${f.cases.join(",")}${f.reproduction ? ` → ${f.reproduction}` : ""}\n`,
  );
process.stdout.write(
  `oracle: ${summary.cases} cases, ${summary.falsePassCount} false passes, ${summary.decidableErrors} errors where the truth was decidable\n`,
);
process.exit(summary.falsePassCount > 0 ? 1 : 0);
