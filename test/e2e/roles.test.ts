import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";
import { STAFF_MENU } from "../../app/domain/staff-menu";

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

/** Dashboards, targets, alerts, PAR points, reports, exports and posters: every leader (issue 5). */
const INDEX_PAGES = [
  "Bảng điều khiển chỉ số", "Điểm PAR tiêu chí 8.1 (SIPAS)", "Cảnh báo điểm phục vụ", "Ý kiến người dân (đã che thông tin cá nhân)", "Chỉ tiêu và dự báo",
  "Báo cáo quý (in A4)", "Xuất dữ liệu (CSV, Excel)", "Áp phích mã QR khảo sát", "Đợt khảo sát: tiến độ và chỉ số",
];
/** The admin holds every permission, so every entry of the staff menu. */
const ADMIN_MENU = STAFF_MENU.map((e) => e.label);
const ROLES: Array<{ user: string; menu: string[]; page: string; sees: string }> = [
  { user: "admin", menu: ADMIN_MENU, page: "/dashboard?year=2024", sees: "Tỉnh Đắk Lắk" },
  { user: "lanhdao.tinh", menu: [...INDEX_PAGES, "Hộp thư phản ánh, kiến nghị", "Kế hoạch nâng cao chỉ số", "Chỉ số CCHC (PAR Index)"], page: "/dashboard?year=2024", sees: "Tỉnh Đắk Lắk" },
  { user: "lanhdao.bmt", menu: [...INDEX_PAGES, "Hộp thư phản ánh, kiến nghị", "Kế hoạch nâng cao chỉ số", "Chỉ số CCHC (PAR Index)"], page: "/dashboard?year=2024", sees: "Thành phố Buôn Ma Thuột" },
  { user: "canbo.stp", menu: ["Hộp thư phản ánh, kiến nghị", "Kế hoạch nâng cao chỉ số", "Báo cáo thực hiện kế hoạch", "Chỉ số CCHC (PAR Index)"], page: "/hop-thu", sees: "Sở Tư pháp" },
  { user: "canbo.bmt", menu: ["Hộp thư phản ánh, kiến nghị", "Kế hoạch nâng cao chỉ số", "Báo cáo thực hiện kế hoạch", "Chỉ số CCHC (PAR Index)"], page: "/hop-thu", sees: "Ủy ban nhân dân thành phố Buôn Ma Thuột" },
  { user: "motcua.bmt", menu: ["Nhập phản ánh (đường dây nóng, văn bản, trực tiếp)", "Nhập phiếu đợt khảo sát", "Nhập phiếu khảo sát giấy (CSV, Excel)"], page: "/tiep-nhan", sees: "Bộ phận Một cửa UBND thành phố Buôn Ma Thuột" },
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
