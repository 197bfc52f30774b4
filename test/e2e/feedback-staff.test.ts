import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { assignItem } from "../../app/services/feedback/feedback.server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The staff side of feedback in Chromium: a citizen's item arrives through the public API, the
 * Sở Tư pháp officer finds it in the inbox and answers it, the coordinator publishes it. Also the
 * coordinator's, desk and admin pages on a desktop and a phone, for screenshots.
 */

const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
let server: TestServer;
let browser: Browser;
let db: Db;
let code: string;

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
  db = createDb(server.dbPath);
  const res = await fetch(`${server.url}/api/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      kind: "phan_anh", topic: "chung-thuc", unit: "EKA", consentPublish: true, contactName: "Nguyễn Thị Lan", contactPhone: "0912345678",
      text: "Tôi nộp hồ sơ chứng thực bản sao tại UBND huyện Ea Kar ngày 10/06, hẹn trả sau 1 ngày nhưng đến nay vẫn chưa nhận được.",
    }),
  });
  expect(res.status).toBe(201);
  code = (await res.json()).trackingCode;
  // Something in the coordinator's queue and a failed message in the outbox, for the screenshots.
  const queued = await fetch(`${server.url}/api/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "kien_nghi", topic: "khac", unit: "KPA", text: "Đề nghị lắp thêm mái che cho khu vực chờ trước Bộ phận Một cửa huyện Krông Pắc." }),
  });
  expect(queued.status).toBe(201);
  const now = new Date().toISOString();
  await db.insertInto("outbox").values({
    channel: "email", recipient: "nguyenthilan@example.vn", subject: "Trả lời phản ánh", body: "Hài Lòng: phản ánh của Ông/Bà đã được trả lời.", dedupe_key: "e2e:failed",
    status: "failed", attempts: 8, next_attempt_at: now, last_error: "SMTP 421: máy chủ thư tạm thời không nhận", created_at: now, sent_at: null,
  }).execute();
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await server?.stop();
});

/** Script errors in the page (a broken hydration shows the error page only after load). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // Refused submits answer 4xx on purpose; the browser logs those as failed resources.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  return errors;
}

/** No horizontal scrolling: the page fits the viewport's width. */
async function fitsWidth(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client + 1);
}

