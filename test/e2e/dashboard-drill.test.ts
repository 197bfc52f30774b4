import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type TestServer } from "../helpers/server";
import { foldsLoaded, launchBrowser, loginAs, newPage, screenshot, VIEWPORTS, unfoldAll } from "../helpers/browser";

// The provincial leader drills, by clicks only, from the province to one criterion at one commune
// desk and back up through the breadcrumbs, on a laptop and on a phone.

let server: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer({ demoResponses: true });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const parsePercent = (s: string) => Number(s.replace("%", "").replace(/\./g, "").replace(",", ".").trim());

async function leagueValues(page: Page, testId: string): Promise<number[]> {
  const cells = await page.getByTestId(testId).getByTestId("league-value").allTextContents();
  return cells.map((c) => c.trim()).filter((c) => c !== "—").map(parsePercent);
}

function ascending(xs: number[]) {
  for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1]);
}

async function clickTo(page: Page, testId: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.getByTestId(testId).first().click()]);
  await page.locator('main[data-hydrated="true"]').waitFor();
  await foldsLoaded(page);
}

async function crumbs(page: Page): Promise<string[]> {
  return (await page.getByTestId("breadcrumbs").locator("li").allTextContents()).map((t) => t.trim());
}

async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const [label, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
  describe(`drill-down on a ${label} (${viewport.width}×${viewport.height})`, () => {
    it("goes province → district → commune → desk → sub-index → criterion by clicks, and back up by breadcrumbs", async () => {
      const page = await newPage(browser, { viewport });
      await unfoldAll(page);
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await loginAs(page, server.url, "lanhdao.tinh");
      await page.goto(`${server.url}/dashboard?year=2024`);
      await page.locator('main[data-hydrated="true"]').waitFor();
      await foldsLoaded(page);

      // Province: the desks' league table is weakest first, each row with its interval bar.
      ascending(await leagueValues(page, "league-point"));
      expect(await page.getByTestId("league-point").locator(".ci-bar .ci-range").count()).toBeGreaterThan(20);
      expect(await page.getByTestId("weakest").getByTestId("node-row").count()).toBeGreaterThan(3);
      expect(await page.getByTestId("channels").getByTestId("channel-figure").count()).toBe(4);
      await page.getByTestId("trend").locator(".recharts-line").first().waitFor({ timeout: 15_000 });
      if (label === "desktop") await screenshot(page, "dashboard-province");

      // District.
      await clickTo(page, "unit-link-BMT", /unit=BMT(&|$)/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBeTruthy();
      await expect.poll(() => crumbs(page)).toEqual(["Tỉnh Đắk Lắk", "Thành phố Buôn Ma Thuột"]);
      ascending(await leagueValues(page, "league-point"));
      if (label === "desktop") await screenshot(page, "dashboard-district");

      // Commune.
      await clickTo(page, "unit-link-BMT-TANLOI", /unit=BMT-TANLOI/);
      await expect.poll(async () => (await crumbs(page))[2]).toContain("Tân Lợi");
      if (label === "desktop") await screenshot(page, "dashboard-commune");

      // The commune's one-stop desk.
      await clickTo(page, "league-link-MC-BMT-TANLOI", /\/dashboard\/diem\/MC-BMT-TANLOI/);
      await page.getByTestId("point-dashboard").waitFor();
      await expect.poll(async () => (await page.getByTestId("scope-title").textContent()) ?? "").toContain("Tân Lợi");
      await expect.poll(async () => (await crumbs(page)).length).toBe(4);
      if (label === "desktop") await screenshot(page, "dashboard-point");

      // A sub-index at that desk: its criteria, trend, channels.
      await clickTo(page, "node-access-link", /node=access(&|$)/);
      await expect.poll(async () => (await crumbs(page)).at(-1)).toBe("Chỉ số hài lòng về tiếp cận dịch vụ");
      const rows = page.getByTestId("node-children").getByTestId("node-row");
      expect(await rows.count()).toBe(5);
      const values = (await rows.getByTestId("node-value").allTextContents()).map((t) => t.trim()).filter((t) => t !== "—").map(parsePercent);
      ascending(values);
      expect(await page.getByTestId("node-access-n").textContent()).toMatch(/^n = [\d.]+$/);
      expect(await page.getByTestId("node-access-ci").textContent()).toMatch(/KTC 95%: \d/);
      if (label === "desktop") await screenshot(page, "dashboard-subindex");
      else await screenshot(page, "dashboard-subindex-phone");

      // A criterion at that desk: the online/paper questions have fewer than 30 answers here.
      await clickTo(page, "node-link-access.2", /node=access\.2/);
      // The breadcrumb names the criterion in words, never by its internal code.
      await expect.poll(async () => (await crumbs(page)).at(-1)).toMatch(/\p{L}{3,}/u);
      expect((await crumbs(page)).join(" ")).not.toMatch(/access\.2/);
      const n = Number(((await page.getByTestId("node-access.2-n").textContent()) ?? "").replace(/\D/g, ""));
      expect(n).toBeGreaterThan(0);
      if (n < 30) expect(await page.getByTestId("node-access.2-small").textContent()).toContain("Chưa đủ mẫu");
      await page.getByTestId("trend").waitFor();
      expect(await page.getByTestId("trend-quarters").getByTestId("quarter-row").count()).toBe(4);
      await page.getByTestId("trend").locator(".recharts-line").first().waitFor({ timeout: 15_000 });
      await fitsWidth(page, viewport.width);
      await screenshot(page, label === "desktop" ? "dashboard-criterion" : "dashboard-criterion-phone");

      // Back up: the desk, then the district, then the province.
      await Promise.all([page.waitForURL(/\/dashboard\/diem\/MC-BMT-TANLOI\?year=2024&channel=all$/), page.getByTestId("breadcrumbs").getByRole("link", { name: /Tân Lợi/ }).last().click()]);
      await page.getByTestId("node-SIPAS-card").waitFor();
      await Promise.all([page.waitForURL(/unit=BMT$/), page.getByTestId("breadcrumbs").getByRole("link", { name: "Thành phố Buôn Ma Thuột" }).click()]);
      await page.getByTestId("unit-link-BMT-TANLOI").waitFor();
      await Promise.all([page.waitForURL(/unit=DLK$/), page.getByTestId("breadcrumbs").getByRole("link", { name: "Tỉnh Đắk Lắk" }).click()]);
      await page.getByTestId("unit-link-BMT").waitFor();
      await fitsWidth(page, viewport.width);
      if (label === "phone") await screenshot(page, "dashboard-province-phone");
      await page.context().close();
    }, 120_000);
  });
}

describe("agency view", () => {
  it("shows an agency's desks from the desk league table, ranked with intervals", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await unfoldAll(page);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await loginAs(page, server.url, "lanhdao.tinh");
    await page.goto(`${server.url}/dashboard?year=2024&unit=BMT`);
    await clickTo(page, "agency-link-UBND-BMT", /\/dashboard\/co-quan\/UBND-BMT/);
    await page.getByTestId("agency-dashboard").waitFor();
    // The city's people's committee runs its own desk and, through the wards, four more.
    expect(await page.getByTestId("league-point").getByTestId("league-row").count()).toBe(5);
    ascending(await leagueValues(page, "league-point"));
    await screenshot(page, "dashboard-agency");
    await page.context().close();
  }, 60_000);

  it("raised no script errors in the browser", () => {
    expect(pageErrors).toEqual([]);
  });
});
