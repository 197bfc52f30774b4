import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { createPlan, issuePlan, planForm } from "../../app/services/plans/plan-drafts.server";
import { importTasksCsv } from "../../app/services/plans/task-rows.server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * A plan's year in Chromium (issue 16), in December 2026: the coordinator creates the 2027 plan by
 * copying the issued 2026 one, imports a task into the draft and issues it; Sở Tư pháp reports on
 * the 2026 plan at 9 months (the period "9 tháng năm 2026"); the coordinator opens the 9-month consolidated report, prints it (A4
 * PDF) and downloads the DOCX. Screenshots of the plan page and of the A4 report.
 */
let server: TestServer;
let browser: Browser;
let db: Db;

const CSV_2026 = [
  "dimension,subdimension,code,task,lead,implementers,deliverable,schedule",
  `2,,2.1,"Tổ chức thông tin, tuyên truyền, phổ biến về chính sách, pháp luật tại các địa phương",Sở Tư pháp,UBND cấp xã,Báo cáo kết quả,Thường xuyên`,
  `3,,3.1,"Tiếp công dân, giải quyết khiếu nại, tố cáo đúng hạn",Thanh tra tỉnh,UBND cấp huyện,Báo cáo,"Định kỳ hàng quý"`,
].join("\n");

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
  db = createDb(server.dbPath);
  // the plan the province issued for 2026 (set up through the same use cases the pages call)
  const admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
  const actor = { userId: admin, ip: null };
  const code = await createPlan(db, planForm.parse({ title: "Kế hoạch nâng cao Chỉ số PAPI năm 2026", index: "PAPI", year: "2026", baselineScore: "43,2", baselineRank: "41", targets: "Tăng 3 bậc" }), actor);
  const r = await importTasksCsv(db, code, CSV_2026, actor);
  if (!r.ok) throw new Error(r.messages.join("; "));
  await issuePlan(db, code, { docNumber: "25/KH-UBND", issuedOn: "2026-02-10" }, actor);
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await server?.stop();
});

async function signedIn(who: string): Promise<Page> {
  const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
  await loginAs(page, server.url, who);
  return page;
}

describe("a plan's year", () => {
  it("the coordinator creates the 2027 plan from the 2026 one, imports a task and issues it", async () => {
    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/ke-hoach`);
    await admin.getByRole("link", { name: /Tạo, sao chép hoặc nhập kế hoạch mới/ }).click();
    await admin.waitForURL(/\/ke-hoach\/moi/);
    await admin.getByLabel("Kế hoạch gốc").selectOption("PAPI-2026");
    await Promise.all([admin.waitForURL(/\/ke-hoach\/PAPI-2027\?ok=copied/), admin.getByRole("button", { name: "Sao chép thành dự thảo" }).click()]);
    await admin.getByText("bản dự thảo, chưa ban hành").first().waitFor();
    expect(await admin.locator("tr[data-task]").count()).toBe(2);

    await admin.getByRole("link", { name: "Nhập nhiệm vụ từ CSV →" }).click();
    await admin.waitForURL(/theo-doi\?plan=PAPI-2027/);
    await admin.getByLabel("hoặc dán nội dung CSV").fill([
      "dimension,subdimension,code,task,lead,implementers,deliverable,schedule",
      `5,,5.1,"Khảo sát sự hài lòng của người dân về thủ tục hành chính cấp xã",Sở Nội vụ,UBND cấp xã,Báo cáo kết quả khảo sát,"Ban hành Kế hoạch trong quý I/2027; công bố kết quả khảo sát trong quý IV/2027"`,
    ].join("\n"));
    await Promise.all([admin.waitForURL(/ok=imported/), admin.getByRole("button", { name: "Nhập nhiệm vụ" }).click()]);

    await admin.goto(`${server.url}/ke-hoach/PAPI-2027`);
    const t51 = admin.locator('tr[data-task="5.1"]');
    await t51.waitFor();
    expect(await t51.locator('td[data-label="Thời gian"]').getAttribute("data-kind")).toBe("two_step");
    await admin.getByLabel("Số, ký hiệu văn bản").first().fill("12/KH-UBND");
    await admin.getByLabel("Ngày ban hành").fill("2027-01-20");
    await Promise.all([admin.waitForURL(/ok=issued/), admin.getByRole("button", { name: "Ban hành" }).click()]);
    await admin.getByRole("status").filter({ hasText: "Đã ban hành kế hoạch" }).waitFor();
    expect(await admin.getByTestId("draft-forms").count()).toBe(0);
    await screenshot(admin, "plan-2027-issued-desktop");
    await admin.setViewportSize(VIEWPORTS.phone);
    await admin.reload();
    await admin.locator('tr[data-task="5.1"]').waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await screenshot(admin, "plan-2027-issued-phone");
    await admin.context().close();
  });

  it("Sở Tư pháp reports at 9 months, and the coordinator prints the consolidated report", async () => {
    const officer = await signedIn("canbo.stp");
    await officer.goto(`${server.url}/ke-hoach/bao-cao?plan=PAPI-2026`);
    const task = officer.locator('details[data-task="2.1"]');
    await task.locator("summary").click();
    const f = task.getByRole("form", { name: "Báo cáo nhiệm vụ 2.1" });
    // the periods are the rounds: quý I, 6 tháng, 9 tháng, năm (issue 16)
    const periods = await f.getByLabel("Kỳ báo cáo").locator("option").allTextContents();
    expect(periods.join(" | ")).toContain("9 tháng năm 2026");
    expect(periods.join(" | ")).not.toContain("Quý III");
    await f.getByLabel("Kỳ báo cáo").selectOption("2026-9T");
    await f.getByLabel("Tình trạng").selectOption("done");
    await f.getByLabel("Kết quả thực hiện").fill("9 tháng: tổ chức 21 hội nghị phổ biến pháp luật tại các xã, phường; phát hành 5.000 tờ gấp.");
    await f.getByLabel("Số, ký hiệu văn bản minh chứng").fill("301/BC-STP ngày 02/10/2026");
    await f.getByRole("button", { name: "Gửi báo cáo" }).click();
    await officer.getByRole("status").filter({ hasText: "Đã lưu báo cáo nhiệm vụ 2.1." }).waitFor();
    await officer.context().close();

    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/ke-hoach/PAPI-2026`);
    await admin.getByRole("link", { name: /Báo cáo tổng hợp/ }).click();
    const a4 = admin.getByTestId("a4-report");
    await a4.waitFor();
    await expect.poll(() => a4.locator('tr[data-task="2.1"]').textContent()).toContain("301/BC-STP ngày 02/10/2026");
    expect(await a4.textContent()).toContain("9 tháng năm 2026");
    expect(await a4.textContent()).toContain("Nơi nhận:");
    await screenshot(admin, "plan-report-a4-desktop");
    await admin.setViewportSize(VIEWPORTS.phone);
    await screenshot(admin, "plan-report-a4-phone");
    await admin.setViewportSize({ width: 794, height: 1123 });
    await screenshot(admin, "plan-report-a4-page");
    await admin.emulateMedia({ media: "print" });
    expect(await admin.locator(".a4-tools").isVisible()).toBe(false);
    const pdf = await admin.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await admin.emulateMedia({ media: "screen" });
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("link", { name: "Tải bản Word (DOCX)" }).click()]);
    expect(download.suggestedFilename()).toBe("bao-cao-PAPI-2026-9T-2026.docx");
    await admin.context().close();
  });
});