describe("feedback, staff side, in a browser", () => {
  it("the agency officer finds the item in the inbox and answers it; the coordinator publishes it", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    const errors = watchErrors(page);
    await loginAs(page, server.url, "canbo.stp");
    await page.goto(`${server.url}/trang-can-bo`);
    await page.getByTestId("staff-menu").getByRole("link", { name: "Hộp thư phản ánh, kiến nghị" }).click();
    await page.waitForURL(/\/hop-thu$/);
    const row = page.locator(`tr[data-code="${code}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("Còn 10 ngày làm việc");
    await screenshot(page, "feedback-staff-inbox");

    await row.getByRole("link", { name: `Mở phản ánh ${code}` }).click();
    await page.waitForURL(/\/hop-thu\/\d+$/);
    await page.locator("h1", { hasText: code }).waitFor();
    await expect(page.getByTestId("contact").textContent()).resolves.toContain("0912345678");
    await screenshot(page, "feedback-staff-item");

    // Too short: refused inline, the text stays.
    await page.fill("#answer-answer", "Ngắn");
    await page.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await expect(page.locator("#answer-answer-error").textContent()).resolves.toContain("quá ngắn");
    await expect(page.inputValue("#answer-answer")).resolves.toBe("Ngắn");
    const answer = "Sở Tư pháp đã làm việc với UBND huyện Ea Kar: bản sao chứng thực của Ông/Bà đã có, mời nhận tại Bộ phận Một cửa từ ngày 20/06.";
    // Someone else updates the item while the officer types: the submit is refused, the text stays.
    const row0 = await db.selectFrom("feedback_item").select(["id", "version"]).where("tracking_code", "=", code).executeTakeFirstOrThrow();
    const adminId = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
    await page.fill("#answer-answer", answer);
    await assignItem(db, row0.id, "STP", "Xác nhận đúng thẩm quyền của Sở Tư pháp", row0.version, { userId: adminId });
    await page.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await page.locator(".fb-form-error.stale", { hasText: "Mục này vừa được người khác cập nhật" }).waitFor();
    await expect(page.inputValue("#answer-answer")).resolves.toBe(answer);
    // The page shows the change (after Remix revalidates the item).
    await page.locator('[data-testid="timeline"] li[data-kind="assigned"]').first().waitFor();
    await expect(page.locator('[data-testid="timeline"] li[data-kind="assigned"]').count()).resolves.toBe(1);
    await screenshot(page, "feedback-staff-conflict");
    await page.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await page.locator(".admin-flash", { hasText: "Đã lưu câu trả lời" }).waitFor();
    await page.locator(".fb-answer", { hasText: answer.slice(0, 40) }).waitFor();
    await expect(page.locator(".fb-answer").textContent()).resolves.toContain(answer);
    await page.locator('[data-testid="timeline"] li[data-kind="answered"]').first().waitFor();
    await expect(page.locator('[data-testid="timeline"] li[data-kind="answered"]').count()).resolves.toBe(1);
    await screenshot(page, "feedback-staff-answered");
    expect(errors).toEqual([]);
    await page.context().close();

    const admin = await newPage(browser, { viewport: VIEWPORTS.desktop });
    const adminErrors = watchErrors(admin);
    await loginAs(admin, server.url, "admin");
    await admin.goto(`${server.url}/dieu-phoi`);
    const item = admin.locator(`[data-testid="publish"] li[data-code="${code}"]`);
    await item.waitFor();
    await screenshot(admin, "feedback-staff-coordinator");
    await item.getByLabel("Tóm tắt công khai").fill("Chậm trả bản sao chứng thực tại UBND huyện Ea Kar: đã có kết quả, người dân nhận tại Bộ phận Một cửa.");
    await item.getByRole("button", { name: "Công khai" }).click();
    await admin.locator(".admin-flash", { hasText: `Đã công khai phản ánh ${code}` }).waitFor();
    await admin.locator(`[data-testid="publish"] li[data-code="${code}"]`).waitFor({ state: "detached" });
    await expect(admin.locator(`[data-testid="publish"] li[data-code="${code}"]`).count()).resolves.toBe(0);
    const stored = await db.selectFrom("feedback_item").select(["status", "public_summary"]).where("tracking_code", "=", code).executeTakeFirstOrThrow();
    expect(stored.status).toBe("published");
    expect(stored.public_summary).toContain("Ea Kar");
    await screenshot(admin, "feedback-staff-published");

    // The other admin pages, for a look.
    for (const [p, name] of [
      ["/quan-tri/phan-loai?thu=1&topic=chung-thuc&unit=BMT-TANLOI", "feedback-staff-routing"],
      ["/quan-tri/ngay-nghi?year=2024&from=2024-02-07&kind=phan_anh&step=handling", "feedback-staff-holidays"],
      ["/quan-tri/thu-gui", "feedback-staff-outbox"],
      ["/tiep-nhan", "feedback-staff-desk-admin"],
    ] as const) {
      const r = await admin.goto(`${server.url}${p}`);
      expect(r?.status(), p).toBe(200);
      await admin.locator("h1").first().waitFor();
      await admin.waitForLoadState("networkidle");
      await expect(admin.locator("h1").first().textContent(), p).resolves.not.toContain("Có lỗi xảy ra");
      await screenshot(admin, name);
    }
    await admin.goto(`${server.url}/quan-tri/thu-gui`);
    const outbox = (await admin.getByTestId("outbox").textContent()) ?? "";
    expect(outbox).toContain("09******78");
    expect(outbox).not.toContain("0912345678");
    expect(outbox).toContain("SMTP 421");
    await admin.goto(`${server.url}/quan-tri/ngay-nghi?year=2024&from=2024-02-07&kind=phan_anh&step=handling`);
    await expect(admin.getByTestId("due-preview").getAttribute("data-due")).resolves.toBe("2024-02-28");
    expect(adminErrors).toEqual([]);
    await admin.context().close();
  });

  it("a desk officer enters a hotline call and gets the tracking code", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(page, server.url, "motcua.bmt");
    await page.goto(`${server.url}/tiep-nhan`);
    await page.selectOption("#desk-channel", "hotline");
    await expect(page.inputValue("#desk-servicePoint")).resolves.toBe("MC-BMT");
    await page.selectOption("#desk-kind", "kien_nghi");
    await page.selectOption("#desk-topic", "ho-tich");
    await page.fill("#desk-text", "Người dân gọi đường dây nóng đề nghị bố trí thêm quầy đăng ký khai sinh vào buổi sáng.");
    await page.fill("#desk-contactPhone", "0987 654 321");
    await page.getByRole("button", { name: "Lưu và lấy mã tra cứu" }).click();
    const shown = page.getByTestId("tracking-code");
    await shown.waitFor();
    const deskCode = (await shown.textContent())!.trim();
    expect(deskCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const stored = await db.selectFrom("feedback_item").select(["channel", "contact_phone"]).where("tracking_code", "=", deskCode).executeTakeFirstOrThrow();
    expect(stored).toEqual({ channel: "hotline", contact_phone: "0987654321" });
    await screenshot(page, "feedback-staff-desk");
    await page.context().close();
  });

  it("is usable on a phone (390×844)", async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, server.url, "canbo.bmt");
    await page.goto(`${server.url}/hop-thu`);
    await page.getByTestId("inbox").waitFor();
    await fitsWidth(page);
    await screenshot(page, "feedback-staff-inbox-phone");
    await page.getByTestId("inbox").locator("a").first().click();
    await page.waitForURL(/\/hop-thu\/\d+$/);
    await page.locator("#tra-loi").waitFor();
    await fitsWidth(page);
    await screenshot(page, "feedback-staff-item-phone");
    await page.context().close();

    const admin = await newPage(browser, PHONE);
    await loginAs(admin, server.url, "admin");
    for (const [p, name] of [["/dieu-phoi", "feedback-staff-coordinator-phone"], ["/quan-tri/phan-loai", "feedback-staff-routing-phone"]] as const) {
      await admin.goto(`${server.url}${p}`);
      await fitsWidth(admin);
      await screenshot(admin, name);
    }
    await admin.context().close();
  });
});
