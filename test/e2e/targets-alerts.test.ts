import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS, unfoldAll } from "../helpers/browser";
import { pairDevice } from "../helpers/devices";
import { postJson, startServer, type TestServer } from "../helpers/server";

// Targets, PAR points and alerts end to end: built server with the demo responses and its jobs
// timer every second, real Chromium. The admin edits a 2024 target and sees its status change; a
// district leader sees an alert raised by the jobs runner on crafted responses and acknowledges it
// from the dashboard panel.

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // The per-device anti-abuse flags are off: the crafted responses below come from one tablet in a burst.
  server = await startServer({ demoResponses: true, env: { JOBS_INTERVAL_MS: "1000", KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0" } });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function signedIn(user: string, viewport: { width: number; height: number } = VIEWPORTS.desktop) {
  const page = await newPage(browser, { viewport });
  await unfoldAll(page);
  pages.push(page);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await loginAs(page, server.url, user);
  return page;
}

describe("targets", () => {
  it("the admin lowers the 2024 procedures target from 85 % to 80 % and sees it turn from missed to met", async () => {
    const page = await signedIn("admin");
    await page.goto(`${server.url}/quan-tri/chi-tieu?year=2024`);
    const item = page.getByTestId("target-DLK-procedures");
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 15_000 }).toBe("missed");
    await expect.poll(async () => (await item.textContent()) ?? "", { timeout: 15_000 }).toContain("Không đạt");
    await screenshot(page, "targets-desktop");
    await item.getByRole("link", { name: /^Sửa chỉ tiêu/ }).click();
    await page.getByRole("heading", { name: "Sửa chỉ tiêu" }).waitFor();
    // A wrong value first: the form says what to fix and keeps the input.
    await page.getByLabel("Giá trị (%)").fill("tám mươi");
    await page.getByRole("button", { name: "Lưu chỉ tiêu" }).click();
    await page.getByTestId("target-form-error").waitFor();
    expect(await page.locator("#target-value-error").textContent()).toContain("phải là một số");
    await page.getByLabel("Giá trị (%)").fill("80");
    await page.getByRole("button", { name: "Lưu chỉ tiêu" }).click();
    await page.getByText("Đã lưu chỉ tiêu.").waitFor();
    const after = page.getByTestId("target-DLK-procedures");
    await expect.poll(() => after.getAttribute("data-status"), { timeout: 15_000 }).toBe("met");
    expect(await after.textContent()).toContain("Chỉ tiêu: ≥ 80,00%");
    expect(await after.textContent()).toContain("Đạt");
    expect(await after.getByTestId(/-projection$/).textContent()).toContain("Năm 2024 đã kết thúc");
  });

  it("reads well on a phone and a leader has no edit controls", async () => {
    const page = await signedIn("lanhdao.tinh", VIEWPORTS.phone);
    await page.goto(`${server.url}/quan-tri/chi-tieu?year=2024`);
    await page.getByTestId("target-DLK-SIPAS").waitFor();
    expect(await page.getByRole("button", { name: "Thêm chỉ tiêu" }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "targets-phone");
  });
});

describe("PAR points", () => {
  it("shows criterion 8.1 with each sub-index against its point target and the total against 8,5", async () => {
    for (const [name, vp] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
      const page = await signedIn("lanhdao.tinh", vp);
      await page.goto(`${server.url}/dashboard/diem-par?year=2024`);
      const total = page.getByTestId("par-total");
      await total.waitFor();
      expect(await total.textContent()).toMatch(/Tổng điểm\s*\d+,\d+\s*\/ 10 điểm· chỉ tiêu 8,5 điểm/);
      expect(await page.getByTestId("par-servants-points").textContent()).toMatch(/^\d,\d+ \/ 2,5$/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vp.width);
      await screenshot(page, `par-points-${name}`);
    }
  });
});

describe("alerts", () => {
  it("a point with low satisfaction this week raises an alert that a leader acknowledges from the dashboard", async () => {
    // 12 dissatisfied respondents at MC-BMT over the last hours (the jobs runner checks every second).
    const now = Date.now();
    const device = await pairDevice(server, "MC-BMT");
    for (let i = 0; i < 12; i++) {
      const r = await postJson(`${server.url}/api/v1/responses`, {
        questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: `e2e-alert-${i}-${now}`,
        answers: { "kiosk.access": 2, "kiosk.procedures": 1, "kiosk.servants": 2, "kiosk.results": 3, "kiosk.feedback": 2 },
        submittedAt: new Date(now - (i + 1) * 60_000).toISOString(),
      }, device.headers);
      expect(r.status, r.text).toBe(201);
    }
    for (const [name, vp] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
      const page = await signedIn("lanhdao.bmt", vp);
      const item = page.getByTestId("alert-MC-BMT-low_satisfaction");
      await expect.poll(async () => {
        await page.goto(`${server.url}/dashboard`);
        await page.getByTestId("alerts-panel").getByRole("heading").waitFor();
        await page.locator('[data-testid="alerts"], [data-testid="alerts-none"]').first().waitFor();
        return item.count();
      }, { timeout: 30_000, interval: 1000 }).toBe(1);
      expect(await item.textContent()).toContain("dưới ngưỡng 70,00%");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vp.width);
      await item.scrollIntoViewIfNeeded();
      await screenshot(page, `alerts-panel-${name}`);
      if (name === "phone") break;
      // Acknowledge from the panel: without a comment it is refused, with one it is recorded.
      await item.getByRole("button", { name: "Ghi nhận" }).click();
      await item.getByRole("alert").waitFor();
      expect(await item.getByRole("alert").textContent()).toContain("Vui lòng ghi nhận xét");
      await item.getByLabel("Nhận xét khi ghi nhận").fill("Đã gọi bộ phận một cửa, kiểm tra lại ki-ốt");
      await item.getByRole("button", { name: "Ghi nhận" }).click();
      await expect.poll(async () => (await item.getByTestId(/-state$/).textContent()) ?? "", { timeout: 15_000 }).toBe("Đã ghi nhận");
      expect(page.url()).toContain("/dashboard");
      expect(await item.textContent()).toContain("Đã gọi bộ phận một cửa, kiểm tra lại ki-ốt");
    }
    // The alerts page shows the same, to the leader of the province too.
    const tinh = await signedIn("lanhdao.tinh");
    await tinh.goto(`${server.url}/canh-bao`);
    const onPage = tinh.getByTestId("alert-MC-BMT-low_satisfaction");
    await onPage.waitFor();
    expect(await onPage.textContent()).toContain("Ghi nhận bởi Lãnh đạo UBND TP Buôn Ma Thuột");
    await screenshot(tinh, "alerts-desktop");
    expect(pageErrors).toEqual([]);
  });
});
