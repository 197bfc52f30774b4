import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie } from "../helpers/auth";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

// Exports and reports in Chromium, on the demo province with its demo responses: the provincial
// leader downloads a CSV from the export page and opens the printable quarterly report; the public
// results page shows only what the admin published.

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer({ demoResponses: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function page(viewport: { width: number; height: number } = VIEWPORTS.desktop, opts: { acceptDownloads?: boolean } = {}) {
  const p = await newPage(browser, { viewport, ...opts });
  p.on("pageerror", (e) => pageErrors.push(e.message));
  // Console errors except the expected 4xx answers (a refused choice, an unpublished period).
  p.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) pageErrors.push(`console: ${m.text()}`); });
  pages.push(p);
  return p;
}

async function api(path: string, who = "lanhdao.tinh") {
  const cookie = await loginCookie(server.url, who);
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
}

describe("exports and reports (Chromium)", () => {
  it("lanhdao.tinh downloads the indices of a quarter as CSV from the export page", async () => {
    const p = await page(VIEWPORTS.desktop, { acceptDownloads: true });
    await loginAs(p, server.url, "lanhdao.tinh");
    await p.goto(`${server.url}/xuat-du-lieu`);
    await expect.poll(() => p.getByRole("heading", { name: "Xuất dữ liệu" }).isVisible()).toBe(true);
    await p.getByLabel("Phạm vi").selectOption("unit:BMT");
    await p.getByLabel("Năm").selectOption("2024");
    await p.getByLabel("Kỳ", { exact: true }).selectOption("Q2");
    await p.getByLabel("Chỉ số và tiêu chí").check();
    await p.getByLabel("CSV (UTF-8, mở được bằng Excel)").check();
    await screenshot(p, "export-desktop");
    const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("export-submit").click()]);
    expect(download.suggestedFilename()).toBe("chi-so_BMT_2024-Q2_all.csv");
    const file = await download.path();
    const buf = fs.readFileSync(file!);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf.subarray(3).toString("utf8"), { columns: true }) as Record<string, string>[];
    const indices = await api("/api/v1/indices?year=2024&period=Q2&unit=BMT");
    // The default file is for people: no internal code column, decimal commas, the verdict in words.
    expect(Object.keys(rows[0])).not.toContain("Mã");
    expect(Number(rows[0]["Số người trả lời (n)"])).toBe(indices.nodes[0].n);
    expect(indices.nodes[0].n).toBeGreaterThan(0);
    expect(Number(rows[0]["Giá trị (%)"].replace(",", "."))).toBeCloseTo(indices.nodes[0].value * 100, 3);
    expect(rows[0]["Kênh"]).toBe("Tất cả các kênh");
    expect(rows[0]["Chỉ số / tiêu chí"]).toBe(indices.nodes[0].name);

    // A choice out of range is answered on the page, in Vietnamese.
    await p.goto(`${server.url}/xuat-du-lieu?tai=1&pham_vi=unit:XYZ&year=2024&period=Q9&du_lieu=chi-so&dinh_dang=csv`);
    await expect.poll(() => p.getByTestId("export-error").innerText()).toMatch(/Kỳ phải là cả năm/);

    const phone = await page(VIEWPORTS.phone);
    await loginAs(phone, server.url, "lanhdao.tinh");
    await phone.goto(`${server.url}/xuat-du-lieu`);
    await screenshot(phone, "export-phone");
  });

  it("opens the quarterly report and it renders for A4 print", async () => {
    const p = await page();
    await loginAs(p, server.url, "lanhdao.tinh");
    const res = await p.goto(`${server.url}/bao-cao/quy?unit=DLK&year=2024&quarter=2`);
    expect(res?.status()).toBe(200);
    const report = p.getByTestId("quarter-report");
    await report.waitFor();
    const indices = await api("/api/v1/indices?year=2024&period=Q2&unit=DLK");
    await p.waitForLoadState("networkidle");
    const headline = await p.getByTestId("report-headline").innerText();
    expect(headline).toContain(new Intl.NumberFormat("vi-VN").format(indices.nodes[0].n));
    expect(await p.locator("svg.chart rect").count()).toBeGreaterThan(6);
    await screenshot(p, "report-desktop");

    await p.emulateMedia({ media: "print" });
    expect(await p.locator(".topbar").isVisible()).toBe(false);
    expect(await p.locator(".report-tools").isVisible()).toBe(false);
    expect(await p.locator("svg.chart").isVisible()).toBe(true);
    await p.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await screenshot(p, "report-print");
    const pdf = await p.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pagesInPdf = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pagesInPdf).toBeGreaterThanOrEqual(1);
    expect(pagesInPdf).toBeLessThanOrEqual(4);
    fs.mkdirSync(".tmp/screenshots", { recursive: true });
    fs.writeFileSync(".tmp/screenshots/report-quy.pdf", pdf);

    const phone = await page(VIEWPORTS.phone);
    await loginAs(phone, server.url, "lanhdao.tinh");
    await phone.goto(`${server.url}/bao-cao/quy?unit=DLK&year=2024&quarter=2`);
    await phone.getByTestId("quarter-report").waitFor();
    await screenshot(phone, "report-phone");
  });

  it("the public results page shows only the periods the admin published", async () => {
    const anon = await page();
    await anon.goto(`${server.url}/ket-qua`);
    await expect.poll(() => anon.getByTestId("no-results").isVisible()).toBe(true);

    const admin = await page();
    await loginAs(admin, server.url, "admin");
    await admin.goto(`${server.url}/quan-tri/cong-bo`);
    await admin.getByLabel("Năm").selectOption("2024");
    await admin.getByLabel("Kỳ", { exact: true }).selectOption("");
    await Promise.all([admin.waitForURL(/ok=published/), admin.getByRole("button", { name: "Công bố" }).click()]);
    await admin.getByTestId("published-list").waitFor();
    expect(await admin.getByTestId("published-list").innerText()).toContain("Năm 2024");

    await anon.goto(`${server.url}/ket-qua`);
    const headline = anon.getByTestId("public-headline");
    await headline.waitFor();
    const indices = await api("/api/v1/indices?year=2024");
    expect(await headline.innerText()).toContain(new Intl.NumberFormat("vi-VN").format(indices.nodes[0].n));
    const periods = await anon.getByRole("navigation", { name: "Kỳ đã công bố" }).getByRole("link").allInnerTexts();
    expect(periods).toEqual(["Năm 2024"]);
    expect(await anon.getByTestId("public-units").locator("tbody tr").count()).toBeGreaterThanOrEqual(10);
    const notPublished = await anon.goto(`${server.url}/ket-qua?ky=2024-Q2`);
    expect(notPublished?.status()).toBe(404);
    await anon.goto(`${server.url}/ket-qua`);
    await screenshot(anon, "public-results-desktop");
    const phone = await page(VIEWPORTS.phone);
    await phone.goto(`${server.url}/ket-qua`);
    await phone.getByTestId("public-headline").waitFor();
    await screenshot(phone, "public-results-phone");
    expect(pageErrors).toEqual([]);
  });
});
