import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { formatPercent } from "../../app/i18n/format";
import { computeIndices } from "../../app/services/indices/indices.server";
import { loadDemoResponses } from "../../app/services/admin/seed.server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Improvement plans in Chromium: Sở Tư pháp files its quarterly report on task 2.1 of the 2021
 * PAPI plan and the coordinator sees it arrive (no longer missing); a leader reads each SIPAS
 * dimension's tasks beside its measured score; the PAR Index tree. Screenshots at desktop and phone.
 */

const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
let server: TestServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
  db = createDb(server.dbPath);
  await loadDemoResponses(db, 0.1);
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await server?.stop();
});

async function signedIn(who: string, opts: BrowserContextOptions = { viewport: VIEWPORTS.desktop }): Promise<Page> {
  const page = await newPage(browser, opts);
  await loginAs(page, server.url, who);
  return page;
}

const stpRow = (page: Page) => page.locator('[data-testid="gaps"] tr[data-agency="STP"]');

describe("plans", () => {
  it("Sở Tư pháp files a quarterly report and the coordinator sees it, no longer missing", async () => {
    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/ke-hoach/theo-doi?plan=PAPI-2021`);
    await expect.poll(() => stpRow(admin).locator('[data-missing="2.1|2021-9T"]').count()).toBe(1);
    await screenshot(admin, "plans-coordinator-desktop");

    const officer = await signedIn("canbo.stp");
    await officer.goto(`${server.url}/trang-can-bo`);
    await officer.getByRole("link", { name: "Báo cáo thực hiện kế hoạch" }).click();
    await officer.waitForURL(/\/ke-hoach\/bao-cao/);
    await officer.getByLabel("Kế hoạch").selectOption("PAPI-2021");
    await Promise.all([officer.waitForURL(/plan=PAPI-2021/), officer.getByRole("button", { name: "Xem" }).click()]);
    const task = officer.locator('details[data-task="2.1"]');
    await task.locator("summary").click();
    const f = task.getByRole("form", { name: "Báo cáo nhiệm vụ 2.1" });
    await f.getByLabel("Kỳ báo cáo").selectOption("2021-9T");
    await f.getByLabel("Tình trạng").selectOption("in_progress");
    await f.getByLabel("Kết quả thực hiện").fill("Đã tổ chức 14 hội nghị phổ biến pháp luật tại 8 huyện; phát hành 3.000 tờ gấp về hòa giải ở cơ sở.");
    await f.getByLabel("Số, ký hiệu văn bản minh chứng").fill("215/BC-STP ngày 05/10/2021");
    await screenshot(officer, "plans-report-desktop");
    await f.getByRole("button", { name: "Gửi báo cáo" }).click();
    await officer.getByRole("status").filter({ hasText: "Đã lưu báo cáo nhiệm vụ 2.1." }).waitFor();
    await officer.locator('details[data-task="2.1"] summary').click();
    await expect.poll(() => officer.locator('details[data-task="2.1"] li[data-period="2021-9T"]').getAttribute("data-state")).toBe("late");

    await admin.reload();
    await expect.poll(() => stpRow(admin).locator('[data-late="2.1|2021-9T"]').count()).toBe(1);
    expect(await stpRow(admin).locator('[data-missing="2.1|2021-9T"]').count()).toBe(0);
    expect(await stpRow(admin).locator('[data-missing="2.1|2021-Y"]').count()).toBe(1);
    await admin.context().close();
    await officer.context().close();
  });

  it("a leader sees each SIPAS dimension's tasks beside its measured score", async () => {
    const indices = await computeIndices(db, { year: 2024, index: "SIPAS" });
    const procedures = indices.nodes[0].children.find((c) => c.code === "procedures")!;
    const leader = await signedIn("lanhdao.tinh");
    await leader.goto(`${server.url}/ke-hoach`);
    await leader.getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ }).first().click();
    const dim = leader.locator('section[data-dimension="8.1.2"]');
    await dim.waitFor();
    await expect.poll(() => dim.getByTestId("dimension-score").locator(".value").textContent()).toBe(formatPercent(procedures.value));
    expect(await dim.locator("tr[data-task]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-task")))).toEqual(["2.2"]); // issue 16: task 2.2 as KH 116 writes it (the old 2.2.a/2.2.b split was invented)
    await screenshot(leader, "plans-sipas-desktop");
    await leader.goto(`${server.url}/ke-hoach/PAPI-2021`);
    await leader.locator('section[data-dimension="2"]').waitFor();
    await screenshot(leader, "plans-papi-desktop");
    await leader.goto(`${server.url}/chi-so-par?year=2024`);
    await leader.getByTestId("par-tree").waitFor();
    await screenshot(leader, "par-tree-desktop");
    await leader.context().close();
  });

  it("pages on a phone and the admin's PAR entry page", async () => {
    const phone = await signedIn("lanhdao.tinh", PHONE);
    await phone.goto(`${server.url}/ke-hoach/PAR-SIPAS-2024`);
    await phone.locator('section[data-dimension="8.1.1"]').waitFor();
    await screenshot(phone, "plans-sipas-phone");
    await phone.goto(`${server.url}/chi-so-par?year=2024`);
    await phone.getByTestId("par-tree").waitFor();
    await screenshot(phone, "par-tree-phone");
    await phone.context().close();

    const officer = await signedIn("canbo.stp", PHONE);
    await officer.goto(`${server.url}/ke-hoach/bao-cao?plan=PAPI-2021`);
    await officer.locator('details[data-task="2.1"] summary').click();
    await screenshot(officer, "plans-report-phone");
    await officer.context().close();

    const admin = await signedIn("admin", PHONE);
    await admin.goto(`${server.url}/ke-hoach/theo-doi?plan=PAPI-2021`);
    await admin.getByTestId("gaps").waitFor();
    await screenshot(admin, "plans-coordinator-phone");
    await admin.context().close();

    const desk = await signedIn("admin");
    await desk.goto(`${server.url}/chi-so-par/nhap?year=2024`);
    await desk.locator('td#n-1\\.1 summary').click();
    await desk.locator('td#n-1\\.1').getByLabel("Tự chấm").fill("1,25");
    await desk.getByRole("button", { name: "Lưu 1.1" }).click();
    await desk.getByRole("status").filter({ hasText: "Đã lưu tiêu chí 1.1." }).waitFor();
    await expect.poll(() => desk.locator('tr[data-code="1.1"] [data-testid="points"]').textContent()).toBe("1,25");
    await screenshot(desk, "par-entry-desktop");
    await desk.goto(`${server.url}/ke-hoach`);
    await screenshot(desk, "plans-list-desktop");
    await desk.context().close();
  });
});
