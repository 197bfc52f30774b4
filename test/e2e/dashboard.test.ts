import { verdictLabel, type VerdictStatus } from "../../app/domain/verdict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type TestServer } from "../helpers/server";
import { loginCookie } from "../helpers/auth";
import { foldsLoaded, launchBrowser, newPage, screenshot, VIEWPORTS, unfoldAll } from "../helpers/browser";
import { formatNumber, formatPercent } from "../../app/i18n/format";

// The leader dashboard, end to end: built server with the demo responses, real Chromium.
// Every figure on screen is compared with GET /api/v1/indices for the same year/unit/channel
// (read as the provincial leader: the API needs a session; the dashboard is open for now).

const SUB_INDICES = ["access", "procedures", "servants", "results", "feedback"];

let server: TestServer;
let browser: Browser;
let cookie: string;
const pages: Page[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer({ demoResponses: true });
  browser = await launchBrowser();
  cookie = await loginCookie(server.url, "lanhdao.tinh");
});
afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function open(path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop, expectedStatus = 200) {
  const page = await newPage(browser, { viewport });
  await unfoldAll(page);
  pages.push(page);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // Signed in as the provincial leader (the dashboard is a staff page).
  const [name, value] = cookie.split("=");
  await page.context().addCookies([{ name, value, url: server.url }]);
  const res = await page.goto(`${server.url}${path}`);
  expect(res?.status()).toBe(expectedStatus);
  // The opened folds load their sections after hydration.
  await foldsLoaded(page);
  return page;
}

