import fs from "node:fs";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "../helpers/axe";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Issue 8 in Chromium: Sở Tư pháp files its quarterly report with an uploaded PDF and the
 * coordinator finds it in /ke-hoach/theo-doi and downloads it; a wrong file gets a Vietnamese
 * answer; the coordinator enters PAPI scores and edits an agency group; a leader reads each PAPI
 * dimension's score and its change beside the tasks. Screenshots at desktop and phone.
 */

const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(who: string, opts: BrowserContextOptions = { viewport: VIEWPORTS.desktop }): Promise<Page> {
  const page = await newPage(browser, opts);
  await loginAs(page, server.url, who);
  return page;
}

async function openTask(page: Page, code: string) {
  const task = page.locator(`details[data-task="${code}"]`);
  if ((await task.getAttribute("open")) === null) await task.locator("summary").click();
  return task.getByRole("form", { name: `Báo cáo nhiệm vụ ${code}` });
}

describe("plan evidence, groups and PAPI scores", () => {
  it("an agency officer files a quarterly report with a PDF; the coordinator sees it and downloads it", async () => {
    const officer = await signedIn("canbo.stp");
    await officer.goto(`${server.url}/ke-hoach/bao-cao?plan=PAPI-2021`);
    let f = await openTask(officer, "2.1");
    await f.getByLabel("Kỳ báo cáo").selectOption("2021-Y");
    await f.getByLabel("Kết quả thực hiện").fill("Đã tổ chức 9 hội nghị phổ biến pháp luật quý IV; kèm báo cáo ký số.");
    // A program renamed .pdf is refused, in Vietnamese, and nothing is stored.
    await f.getByLabel("Tệp minh chứng").setInputFiles({ name: "bao-cao.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00not a pdf") });
    await f.getByRole("button", { name: "Gửi báo cáo" }).click();
    await officer.getByRole("alert").filter({ hasText: "không phải loại được nhận" }).first().waitFor();
    await screenshot(officer, "plans-evidence-error-desktop");

    f = await openTask(officer, "2.1");
    await f.getByLabel("Kỳ báo cáo").selectOption("2021-Y");
    await f.getByLabel("Kết quả thực hiện").fill("Đã tổ chức 9 hội nghị phổ biến pháp luật quý IV; kèm báo cáo ký số.");
    await f.getByLabel("Tệp minh chứng").setInputFiles({ name: "Báo cáo quý IV-2021 STP.pdf", mimeType: "application/pdf", buffer: PDF });
    await f.getByRole("button", { name: "Gửi báo cáo" }).click();
    await officer.getByRole("status").filter({ hasText: "Đã lưu báo cáo nhiệm vụ 2.1." }).waitFor();
    const task = officer.locator('details[data-task="2.1"]');
    if ((await task.getAttribute("open")) === null) await task.locator("summary").click();
    await task.locator('li[data-period="2021-Y"] a[data-evidence="Báo cáo quý IV-2021 STP.pdf"]').waitFor();
    await screenshot(officer, "plans-evidence-report-desktop");
    await officer.setViewportSize(VIEWPORTS.phone);
    await screenshot(officer, "plans-evidence-report-phone");
    await officer.context().close();

    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/ke-hoach/theo-doi?plan=PAPI-2021`);
    const row = admin.locator('[data-testid="recent-reports"] tr[data-report="STP|2.1|2021-Y"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("Năm 2021");
    await screenshot(admin, "plans-evidence-coordinator-desktop");
    const [download] = await Promise.all([admin.waitForEvent("download"), row.getByRole("link", { name: "Báo cáo quý IV-2021 STP.pdf" }).click()]);
    expect(download.suggestedFilename()).toBe("Báo cáo quý IV-2021 STP.pdf");
    expect(fs.readFileSync((await download.path())!).equals(PDF)).toBe(true);
    await admin.setViewportSize(VIEWPORTS.phone);
    await screenshot(admin, "plans-evidence-coordinator-phone");
    await admin.context().close();
  });

  it("the coordinator enters PAPI scores per dimension; a leader sees them beside the tasks with the change", async () => {
    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/ke-hoach/diem-papi?year=2020`);
    const fill = async (year: string, scores: string[], rank: string) => {
      const form = admin.getByRole("form", { name: /điểm PAPI/ });
      await form.getByLabel("Năm PAPI").fill(year);
      for (const [i, s] of scores.entries()) await form.getByLabel(new RegExp(`^${i + 1}\\. `)).fill(s);
      await form.getByLabel("Thứ hạng", { exact: true }).fill(rank);
      await form.getByRole("button", { name: "Lưu điểm" }).click();
      await admin.getByRole("status").filter({ hasText: `Đã lưu điểm PAPI năm ${year}.` }).waitFor();
    };
    await fill("2020", ["5,01", "5,12", "4,28", "6,10", "7,02", "7,10", "3,20", "3,70"], "50");
    await admin.goto(`${server.url}/ke-hoach/diem-papi?year=2021`);
    await fill("2021", ["5,36", "5,02", "4,40", "6,35", "7,20", "7,05", "3,10", "4,02"], "41");
    await admin.locator('[data-testid="papi-years"] tr[data-year="2021"]').waitFor();
    await screenshot(admin, "plans-papi-scores-desktop");
    await admin.setViewportSize(VIEWPORTS.phone);
    await screenshot(admin, "plans-papi-scores-phone");
    await admin.context().close();

    const leader = await signedIn("lanhdao.tinh");
    await leader.goto(`${server.url}/ke-hoach/PAPI-2021`);
    const dim1 = leader.locator('section[data-dimension="1"]');
    await expect.poll(() => dim1.locator('[data-testid="dimension-score"] .value').textContent()).toBe("5,36");
    expect((await dim1.locator('[data-testid="papi-change"]').textContent())?.replace(/\s+/g, " ")).toBe("năm 2020: 5,01 · +0,35");
    await screenshot(leader, "plans-papi-plan-desktop");
    await leader.context().close();
    const phone = await signedIn("lanhdao.tinh", PHONE);
    await phone.goto(`${server.url}/ke-hoach/PAPI-2021`);
    await phone.locator('section[data-dimension="1"] [data-testid="papi-change"]').waitFor();
    await screenshot(phone, "plans-papi-plan-phone");
    await phone.context().close();
  });

  it("the coordinator takes an agency out of a group", async () => {
    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/quan-tri/nhom-co-quan`);
    await admin.getByRole("link", { name: "Sửa nhóm UBND-HUYEN" }).click();
    await admin.waitForURL(/edit=UBND-HUYEN/);
    const exclude = admin.getByRole("group", { name: "Loại khỏi nhóm (dù khớp quy tắc)" });
    await exclude.getByLabel(/^UBND-BMT — /).check();
    await admin.getByRole("button", { name: "Lưu nhóm" }).click();
    await admin.getByRole("status").filter({ hasText: "Đã lưu nhóm UBND-HUYEN." }).waitFor();
    const row = admin.locator('[data-testid="groups"] tr[data-code="UBND-HUYEN"]');
    expect(await row.textContent()).toContain("Loại: Ủy ban nhân dân thành phố Buôn Ma Thuột");
    expect(await row.locator('[data-member="UBND-BMT"]').count()).toBe(0);
    await screenshot(admin, "plans-groups-desktop");
    await admin.setViewportSize(VIEWPORTS.phone);
    await screenshot(admin, "plans-groups-phone");
    await admin.context().close();
  });

  it("the new and changed plan pages pass axe (WCAG 2.2 AA, serious and critical)", async () => {
    for (const [who, path] of [["canbo.stp", "/ke-hoach/bao-cao?plan=PAPI-2021"], ["admin", "/ke-hoach/theo-doi?plan=PAPI-2021"], ["admin", "/quan-tri/nhom-co-quan?edit=UBND-XA"], ["admin", "/ke-hoach/diem-papi"], ["lanhdao.tinh", "/ke-hoach/PAPI-2021"]]) {
      const page = await signedIn(who, { viewport: VIEWPORTS.desktop, bypassCSP: true });
      await page.goto(`${server.url}${path}`);
      await page.locator("h1").waitFor();
      if (path.includes("bao-cao")) await page.locator('details[data-task="2.1"] summary').click();
      await expectAccessible(page, path);
      await page.context().close();
    }
  });
});
