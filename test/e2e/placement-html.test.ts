// A real browser shows the pages `herd plan --html` writes: headless
// Chromium (Debian's `chromium`) driven by playwright-core opens the page
// for the shop example and for a larger fleet, finds every machine box and
// every replica, checks the bars are drawn, and saves screenshots under
// test/artifacts/. Skipped, with a message, when Chromium is absent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeFolder } from "../../language/workspace/workspace.js";
import { place, renderHtml } from "../../compiler/placement/index.js";

const CHROMIUM = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.warn(`placement-html: skipped — no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const artifacts = path.join(repo, "test/artifacts");

type Page = import("playwright-core").Page;
type Context = import("playwright-core").BrowserContext;

describe.skipIf(!haveChromium)("herd plan --html in Chromium", () => {
  let context: Context;
  let profile: string;
  let pages: string;

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "herd-chromium-"));
    pages = fs.mkdtempSync(path.join(os.tmpdir(), "herd-pages-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1280, height: 900 },
    });
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(pages, { recursive: true, force: true });
  });

  async function open(example: string): Promise<{ page: Page; result: ReturnType<typeof place> }> {
    const a = analyzeFolder(path.join(repo, "examples", example));
    expect(a.hasErrors).toBe(false);
    const result = place({ model: a.model });
    const file = path.join(pages, `${example}.html`);
    fs.writeFileSync(file, renderHtml(result, `examples/${example}`));
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    expect(requests).toEqual([]);
    return { page, result };
  }

  it("shows the shop: machine boxes grouped by pool and zone, replicas inside", async () => {
    const { page, result } = await open("shop");
    await expect(page.locator(".machine").count()).resolves.toBe(8);
    await expect(page.locator(".pool").count()).resolves.toBe(3);
    await expect(page.locator('.pool[data-pool="pool db"] .zone').count()).resolves.toBe(3);
    for (const a of result.assignments) {
      const chip = page.locator(`.machine[data-machine="${a.machine}"] .replica[data-service="${a.service}"][data-replica="${a.replica}"]`);
      await expect(chip.count()).resolves.toBe(1);
      await expect(chip.isVisible()).resolves.toBe(true);
    }
    // Bars are drawn with a width that matches the utilisation.
    const db1 = page.locator('.machine[data-machine="db-1"] .bar[data-kind="cpu"] svg');
    const box = await db1.boundingBox();
    expect(box && box.width).toBeGreaterThan(20);
    await expect(page.locator("h1").textContent()).resolves.toBe("examples/shop");
    await page.screenshot({ path: path.join(artifacts, "placement-shop.png"), fullPage: true });
  });

  it("shows a larger fleet", async () => {
    const { page, result } = await open("fleet50");
    await expect(page.locator(".machine").count()).resolves.toBe(result.machines.length);
    await expect(page.locator(".replica").count()).resolves.toBe(result.assignments.length);
    await page.screenshot({ path: path.join(artifacts, "placement-fleet50.png"), fullPage: true });
  });
});
