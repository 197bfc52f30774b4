// The province through time in a browser (docs/decisions/0012): the admin checks the 2025
// reorganisation files in a dry run and applies them; a leader reads 2024 as organised then and
// mapped to today's units, and 2026 under the new tree. Screenshots at desktop size and on a phone.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { loadDemoResponsesAfterReform } from "../../app/services/admin/seed.server";
import { foldsLoaded, launchBrowser, loginAs, newPage, screenshot, VIEWPORTS, unfoldAll } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // The 2024 layout with its responses: the reorganisation is applied below, through the page.
  server = await startServer({ demoResponses: true });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function upload(page: Page, file: string) {
  await page.goto(`${server.url}/quan-tri/sap-xep`);
  await page.setInputFiles("#reorg-file", file);
  await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Xem trước (chưa ghi gì)" }).click()]);
  await page.getByTestId("reorg-preview").waitFor();
}

describe("reorganisations in the admin pages, and the dashboard through time", () => {
  it("the admin reviews a bad file, then the 2025 files, and applies them", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(page, server.url, "admin");
    const bad = path.join(fs.mkdtempSync(path.join(server.dir, "files-")), "sai.json");
    fs.writeFileSync(bad, JSON.stringify({ title: "Sáp nhập thử", effectiveOn: "2025-07-01", changes: [{ kind: "merge_units", into: "X-MOI", name: "Xã Mới", from: ["BMT-TANLOI", "KHONG-CO"] }] }));
    await upload(page, bad);
    await expect(page.getByTestId("reorg-errors").innerText()).resolves.toMatch(/Dòng 1: Không có đơn vị hành chính mã "KHONG-CO"/);
    await expect(page.getByRole("button", { name: "Áp dụng lần sắp xếp này" }).count()).resolves.toBe(0);
    await screenshot(page, "reorg-preview-errors");

    await upload(page, path.resolve("db/seed/reform/2025-03-01-so-nganh.json"));
    const followUps = await page.getByTestId("reorg-followups").innerText();
    expect(followUps).toMatch(/quy tắc phân loại của Sở Kế hoạch và Đầu tư được thay bằng quy tắc giao cho Sở Tài chính/);
    await screenshot(page, "reorg-preview-agencies");
    await Promise.all([page.waitForURL(/ok=applied/), page.getByRole("button", { name: "Áp dụng lần sắp xếp này" }).click()]);
    await expect(page.getByRole("status").innerText()).resolves.toMatch(/Đã áp dụng lần sắp xếp/);

    await upload(page, path.resolve("db/seed/reform/2025-07-01-cap-xa.json"));
    const text = await page.getByTestId("reorg-preview").innerText();
    expect(text).toMatch(/Hiệu lực từ 01\/07\/2025/);
    expect(text).toMatch(/Bỏ cấp Huyện, thị xã, thành phố thuộc tỉnh: 15 đơn vị kết thúc hoạt động/);
    expect(text).toMatch(/Đóng Bộ phận Một cửa UBND thành phố Buôn Ma Thuột \(MC-BMT\); hồ sơ chuyển về Trung tâm Phục vụ hành chính công phường Buôn Ma Thuột/);
    await screenshot(page, "reorg-preview-communes");
    await Promise.all([page.waitForURL(/ok=applied/), page.getByRole("button", { name: "Áp dụng lần sắp xếp này" }).click()]);
    const history = await page.locator(".reorg-history").innerText();
    expect(history).toMatch(/01\/03\/2025/);
    expect(history).toMatch(/01\/07\/2025/);
    await screenshot(page, "reorg-history");
    const phone = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await loginAs(phone, server.url, "admin");
    await phone.goto(`${server.url}/quan-tri/sap-xep`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true);
    await screenshot(phone, "reorg-history-phone");

    // Responses at the new communes' centres from July 2025 (as the demo has them).
    const db = createDb(server.dbPath);
    try {
      expect(await loadDemoResponsesAfterReform(db)).toBeGreaterThan(1000);
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it("a leader reads 2024 as organised then and mapped to today's units, and 2026 under the new tree", async () => {
    for (const [label, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
      const page = await newPage(browser, { viewport, isMobile: label === "phone", hasTouch: label === "phone" });
      await unfoldAll(page);
      await loginAs(page, server.url, "lanhdao.tinh");
      await page.goto(`${server.url}/dashboard?year=2024`);
      await foldsLoaded(page);
      const then = page.getByTestId("dashboard-tree");
      await expect(then.getAttribute("data-tree")).resolves.toBe("then");
      await expect(then.innerText()).resolves.toMatch(/Số liệu năm 2024 tính theo tổ chức khi đó/);
      const units2024 = await page.getByTestId("unit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-unit")));
      expect(units2024).toHaveLength(15);
      await expect(page.getByTestId("dashboard-scope").innerText()).resolves.toMatch(/Năm 2024 · Tỉnh Đắk Lắk · 28 điểm phục vụ/);
      await screenshot(page, `dashboard-2024-then-${label}`);

      // The same year, mapped to today's units, chosen in the form.
      await page.selectOption("#dash-tree", "current");
      await Promise.all([page.waitForURL(/tree=current/), page.getByRole("button", { name: "Xem số liệu" }).click()]);
      await page.locator('[data-testid="dashboard-tree"][data-tree="current"]').waitFor();
      await foldsLoaded(page);
      const mapped = page.getByTestId("dashboard-tree");
      await expect(mapped.getAttribute("data-tree")).resolves.toBe("current");
      await expect(mapped.innerText()).resolves.toMatch(/quy đổi theo đơn vị hành chính ngày/);
      await expect(page.getByTestId("dashboard-unmapped").innerText()).resolves.toMatch(/phiếu tại 2 điểm phục vụ không quy đổi được/);
      const units = await page.getByTestId("unit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-unit")));
      expect(units).toHaveLength(102);
      expect(units).toContain("P-BUONMATHUOT");
      await screenshot(page, `dashboard-2024-mapped-${label}`);

      // A ward drilled into from the mapped table keeps the tree.
      await page.goto(`${server.url}/dashboard?year=2024&unit=P-BUONMATHUOT&tree=current`);
      await expect(page.getByTestId("dashboard-scope").innerText()).resolves.toMatch(/Năm 2024 · Phường Buôn Ma Thuột · 2 điểm phục vụ/);
      // As organised then, the ward did not exist in 2024: the page says so instead of a zero.
      await page.goto(`${server.url}/dashboard?year=2024&unit=P-BUONMATHUOT`);
      await expect(page.getByTestId("dashboard-error").innerText()).resolves.toMatch(/được thành lập từ 01\/07\/2025/);
      await screenshot(page, `dashboard-2024-ward-then-${label}`);

      await page.goto(`${server.url}/dashboard?year=2026`);
      await foldsLoaded(page);
      await expect(page.getByTestId("dashboard-scope").innerText()).resolves.toMatch(/Năm 2026 · Tỉnh Đắk Lắk · 103 điểm phục vụ/);
      const units2026 = await page.getByTestId("unit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-unit")));
      expect(units2026).toHaveLength(102);
      expect(units2026).not.toContain("BMT");
      await screenshot(page, `dashboard-2026-${label}`);

      // 2025 as organised then: the districts until June, the new communes from July, each saying so.
      await page.goto(`${server.url}/dashboard?year=2025`);
      await foldsLoaded(page);
      await expect(page.locator('[data-unit="BMT"] [data-testid="unit-until"]').innerText()).resolves.toMatch(/Hoạt động đến 30\/06\/2025/);
      await expect(page.locator('[data-unit="P-BUONMATHUOT"] [data-testid="unit-from"]').innerText()).resolves.toMatch(/Thành lập từ 01\/07\/2025/);
      await page.context().close();
    }
  }, 180_000);
});
