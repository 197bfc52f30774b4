import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

/** Each demo role logs in through the form, sees its own menu and data, and logs out for good. */
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ demoResponses: true, env: { JOBS: "0" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const ADMIN_MENU = [
  "Bảng điều khiển chỉ số", "Báo cáo quý (in A4)", "Xuất dữ liệu (CSV, Excel)", "Hộp thư phản ánh, kiến nghị", "Điều phối phản ánh", "Nhập phản ánh (đường dây nóng, văn bản, trực tiếp)",
  "Đơn vị hành chính", "Cơ quan", "Điểm phục vụ", "Quy tắc phân loại phản ánh", "Ngày nghỉ và thời hạn xử lý", "Thư gửi đi (SMS, email)",
  "Công bố kết quả khảo sát", "Người dùng và phân quyền", "Token truy cập API", "Nhật ký thay đổi",
];
const ROLES: Array<{ user: string; menu: string[]; page: string; sees: string }> = [
  { user: "admin", menu: ADMIN_MENU, page: "/dashboard?year=2024", sees: "Tỉnh Đắk Lắk" },
  { user: "lanhdao.tinh", menu: ["Bảng điều khiển chỉ số", "Báo cáo quý (in A4)", "Xuất dữ liệu (CSV, Excel)", "Hộp thư phản ánh, kiến nghị"], page: "/dashboard?year=2024", sees: "Tỉnh Đắk Lắk" },
  { user: "lanhdao.bmt", menu: ["Bảng điều khiển chỉ số", "Báo cáo quý (in A4)", "Xuất dữ liệu (CSV, Excel)", "Hộp thư phản ánh, kiến nghị"], page: "/dashboard?year=2024", sees: "Thành phố Buôn Ma Thuột" },
  { user: "canbo.stp", menu: ["Hộp thư phản ánh, kiến nghị"], page: "/hop-thu", sees: "Sở Tư pháp" },
  { user: "canbo.bmt", menu: ["Hộp thư phản ánh, kiến nghị"], page: "/hop-thu", sees: "Ủy ban nhân dân thành phố Buôn Ma Thuột" },
  { user: "motcua.bmt", menu: ["Nhập phản ánh (đường dây nóng, văn bản, trực tiếp)"], page: "/tiep-nhan", sees: "Bộ phận Một cửa UBND thành phố Buôn Ma Thuột" },
];

describe("demo roles", () => {
  for (const r of ROLES) {
    it(`${r.user}: the right menu and data, and logout ends access`, async () => {
      const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
      await loginAs(page, server.url, r.user);
      await page.goto(`${server.url}/trang-can-bo`);
      expect(await page.locator("main").innerText()).toContain("Đây là tài khoản mẫu (demo)");
      const menu = await page.getByTestId("staff-menu").getByRole("link").allInnerTexts();
      expect(menu).toEqual(r.menu);
      const res = await page.goto(`${server.url}${r.page}`);
      expect(res?.status()).toBe(200);
      expect(await page.locator("main").innerText()).toContain(r.sees);
      if (r.user === "lanhdao.bmt") {
        const province = await page.goto(`${server.url}/dashboard?year=2024&unit=DLK`);
        expect(province?.status()).toBe(403);
      }
      await page.goto(`${server.url}/trang-can-bo`);
      await Promise.all([page.waitForURL(/\/dang-nhap/), page.getByRole("button", { name: "Đăng xuất" }).click()]);
      const after = await page.goto(`${server.url}${r.page}`);
      expect(page.url()).toContain("/dang-nhap?next=");
      expect(after?.status()).toBe(200); // the login page
      await page.context().close();
    });
  }
});
