import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createDb } from "../../db/client.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

// /y-kien in a real Chromium, on a desktop and a 390 px phone: the masked words show, the page never
// scrolls sideways, and the filter keeps to Vietnamese labels.

let server: TestServer;
let browser: Browser;
const LONG = "Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, email an.nguyen.rat.dai.de.tran.dong@gmail.com, CCCD 079123456789, hồ sơ H15.01-261204-0001 bị trả lại ba lần vì thiếu bản sao chứng thực.";

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  browser = await launchBrowser();
  const db = createDb(server.dbPath);
  try {
    const good = { "kiosk.access": 4, "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": 5, "kiosk.feedback": null };
    let n = 0;
    for (const [answers, comment] of [
      [{ ...good, "kiosk.servants": 1 }, LONG],
      [good, "Cán bộ nhiệt tình, chờ 5 phút là xong."],
      [{ ...good, "kiosk.access": 3 }, "Chỗ ngồi chờ hơi chật, mong bố trí thêm ghế."],
    ] as const) {
      await submitResponse(db, {
        questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", answers, comment,
        idempotencyKey: `e2e-comments-${++n}`, submittedAt: new Date(Date.now() - n * 60_000).toISOString(),
      });
    }
  } finally {
    await db.destroy();
  }
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("Ý kiến người dân in the browser", () => {
  for (const [name, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
    it(`shows masked comments without sideways scrolling (${viewport.width}×${viewport.height})`, async () => {
      const page = await newPage(browser, { viewport });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await loginAs(page, server.url, "lanhdao.tinh");
      const res = await page.goto(`${server.url}/y-kien`);
      expect(res?.status()).toBe(200);
      const table = page.getByTestId("comments-table");
      await table.waitFor();
      const text = await table.innerText();
      for (const mask of ["[họ tên]", "[số điện thoại]", "[email]", "[số CCCD/CMND]", "[mã hồ sơ]"]) expect(text).toContain(mask);
      for (const secret of ["Nguyễn Văn An", "0912 345 678", "gmail.com", "079123456789", "H15.01"]) expect(text).not.toContain(secret);
      expect(text).toContain("Kiosk tại Bộ phận Một cửa");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The lowest-rated first, through the form.
      await page.getByLabel("Sắp xếp").selectOption("thap");
      await Promise.all([page.waitForURL(/sort=thap/), page.getByRole("button", { name: "Lọc" }).click()]);
      expect(await page.getByTestId("comments-table").locator("tbody tr").first().getAttribute("data-rating")).toBe("1");
      await screenshot(page, `comments-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
