import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localYear } from "../../app/domain/periods";
import { launchBrowser, loginAs, newPage, VIEWPORTS, unfoldAll } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The whole feedback loop in one browser session: a citizen sends feedback on a phone, the officer
 * of the owning agency answers it, the coordinator publishes it, the citizen reads the answer by
 * tracking code and rates it, and the provincial leader's dashboard counts it.
 */
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

describe("the feedback loop", () => {
  it("goes from a citizen's phone to the agency, the public page, the rating and the dashboard", async () => {
    const citizen = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await citizen.goto(`${server.url}/phan-anh`);
    await citizen.locator('input[name="kind"][value="phan_anh"]').check();
    await citizen.selectOption("#topic", "chung-thuc");
    await citizen.selectOption("#unit", "EKA");
    await citizen.locator("#text").fill("Tôi nộp hồ sơ chứng thực tại huyện Ea Kar, đã quá hẹn 3 ngày mà chưa nhận được kết quả.");
    await citizen.locator("#contactPhone").fill("0987654321");
    await citizen.locator("#consentPublish").check();
    await Promise.all([citizen.waitForURL(/\/tra-cuu\/[2-9A-Z-]{9}\?moi=1$/), citizen.getByRole("button", { name: "Gửi ý kiến" }).click()]);
    const code = (await citizen.getByTestId("tracking-code").first().textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

    // The officer of Sở Tư pháp (the owner of chứng thực by the routing rules) answers it.
    const officer = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(officer, server.url, "canbo.stp");
    await officer.goto(`${server.url}/hop-thu`);
    await officer.locator(`tr[data-code="${code}"]`).getByRole("link", { name: `Mở phản ánh ${code}` }).click();
    await officer.waitForURL(/\/hop-thu\/\d+$/);
    const answer = "Sở Tư pháp đã đôn đốc UBND huyện Ea Kar; bản sao chứng thực của Ông/Bà đã có, mời nhận tại Bộ phận Một cửa.";
    await officer.fill("#answer-answer", answer);
    await officer.getByRole("button", { name: "Gửi câu trả lời" }).click();
    await officer.locator(".admin-flash", { hasText: "Đã lưu câu trả lời" }).waitFor();

    // An officer of another agency cannot even open it.
    const other = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(other, server.url, "canbo.bmt");
    const denied = await other.goto(officer.url());
    expect(denied?.status()).toBe(403);

    // The coordinator publishes it with a summary.
    const admin = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(admin, server.url, "admin");
    await admin.goto(`${server.url}/dieu-phoi`);
    const pending = admin.locator(`[data-testid="publish"] li[data-code="${code}"]`);
    await pending.getByLabel("Tóm tắt công khai").fill("Chậm trả kết quả chứng thực tại huyện Ea Kar: đã có kết quả.");
    await pending.getByRole("button", { name: "Công khai" }).click();
    await admin.locator(".admin-flash", { hasText: `Đã công khai phản ánh ${code}` }).waitFor();

    // The citizen reads the answer by the tracking code and rates the handling.
    await citizen.goto(`${server.url}/tra-cuu/${code}`);
    expect(await citizen.locator("main").innerText()).toContain(answer);
    await citizen.getByRole("button", { name: /^5\s*Rất hài lòng$/ }).click();
    await citizen.getByText("Cảm ơn Ông/Bà đã đánh giá!").waitFor();

    // Everyone can read the published answer, without the sender's phone.
    await citizen.goto(`${server.url}/cong-khai`);
    const pub = await citizen.locator("main").innerText();
    expect(pub).toContain("Chậm trả kết quả chứng thực tại huyện Ea Kar");
    expect(pub).not.toContain("0987654321");

    // The provincial leader's dashboard counts it: received 1, answered 1, on time, rated.
    const leader = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await unfoldAll(leader);
    await loginAs(leader, server.url, "lanhdao.tinh");
    await leader.goto(`${server.url}/dashboard?year=${localYear(new Date())}`);
    const figures = leader.getByTestId("feedback-figures");
    await figures.waitFor();
    const text = await figures.innerText();
    expect(text).toMatch(/Đã tiếp nhận\s*1/);
    expect(text).toMatch(/Đã trả lời\s*1/);
    expect(text).toContain("Sở Tư pháp");
    expect(text).toMatch(/100(,0+)?\s?%/);
  });
});
