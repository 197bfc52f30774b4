// A desk officer downloads the template, fills it in (the test writes the XLSX), uploads it, sees
// the preview with one error, fixes it, uploads again, confirms, and the dashboard count rises.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "../helpers/axe";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function dashboardCount(page: Page): Promise<number> {
  await page.goto(`${server.url}/dashboard?year=2024`);
  if (await page.getByTestId("dashboard-empty").count()) return 0;
  const t = (await page.getByTestId("node-SIPAS-n").textContent()) ?? "";
  return Number(t.replace(/\D/g, ""));
}

/** Fills the template's rows after the example: four forms of June 2024 at MC-BMT; `bad` puts a word that is not on the scale in row 5. */
async function fill(template: string, out: string, bad: boolean) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.worksheets[0];
  const codes = (ws.getRow(2).values as string[]).slice(1);
  for (let i = 0; i < 4; i++) {
    const row = ws.getRow(4 + i);
    codes.forEach((code, k) => {
      const cell = row.getCell(k + 1);
      if (code === "respondent_id") cell.value = `E2E-${i + 1}`;
      else if (code === "service_point") cell.value = "MC-BMT";
      else if (code === "submitted_at") cell.value = `1${i}/06/2024 08:30`;
      else if (code === "procedure_field") cell.value = "";
      else cell.value = bad && i === 1 && code === "access.2" ? "Tốt" : i % 2 ? "Hài lòng" : 5;
    });
    row.commit();
  }
  await wb.xlsx.writeFile(out);
}

describe("upload page in Chromium", () => {
  it("template → one error → fix → confirm → the dashboard count rises", async () => {
    const coordinator = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(coordinator, server.url, "admin");
    const before = await dashboardCount(coordinator);

    const page = await newPage(browser, { viewport: VIEWPORTS.desktop, acceptDownloads: true, bypassCSP: true });
    await loginAs(page, server.url, "motcua.bmt");
    await page.goto(`${server.url}/trang-can-bo`);
    await Promise.all([page.waitForURL(/\/nhap-phieu-giay/), page.getByRole("link", { name: "Nhập phiếu khảo sát giấy (CSV, Excel)" }).click()]);
    await screenshot(page, "paper-upload");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải mẫu Excel (.xlsx)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^mau-phieu-giay-sipas-v\d+\.xlsx$/);
    const dir = fs.mkdtempSync(path.join(server.dir, "e2e-"));
    const template = path.join(dir, "mau.xlsx");
    await download.saveAs(template);

    const wrong = path.join(dir, "phieu-thang-6.xlsx");
    await fill(template, wrong, true);
    await page.getByLabel(/Tệp phiếu/).setInputFiles(wrong);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    const errors = page.getByTestId("preview-errors");
    await errors.waitFor();
    const rows = errors.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator("td").allInnerTexts();
    expect(cells[0]).toBe("5");
    expect(cells[1]).not.toBe("access.2"); // the question's text, not its code
    expect(cells[2]).toContain("Hài lòng");
    expect(await page.getByTestId("confirm").count()).toBe(0);
    await screenshot(page, "paper-upload-preview-errors");
    await expectAccessible(page, "paper upload preview with an error");
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await screenshot(page, "paper-upload-preview-errors-phone");
    await page.setViewportSize(VIEWPORTS.desktop);

    const fixed = path.join(dir, "phieu-thang-6-da-sua.xlsx");
    await fill(template, fixed, false);
    await page.getByLabel(/Tệp phiếu/).setInputFiles(fixed);
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByTestId("confirm").waitFor();
    expect(await page.getByTestId("preview-rows").innerText()).toBe("4");
    expect(await page.getByTestId("preview-counts").innerText()).toContain("06/2024");
    await page.getByTestId("confirm").click();
    await page.getByTestId("done").or(page.getByRole("alert")).first().waitFor();
    expect(await page.locator("main").innerText()).toContain("Phiếu mới đã lưu: 4");
    await page.getByTestId("batches").getByText("phieu-thang-6-da-sua.xlsx").waitFor();
    expect(await page.getByTestId("batches").innerText()).toContain("Công chức Bộ phận Một cửa");
    await screenshot(page, "paper-upload-done");

    expect(await dashboardCount(coordinator)).toBe(before + 4);

    // The coordinator withdraws the batch: the count is back where it was, the batch says why.
    await coordinator.goto(`${server.url}/nhap-phieu-giay`);
    await coordinator.getByLabel("Lý do rút lô (bắt buộc)").fill("Nhập nhầm tháng");
    await coordinator.getByRole("button", { name: "Rút lô này" }).click();
    await coordinator.getByText("phiếu không còn được tính vào chỉ số").first().waitFor();
    await coordinator.getByTestId("batches").getByText("Nhập nhầm tháng").waitFor();
    expect(await dashboardCount(coordinator)).toBe(before);
    await page.context().close();
    await coordinator.context().close();
  });
});
