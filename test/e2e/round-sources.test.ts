import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * "Nguồn số liệu" in Chromium on the demo data: the provincial leader's dashboard names the
 * channels and the demo survey round behind the figures, its link opens the round page (figures
 * from the round's own rollups); the same at a desk and on a phone.
 */
const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demoResponses: true, env: { JOBS: "0" } });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The screen around the panel as the user sees it (the full-page screenshots of a dashboard are very tall). */
async function screen(page: Page, name: string): Promise<void> {
  await page.getByTestId("sources").evaluate((el) => el.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: path.resolve(process.env.SCREENSHOT_DIR ?? ".tmp/screenshots", `${name}.png`) });
}

async function signedIn(who: string, opts: BrowserContextOptions = { viewport: VIEWPORTS.desktop }): Promise<Page> {
  const page = await newPage(browser, opts);
  await loginAs(page, server.url, who);
  return page;
}

describe("sources of the figures", () => {
  it("the dashboard names the channels and the survey round; its link opens the round's figures", async () => {
    const page = await signedIn("lanhdao.tinh");
    await page.goto(`${server.url}/dashboard?year=2024`);
    const sources = page.getByTestId("sources");
    await sources.waitFor();
    await expect.poll(() => sources.innerText()).toContain("Nguồn số liệu");
    const round = sources.locator('[data-round="PAPI-2024-DEMO"]');
    await round.waitFor();
    expect(Number(await round.getAttribute("data-n"))).toBeGreaterThan(0);
    // The round's interviews are part of the paper channel's respondents.
    const paper = Number(await sources.locator('[data-channel="paper"]').getAttribute("data-n"));
    expect(paper).toBeGreaterThanOrEqual(Number(await round.getAttribute("data-n")));
    expect(Number(await sources.locator('[data-channel="kiosk"]').getAttribute("data-n"))).toBeGreaterThan(0);
    await screenshot(page, "sources-dashboard-desktop");
    await screen(page, "sources-panel-desktop");

    await Promise.all([page.waitForURL(/\/dot-khao-sat\/PAPI-2024-DEMO$/), round.getByRole("link", { name: "Đợt khảo sát mẫu hộ gia đình 2024 (minh hoạ)" }).click()]);
    await page.getByTestId("round-figures").waitFor();
    const total = await page.getByTestId("round-total").innerText();
    expect(total).toContain(`Đã nhập ${Number(await page.locator('[data-testid="round-figures"] tr[data-node="SIPAS"] td[data-label="Số phiếu"]').innerText()).toLocaleString("vi-VN")}`);
    await expect.poll(() => page.locator('tr[data-node="SIPAS"] td[data-label="Gia quyền theo dân số"]').innerText()).toMatch(/\d+,\d{2}\s?%/);
    await screenshot(page, "sources-round-desktop");

    // A desk: its own channels and the round's interviews there.
    await page.goto(`${server.url}/dashboard/diem/MC-BMT?year=2024`);
    await page.getByTestId("sources").locator('[data-round="PAPI-2024-DEMO"]').waitFor();
    await screenshot(page, "sources-desk-desktop");
    await screen(page, "sources-panel-desk-desktop");
  });

  it("on a phone the panel and the round page read well", async () => {
    const page = await signedIn("lanhdao.tinh", PHONE);
    await page.goto(`${server.url}/dashboard?year=2024`);
    const sources = page.getByTestId("sources");
    await sources.locator('[data-round="PAPI-2024-DEMO"]').waitFor();
    // Nothing wider than the screen.
    const box = await sources.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width + 1);
    // and no line of it runs out of the card
    expect(await sources.evaluate((el) => [...el.querySelectorAll("p, li")].every((x) => x.scrollWidth <= x.clientWidth + 1))).toBe(true);
    await screenshot(page, "sources-dashboard-phone");
    await screen(page, "sources-panel-phone");
    await page.goto(`${server.url}/dot-khao-sat/PAPI-2024-DEMO`);
    await page.getByTestId("round-figures").waitFor();
    await screenshot(page, "sources-round-phone");
    await page.goto(`${server.url}/dashboard/diem/MC-BMT?year=2024`);
    await page.getByTestId("sources").locator('[data-round="PAPI-2024-DEMO"]').waitFor();
    await screen(page, "sources-panel-desk-phone");
  });
});
