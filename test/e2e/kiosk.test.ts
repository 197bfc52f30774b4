import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { getJson, startServer, type TestServer } from "../helpers/server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { pairKioskPage, publishQuestionnaireFile } from "../helpers/devices";
import { createDb } from "../../db/client.server";
import mixed from "../fixtures/kiosk-mixed.json";

// The kiosk, end to end: built server, fresh database (demo province, no demo responses), real Chromium.
// Each scenario that submits uses its own service point (and so its own district), so the indices
// of one scenario are not touched by another.

const LABELS = { 1: "Rất không hài lòng", 2: "Không hài lòng", 3: "Bình thường", 4: "Hài lòng", 5: "Rất hài lòng" } as const;
type V = keyof typeof LABELS;
const SUB_INDICES = ["access", "procedures", "servants", "results", "feedback"];
const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear(); // the current year in Vietnam

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function open(code: string, opts: { viewport?: { width: number; height: number }; hasTouch?: boolean; clock?: boolean; serviceWorkers?: "allow" | "block" } = {}) {
  const page = await newPage(browser, { viewport: opts.viewport ?? VIEWPORTS.kiosk, hasTouch: opts.hasTouch ?? false, serviceWorkers: opts.serviceWorkers ?? "allow" });
  pages.push(page);
  if (opts.clock) await page.clock.install();
  // The tablet was paired with this point (see kiosk-field.test.ts for pairing through the screens).
  await pairKioskPage(server, page, code);
  const res = await page.goto(`${server.url}/kiosk/${code}`);
  expect(res?.status()).toBe(200);
  await page.locator('[data-hydrated="true"]').waitFor();
  return page;
}

