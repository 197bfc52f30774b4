import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { answerItem, getItem, publishItem } from "../../app/services/feedback/feedback.server";
import { launchBrowser, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/** A citizen on a phone: send feedback, keep the code, track it, read the answer, rate it. */
const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
const CODE_RE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const TEXT = "Tôi nộp hồ sơ chứng thực tại Bộ phận Một cửa ngày 10/06, phiếu hẹn ghi trả kết quả ngày 12/06 nhưng đến nay vẫn chưa nhận được.";

let server: TestServer;
let browser: Browser;
let db: Db;
let officer: number;
let admin: number;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  db = createDb(server.dbPath);
  officer = (await db.selectFrom("app_user").select("id").where("username", "=", "canbo.bmt").executeTakeFirstOrThrow()).id;
  admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await server?.stop();
});

const count = async () => Number((await db.selectFrom("feedback_item").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
const item = (code: string) => db.selectFrom("feedback_item").selectAll().where("tracking_code", "=", code).executeTakeFirstOrThrow();

async function answer(code: string, text: string) {
  const it = await item(code);
  await answerItem(db, it.id, text, it.version, { userId: officer });
  return it.id;
}

/**
 * Errors in the browser console (a CSP refusal of a script, a failed hydration…) fail the test;
 * the browser's own note about an expected 4xx answer (422 for a refused form, 404) does not.
 */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function codeOnPage(page: Page): Promise<string> {
  const code = (await page.getByTestId("tracking-code").first().textContent())!.trim();
  expect(code).toMatch(CODE_RE);
  return code;
}

describe("feedback on a phone, with JavaScript", () => {
  it("sends, keeps the code, tracks, reads the answer and rates", async () => {
    const page = await newPage(browser, PHONE);
    const errors = watchConsole(page);
    await page.goto(`${server.url}/phan-anh`);
    expect(await page.locator("h1").textContent()).toBe("Gửi góp ý, phản ánh, kiến nghị");
    // Phone first: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "feedback-form-phone");

    // Sending an empty form: a summary and a message next to each field, nothing stored.
    const before = await count();
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.getByRole("alert").filter({ hasText: "Ý kiến chưa gửi được" }).waitFor();
    expect(await page.locator("#kind-error").textContent()).toContain("Hãy chọn loại");
    expect(await page.locator("#text-error").textContent()).toBe("Hãy nhập nội dung.");
    await screenshot(page, "feedback-form-errors-phone");
    expect(await count()).toBe(before);

    await page.locator('input[name="kind"][value="phan_anh"]').check();
    await page.selectOption("#topic", "chung-thuc");
    await page.selectOption("#unit", "BMT");
    await page.selectOption("#servicePoint", "MC-BMT");
    await page.locator("#text").fill(TEXT);
    expect(await page.locator("#text-count").textContent()).toBe(`${TEXT.length}/5.000 ký tự`);
    await page.locator("#contactName").fill("Nguyễn Thị Hoa");
    await page.locator("#contactPhone").fill("0912345678");
    await page.locator("#consentPublish").check();
    await Promise.all([page.waitForURL(/\/tra-cuu\/[2-9A-Z-]{9}\?moi=1$/), page.getByRole("button", { name: "Gửi ý kiến" }).click()]);
    expect(await count()).toBe(before + 1);

    const code = await codeOnPage(page);
    const body = await page.locator("main").innerText();
    expect(body).toContain("hãy ghi lại");
    const stored = await item(code);
    expect(body).toContain(`Hạn trả lời dự kiến: ${stored.due_day.split("-").reverse().join("/")}`);
    expect(body).not.toContain("0912345678");
    expect(body).not.toContain("Nguyễn Thị Hoa");
    await screenshot(page, "feedback-sent-phone");

    // Later: the citizen types the code (any case, no hyphen) on /tra-cuu.
    await page.goto(`${server.url}/tra-cuu`);
    await page.getByLabel("Mã tra cứu").fill(code.toLowerCase().replace("-", ""));
    await Promise.all([page.waitForURL(`${server.url}/tra-cuu/${code}`), page.getByRole("button", { name: "Tra cứu" }).click()]);
    await page.locator(".fb-facts").waitFor();
    expect(await page.locator("main").innerText()).toContain("Đang được cơ quan có thẩm quyền xử lý");
    expect(await page.locator('button[name="rating"]').count()).toBe(0);

    await answer(code, "UBND thành phố đã kiểm tra: hồ sơ bị chậm do thiếu chữ ký. Kết quả đã được trả cho Ông/Bà ngày 14/06. Xin lỗi Ông/Bà vì sự chậm trễ.");
    await page.reload();
    const answered = await page.locator("main").innerText();
    expect(answered).toContain("Kết quả đã được trả cho Ông/Bà ngày 14/06");
    expect(answered).toContain("Đã trả lời");
    expect(await page.locator('button[name="rating"]').count()).toBe(5);
    await screenshot(page, "feedback-answered-phone");

    await page.getByRole("button", { name: /^4\s*Hài lòng$/ }).click();
    await page.getByText("Cảm ơn Ông/Bà đã đánh giá!").waitFor();
    expect(page.url()).toBe(`${server.url}/tra-cuu/${code}?danh-gia=1`);
    expect(await page.locator("main").innerText()).toContain("Hài lòng (4/5)");
    expect((await item(code)).rating).toBe(4);
    await screenshot(page, "feedback-rated-phone");
    expect(errors).toEqual([]);
  });
});

describe("feedback without JavaScript", () => {
  it("shows errors keeping what was typed, then sends once and rates with plain form posts", async () => {
    const page = await newPage(browser, { ...PHONE, javaScriptEnabled: false });
    await page.goto(`${server.url}/phan-anh`);
    const before = await count();
    await page.locator('input[name="kind"][value="gop_y"]').check();
    await page.selectOption("#unit", "BMT-TANLOI");
    await page.locator("#text").fill("Ngắn");
    await page.locator("#contactEmail").fill("khong-phai-email");
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.waitForLoadState("domcontentloaded");
    expect(await page.locator(".fb-summary").innerText()).toContain("Ý kiến chưa gửi được");
    expect(await page.locator("#text-error").textContent()).toContain("Nội dung quá ngắn");
    expect(await page.locator("#contactEmail-error").textContent()).toBe("Email không hợp lệ.");
    expect(await page.locator("#text").inputValue()).toBe("Ngắn");
    expect(await page.locator("#unit").inputValue()).toBe("BMT-TANLOI");
    expect(await page.locator('input[name="kind"][value="gop_y"]').isChecked()).toBe(true);
    await screenshot(page, "feedback-form-nojs-errors-phone");
    expect(await count()).toBe(before);

    await page.locator("#text").fill("Đề nghị bố trí thêm ghế chờ và nước uống tại Bộ phận Một cửa phường Tân Lợi.");
    await page.locator("#contactEmail").fill("");
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.waitForURL(/\/tra-cuu\/[2-9A-Z-]{9}\?moi=1$/);
    const code = await codeOnPage(page);
    expect(await count()).toBe(before + 1);
    // Back and send the same form again: the same key, stored once, the same code.
    await page.goBack();
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.waitForURL(/\/tra-cuu\/.*\?moi=1$/);
    expect(await codeOnPage(page)).toBe(code);
    expect(await count()).toBe(before + 1);

    await answer(code, "UBND phường đã bổ sung 20 ghế chờ và bình nước uống từ ngày 20/06. Cảm ơn góp ý của Ông/Bà.");
    await page.goto(`${server.url}/tra-cuu/${code}`);
    await page.getByRole("button", { name: /^5\s*Rất hài lòng$/ }).click();
    await page.waitForURL(`${server.url}/tra-cuu/${code}?danh-gia=1`);
    expect(await page.locator("main").innerText()).toContain("Cảm ơn Ông/Bà đã đánh giá!");
    expect((await item(code)).rating).toBe(5);
  });
});

describe("screens on a desktop and on a phone", () => {
  it("shows the form, a tracking page, the published answers and a not-found page", async () => {
    const desk = await newPage(browser, { viewport: VIEWPORTS.desktop });
    const errors = watchConsole(desk);
    await desk.goto(`${server.url}/phan-anh`);
    await screenshot(desk, "feedback-form-desktop");
    await desk.goto(`${server.url}/phan-anh?lang=en`);
    expect(await desk.locator("h1").textContent()).toBe("Send a suggestion, report or request");
    await screenshot(desk, "feedback-form-en-desktop");

    // Two published answers (one whose answer contains markup: shown as text).
    for (const [i, summary] of [[1, "Chậm trả kết quả chứng thực tại Bộ phận Một cửa thành phố Buôn Ma Thuột."], [2, "Đề nghị niêm yết công khai phí, lệ phí đăng ký hộ tịch tại xã."]] as const) {
      const res = await fetch(`${server.url}/api/v1/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: i === 1 ? "phan_anh" : "kien_nghi", topic: i === 1 ? "chung-thuc" : "ho-tich", unit: "BMT", text: `Nội dung ý kiến số ${i} của người dân gửi qua hệ thống.`, contactName: "Lê Văn Tâm", contactPhone: "0905123456", consentPublish: true }),
      });
      expect(res.status).toBe(201);
      const { trackingCode } = await res.json();
      const id = await answer(trackingCode, i === 1 ? "UBND thành phố đã trả kết quả ngày 14/06 và nhắc nhở bộ phận liên quan.\nHẹn trả kết quả từ nay được theo dõi trên hệ thống <b>một cửa</b> điện tử." : "UBND xã đã niêm yết bảng phí, lệ phí tại Bộ phận Một cửa từ ngày 01/07.");
      await publishItem(db, id, summary, (await getItem(db, id)).version, { userId: admin });
      if (i === 1) {
        await desk.goto(`${server.url}/tra-cuu/${trackingCode}`);
        await screenshot(desk, "feedback-track-desktop");
      }
    }
    await desk.goto(`${server.url}/cong-khai`);
    const text = await desk.locator("main").innerText();
    expect(text).toContain("2 câu trả lời");
    expect(text).toContain("<b>một cửa</b>");
    expect(text).not.toContain("Lê Văn Tâm");
    expect(text).not.toContain("0905123456");
    await screenshot(desk, "feedback-public-desktop");
    await desk.goto(`${server.url}/tra-cuu/2222-2222`);
    expect(await desk.locator("h1").textContent()).toBe("Không tìm thấy mã tra cứu");
    await screenshot(desk, "feedback-notfound-desktop");
    expect(errors).toEqual([]);

    const phone = await newPage(browser, PHONE);
    await phone.goto(`${server.url}/cong-khai`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, "feedback-public-phone");
    await phone.goto(`${server.url}/tra-cuu`);
    await screenshot(phone, "feedback-lookup-phone");
  });
});
