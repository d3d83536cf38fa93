// Trends in a real headless Chromium (Debian's, via playwright-core), every non-file request aborted and
// counted: five sandbox runs (a leak appears on the second night and is fixed on the fifth), then
// `report trend` over them (trend.html: a bar per night, first and last seen), and the fifth run's
// report.html with `--history` (the same chart in its history panel). A tampered night is refused.
// Screenshots are kept in test-artifacts/.
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFromOptions } from "../../src/index.js";
import { reportTrendCommand } from "../../src/cli/commands/report-trend.js";
import type { Trend } from "../../src/trend/model.js";
import { captureScreen } from "../helpers/capture.js";
import { editedBankFixture, LEAK_EDIT, tempDir } from "../helpers/fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const NIGHTS = 5;
let browser: Browser;
let runs: string, trendDir: string;
const runIds: string[] = [];
const offFile: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`bash scripts/install-browser.sh\` (Debian package chromium). The trend test needs a real browser and does not skip.`,
    );
  runs = tempDir("tip-nights-");
  const leak = editedBankFixture(LEAK_EDIT);
  for (let n = 1; n <= NIGHTS; n++) {
    const last = n === NIGHTS;
    const r = await runFromOptions(
      {
        paths: ["scenarios/bank-transactions.yaml"],
        output: join(runs, `night-${n}`),
        ...(n >= 2 && n <= 4 ? { fixture: leak } : {}),
        reporter: ["json", "md", "html", "manifest"],
        ...(last ? { history: runs } : {}),
      },
      { cwd: process.cwd(), screen: captureScreen(), env: { PATH: process.env.PATH } },
    );
    expect(r.exitCode).toBe(n >= 2 && n <= 4 ? 1 : 0);
    runIds.push(r.report.runId);
  }
  trendDir = join(tempDir("tip-trend-"), "trend");
  const screen = captureScreen();
  expect(await reportTrendCommand([runs], { output: trendDir }, screen), screen.text()).toBe(0);
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
}, 400_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("file:")) return route.continue();
    offFile.push(u);
    return route.abort();
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, errors, close: () => ctx.close() };
}

async function keep(page: Page, name: string, locator = "body") {
  mkdirSync(resolve("test-artifacts"), { recursive: true });
  const path = resolve("test-artifacts", name);
  await page.locator(locator).first().screenshot({ path });
  expect(statSync(path).size).toBeGreaterThan(5_000);
}

describe("report trend over five nights", () => {
  it("trend.json: one run per night in order, the leak first seen on night 2 and last seen on night 4", () => {
    const t = JSON.parse(readFileSync(join(trendDir, "trend.json"), "utf8")) as Trend;
    expect(t.runs.map((r) => r.runId)).toEqual(runIds);
    expect(t.runs.map((r) => r.counts.fail)).toEqual([0, 2, 2, 2, 0]);
    expect(t.runs.map((r) => r.counts.pass)).toEqual([18, 16, 16, 16, 18]);
    expect(t.findings.length).toBeGreaterThan(0);
    for (const f of t.findings) {
      expect(f).toMatchObject({
        persona: "wei",
        open: false,
        seenIn: 3,
        firstSeen: { runId: runIds[1] },
        lastSeen: { runId: runIds[3] },
      });
    }
    expect(t.findings.map((f) => f.class)).toContain("unexpected-allow");
    expect(readFileSync(join(trendDir, "trend.md"), "utf8")).toMatch(
      /\| gone \| UNEXPECTED ALLOW \| wei × select-pii-account-number/,
    );
  });

  it("trend.html renders in Chromium: a bar per night, the findings table, no errors, no network", async () => {
    const { page, errors, close } = await open(join(trendDir, "trend.html"));
    expect(await page.locator("svg.trend-chart g.bar").count()).toBe(NIGHTS);
    expect(
      await page.locator("svg.trend-chart g.bar").evaluateAll((bars) => bars.map((b) => b.getAttribute("data-run-id"))),
    ).toEqual(runIds);
    // Nights 2-4 have red (fail) segments; the box of each bar is really drawn.
    expect(await page.locator("svg.trend-chart rect.seg.fail").count()).toBe(3);
    const box = await page.locator("svg.trend-chart g.bar").first().boundingBox();
    expect(box!.height).toBeGreaterThan(100);
    expect(await page.locator("table.trend-findings tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("h1").innerText()).toMatch(/tip-proof trend: 5 runs/);
    await keep(page, "trend-html.png");
    expect(errors).toEqual([]);
    expect(offFile).toEqual([]);
    await close();
  });

  it("a tampered night is refused, and so is the trend (exit 2)", async () => {
    const copy = tempDir("tip-tampered-");
    for (const n of [1, 2]) cpSync(join(runs, `night-${n}`), join(copy, `night-${n}`), { recursive: true });
    writeFileSync(
      join(copy, "night-2/report.md"),
      readFileSync(join(copy, "night-2/report.md"), "utf8").replace("FAIL", "PASS"),
    );
    const screen = captureScreen();
    expect(
      await reportTrendCommand([join(copy, "night-1"), join(copy, "night-2")], { output: join(copy, "trend") }, screen),
    ).toBe(2);
    expect(screen.text()).toMatch(
      /error CFG_TAMPERED: .*night-2: does not match its manifest\.json \(modified report\.md\)/,
    );
    expect(existsSync(join(copy, "trend"))).toBe(false);
  });
});

describe("report.html's history panel (run --history)", () => {
  it("the fifth night's report embeds the chart of all five runs and renders without errors or network", async () => {
    const { page, errors, close } = await open(join(runs, `night-${NIGHTS}`, "report.html"));
    expect(await page.locator("#history").innerText()).toBe("History: the last 5 runs");
    expect(await page.locator(".trend svg g.bar").count()).toBe(NIGHTS);
    expect(await page.locator(".trend svg g.bar").last().getAttribute("data-run-id")).toBe(runIds[NIGHTS - 1]);
    expect(await page.locator("#history + p").innerText()).toMatch(
      /0 findings first seen in this run; 2 seen before and gone now/,
    );
    await page.locator(".trend-tables summary").click();
    expect(await page.locator(".trend-tables table.trend-runs tbody tr").count()).toBe(NIGHTS);
    await keep(page, "report-history.png", ".trend");
    expect(errors).toEqual([]);
    expect(offFile).toEqual([]);
    await close();
  });
});