async function sipas(unit: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?year=${year}&unit=${unit}&channel=kiosk`);
  expect(status).toBe(200);
  const node = json.nodes.find((x: any) => x.code === "SIPAS");
  expect(node).toBeTruthy();
  return node;
}

const face = (page: Page, v: V) => page.getByRole("button", { name: LABELS[v], exact: true });
/** A face touched; after a rating of 1 or 2 the kiosk asks why (issue 17): go on without choosing a reason. */
async function rate(page: Page, v: V) {
  await face(page, v).tap();
  if (v <= 2) {
    await page.getByRole("heading", { name: "Điều gì làm Ông/Bà chưa hài lòng?" }).waitFor();
    await page.getByRole("button", { name: "Tiếp tục" }).tap();
  }
}
const progress = (page: Page, i: number) => page.getByText(`Câu ${i} / 5`, { exact: true });
const screenIs = (page: Page, name: string) => page.locator(`.kiosk[data-screen="${name}"]`).waitFor();

describe("kiosk", () => {
  it("lists the service points for staff and answers 404 in Vietnamese for an unknown code", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    pages.push(page);
    const res = await page.goto(`${server.url}/kiosk`);
    expect(res?.status()).toBe(200);
    const link = page.locator('a[href="/kiosk/MC-BMT"]');
    expect(await link.count()).toBe(1);
    expect(await link.textContent()).toContain("Bộ phận Một cửa UBND thành phố Buôn Ma Thuột");
    // A commune desk is listed with its district.
    const bmtGroup = page.locator("section", { has: page.locator('a[href="/kiosk/MC-BMT"]') });
    expect(await bmtGroup.locator('a[href="/kiosk/MC-BMT-TANLOI"]').count()).toBe(1);
    await screenshot(page, "kiosk-list-desktop");

    const missing = await page.goto(`${server.url}/kiosk/KHONG-CO`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Không tìm thấy điểm phục vụ");
    expect(await page.locator("body").textContent()).toContain("“KHONG-CO”");
  });

  it("(1) touch at 1280×800: taps 5,4,2,4,5 with a comment; the indices count it once with the tapped values", async () => {
    expect((await sipas("BMT")).n).toBe(0);
    const page = await open("MC-BMT", { viewport: VIEWPORTS.kiosk, hasTouch: true });

    // Full screen: no top bar; service point name small at the top; demo mark present.
    expect(await page.locator(".topbar").count()).toBe(0);
    expect(await page.locator(".kiosk-point").textContent()).toBe("Bộ phận Một cửa UBND thành phố Buôn Ma Thuột");
    expect(await page.getByText("Dữ liệu mẫu (demo)", { exact: true }).isVisible()).toBe(true);
    await screenshot(page, "kiosk-welcome-1280x800");

    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    const taps: V[] = [5, 4, 2, 4, 5];
    for (let i = 0; i < taps.length; i++) {
      await progress(page, i + 1).waitFor();
      if (i === 0) {
        // The question is big, the five faces sit in one row, and the face buttons carry their labels.
        const px = await page.locator("h1.kiosk-qtext").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(px).toBeGreaterThanOrEqual(32);
        const boxes = await Promise.all(([1, 2, 3, 4, 5] as V[]).map((v) => face(page, v).boundingBox()));
        for (const b of boxes) {
          expect(b).not.toBeNull();
          expect(Math.abs(b!.y - boxes[0]!.y)).toBeLessThan(2);
          expect(b!.y + b!.height).toBeLessThanOrEqual(800);
          expect(b!.width).toBeGreaterThanOrEqual(150);
        }
        expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
        expect(await page.locator(".kbd-hint").isVisible()).toBe(false); // no keyboard talk for touch users
        await screenshot(page, "kiosk-question-1280x800");
      }
      await rate(page, taps[i]);
    }

    await page.getByRole("textbox").waitFor();
    await page.getByRole("textbox").fill("Cán bộ hướng dẫn rất tận tình <b>cảm ơn</b>");
    await screenshot(page, "kiosk-comment-1280x800");
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).tap();

    await page.getByText("Cảm ơn Ông/Bà!", { exact: true }).waitFor();
    // The thank-you screen does not say which face was pressed.
    for (const v of [1, 2, 3, 4, 5] as V[]) {
      expect(await page.getByText(LABELS[v], { exact: true }).count()).toBe(0);
      expect(await face(page, v).count()).toBe(0);
    }
    expect(await page.locator(".kiosk-face, .kiosk-face-svg, .kiosk-welcome-faces").count()).toBe(0);
    await screenshot(page, "kiosk-thanks-1280x800");

    const node = await sipas("BMT");
    expect(node.n).toBe(1);
    expect(node.value).toBeCloseTo(0.8, 10); // mean of the rates (1,1,0,1,1)
    const sub = Object.fromEntries(node.children.map((c: any) => [c.code, c.value]));
    expect(SUB_INDICES.map((c) => sub[c])).toEqual([1, 1, 0, 1, 1]);
  });

  // Agreed contract with the dashboard: right after (1) the province has exactly one kiosk response.
  it("(1b) the dashboard shows the kiosk response: n = 1 and SIPAS 80,00%", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    pages.push(page);
    await loginAs(page, server.url, "lanhdao.tinh");
    const res = await page.goto(`${server.url}/dashboard?year=${year}&channel=kiosk`);
    expect(res?.status()).toBe(200);
    const n = page.locator('[data-testid="node-SIPAS-n"]');
    const value = page.locator('[data-testid="node-SIPAS-value"]');
    await n.first().waitFor();
    expect(await n.first().textContent()).toMatch(/(^|\D)1(\D|$)/);
    expect(await value.first().textContent()).toContain("80,00%");
  });

  it("(2) keyboard only: Tab/Enter to start, keys 1–5 and Enter on a face to answer, Tab to send; back to the start after 8 s", async () => {
    expect((await sipas("BHO")).n).toBe(0);
    const page = await open("MC-BHO", { viewport: VIEWPORTS.kiosk });
    // Press Tab until the element (found by role and accessible name) has the focus.
    const tabTo = async (target: ReturnType<Page["getByRole"]>) => {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      }
      throw new Error(`could not reach ${target} with Tab`);
    };
    const button = (name: string) => page.getByRole("button", { name, exact: true });

    await tabTo(button("Bắt đầu"));
    await page.keyboard.press("Enter");
    await progress(page, 1).waitFor();
    expect(await page.locator(".kbd-hint").textContent()).toContain("bấm phím 1 đến 5");
    expect(await page.locator(".kbd-hint").isVisible()).toBe(true);
    await page.keyboard.press("4");
    await progress(page, 2).waitFor();
    await page.keyboard.press("5");
    await progress(page, 3).waitFor();
    await tabTo(face(page, 3)); // a face reached with Tab, chosen with Enter
    await page.keyboard.press("Enter");
    await progress(page, 4).waitFor();
    await page.keyboard.press("2");
    // A rating of 1 or 2 asks why (issue 17): the reasons and "Tiếp tục" are reached with Tab.
    await page.getByRole("heading", { name: "Điều gì làm Ông/Bà chưa hài lòng?" }).waitFor();
    await tabTo(button("Tiếp tục"));
    await page.keyboard.press("Enter");
    await progress(page, 5).waitFor();
    await page.keyboard.press("1");
    await page.getByRole("heading", { name: "Điều gì làm Ông/Bà chưa hài lòng?" }).waitFor();
    await tabTo(button("Tiếp tục"));
    await page.keyboard.press("Enter");
    await page.getByRole("textbox").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await page.keyboard.type("Nên có thêm ghế chờ");
    await tabTo(button("Gửi đánh giá"));
    await page.keyboard.press("Enter");
    await page.getByText("Cảm ơn Ông/Bà!", { exact: true }).waitFor();

    const node = await sipas("BHO");
    expect(node.n).toBe(1);
    expect(node.value).toBeCloseTo(0.4, 10); // rates (1,1,0,0,0)

    // The thank-you screen goes back to the welcome screen by itself after 8 s.
    const shownAt = Date.now();
    await page.locator('.kiosk[data-screen="welcome"]').waitFor({ timeout: 12_000 });
    expect(Date.now() - shownAt).toBeGreaterThan(6_000);
    expect(await page.getByRole("button", { name: "Bắt đầu", exact: true }).isVisible()).toBe(true);
  });

  it("(3) Back goes to the previous question and keeps its answer; VI/EN switch; Back from the comment screen", async () => {
    const page = await open("MC-BMT", { viewport: VIEWPORTS.kiosk, hasTouch: true });
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    await progress(page, 1).waitFor();
    const q1 = await page.locator("h1.kiosk-qtext").textContent();
    await face(page, 4).tap();
    await progress(page, 2).waitFor();
    const q2 = await page.locator("h1.kiosk-qtext").textContent();
    expect(q2).not.toBe(q1);

    await page.getByRole("button", { name: "Quay lại" }).tap();
    await progress(page, 1).waitFor();
    expect(await page.locator("h1.kiosk-qtext").textContent()).toBe(q1);
    expect(await face(page, 4).getAttribute("aria-pressed")).toBe("true");
    expect(await face(page, 5).getAttribute("aria-pressed")).toBe("false");

    // English uses the question's text_en; the faces are named in English.
    await page.getByRole("button", { name: "English" }).tap();
    await page.getByText("Question 1 of 5", { exact: true }).waitFor();
    expect(await page.locator("h1.kiosk-qtext").textContent()).toBe("How satisfied are you with the waiting area and the equipment here?");
    expect(await page.getByRole("button", { name: "Satisfied", exact: true }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Tiếng Việt" }).tap();
    await progress(page, 1).waitFor();

    for (let i = 1; i <= 5; i++) {
      await progress(page, i).waitFor();
      await face(page, 3).tap();
    }
    await page.getByRole("textbox").waitFor();
    await page.getByRole("button", { name: "Quay lại" }).tap();
    await progress(page, 5).waitFor();
    expect(await face(page, 3).getAttribute("aria-pressed")).toBe("true");
  });

  it("goes back to the welcome screen after 60 s without a touch; a touch restarts the 60 s", async () => {
    const page = await open("MC-BMT", { viewport: VIEWPORTS.kiosk, hasTouch: true, clock: true });
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    await progress(page, 1).waitFor();
    await rate(page, 2);
    await progress(page, 2).waitFor();

    await page.clock.fastForward(50_000);
    await page.locator(".kiosk-point").tap(); // any touch counts as activity
    await page.clock.fastForward(50_000);
    await page.waitForTimeout(300);
    expect(await progress(page, 2).isVisible()).toBe(true);

    await page.clock.fastForward(12_000);
    await screenIs(page, "welcome");
    // A new respondent starts afresh.
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    await progress(page, 1).waitFor();
    expect(await face(page, 2).getAttribute("aria-pressed")).toBe("false");
  });

  it("(4) portrait 800×1280: the five faces are visible without scrolling", async () => {
    expect((await sipas("CKU")).n).toBe(0);
    const page = await open("MC-CKU", { viewport: VIEWPORTS.kioskPortrait, hasTouch: true });
    await screenshot(page, "kiosk-welcome-800x1280");
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    await progress(page, 1).waitFor();
    await page.waitForTimeout(300); // let the slide-in finish before measuring
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, vh: window.innerHeight, w: document.documentElement.scrollWidth, vw: window.innerWidth }));
    expect(scroll.h).toBeLessThanOrEqual(scroll.vh);
    expect(scroll.w).toBeLessThanOrEqual(scroll.vw);
    for (const v of [1, 2, 3, 4, 5] as V[]) {
      const b = await face(page, v).boundingBox();
      expect(b).not.toBeNull();
      expect(b!.y).toBeGreaterThanOrEqual(0);
      expect(b!.y + b!.height).toBeLessThanOrEqual(1280);
      expect(b!.x + b!.width).toBeLessThanOrEqual(800);
      expect(b!.height).toBeGreaterThanOrEqual(88); // a big touch target
    }
    const px = await page.locator("h1.kiosk-qtext").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(32);
    await screenshot(page, "kiosk-question-800x1280");

    for (let i = 1; i <= 5; i++) {
      await progress(page, i).waitFor();
      await face(page, 5).tap();
    }
    await page.getByRole("textbox").waitFor();
    await screenshot(page, "kiosk-comment-800x1280");
    await page.getByRole("button", { name: "Bỏ qua", exact: true }).tap();
    await page.getByText("Cảm ơn Ông/Bà!", { exact: true }).waitFor();
    await screenshot(page, "kiosk-thanks-800x1280");
    const node = await sipas("CKU");
    expect(node.n).toBe(1);
    expect(node.value).toBe(1);
  });

  // One retry, visible in the report as "retry x1": in one full local run (2026-12-04, 2 cores, every
  // e2e file at once) the waiting count did not show within 30 s after the thank-you screen, and the
  // test passed alone three times in a row and in every run before; the cause is not found yet. A
  // retried test still has to pass in full.
  it("(5) a failed POST still thanks the citizen; the outbox re-sends the same answers and key later; exactly one response is stored", { retry: 1 }, async () => {
    // What a retry of this test finds already stored (a first attempt's answers).
    const before = (await sipas("CMG")).n;
    // Without the service worker (it only caches pages; the outbox is the page's own): with it,
    // Chromium sent the POST on through the worker now and then, past the test's route, and the
    // simulated 503 never happened (kiosk-field.test.ts covers the worker).
    const page = await open("MC-CMG", { viewport: VIEWPORTS.kiosk, hasTouch: true, serviceWorkers: "block" });
    const bodies: any[] = [];
    let failed = false;
    // The retry is held until the test has seen the waiting count (on a loaded machine the 5 s
    // backoff could otherwise send it before the thank-you screen is checked).
    let release!: () => void;
    const waitingSeen = new Promise<void>((r) => (release = r));
    // The service worker is blocked for this page (above), so every POST passes this route.
    await page.context().route("**/api/v1/responses", async (route) => {
      const req = route.request();
      if (req.method() === "POST") bodies.push(JSON.parse(req.postData() ?? "null"));
      if (!failed && req.method() === "POST") {
        failed = true;
        await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Dịch vụ tạm thời gián đoạn." } }) });
        return;
      }
      if (req.method() === "POST") await waitingSeen;
      await route.continue();
    });

    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();
    const taps: V[] = [1, 2, 3, 4, 5];
    for (let i = 0; i < 5; i++) {
      await progress(page, i + 1).waitFor();
      await rate(page, taps[i]);
    }
    await page.getByRole("textbox").fill("Chờ lâu quá");
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).tap();

    // The answers are in the durable outbox: the citizen is thanked, staff see one waiting.
    await page.getByText("Cảm ơn Ông/Bà!", { exact: true }).waitFor();
    await page.getByTestId("kiosk-status").getByText("1 phiếu chờ gửi", { exact: false }).waitFor();
    await screenshot(page, "kiosk-queued-1280x800");
    release();

    // The outbox retries by itself (5 s backoff) with the same body.
    await expect.poll(() => bodies.length, { timeout: 30_000 }).toBe(2);
    await expect.poll(async () => (await sipas("CMG")).n, { timeout: 15_000 }).toBe(before + 1);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]); // same answers, same key, same comment
    expect(bodies[0]).toMatchObject({
      questionnaire: "sipas-kiosk",
      servicePoint: "MC-CMG",
      channel: "kiosk",
      answers: { "kiosk.access": 1, "kiosk.procedures": 2, "kiosk.servants": 3, "kiosk.results": 4, "kiosk.feedback": 5 },
      comment: "Chờ lâu quá",
    });
    expect(bodies[0].idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const node = await sipas("CMG");
    expect(node.n).toBe(before + 1);
    expect(node.value).toBeCloseTo(0.4, 10); // rates (0,0,0,1,1), as a first attempt's would be
    // Nothing left in the outbox.
    await page.getByTestId("kiosk-status").getByText("Đã đồng bộ", { exact: false }).waitFor();
    expect(await page.getByTestId("kiosk-status").textContent()).not.toContain("chờ gửi");
  });

  it("(6) a mixed-type questionnaire published for kiosks and chosen for a point on /quan-tri/thiet-bi: 1–5, yes/no, choice, number and free text, one per screen, stored as typed", async () => {
    // Published as the designer does (import + publish); the admin gives it to MC-LAK on the devices page.
    await publishQuestionnaireFile(server, mixed);
    const admin = await newPage(browser, { viewport: VIEWPORTS.desktop });
    pages.push(admin);
    await loginAs(admin, server.url, "admin");
    await admin.goto(`${server.url}/quan-tri/thiet-bi`);
    await admin.locator("#questionnaire-servicePoint").selectOption("MC-LAK");
    await admin.locator("#questionnaire-questionnaire").selectOption("kiosk-hon-hop");
    await Promise.all([admin.waitForURL(/ok=questionnaire/), admin.getByRole("button", { name: "Lưu bảng hỏi của kiosk" }).click()]);
    await admin.locator('[data-testid="kiosk-questionnaires"] [data-point="MC-LAK"]').getByText("kiosk-hon-hop").waitFor();
    await screenshot(admin, "devices-kiosk-questionnaire-desktop");
    const adminPhone = await newPage(browser, { viewport: VIEWPORTS.phone });
    pages.push(adminPhone);
    await loginAs(adminPhone, server.url, "admin");
    await adminPhone.goto(`${server.url}/quan-tri/thiet-bi`);
    await screenshot(adminPhone, "devices-kiosk-questionnaire-phone");

    const page = await open("MC-LAK", { viewport: VIEWPORTS.kiosk, hasTouch: true });
    await page.getByText("5 câu hỏi", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).tap();

    // 1/5: faces (touch).
    await progress(page, 1).waitFor();
    await face(page, 4).tap();

    // 2/5: yes/no, answered with the keyboard (2 = Không).
    await progress(page, 2).waitFor();
    await page.locator('[data-type="yes_no"]').waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cán bộ có hướng dẫn Ông/Bà đầy đủ, dễ hiểu không?");
    await page.getByRole("group", { name: "Cán bộ có hướng dẫn Ông/Bà đầy đủ, dễ hiểu không?" }).getByRole("button", { name: "Có" }).waitFor();
    await screenshot(page, "kiosk-yes-no-1280x800");
    await page.keyboard.press("2");

    // 3/5: choice; Back returns to the yes/no answer, still marked.
    await progress(page, 3).waitFor();
    await page.getByRole("button", { name: "Đúng ngày hẹn" }).waitFor();
    await screenshot(page, "kiosk-choice-1280x800");
    await page.getByRole("button", { name: "Quay lại" }).tap();
    await progress(page, 2).waitFor();
    expect(await page.getByRole("button", { name: "Không", exact: true }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Không", exact: true }).tap();
    await progress(page, 3).waitFor();
    await page.getByRole("button", { name: "Đúng ngày hẹn" }).tap();

    // 4/5: a number with vi-VN grouping; out of range is refused in Vietnamese and stays on the screen.
    await progress(page, 4).waitFor();
    const amount = page.getByRole("textbox", { name: /Nếu có, bao nhiêu\? — Câu trả lời của Ông\/Bà/ });
    await amount.fill("90000000");
    await page.getByRole("button", { name: "Tiếp tục" }).tap();
    await page.getByRole("alert").getByText("Vui lòng nhập số nguyên từ 0 đến 50.000.000.").waitFor();
    await screenshot(page, "kiosk-number-error-1280x800");
    await amount.fill("");
    await amount.pressSequentially("150000");
    expect(await amount.inputValue()).toBe("150.000");
    await screenshot(page, "kiosk-number-1280x800");
    await amount.press("Enter");

    // 5/5: free text (optional); no separate comment screen; "Gửi đánh giá" sends.
    await progress(page, 5).waitFor();
    const text = page.getByRole("textbox", { name: /phục vụ tốt hơn\? — Câu trả lời của Ông\/Bà/ });
    await text.fill("Nên có thêm ghế chờ <b>cho người già</b>");
    await screenshot(page, "kiosk-text-1280x800");
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).tap();
    await page.getByText("Cảm ơn Ông/Bà!", { exact: true }).waitFor();

    // Stored once, each answer as its type: 1–5, 1/0, option number, the amount, the text.
    const db = createDb(server.dbPath);
    try {
      const rows = await db.selectFrom("response as r").innerJoin("service_point as p", "p.id", "r.service_point_id")
        .innerJoin("questionnaire_version as v", "v.id", "r.version_id").innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
        .select(["r.id", "r.channel", "q.code"]).where("p.code", "=", "MC-LAK").execute();
      expect(rows).toEqual([{ id: rows[0].id, channel: "kiosk", code: "kiosk-hon-hop" }]);
      const answers = await db.selectFrom("answer as a").innerJoin("question as qu", "qu.id", "a.question_id").select(["qu.code", "a.value"]).where("a.response_id", "=", rows[0].id).orderBy("qu.code").execute();
      expect(Object.fromEntries(answers.map((a) => [a.code, a.value]))).toEqual({ "khh.1": 4, "khh.2": 0, "khh.3": 2, "khh.4": 150000, "khh.5": null });
      const texts = await db.selectFrom("answer_text as t").innerJoin("question as qu", "qu.id", "t.question_id").select(["qu.code", "t.text"]).where("t.response_id", "=", rows[0].id).execute();
      expect(texts).toEqual([{ code: "khh.5", text: "Nên có thêm ghế chờ <b>cho người già</b>" }]);
    } finally {
      await db.destroy();
    }
  });
});
