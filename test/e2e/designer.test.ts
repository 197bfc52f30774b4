import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

async function addQuestion(page: Page, q: { code: string; type: string; node: string; text: string; textEn: string; options?: string }) {
  await page.fill("#new-code", q.code);
  await page.selectOption("#new-type", q.type);
  await page.selectOption("#new-node", q.node);
  await page.fill("#new-text", q.text);
  await page.fill("#new-textEn", q.textEn);
  if (q.options) await page.fill("#new-options", q.options);
  await Promise.all([page.waitForURL(/ok=question/), page.getByRole("button", { name: "Thêm câu hỏi" }).click()]);
  await page.locator(`.dz-question[data-code="${q.code}"]`).waitFor();
}

describe("questionnaire designer in a browser", () => {
  it("the admin designs, previews and publishes a small questionnaire; a citizen answers it on a phone; the response is counted", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(page, server.url, "admin");
    await page.getByRole("link", { name: "Bảng hỏi và thiết kế bảng hỏi" }).first().click();
    await page.waitForURL(/\/quan-tri\/bang-hoi$/);
    await screenshot(page, "designer-list");

    await page.fill("#create-name", "Khảo sát nhanh tại Bộ phận Một cửa");
    await page.fill("#create-code", "nhanh");
    await page.fill("#create-slug", "khao-sat-nhanh");
    await page.selectOption("#create-index", "SIPAS");
    await Promise.all([page.waitForURL(/\/quan-tri\/bang-hoi\/\d+\?ok=imported/), page.getByRole("button", { name: "Tạo bản nháp" }).click()]);
    await page.getByTestId("status").filter({ hasText: "Bản nháp" }).waitFor();

    await addQuestion(page, {
      code: "nhanh.huong-dan", type: "yes_no", node: "servants",
      text: "Cán bộ có hướng dẫn Ông/Bà đầy đủ, dễ hiểu không?", textEn: "Did the officer guide you fully and clearly?",
    });
    // A choice question without options is refused in Vietnamese, naming the field.
    await page.fill("#new-code", "nhanh.thoi-gian");
    await page.selectOption("#new-type", "choice");
    await page.fill("#new-text", "Ông/Bà chờ bao lâu?");
    await page.getByRole("button", { name: "Thêm câu hỏi" }).click();
    await page.locator("#new-options-error", { hasText: "ít nhất 2 phương án" }).waitFor();
    await addQuestion(page, {
      code: "nhanh.thoi-gian", type: "choice", node: "results",
      text: "Ông/Bà nhận kết quả so với ngày hẹn thế nào?", textEn: "When did you get the result compared with the appointment?",
      options: "Sớm hơn ngày hẹn | Earlier | 1\nĐúng ngày hẹn | On the day | 1\nTrễ hẹn | Late | 0",
    });

    // Both previews show the two questions with their inputs.
    for (const id of ["preview-kiosk", "preview-phone"]) {
      const frame = page.getByTestId(id);
      await expect(frame.getByRole("radio").count()).resolves.toBe(5);
      await expect(frame.getByText("Trễ hẹn").count()).resolves.toBe(1);
    }
    await screenshot(page, "designer-draft-desktop");
    await page.getByTestId("preview-kiosk").screenshot({ path: ".tmp/screenshots/designer-preview-kiosk.png" });
    await page.getByTestId("preview-phone").screenshot({ path: ".tmp/screenshots/designer-preview-phone.png" });

    await Promise.all([page.waitForURL(/ok=published/), page.getByRole("button", { name: "Phát hành phiên bản này" }).click()]);
    await page.getByTestId("status").filter({ hasText: "Đã phát hành" }).waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Thêm câu hỏi" }).count()).toBe(0);
    const designerUrl = page.url().replace(/\?.*$/, "");

    // A citizen on a 390×844 phone.
    const phone = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/s/khao-sat-nhanh?point=MC-BMT`);
    await phone.getByRole("heading", { name: "Khảo sát nhanh tại Bộ phận Một cửa" }).waitFor();
    // One section per screen. Going on with nothing chosen: the screen says what is missing.
    const next = phone.getByRole("button", { name: "Tiếp tục" });
    const send = phone.getByRole("button", { name: /Gửi/ });
    const reach = async (target: ReturnType<typeof phone.locator>) => {
      for (let i = 0; i < 6 && !(await target.isVisible()); i++) await next.click();
    };
    const yes = phone.getByRole("group", { name: /hướng dẫn Ông\/Bà đầy đủ/ }).getByRole("radio", { name: "Có" });
    await reach(yes);
    await ((await send.isVisible()) ? send : next).click();
    await phone.locator("text=/Vui lòng chọn (Có hoặc Không|một phương án|một câu trả lời)\\./ >> visible=true").first().waitFor();
    await screenshot(phone, "designer-survey-phone-errors");
    await yes.check();
    const onTime = phone.getByRole("group", { name: /so với ngày hẹn/ }).getByRole("radio", { name: "Đúng ngày hẹn" });
    await reach(onTime);
    await onTime.check();
    await screenshot(phone, "designer-survey-phone");
    await reach(send);
    await Promise.all([phone.waitForURL(/done=1/), send.click()]);

    await page.goto(designerUrl);
    await expect.poll(async () => {
      await page.reload();
      return page.getByTestId("response-count").textContent();
    }, { timeout: 20_000 }).toMatch(/nhận: 1$/);
    await screenshot(page, "designer-published-desktop");

    const mobileAdmin = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await loginAs(mobileAdmin, server.url, "admin");
    await mobileAdmin.goto(designerUrl);
    await screenshot(mobileAdmin, "designer-published-phone");
  });

  it("a PAPI-style questionnaire designed, previewed and published, answered on a phone, shows its hand-computed dimension scores on the dashboard", async () => {
    // A small PAPI-kind file: two dimensions, a yes/no and a choice question; the likert question is added in the designer.
    const file = {
      format: "hailong.questionnaire/1", code: "xa-papi", slug: "khao-sat-xa", name: "Khảo sát quản trị cấp xã (kiểu PAPI)", channels: ["online"],
      index: {
        code: "PAPI-XA", kind: "papi",
        nodes: [
          { code: "PAPI-XA", parent: null, name: "Chỉ số quản trị cấp xã (kiểu PAPI)" },
          { code: "xa.minh-bach", parent: "PAPI-XA", name: "Công khai, minh bạch" },
          { code: "xa.dich-vu", parent: "PAPI-XA", name: "Cung ứng dịch vụ công" },
        ],
      },
      questions: [
        { code: "xa.cong-khai", node: "xa.minh-bach", type: "yes_no", text: "Xã có niêm yết công khai danh sách hộ nghèo không?", yesScore: 1, noScore: 0 },
        { code: "xa.ngan-sach", node: "xa.minh-bach", type: "choice", text: "Ông/Bà có được biết thu chi ngân sách của xã không?",
          options: [{ label: "Có, đầy đủ", score: 1 }, { label: "Có, một phần", score: 0.5 }, { label: "Không", score: 0 }] },
      ],
    };
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(page, server.url, "admin");
    await page.goto(`${server.url}/quan-tri/bang-hoi`);
    await page.setInputFiles("#import-file", { name: "xa-papi.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
    await Promise.all([page.waitForURL(/\/quan-tri\/bang-hoi\/\d+\?ok=imported/), page.getByRole("button", { name: "Nhập thành bản nháp" }).click()]);
    await addQuestion(page, {
      code: "xa.y-te", type: "likert5", node: "xa.dich-vu",
      text: "Ông/Bà hài lòng thế nào với trạm y tế xã?", textEn: "How satisfied are you with the commune health station?",
    });
    // The phone preview draws all three questions: 2 + 3 + 6 radios (likert 1–5 and "không áp dụng").
    await expect.poll(() => page.getByTestId("preview-phone").getByRole("radio").count()).toBe(11);
    await Promise.all([page.waitForURL(/ok=published/), page.getByRole("button", { name: "Phát hành phiên bản này" }).click()]);
    await page.getByTestId("status").filter({ hasText: "Đã phát hành" }).waitFor();

    const phone = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/s/khao-sat-xa?point=MC-BMT`);
    await phone.getByRole("heading", { name: "Khảo sát quản trị cấp xã (kiểu PAPI)" }).waitFor();
    await phone.getByRole("group", { name: /danh sách hộ nghèo/ }).getByRole("radio", { name: "Có" }).check();
    await phone.getByRole("group", { name: /thu chi ngân sách/ }).getByRole("radio", { name: "Có, một phần" }).check();
    // The survey shows one section per screen: "Tiếp tục" until the next question is on screen.
    const health = phone.locator('input[name="answers.xa.y-te"][value="4"]');
    for (let i = 0; i < 5 && !(await health.isVisible()); i++) await phone.getByRole("button", { name: "Tiếp tục" }).click();
    await health.check();
    await Promise.all([phone.waitForURL(/done=1/), phone.getByRole("button", { name: /Gửi/ }).click()]);

    // Hand-computed: transparency (1 + 0,5) / 2 = 0,75 → 1 + 9 × 0,75 = 7,75; services 4 → 1 → 10; total 17,75 of 20.
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    const section = page.getByTestId("other-index-PAPI-XA");
    await expect.poll(async () => {
      await page.goto(`${server.url}/dashboard?year=${year}`);
      return section.count();
    }, { timeout: 20_000 }).toBe(1);
    await expect(page.getByRole("heading", { name: "Các chỉ số khác" }).count()).resolves.toBe(1);
    await expect(section.getByTestId("kind-total").textContent()).resolves.toBe("Tổng: 17,75 / 20 điểm");
    const score = (code: string) => section.locator(`[data-testid="kind-part"][data-code="${code}"] [data-testid="kind-part-score"]`).textContent();
    await expect(score("xa.minh-bach")).resolves.toBe("7,75 / 10");
    await expect(score("xa.dich-vu")).resolves.toBe("10,00 / 10");
    await expect(section.getByText("1 người trả lời").count()).resolves.toBe(1);
    await page.getByTestId("other-indices").scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-papi-desktop");
    await page.getByTestId("other-indices").screenshot({ path: ".tmp/screenshots/dashboard-papi-section-desktop.png" });

    const mobile = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await loginAs(mobile, server.url, "admin");
    await mobile.goto(`${server.url}/dashboard?year=${year}`);
    await mobile.getByTestId("other-index-PAPI-XA").getByTestId("kind-total").filter({ hasText: "17,75 / 20" }).waitFor();
    await screenshot(mobile, "dashboard-papi-phone");
    await mobile.getByTestId("other-indices").screenshot({ path: ".tmp/screenshots/dashboard-papi-section-phone.png" });
  });
});
