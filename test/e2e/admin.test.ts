import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

const PASSWORD = "HaiLong@2024";
const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };
const ADMIN_ENTRIES = ["Đơn vị hành chính", "Cơ quan", "Điểm phục vụ", "Người dùng và phân quyền", "Token truy cập API", "Nhật ký thay đổi"];

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

async function logIn(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/dang-nhap`);
  await page.fill("#login", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/trang-can-bo$/), page.click("button[type=submit]")]);
  await page.getByTestId("staff-menu").waitFor();
}

/** The page's script has run (the role's scope fields are then shown one at a time). */
async function hydrated(page: Page, form: string) {
  await page.locator(`#${form}-unit`).waitFor({ state: "detached" });
}

describe("admin pages in a browser", () => {
  it("an admin creates an agency officer, who then sees the staff menu without the admin entries", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    page.on("dialog", (d) => void d.accept());
    await logIn(page, "admin", PASSWORD);
    const menu = page.getByTestId("staff-menu");
    for (const label of ADMIN_ENTRIES) await expect(menu.getByRole("link", { name: label, exact: true }).count()).resolves.toBe(1);
    await screenshot(page, "admin-staff-home");

    await page.getByRole("link", { name: "Người dùng và phân quyền" }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung$/);
    await page.locator("h1", { hasText: "Người dùng và phân quyền" }).waitFor();
    await hydrated(page, "user-new");
    await screenshot(page, "admin-users");

    // A bad password is refused inline, in Vietnamese, and keeps what was typed.
    await page.fill("#user-new-username", "canbo.e2e");
    await page.fill("#user-new-displayName", "Trần Văn Kiểm Thử");
    await page.fill("#user-new-email", "kiemthu@daklak.gov.vn");
    await page.fill("#user-new-password", "ngan");
    await page.selectOption("#user-new-role", "agency_officer");
    await page.getByRole("group", { name: "Phạm vi: cơ quan" }).waitFor();
    await page.fill(".checkbox-filter", "tư pháp");
    await page.check("input[name=agencies][value=STP]");
    await page.click("#bieu-mau button[type=submit]");
    await expect(page.locator("#user-new-password-error").textContent()).resolves.toBe("Mật khẩu phải có ít nhất 10 ký tự.");
    await expect(page.inputValue("#user-new-username")).resolves.toBe("canbo.e2e");
    await screenshot(page, "admin-users-error");

    await page.fill("#user-new-password", "KiemThuE2E2025");
    await expect(page.isChecked("input[name=agencies][value=STP]")).resolves.toBe(true);
    await page.fill(".checkbox-filter", "");
    await page.check("input[name=agencies][value=SNV]");
    await Promise.all([page.waitForURL(/ok=created/), page.click("#bieu-mau button[type=submit]")]);
    const row = page.locator('tr[data-username="canbo.e2e"]');
    await row.waitFor();
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain("Cán bộ cơ quan — STP");
    expect(rowText).toContain("Cán bộ cơ quan — SNV");
    await expect(page.locator(".admin-flash").textContent()).resolves.toContain("Đã tạo người dùng canbo.e2e.");
    await screenshot(page, "admin-users-created");

    // The user's page.
    await row.getByRole("link", { name: "canbo.e2e" }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/\d+$/);
    await page.locator("h1", { hasText: "Người dùng: canbo.e2e" }).waitFor();
    await screenshot(page, "admin-user-detail");

    // Every other admin page, for a look.
    for (const [path, name] of [
      ["/quan-tri/don-vi", "admin-units"],
      ["/quan-tri/don-vi?edit=BMT#bieu-mau", "admin-units-edit"],
      ["/quan-tri/co-quan", "admin-agencies"],
      ["/quan-tri/diem-phuc-vu", "admin-points"],
    ] as const) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await screenshot(page, name);
    }

    // A token: choose the owner, pick permissions, see the plain token once.
    await page.goto(`${server.url}/quan-tri/token`);
    await page.selectOption("#token-owner", { label: "canbo.e2e — Trần Văn Kiểm Thử" });
    await Promise.all([page.waitForURL(/\?user=\d+/), page.getByRole("button", { name: "Chọn người dùng" }).click()]);
    await page.fill("#token-name", "Báo cáo tự động");
    await page.check("input[name=permissions][value='read:feedback']");
    await page.getByRole("button", { name: "Tạo token" }).click();
    const token = await page.getByTestId("new-token").textContent();
    expect(token).toMatch(/^hl_/);
    await screenshot(page, "admin-token-created");
    const api = await fetch(`${server.url}/trang-can-bo`, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
    expect(api.status).toBe(200);

    await page.goto(`${server.url}/quan-tri/nhat-ky`);
    await expect(page.locator('tr[data-action="user.create"]').first().textContent()).resolves.toContain("canbo.e2e");
    await screenshot(page, "admin-audit");

    // Log out, then log in as the new agency officer.
    await page.goto(`${server.url}/trang-can-bo`);
    await Promise.all([page.waitForURL(/\/dang-nhap/), page.getByRole("button", { name: "Đăng xuất" }).click()]);
    await logIn(page, "canbo.e2e", "KiemThuE2E2025");
    await page.locator("h1", { hasText: "Xin chào, Trần Văn Kiểm Thử" }).waitFor();
    const officerMenu = (await page.getByTestId("staff-menu").textContent()) ?? "";
    expect(officerMenu).toContain("Hộp thư phản ánh, kiến nghị");
    for (const label of ADMIN_ENTRIES) expect(officerMenu).not.toContain(label);
    const denied = await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    expect(denied?.status()).toBe(403);
    await page.context().close();
  });

  it("is usable on a phone (390×844)", async () => {
    const page = await newPage(browser, PHONE);
    await logIn(page, "admin", PASSWORD);
    for (const [path, name] of [
      ["/quan-tri/nguoi-dung", "admin-users-phone"],
      ["/quan-tri/don-vi", "admin-units-phone"],
      ["/quan-tri/nhat-ky", "admin-audit-phone"],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      // Nothing sticks out sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(1);
      await screenshot(page, name);
    }
    await page.context().close();
  });
});
