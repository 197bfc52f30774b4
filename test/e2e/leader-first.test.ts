import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { foldsLoaded, launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";

// Issue 15, part 4, in a real Chromium: what a leader opens first shows the headline with its
// verdict, the weakest places, the change, feedback waiting and open alerts without scrolling, at
// 1366×768 and 390×844; and no table pushes the page sideways.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demoResponses: true, env: { JOBS: "0" } });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const FIRST = ["summary-value", "summary-status", "summary-weakest", "summary-change", "summary-feedback", "summary-alerts"];

/** Each element lies wholly inside the first screen. */
async function aboveTheFold(page: Page, testIds: string[], viewport: { width: number; height: number }) {
  for (const id of testIds) {
    const box = await page.getByTestId(id).first().boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.y, id).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${id} ends at ${Math.round(box!.y + box!.height)} px`).toBeLessThanOrEqual(viewport.height);
    expect(box!.x + box!.width, id).toBeLessThanOrEqual(viewport.width + 0.5);
  }
}

describe("what a leader opens first", () => {
  for (const [size, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]] as const) {
    it(`dashboard and staff home at ${viewport.width}×${viewport.height}: headline and weakest places above the fold`, async () => {
      const page = await newPage(browser, { viewport });
      try {
        await loginAs(page, server.url, "lanhdao.tinh");
        for (const path of ["/dashboard?year=2024", "/trang-can-bo"]) {
          await page.goto(`${server.url}${path}`);
          await page.getByTestId("leader-summary").waitFor();
          await aboveTheFold(page, FIRST, viewport);
          // The weakest places are named, and the verdict is in words.
          expect((await page.getByTestId("summary-weakest").locator("ol li").count())).toBeGreaterThan(0);
          expect(await page.getByTestId("summary-status").textContent()).toMatch(/Đạt|Không đạt|Đang|Chưa/);
          await screenshot(page, `leader-first-${path === "/trang-can-bo" ? "home" : "dashboard"}-${size}`);
        }
      } finally {
        await page.context().close();
      }
    });

    it(`no table overflows the ${size} screen, with every fold open`, async () => {
      const page = await newPage(browser, { viewport });
      try {
        await loginAs(page, server.url, "lanhdao.tinh");
        for (const path of ["/dashboard?year=2024", "/dashboard?year=2024&node=access", "/dashboard/diem-par?year=2024"]) {
          await page.goto(`${server.url}${path}`);
          await page.evaluate(() => document.querySelectorAll("details").forEach((d) => d.setAttribute("open", "")));
          await foldsLoaded(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
          const tables = await page.evaluate(() => [...document.querySelectorAll("table")].map((t) => {
            const r = (t.closest(".table-wrap") ?? t).getBoundingClientRect();
            return { right: r.right, left: r.left };
          }));
          expect(tables.length).toBeGreaterThan(0);
          for (const t of tables) {
            expect(t.left).toBeGreaterThanOrEqual(0);
            expect(t.right).toBeLessThanOrEqual(viewport.width + 0.5);
          }
        }
      } finally {
        await page.context().close();
      }
    });
  }
});
