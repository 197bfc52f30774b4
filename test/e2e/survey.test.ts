import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localYear } from "../../app/domain/periods";
import { launchBrowser, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { getJson, startServer, type TestServer } from "../helpers/server";

const CODES = [
  "access.1", "access.2", "access.3", "access.4",
  "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
  "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6",
  "results.1", "results.2", "results.3",
  "feedback.1", "feedback.2", "feedback.3", "feedback.4",
];
const REQUIRED_MSG = "Vui lòng chọn một mức đánh giá, hoặc “Không áp dụng”.";
const THANKS = "Cảm ơn Ông/Bà đã hoàn thành phiếu khảo sát!";
const PHONE: BrowserContextOptions = { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true };

/** A full set of answers: mostly satisfied, a few dissatisfied, some "không áp dụng". */
function plan(): Record<string, string> {
  const a: Record<string, string> = Object.fromEntries(CODES.map((c) => [c, "4"]));
  Object.assign(a, { "access.1": "5", "access.2": "2", "access.3": "na", "servants.1": "1", "results.2": "3", "feedback.3": "na", "feedback.4": "na" });
  return a;
}

let server: TestServer;
let browser: Browser;
const year = localYear(new Date());

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface NodeView { code: string; value: number | null; n: number; children: NodeView[] }
function find(nodes: NodeView[], code: string): NodeView | undefined {
  for (const n of nodes) {
    if (n.code === code) return n;
    const c = find(n.children, code);
    if (c) return c;
  }
  return undefined;
}
async function indices(): Promise<NodeView[]> {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?year=${year}&unit=BMT&channel=online`);
  expect(status).toBe(200);
  return json.nodes;
}
async function storedN(): Promise<number> {
  return find(await indices(), "SIPAS")!.n;
}

/** Answers the criteria of the screen on show (the other sections are hidden), then returns. */
async function chooseVisible(page: Page, answers: Record<string, string>, how: "tap" | "check" = "check") {
  const section = page.locator("section.survey-section:visible");
  for (const [code, v] of Object.entries(answers)) {
    const input = section.locator(`input[name="answers.${code}"][value="${v}"]`);
    if ((await input.count()) === 0 || !(await input.isVisible())) continue;
    if (how === "tap") await input.tap();
    else await input.check();
  }
}

/** Issue 17: the paged form, screen by screen: answer what is shown, "Tiếp tục", until the last screen. */
async function walk(page: Page, answers: Record<string, string>, opts: { how?: "tap" | "check"; screen?: "1" | "0"; js?: boolean } = {}) {
  for (let i = 0; i < 10; i++) {
    const screenQ = page.locator('section.survey-section:visible input[name="screen.feedback-sent"][value="' + (opts.screen ?? "1") + '"]');
    if (await screenQ.count()) await (opts.how === "tap" ? screenQ.tap() : screenQ.check());
    await chooseVisible(page, answers, opts.how);
    const next = page.locator("button.survey-next");
    if ((await next.count()) === 0) return;
    const before = await page.locator(".survey-steps").textContent();
    if (opts.js === false) {
      await Promise.all([page.waitForLoadState("load"), next.click()]);
      if ((await page.locator(".survey-steps").textContent()) === before) throw new Error(`stuck at ${before}`);
    } else {
      await next.click();
      await page.waitForFunction((b) => document.querySelector(".survey-steps")?.textContent !== b, before);
    }
  }
  throw new Error("the survey did not reach its last screen");
}

/** Every answer set in the page at once (hidden screens too), for posts built from the form. */
async function setAll(page: Page, answers: Record<string, string>) {
  await page.evaluate((a) => {
    for (const [code, v] of Object.entries(a)) {
      const el = document.querySelector<HTMLInputElement>(`input[name="answers.${code}"][value="${v}"]`);
      if (el) el.checked = true;
    }
  }, answers);
}

async function closePage(page: Page) {
  await page.context().close();
}

describe("online survey /s/<slug> on a phone", () => {
  it("(1) with JavaScript: answers all 22 criteria from the QR link and the result counts in the indices", async () => {
    expect(await storedN()).toBe(0);
    const page = await newPage(browser, PHONE);
    const res = await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-1`);
    expect(res!.status()).toBe(200);
    await page.waitForLoadState("networkidle");

    await expect(page.locator("h1").first().textContent()).resolves.toContain("Phiếu khảo sát sự hài lòng");
    await expect(page.locator(".survey-intro").textContent()).resolves.toContain("Phiếu không ghi tên");
    // The five sub-indices as section headings, in order, named after the index tree.
    const headings = await page.locator(".survey-section h2").allTextContents();
    expect(headings).toHaveLength(5);
    for (const [i, name] of ["Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết thủ tục hành chính", "Kết quả giải quyết thủ tục hành chính", "Tiếp nhận, xử lý phản ánh, kiến nghị"].entries()) {
      expect(headings[i]).toContain(name);
    }
    // 22 fieldsets, each with its criterion as legend and six options.
    const fieldsets = page.locator("fieldset.criterion:not(.screen-q)");
    expect(await fieldsets.count()).toBe(22);
    await expect(fieldsets.first().locator("legend").textContent()).resolves.toContain("Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi");
    for (const code of CODES) expect(await page.locator(`input[type=radio][name="answers.${code}"]`).count()).toBe(6);
    const labels = await fieldsets.first().locator("label.opt").allTextContents();
    expect(labels).toEqual(["1Rất không hài lòng", "2Không hài lòng", "3Bình thường", "4Hài lòng", "5Rất hài lòng", "Không áp dụng"]);
    // Big tap targets, and nothing wider than the phone.
    // Issue 17: one section per screen, with its progress.
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 1/5");
    expect(await page.locator("section.survey-section:visible").count()).toBe(1);
    for (const box of await Promise.all((await fieldsets.nth(3).locator("label.opt").all()).map((l) => l.boundingBox()))) {
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Service point and dossier come from the QR code: shown, not editable.
    await expect(page.locator("#servicePoint").textContent()).resolves.toContain("Bộ phận Một cửa UBND thành phố Buôn Ma Thuột");
    expect(await page.locator('input[type=hidden][name="servicePoint"]').inputValue()).toBe("MC-BMT");
    expect(await page.locator("#dossierCode").inputValue()).toBe("TEST-1");
    expect(await page.locator("#dossierCode").getAttribute("readonly")).not.toBeNull();
    expect(await page.locator("select#procedureField option").count()).toBeGreaterThan(5);
    expect(await page.locator('input[name="idempotencyKey"]').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator(".demo-banner").count()).toBe(1);
    await screenshot(page, "survey-phone-form");

    await page.selectOption("select#procedureField", "ho-tich");
    await walk(page, plan(), { how: "tap" });
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 5/5");
    await screenshot(page, "survey-phone-section-5");
    await page.waitForFunction(() => document.querySelector(".survey-progress")?.textContent?.includes("22/22"));
    await page.fill("#comment", "Cán bộ nhiệt tình <script>alert(1)</script>");
    await page.locator("button.survey-send").tap();
    await page.waitForURL(/done=1/);
    // The URL changes first; React renders the new page in a transition just after.
    await page.getByRole("heading", { level: 1, name: THANKS }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe(THANKS);
    expect(await page.locator("form.survey-form").count()).toBe(0);
    await screenshot(page, "survey-phone-thanks");

    const nodes = await indices();
    expect(find(nodes, "SIPAS")!.n).toBe(1);
    expect(find(nodes, "access.1")).toMatchObject({ value: 1, n: 1 });
    expect(find(nodes, "access.2")).toMatchObject({ value: 0, n: 1 });
    expect(find(nodes, "access.3")).toMatchObject({ value: null, n: 0 }); // không áp dụng
    expect(find(nodes, "servants.1")).toMatchObject({ value: 0, n: 1 });
    expect(find(nodes, "feedback.4")!.n).toBe(0);
    await closePage(page);
  });

  it("(2) without JavaScript: paged by form posts, missing answers shown inline and in a summary, earlier answers kept, then it stores", async () => {
    const before = await storedN();
    const feedbackBefore = find(await indices(), "feedback.1")!.n;
    const page = await newPage(browser, { ...PHONE, javaScriptEnabled: false });
    await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-2`);
    expect(await page.locator("fieldset.criterion:not(.screen-q)").count()).toBe(22);
    expect(await page.locator("section.survey-section:visible").count()).toBe(1);
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 1/5");
    expect(await page.locator(".survey-progress").count()).toBe(0); // JS-only progress is not shown

    const answers = plan();
    // Screen 1 with one criterion left out: "Tiếp tục" stays on it, with the error inline and in the summary.
    await chooseVisible(page, Object.fromEntries(Object.entries(answers).filter(([c]) => c !== "access.2")));
    await page.selectOption("select#procedureField", "dat-dai");
    await Promise.all([page.waitForLoadState("load"), page.locator("button.survey-next").click()]);
    await page.waitForSelector(".error-summary");
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 1/5");
    const links = page.locator(".error-summary a");
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["#q-access-2"]);
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("Phiếu chưa gửi được");
    expect(await page.locator("fieldset.criterion.has-error").count()).toBe(1);
    await expect(page.locator("#q-access-2 .criterion-error").textContent()).resolves.toContain(REQUIRED_MSG);
    expect(await page.locator("#q-access-2").getAttribute("aria-describedby")).toBe("q-access-2-error");
    expect(await page.locator('input[name="answers.access.1"][value="5"]').isChecked()).toBe(true);
    expect(await page.locator("select#procedureField").inputValue()).toBe("dat-dai");
    expect(await storedN()).toBe(before);
    await screenshot(page, "survey-phone-errors");

    // Then screen by screen to the last one; "Chưa" to the screening question skips the feedback criteria.
    await walk(page, answers, { js: false, screen: "0" });
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 5/5");
    expect(await page.locator("#q-feedback-1").isVisible()).toBe(false);
    await screenshot(page, "survey-phone-nojs-screened-out");
    await expect(page.locator(".screen-skipped").isVisible()).resolves.toBe(true);
    // "Quay lại" goes one screen back by a post; earlier answers are still there.
    await Promise.all([page.waitForLoadState("load"), page.locator("button.survey-back").click()]);
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 4/5");
    for (const code of ["access.1", "servants.1", "results.2"]) {
      expect(await page.locator(`input[name="answers.${code}"][value="${answers[code]}"]`).isChecked()).toBe(true);
    }
    await walk(page, answers, { js: false, screen: "0" });
    await page.fill("#comment", "Góp ý khi tắt JavaScript");
    await Promise.all([page.waitForURL(/done=1/), page.locator("button.survey-send").click()]);
    await expect(page.locator("h1").textContent()).resolves.toBe(THANKS);
    expect(await storedN()).toBe(before + 1);
    // The feedback criteria were stored as "không áp dụng": not counted.
    expect(find(await indices(), "feedback.1")!.n).toBe(feedbackBefore);
    await closePage(page);
  });

  it("(2b) with JavaScript: half the screens, a reload, the answers and the screen come back, then it is stored once", async () => {
    const before = await storedN();
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-RELOAD`);
    await page.waitForLoadState("networkidle");
    const answers = plan();
    // A "Tiếp tục" with nothing chosen: the errors show, and each clears as soon as its question is answered.
    await page.locator("button.survey-next").click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator("fieldset.criterion.has-error").count()).toBe(4);
    await page.locator('input[name="answers.access.1"][value="5"]').tap();
    expect(await page.locator("#q-access-1.has-error").count()).toBe(0);
    expect(await page.locator("fieldset.criterion.has-error").count()).toBe(3);
    for (let i = 0; i < 2; i++) {
      await chooseVisible(page, answers, "tap");
      await page.locator("button.survey-next").click();
    }
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 3/5");
    const key = await page.locator('input[name="idempotencyKey"]').inputValue();
    await page.reload();
    await page.waitForLoadState("networkidle");
    await page.getByTestId("draft-restored").waitFor();
    await expect(page.locator(".survey-steps").textContent()).resolves.toContain("Phần 3/5");
    expect(await page.locator('input[name="idempotencyKey"]').inputValue()).toBe(key);
    for (const code of ["access.1", "access.2", "access.3", "procedures.5"]) {
      expect(await page.locator(`input[name="answers.${code}"][value="${answers[code]}"]`).isChecked()).toBe(true);
    }
    await screenshot(page, "survey-phone-restored");
    // A closed tab: the same link in a new tab of the same browser.
    await page.close();
    const again = await context.newPage();
    await again.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-RELOAD`);
    await again.waitForLoadState("networkidle");
    await again.getByTestId("draft-restored").waitFor();
    await expect(again.locator(".survey-steps").textContent()).resolves.toContain("Phần 3/5");
    await walk(again, answers, { how: "tap" });
    await again.locator("button.survey-send").tap();
    await again.waitForURL(/done=1/);
    expect(await storedN()).toBe(before + 1);
    // The thank-you page cleared the draft: the same link starts afresh ("already rated").
    expect(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("hailong.survey.draft")).length)).toBe(0);
    await context.close();
  });

  it("(3) the same dossier again: a kind 'already rated' message instead of the form", async () => {
    const before = await storedN();
    const page = await newPage(browser, PHONE);
    await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-1`);
    await expect(page.locator("h1").textContent()).resolves.toContain("Hồ sơ này đã được đánh giá rồi");
    await expect(page.locator("main").textContent()).resolves.toContain("TEST-1");
    expect(await page.locator("form.survey-form").count()).toBe(0);
    expect(await page.locator("fieldset.criterion").count()).toBe(0);
    await screenshot(page, "survey-phone-already");

    // Typed by hand on the generic link: submitResponse refuses it, nothing is stored, same kind message.
    await page.goto(`${server.url}/s/sipas?point=MC-BMT`);
    expect(await page.locator("#dossierCode").getAttribute("readonly")).toBeNull();
    await page.fill("#dossierCode", "TEST-2");
    await walk(page, plan());
    await Promise.all([page.waitForURL(/dossier=TEST-2/), page.locator("button.survey-send").click()]);
    await page.waitForSelector(".survey-notice");
    await expect(page.locator("h1").textContent()).resolves.toContain("Hồ sơ này đã được đánh giá rồi");
    expect(await storedN()).toBe(before);
    await closePage(page);
  });

  it("(4) a double POST with the same idempotency key stores once", async () => {
    const before = await storedN();
    const page = await newPage(browser, PHONE);
    await page.goto(`${server.url}/s/sipas?point=MC-BMT`);
    await page.waitForLoadState("networkidle");
    await setAll(page, plan());
    const body = await page.evaluate(() => new URLSearchParams(new FormData(document.querySelector<HTMLFormElement>("form.survey-form")!) as never).toString());
    expect(body).toContain("idempotencyKey=");
    // Two at once from the page (a double tap), then a replay later.
    const statuses = await page.evaluate(async (b) => {
      const post = () => fetch(location.pathname + location.search, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: b, redirect: "manual" });
      const rs = await Promise.all([post(), post()]);
      return rs.map((r) => r.type === "opaqueredirect" ? 303 : r.status);
    }, body);
    expect(statuses).toEqual([303, 303]);
    const replay = await page.request.post(`${server.url}/s/sipas?point=MC-BMT`, {
      headers: { "content-type": "application/x-www-form-urlencoded" }, data: body, maxRedirects: 0,
    });
    expect(replay.status()).toBe(303);
    expect(replay.headers()["location"]).toContain("done=1");
    expect(await storedN()).toBe(before + 1);

    // A refusal by submitResponse (an unknown service point) comes back inline, with the select, nothing stored.
    const tampered = body.replace("servicePoint=MC-BMT", "servicePoint=NOPE").replace(/idempotencyKey=[^&]+/, "idempotencyKey=tampered-key-0001");
    const refused = await page.request.post(`${server.url}/s/sipas?point=MC-BMT`, {
      headers: { "content-type": "application/x-www-form-urlencoded" }, data: tampered, maxRedirects: 0,
    });
    expect(refused.status()).toBe(422);
    const html = await refused.text();
    expect(html).toContain("Vui lòng chọn nơi Ông/Bà đã nộp hồ sơ.");
    expect(html).toContain('href="#servicePoint"');
    expect(html).toContain('<select id="servicePoint"');
    expect(await storedN()).toBe(before + 1);
    await closePage(page);
  });

  it("without a point in the link: a required select of service points; 404 for an unknown survey", async () => {
    const before = await storedN();
    const page = await newPage(browser, PHONE);
    await page.goto(`${server.url}/s/sipas?point=NOPE`);
    await page.waitForLoadState("networkidle");
    await expect(page.locator(".field-note.warn").textContent()).resolves.toContain("NOPE");
    expect(await page.locator("select#servicePoint optgroup").count()).toBe(3);
    // "Tiếp tục" without a point: the browser asks for it first.
    await chooseVisible(page, plan());
    await page.locator("button.survey-next").click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["#servicePoint"]);
    await expect(page.locator(".field.has-error .error-text").textContent()).resolves.toBe("Vui lòng chọn nơi Ông/Bà đã nộp hồ sơ.");
    expect(await page.locator('input[name="answers.access.1"][value="5"]').isChecked()).toBe(true);
    await page.selectOption("select#servicePoint", "MC-BMT-TANLOI");
    expect(await page.locator(".error-summary").count()).toBe(0); // fixed: the error goes at once
    await walk(page, plan());
    await Promise.all([page.waitForURL(/done=1/), page.locator("button.survey-send").click()]);
    expect(await storedN()).toBe(before + 1); // Tân Lợi is inside Buôn Ma Thuột

    const res = await page.goto(`${server.url}/s/khong-co-phieu-nay`);
    expect(res!.status()).toBe(404);
    await expect(page.locator("main").textContent()).resolves.toContain("Không tìm thấy phiếu khảo sát");
    await closePage(page);
  });

  it("in English and on a desktop", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=TEST-9&lang=en`);
    await page.waitForLoadState("networkidle");
    await expect(page.locator(".survey-kicker").textContent()).resolves.toBe("Satisfaction survey");
    await expect(page.locator("fieldset.criterion legend").first().textContent()).resolves.toContain("The waiting area at the one-stop desk has enough seats");
    await expect(page.locator(".survey-section h2").first().textContent()).resolves.toContain("Access to services");
    await expect(page.locator("label.opt").nth(5).textContent()).resolves.toBe("Not applicable");
    await screenshot(page, "survey-desktop-form-en");
    // The language links keep the QR parameters.
    await page.locator('a[lang="vi"]').click();
    await page.waitForURL(/lang=vi/);
    expect(page.url()).toContain("dossier=TEST-9");
    await expect(page.locator(".survey-kicker").textContent()).resolves.toBe("Khảo sát sự hài lòng");
    await page.locator("button.survey-next").click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary a").count()).toBe(4);
    await screenshot(page, "survey-desktop-errors");
    await page.locator('input[name="answers.access.1"][value="4"]').check();
    await chooseVisible(page, Object.fromEntries(["access.2", "access.3", "access.4"].map((c) => [c, "4"])));
    await page.locator("button.survey-next").click();
    await page.locator(".survey-steps", { hasText: "Phần 2/5" }).waitFor();
    await screenshot(page, "survey-desktop-section-2");
    await closePage(page);
  });
});
