import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Survey rounds in Chromium: the admin computes a sample size, creates a round with quotas per
 * district and opens it; the desk officer of Buôn Ma Thuột enters two interviews on a phone
 * (390×844); the progress of the Buôn Ma Thuột quota shows 2 on the entry page and the round page.
 */
const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(who: string, opts: BrowserContextOptions = { viewport: VIEWPORTS.desktop }): Promise<Page> {
  const page = await newPage(browser, opts);
  await loginAs(page, server.url, who);
  return page;
}

async function enterOne(page: Page, value: string): Promise<void> {
  await page.locator("#servicePoint").selectOption("MC-BMT");
  const groups = await page.locator("fieldset input.opt-input").evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
  for (const name of groups) await page.locator(`input[name="${name}"][value="${value}"]`).check({ force: true });
  await Promise.all([page.waitForURL((u) => u.searchParams.get("ok") === "1"), page.getByRole("button", { name: "Lưu phiếu" }).click()]);
  await page.getByTestId("entry-saved").waitFor();
}

describe("survey rounds", () => {
  it("admin creates a round; an interviewer enters two interviews on a phone; progress shows 2", async () => {
    const admin = await signedIn("admin");
    await admin.goto(`${server.url}/quan-tri/dot-khao-sat`);
    await admin.getByLabel("Sai số cho phép (tỷ lệ)").fill("0,04");
    await Promise.all([admin.waitForURL((u) => u.searchParams.get("margin") === "0,04"), admin.getByRole("button", { name: "Tính cỡ mẫu" }).click()]);
    // 1.96²·0.25/0.04² = 600.25; N = 1 926 000 → 600.25/(1+599.25/1 926 000) = 600.06 → 601
    await expect.poll(() => admin.getByTestId("calc-result").innerText()).toContain("n = 601");
    await admin.getByLabel("Mã đợt").fill("PAPI-E2E");
    await admin.getByLabel("Tên đợt").fill("Khảo sát hộ gia đình thử nghiệm");
    await Promise.all([admin.waitForURL((u) => u.searchParams.get("ok") === "created"), admin.getByRole("button", { name: "Tạo đợt khảo sát" }).click()]);
    await admin.getByRole("button", { name: "Mở đợt PAPI-E2E" }).click();
    await admin.locator('tr[data-round="PAPI-E2E"]').getByText("Đang mở").waitFor();
    await screenshot(admin, "rounds-admin-desktop");

    const phone = await signedIn("motcua.bmt", PHONE);
    // from the staff menu to the round's entry page
    await phone.goto(`${server.url}/trang-can-bo`);
    await Promise.all([phone.waitForURL(/\/dot-khao-sat/), phone.getByRole("link", { name: "Nhập phiếu đợt khảo sát" }).click()]);
    await Promise.all([phone.waitForURL(/\/dot-khao-sat\/PAPI-E2E\/nhap/), phone.locator('[data-round="PAPI-E2E"]').getByRole("link", { name: "Nhập phiếu phỏng vấn" }).click()]);
    await enterOne(phone, "5");
    await enterOne(phone, "3");
    await expect.poll(() => phone.locator('[data-testid="entry-progress"] [data-unit="BMT"]').getAttribute("data-done")).toBe("2");
    await screenshot(phone, "rounds-entry-phone");

    await admin.goto(`${server.url}/dot-khao-sat/PAPI-E2E`);
    await expect.poll(() => admin.locator('[data-testid="quota-progress"] [data-unit="BMT"]').getAttribute("data-done")).toBe("2");
    await expect.poll(() => admin.getByTestId("round-facts").innerText()).toContain("kênh giấy");
    await screenshot(admin, "rounds-round-desktop");
    const leader = await signedIn("lanhdao.tinh", PHONE);
    await leader.goto(`${server.url}/dot-khao-sat/PAPI-E2E`);
    await expect.poll(() => leader.locator('[data-testid="round-figures"] tr[data-node="SIPAS"] td').first().innerText()).toBe("50,00%"); // one interview all 5, one all 3
    await screenshot(leader, "rounds-round-phone");
    const adminPhone = await signedIn("admin", PHONE);
    await adminPhone.goto(`${server.url}/quan-tri/dot-khao-sat`);
    await screenshot(adminPhone, "rounds-admin-phone");
    const entryDesktop = await signedIn("motcua.bmt");
    await entryDesktop.goto(`${server.url}/dot-khao-sat/PAPI-E2E/nhap`);
    await screenshot(entryDesktop, "rounds-entry-desktop");
  }, 120_000);
});
