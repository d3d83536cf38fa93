import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Copies the bank fixture to a temp folder, applies a text edit to fixture.yaml, returns its path. */
export function editedBankFixture(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "tip-fixture-"));
  cpSync("packages/sandbox/fixtures/bank", dir, { recursive: true });
  const file = join(dir, "fixture.yaml");
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error("fixture edit changed nothing");
  writeFileSync(file, after);
  return file;
}

export const LEAK_EDIT = (y: string) =>
  y.replace(
    "- principal: { group: MarketAnalytics }\n      resource: { lfTagPolicy: { resourceType: TABLE, expression: { transactions: [accessible] } } }",
    "- principal: { group: MarketAnalytics }\n      resource: { lfTagPolicy: { resourceType: TABLE, expression: { transactions: [accessible, secured] } } }",
  );

export function tempDir(prefix = "tip-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a variant of the bundled bank scenario (text edit) into a temp folder; returns its path. */
export function editedBankScenario(edit: (yaml: string) => string, name = "bank.yaml"): string {
  const dir = mkdtempSync(join(tmpdir(), "tip-scn-"));
  const before = readFileSync("scenarios/bank-transactions.yaml", "utf8");
  const after = edit(before);
  if (after === before) throw new Error("scenario edit changed nothing");
  const file = join(dir, name);
  writeFileSync(file, after);
  return file;
}
