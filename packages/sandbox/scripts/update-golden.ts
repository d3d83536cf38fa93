// Regenerates the golden wire files (test/fixtures/wire/**) from a fresh sandbox.
//   npx tsx scripts/update-golden.ts           check only: lists the files that would change (exit 1 if any)
//   npx tsx scripts/update-golden.ts --write   rewrite them; then review `git diff test/fixtures/wire`
// A golden is the sandbox's wire bytes for an operation the harness depends on; changing one is a
// reviewed decision, hence the explicit flag.
// Set before the SDK loads (hence the dynamic imports): silences the SDK's Node 20 support warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { startSandbox } = await import("../src/index.js");
const { fixtureValues, runGoldenCases } = await import("../test/fidelity/golden-cases.js");
const { lineDiff, readGolden, renderGolden, writeGolden } = await import("../test/helpers/wire-golden.js");

const write = process.argv.includes("--write");
const sb = await startSandbox();
let changed = 0;
try {
  sb.setFaults({ cloudtrailDelayMs: 0 });
  const stable = fixtureValues(sb);
  for (const c of await runGoldenCases(sb)) {
    const text = renderGolden(c.title, c.sent.exchange, stable);
    const before = readGolden(c.name);
    if (before === text) continue;
    changed++;
    if (write) {
      writeGolden(c.name, text);
      console.log(`${before === undefined ? "created" : "updated"} test/fixtures/wire/${c.name}.txt`);
    } else {
      console.log(`would ${before === undefined ? "create" : "update"} test/fixtures/wire/${c.name}.txt`);
      if (before !== undefined) console.log(lineDiff(before, text));
    }
  }
} finally {
  await sb.stop();
}
if (!changed) console.log("golden wire files are up to date");
else if (!write) {
  console.log(`\n${changed} golden file(s) differ; rerun with --write, then review the diff.`);
  process.exitCode = 1;
}
