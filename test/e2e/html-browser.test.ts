// report.html in a real headless Chromium (Debian's package, driven by playwright-core), with every
// non-file request aborted and counted: the matrix shows every result, a failing cell opens its
// detail, the filters work, it reads without JavaScript, and a screenshot is kept as an artifact.
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import type { RunReport } from "../../src/model/report.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACT = resolve("test-artifacts/report-html.png");

let browser: Browser;
let url: string;
let report: RunReport;
const offFile: string[] = [];

async function context(javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled });
  // Everything that is not the file itself is refused and remembered: the page must need nothing.
  await ctx.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("file:")) return route.continue();
    offFile.push(u);
    return route.abort();
  });
  return ctx;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`bash scripts/install-browser.sh\` (Debian package chromium). The HTML report test needs a real browser and does not skip.`,
    );
  const dir = tempDir("tip-html-");
  const r = await runFromOptions(
    {
      paths: ["scenarios/bank-transactions.yaml"],
      output: dir,
      fixture: editedBankFixture(LEAK_EDIT),
      reporter: ["json", "html"],
    },
    { cwd: process.cwd(), screen: captureScreen(), env: { PATH: process.env.PATH } },
  );
  expect(r.exitCode).toBe(1);
  report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  url = pathToFileURL(join(dir, "report.html")).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("report.html in headless Chromium", () => {
  it("shows the matrix with every result, opens a failing cell's detail, filters, and makes no network request", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const started = Date.now();
    await page.goto(url);
    const loadMs = Date.now() - started;

    await expect.poll(() => page.locator("td.cell:not(.none)").count()).toBe(report.results.length);
    expect(await page.locator("td.cell.pass-allowed, td.cell.pass-denied").count()).toBe(report.summary.passed);
    expect(await page.locator("h1").innerText()).toMatch(/FAIL: 1 unexpected allow/);
    expect(await page.locator("#f-count").innerText()).toBe(`showing 18 of 18 results`);

    // The loudest cell: Wei was allowed what must be denied.
    const cell = page.locator("td.cell.allow");
    expect(await cell.count()).toBe(1);
    expect(await cell.innerText()).toMatch(/ALLOWED\s+must be denied by lakeformation/);
    await cell.locator("a").click();
    const panel = page.locator("#panel");
    await expect.poll(() => panel.isVisible()).toBe(true);
    const detail = await panel.innerText();
    expect(detail).toMatch(/wei × select-pii-account-number/);
    expect(detail).toMatch(/Expected\s+Observed/);
    expect(detail).toMatch(/denied by lakeformation \(COLUMN_NOT_FOUND\)/);
    const wei = report.results.find((r) => r.id === "bank-transactions/select-pii-account-number/wei")!;
    expect(detail).toContain(wei.observed.queryExecutionId!);
    expect(detail).toContain(wei.evidence.cloudtrail[0].eventId);
    expect(await panel.locator("mark.identity", { hasText: wei.identityCenterUserId! }).count()).toBeGreaterThan(0);
    expect(await panel.locator("pre.json").isVisible()).toBe(true);

    mkdirSync(resolve("test-artifacts"), { recursive: true });
    await page.screenshot({ path: ARTIFACT });
    expect(statSync(ARTIFACT).size).toBeGreaterThan(10_000);

    await page.keyboard.press("Escape");
    await expect.poll(() => panel.isVisible()).toBe(false);

    await page.selectOption("#f-verdict", "findings");
    expect(await page.locator("#f-count").innerText()).toBe("showing 2 of 18 results");
    expect(await page.locator("section.detail:visible").count()).toBe(2);
    await page.selectOption("#f-verdict", "");
    await page.selectOption("#f-persona", "dana");
    expect(await page.locator("td.cell:visible").count()).toBe(
      report.results.filter((r) => r.persona === "dana").length,
    );
    expect(await page.locator("th.persona:visible").allInnerTexts()).toEqual([expect.stringMatching(/^dana/)]);
    await page.selectOption("#f-persona", "");
    await page.selectOption("#f-layer", "accessgrants");
    expect(await page.locator("table.matrix tbody tr:visible").count()).toBe(2);
    expect(await page.locator("section.detail:visible").count()).toBe(
      report.results.filter((r) => r.action.layer === "accessgrants").length,
    );

    expect(errors).toEqual([]);
    expect(offFile).toEqual([]);
    expect(loadMs).toBeLessThan(5000);
    await ctx.close();
  });

  it("reads without JavaScript: the static matrix, the findings and every detail are there", async () => {
    const ctx = await context(false);
    const page = await ctx.newPage();
    await page.goto(url);
    expect(await page.locator("td.cell:not(.none)").count()).toBe(report.results.length);
    expect(await page.locator(".filters").isVisible()).toBe(false);
    expect(await page.locator("section.detail").count()).toBe(report.results.length);
    await page.locator("td.cell.allow a").click();
    expect(page.url()).toMatch(/#r-bank-transactions\/select-pii-account-number\/wei$/);
    expect(offFile).toEqual([]);
    await ctx.close();
  });
});
