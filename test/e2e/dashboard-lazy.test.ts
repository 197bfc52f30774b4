import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie } from "../helpers/auth";
import { launchBrowser, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The province's overview sends its heavy sections only when a reader opens them: opening the
 * units' and the desks' folds loads their rows (as many as the fold's title says); without
 * JavaScript the fold's link opens the same page with that section.
 */
let server: TestServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  server = await startServer({ demoResponses: true });
  browser = await launchBrowser();
  cookie = await loginCookie(server.url, "lanhdao.tinh");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, { viewport, javaScriptEnabled });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const [name, value] = cookie.split("=");
  await page.context().addCookies([{ name, value, url: server.url }]);
  return { page, errors };
}

const titleCount = async (page: Page, testId: string) => Number(/\d+/.exec((await page.getByTestId(testId).locator("summary").textContent()) ?? "")?.[0]);

describe("the dashboard's folds load on demand", () => {
  for (const [label, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
    it(`opens the units' and the desks' folds on a ${label} and shows their rows`, async () => {
      const { page, errors } = await signedIn(viewport);
      const requests: string[] = [];
      page.on("request", (r) => { if (new URL(r.url()).pathname.startsWith("/dashboard/phan/")) requests.push(r.url()); });
      const res = await page.goto(`${server.url}/dashboard?year=2024`);
      expect(res?.status()).toBe(200);
      await page.locator('main[data-hydrated="true"]').waitFor();
      // Closed, nothing is read yet and no row is in the page.
      expect(requests).toEqual([]);
      expect(await page.getByTestId("unit-sipas").count()).toBe(0);
      expect(await page.getByTestId("league-row").count()).toBe(0);

      const units = page.getByTestId("fold-units");
      const expectedUnits = await titleCount(page, "fold-units");
      expect(expectedUnits).toBe(15);
      await units.locator("summary").click();
      await units.getByTestId("unit-sipas").first().waitFor({ timeout: 30_000 });
      expect(await units.getByTestId("unit-sipas").count()).toBe(expectedUnits);
      expect(await units.getByTestId("fold-status").count()).toBe(0);

      const points = page.getByTestId("fold-points");
      const expectedPoints = await titleCount(page, "fold-points");
      expect(expectedPoints).toBeGreaterThan(0);
      await points.locator("summary").click();
      await points.getByTestId("league-row").first().waitFor({ timeout: 30_000 });
      expect(await points.getByTestId("league-row").count()).toBe(expectedPoints);
      await points.getByTestId("league-row").first().scrollIntoViewIfNeeded();
      await screenshot(page, `dashboard-lazy-${label}`);

      // Each section was read once, for the page's year.
      // (Remix reads a route's data at its path with ".data" added.)
      expect(requests.map((u) => new URL(u).pathname.replace(/\.data$/, "")).sort()).toEqual(["/dashboard/phan/diem", "/dashboard/phan/don-vi"]);
      for (const u of requests) expect(new URL(u).searchParams.get("year")).toBe("2024");
      // Closing and opening again does not read it again.
      await units.locator("summary").click();
      await units.locator("summary").click();
      expect(await units.getByTestId("unit-sipas").count()).toBe(expectedUnits);
      expect(requests).toHaveLength(2);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it("says when a section could not be loaded, with a link to try again", async () => {
    const { page, errors } = await signedIn(VIEWPORTS.desktop);
    // The first read is refused as the server refuses a bad request (a year out of range: 400 with its message).
    let fail = true;
    await page.route("**/dashboard/phan/diem*", async (route) => {
      if (!fail) return route.continue();
      const url = new URL(route.request().url());
      url.searchParams.set("year", "1800");
      return route.continue({ url: url.toString() });
    });
    await page.goto(`${server.url}/dashboard?year=2024`);
    await page.locator('main[data-hydrated="true"]').waitFor();
    const points = page.getByTestId("fold-points");
    await points.locator("summary").click();
    await points.getByTestId("fold-error").waitFor();
    expect(await points.getByTestId("fold-error").textContent()).toContain("Năm không hợp lệ");
    fail = false;
    await points.getByRole("link", { name: "Thử lại" }).click();
    await points.getByTestId("league-row").first().waitFor({ timeout: 30_000 });
    expect(await points.getByTestId("fold-error").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("without JavaScript, the fold's link opens the page with that section; 'open all' opens every one", async () => {
    const { page } = await signedIn(VIEWPORTS.phone, false);
    await page.goto(`${server.url}/dashboard?year=2024`);
    const units = page.getByTestId("fold-units");
    await units.locator("summary").click();
    const link = units.getByRole("link", { name: "Mở bảng này" });
    expect(await link.getAttribute("href")).toBe("/dashboard?year=2024&mo=don-vi#muc-don-vi");
    await Promise.all([page.waitForURL(/mo=don-vi#muc-don-vi$/), link.click()]);
    expect(await page.locator("#muc-don-vi").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await units.getByTestId("unit-sipas").count()).toBe(15);
    // The other folds stay closed and empty.
    expect(await page.getByTestId("fold-points").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.getByTestId("league-row").count()).toBe(0);

    await Promise.all([page.waitForURL(/mo=tat-ca/), page.getByRole("link", { name: "Mở tất cả các mục" }).click()]);
    for (const t of ["fold-units", "fold-trend", "fold-points", "fold-weakest", "fold-criteria"]) {
      expect(await page.getByTestId(t).evaluate((d) => (d as HTMLDetailsElement).open), t).toBe(true);
    }
    expect(await page.getByTestId("fold-points").getByTestId("league-row").count()).toBe(await titleCount(page, "fold-points"));
    expect(await page.getByRole("link", { name: "Mở tất cả các mục" }).count()).toBe(0);
    await page.context().close();
  });
});