async function indices(query: string) {
  const res = await fetch(`${server.url}/api/v1/indices?${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as { scope: any; nodes: any[] };
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").trim();
const statusLabel = (s: string) => verdictLabel({ status: s as VerdictStatus, n: 0 });
const parsePercent = (s: string) => Number(s.replace("%", "").replace(/\./g, "").replace(",", ".").trim());

describe("dashboard", () => {
  it("shows SIPAS and the five sub-indices of 2024 exactly as the API computes them", async () => {
    const page = await open("/dashboard?year=2024");
    await expect.poll(() => page.getByText("Dữ liệu mẫu (demo)").first().isVisible()).toBe(true);

    const api = await indices("year=2024");
    const root = api.nodes[0];
    expect(root.code).toBe("SIPAS");
    expect(root.n).toBeGreaterThan(100);
    expect(await text(page, "node-SIPAS-value")).toBe(formatPercent(root.value, "vi"));
    expect(await text(page, "node-SIPAS-n")).toBe(`n = ${formatNumber(root.n, "vi")}`);
    expect(await text(page, "node-SIPAS-ci")).toBe(`KTC 95%: ${formatPercent(root.ciLow, "vi")} – ${formatPercent(root.ciHigh, "vi")}`);
    expect(await text(page, "node-SIPAS-status")).toContain(statusLabel(root.status));
    // The province's SIPAS target of the demo plan: ≥ 85% and 8.5 of 10 PAR points.
    expect(root.target.kind).toBe("absolute");
    expect(await text(page, "node-SIPAS-target")).toContain(`Chỉ tiêu: ≥ ${formatPercent(root.target.value, "vi")}`);
    const points = await text(page, "node-SIPAS-points");
    expect(points).toContain(`${formatNumber(root.points, "vi", 2)} / 10 điểm`);
    expect(points).toContain("chỉ tiêu 8,5/10");
    expect(await text(page, "node-SIPAS-previous")).toContain(`Năm 2023: ${formatPercent(root.previous, "vi")}`);

    for (const code of SUB_INDICES) {
      const node = root.children.find((c: any) => c.code === code);
      expect(await text(page, `node-${code}-value`)).toBe(formatPercent(node.value, "vi"));
      expect(await text(page, `node-${code}-n`)).toBe(`n = ${formatNumber(node.n, "vi")}`);
      expect(await text(page, `node-${code}-status`)).toContain(statusLabel(node.status));
    }
    const procedures = root.children.find((c: any) => c.code === "procedures");
    expect(await text(page, "node-procedures-status")).toContain(statusLabel(procedures.status));
    // A delta_pp target is spelt out with its baseline.
    const access = root.children.find((c: any) => c.code === "access");
    expect(access.target.kind).toBe("delta_pp");
    expect(await text(page, "node-access-target")).toContain("Chỉ tiêu: +3 điểm % so với 2023 (cơ sở");

    // The channels behind the figures are stated.
    expect(await text(page, "dashboard-channels")).toContain("Số liệu gồm tất cả các kênh");

    // The chart is drawn in the browser: five bars, a target dash for each sub-index with a target.
    await page.locator('main[data-hydrated="true"]').waitFor();
    await page.locator("[data-testid=subindex-chart] .recharts-bar-rectangle").first().waitFor({ timeout: 15_000 });
    expect(await page.locator("[data-testid=subindex-chart] .recharts-bar-rectangle").count()).toBe(5);
    expect(await page.locator("[data-testid=subindex-chart] .dash-target-mark").count()).toBe(
      root.children.filter((c: any) => c.kind === "node" && c.target?.threshold !== null && c.target?.threshold !== undefined).length,
    );

    // Criteria tables: weakest first within each sub-index, figures as in the API.
    for (const code of SUB_INDICES) {
      const node = root.children.find((c: any) => c.code === code);
      const rows = page.getByTestId(`criteria-${code}`).getByTestId("criterion-row");
      expect(await rows.count()).toBe(node.children.length);
      const codes = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-code")));
      const expected = [...node.children].sort((a: any, b: any) => (a.value ?? Infinity) - (b.value ?? Infinity)).map((c: any) => c.code);
      expect(codes).toEqual(expected);
    }
    await screenshot(page, "dashboard-desktop");
  });

  it("defaults to the latest year with targets", async () => {
    const page = await open("/dashboard");
    expect(await page.locator("#dash-year").inputValue()).toBe("2024");
    const api = await indices("year=2024");
    expect(await text(page, "node-SIPAS-value")).toBe(formatPercent(api.nodes[0].value, "vi"));
  });

  it("lists the district-level units weakest first and drills into one", async () => {
    const page = await open("/dashboard?year=2024");
    const cells = await page.getByTestId("unit-sipas").allTextContents();
    expect(cells.length).toBe(15);
    const values = cells.map((c) => c.trim()).filter((c) => c !== "—").map(parsePercent);
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);

    const link = page.getByTestId("unit-link-BMT");
    expect((await link.textContent())?.trim()).toBe("Thành phố Buôn Ma Thuột");
    await Promise.all([page.waitForURL(/unit=BMT/), link.click()]);
    const api = await indices("year=2024&unit=BMT");
    expect(api.scope.unit).toBe("BMT");
    await expect.poll(() => text(page, "node-SIPAS-value")).toBe(formatPercent(api.nodes[0].value, "vi"));
    expect(await text(page, "node-SIPAS-n")).toBe(`n = ${formatNumber(api.nodes[0].n, "vi")}`);
    expect(await text(page, "dashboard-scope")).toContain("Thành phố Buôn Ma Thuột");
    expect(await page.locator("#dash-unit").inputValue()).toBe("BMT");
    // The province stays one click away.
    expect(await page.locator(".dash-breadcrumb a").first().textContent()).toBe("Tỉnh Đắk Lắk");
  });

  it("switches to the kiosk channel through the form", async () => {
    const page = await open("/dashboard?year=2024");
    const all = await indices("year=2024");
    const kiosk = await indices("year=2024&channel=kiosk");
    expect(kiosk.nodes[0].n).not.toBe(all.nodes[0].n);
    await page.locator("#dash-channel").selectOption("kiosk");
    await Promise.all([page.waitForURL(/channel=kiosk/), page.getByRole("button", { name: "Xem số liệu" }).click()]);
    await expect.poll(() => text(page, "node-SIPAS-n")).toBe(`n = ${formatNumber(kiosk.nodes[0].n, "vi")}`);
    expect(await text(page, "node-SIPAS-value")).toBe(formatPercent(kiosk.nodes[0].value, "vi"));
    for (const code of SUB_INDICES) {
      const node = kiosk.nodes[0].children.find((c: any) => c.code === code);
      expect(await text(page, `node-${code}-value`)).toBe(formatPercent(node.value, "vi"));
    }
    expect(await text(page, "dashboard-channels")).toContain("Số liệu chỉ gồm kênh Kiosk");
    expect(await page.locator("#dash-channel").inputValue()).toBe("kiosk");
  });

  it("explains what to do when a channel has no responses", async () => {
    const page = await open("/dashboard?year=2024&channel=phone");
    const empty = page.getByTestId("dashboard-empty");
    expect(await empty.isVisible()).toBe(true);
    const t = (await empty.textContent()) ?? "";
    expect(t).toContain("Chưa có phiếu khảo sát nào cho Tỉnh Đắk Lắk năm 2024");
    expect(t).toContain("Hãy chọn năm khác hoặc kênh khác");
    expect(await text(page, "node-SIPAS-value")).toBe("—");
    expect(await text(page, "node-SIPAS-n")).toBe("n = 0");
    expect(await text(page, "node-SIPAS-status")).toContain("Chưa có dữ liệu");
  });

  it("answers a bad year, channel or unit with a Vietnamese message, not a 500", async () => {
    const page = await open("/dashboard?year=abc", VIEWPORTS.desktop, 400);
    expect(await text(page, "dashboard-error")).toContain("Năm không hợp lệ");
    expect(await page.locator("#dash-year").count()).toBe(1); // the form is there to correct it
    const ch = await open("/dashboard?year=2024&channel=fax", VIEWPORTS.desktop, 400);
    expect(await text(ch, "dashboard-error")).toContain("Kênh không hợp lệ");
    const unit = await open("/dashboard?year=2024&unit=XYZ", VIEWPORTS.desktop, 404);
    expect(await text(unit, "dashboard-error")).toContain("Không tìm thấy đơn vị hành chính");
  });

  it("fits a phone: no horizontal scroll of the page, tables scroll inside their wrappers", async () => {
    const page = await open("/dashboard?year=2024", VIEWPORTS.phone);
    await page.locator('main[data-hydrated="true"]').waitFor();
    await page.locator("[data-testid=subindex-chart] .recharts-bar-rectangle").first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const outside = await page.evaluate(() =>
      Array.from(document.querySelectorAll("main *"))
        .filter((el) => !el.closest(".table-wrap") && el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName}.${(el as HTMLElement).className}`),
    );
    expect(outside).toEqual([]);
    const wrap = page.locator(".table-wrap").first();
    expect(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await text(page, "node-SIPAS-value")).toMatch(/^\d{2},\d{2}%$/);
    await screenshot(page, "dashboard-phone");
  });

  it("renders in English with ?lang=en", async () => {
    const page = await open("/dashboard?year=2024&lang=en");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Satisfaction dashboard");
    const api = await indices("year=2024");
    expect(await text(page, "node-SIPAS-value")).toBe(formatPercent(api.nodes[0].value, "en"));
  });

  it("raised no script errors in the browser", () => {
    expect(pageErrors).toEqual([]);
  });
});
