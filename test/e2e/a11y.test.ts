import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { postJson, startServer, type TestServer } from "../helpers/server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { expectAccessible } from "../helpers/axe";
import { pairKioskPage, publishQuestionnaireFile } from "../helpers/devices";
import mixed from "../fixtures/kiosk-mixed.json";
import { createDb } from "../../db/client.server";

// WCAG 2.2 AA on every citizen page (axe-core in real Chromium), kiosk display toggles, read-aloud,
// language switch (English, and the demo Ê Đê data file with its Vietnamese fallback).

const QUESTIONNAIRES = JSON.parse(fs.readFileSync("db/seed/questionnaires.json", "utf8")) as Array<{ code: string; questions: Array<{ code: string }> }>;
const SIPAS_CODES = QUESTIONNAIRES.find((q) => q.code === "sipas")!.questions.map((q) => q.code);

/** Where screenshot() writes (SCREENSHOT_DIR=docs/screenshots to refresh the docs); for viewport-only shots too. */
const SHOTS = process.env.SCREENSHOT_DIR ?? ".tmp/screenshots";
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

async function open(path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop, init?: () => void) {
  // bypassCSP: the page's CSP (nonce) would refuse the injected axe script.
  const page = await newPage(browser, { viewport, bypassCSP: true });
  pages.push(page);
  if (init) await page.addInitScript(init);
  // A kiosk page needs a paired tablet (an unknown point and the pairing screen do not).
  const point = /^\/kiosk\/([A-Z0-9-]+)/.exec(path)?.[1];
  if (point && point !== "KHONG-CO") await pairKioskPage(server, page, point);
  const res = await page.goto(`${server.url}${path}`);
  expect(res?.status(), path).toBeLessThan(500);
  return page;
}


const hydrated = (page: Page) => page.locator('[data-hydrated="true"]').waitFor();
const screen = (page: Page, name: string) => page.locator(`.kiosk[data-screen="${name}"]`).waitFor();

/** Replaces the browser's speech synthesis to observe what would be spoken (and offer a voice or not). */
function speechStub(withVietnameseVoice: boolean) {
  return `(() => {
    const voices = ${withVietnameseVoice} ? [{ name: "Test Tiếng Việt", lang: "vi-VN", localService: true, default: false, voiceURI: "test-vi" }, { name: "Test English", lang: "en-GB", localService: true, default: true, voiceURI: "test-en" }] : [{ name: "Test English", lang: "en-US", localService: true, default: true, voiceURI: "test-en" }];
    window.__spoken = [];
    const synth = {
      getVoices: () => voices,
      speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
      cancel: () => {}, pause: () => {}, resume: () => {},
      speaking: false, pending: false, paused: false,
      addEventListener: () => {}, removeEventListener: () => {},
    };
    Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
    // The real utterance only accepts real voices: a plain one carries what was asked.
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; } };
  })();`;
}

describe("accessibility (axe, WCAG 2.2 AA)", () => {
  it("home, kiosk list, feedback lookup and public answers", async () => {
    for (const path of ["/", "/kiosk", "/tra-cuu", "/cong-khai", "/?lang=en", "/cong-khai?lang=rad"]) {
      const page = await open(path);
      await expectAccessible(page, path);
    }
    const phone = await open("/tra-cuu", VIEWPORTS.phone);
    await expectAccessible(phone, "/tra-cuu on a phone");
  });

  it("the feedback form with its errors shown, and a real item's tracking page", async () => {
    const page = await open("/phan-anh");
    await expectAccessible(page, "/phan-anh");
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.locator(".error-summary, [role=alert]").first().waitFor();
    await expectAccessible(page, "/phan-anh with errors");

    const res = await postJson(`${server.url}/api/v1/feedback`, { kind: "phan_anh", topic: "chung-thuc", unit: "EKA", text: "Chờ chứng thực bản sao quá lâu, đề nghị bố trí thêm người tại Bộ phận Một cửa." });
    expect(res.status).toBe(201);
    const code = res.json.trackingCode as string;
    const item = await open(`/tra-cuu/${code}`);
    await item.getByText(code).first().waitFor();
    await expectAccessible(item, `/tra-cuu/${code}`);
  });

  it("the kiosk: every screen, the error screen, large text and high contrast, and the unknown-point page", async () => {
    const page = await open("/kiosk/MC-BMT", VIEWPORTS.kiosk);
    await hydrated(page);
    await expectAccessible(page, "kiosk welcome");
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await screen(page, "question");
    await expectAccessible(page, "kiosk question");
    await page.getByRole("button", { name: "Chữ lớn" }).click();
    await page.getByRole("button", { name: "Tương phản cao" }).click();
    await page.locator(".kiosk.large-text.high-contrast").waitFor();
    await expectAccessible(page, "kiosk question, large text + high contrast");
    await page.getByRole("button", { name: "Tương phản cao" }).click();
    await page.getByRole("button", { name: "Chữ lớn" }).click();
    for (let i = 0; i < 5; i++) {
      await page.getByText(`Câu ${i + 1} / 5`, { exact: true }).waitFor();
      await page.keyboard.press(String(4));
    }
    await screen(page, "comment");
    await expectAccessible(page, "kiosk comment");
    // The server refuses once (a network failure or a 5xx would be queued and thanked): the error screen.
    let failed = false;
    await page.route("**/api/v1/responses", async (route) => {
      if (!failed && route.request().method() === "POST") {
        failed = true;
        await route.fulfill({ status: 422, contentType: "application/json", body: JSON.stringify({ error: { code: "invalid_input", message: "Dữ liệu không hợp lệ." } }) });
        return;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).click();
    await screen(page, "error");
    await expectAccessible(page, "kiosk error");
    await page.getByRole("button", { name: "Thử lại" }).click();
    await screen(page, "thanks");
    await expectAccessible(page, "kiosk thanks");

    const missing = await open("/kiosk/KHONG-CO", VIEWPORTS.kiosk);
    await expectAccessible(missing, "kiosk unknown point");
    const pairing = await open("/kiosk/ghep-noi", VIEWPORTS.kiosk);
    await pairing.locator('[data-hydrated="true"], form').first().waitFor();
    await expectAccessible(pairing, "kiosk pairing screen");
  });

  it("the kiosk, every question type (yes/no, choice, number with its error, free text) in Vietnamese and English, and with large text + high contrast", async () => {
    await publishQuestionnaireFile(server, mixed, "MC-MDR");
    const page = await open("/kiosk/MC-MDR", VIEWPORTS.kiosk);
    await hydrated(page);
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await page.getByText("Câu 1 / 5", { exact: true }).waitFor();
    await page.keyboard.press("5");
    await page.locator('[data-type="yes_no"]').waitFor();
    await expectAccessible(page, "kiosk yes/no");
    await page.locator(".kiosk-lang").getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Yes", exact: true }).waitFor();
    await expectAccessible(page, "kiosk yes/no, English");
    await page.getByRole("button", { name: "Chữ lớn" }).or(page.getByRole("button", { name: "Larger text" })).click();
    await page.getByRole("button", { name: "Tương phản cao" }).or(page.getByRole("button", { name: "High contrast" })).click();
    await page.locator(".kiosk.large-text.high-contrast").waitFor();
    await screenshot(page, "kiosk-yes-no-en-large-contrast-1280x800");
    await expectAccessible(page, "kiosk yes/no, English, large text + high contrast");
    await page.keyboard.press("1");
    await page.getByRole("button", { name: "On the appointed day" }).waitFor();
    await expectAccessible(page, "kiosk choice, English, large text + high contrast");
    await page.getByRole("button", { name: "Larger text" }).click();
    await page.getByRole("button", { name: "High contrast" }).click();
    await page.locator(".kiosk-lang").getByRole("button", { name: "Tiếng Việt" }).click();
    await page.getByRole("button", { name: "Đúng ngày hẹn" }).waitFor();
    await expectAccessible(page, "kiosk choice");
    await page.keyboard.press("2");
    const amount = page.locator("#kiosk-number");
    await amount.waitFor();
    await expectAccessible(page, "kiosk number");
    await amount.fill("999999999");
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByRole("alert").waitFor();
    await expectAccessible(page, "kiosk number with its error");
    await amount.fill("50000");
    await screenshot(page, "kiosk-types");
    await amount.press("Enter");
    await page.locator("#kiosk-text").waitFor();
    await expectAccessible(page, "kiosk free text");
    await page.getByRole("button", { name: "Bỏ qua", exact: true }).click();
    await screen(page, "thanks");
  });

  it("the online survey: form, errors, thanks, 'already rated', in Vietnamese, English and the sample language", async () => {
    const page = await open("/s/sipas?point=MC-BMT&dossier=A11Y-1", VIEWPORTS.phone);
    await expectAccessible(page, "survey form");
    await page.locator("button[type=submit]").click();
    await page.locator(".error-summary, [role=alert]").first().waitFor();
    await expectAccessible(page, "survey with errors");
    // The other screens are hidden (issue 17: one section per screen): their answers are set in the page.
    await page.evaluate((codes) => {
      for (const name of [...codes.map((c) => `answers.${c}`)]) document.querySelector<HTMLInputElement>(`input[name="${name}"][value="4"]`)!.checked = true;
      document.querySelector<HTMLInputElement>('input[name="screen.feedback-sent"][value="1"]')!.checked = true;
    }, SIPAS_CODES);
    // Issue 17: one section per screen; each screen is checked on its way.
    for (let i = 0; i < 8 && (await page.locator("button.survey-next").count()); i++) {
      await page.locator("button.survey-next").click();
      await page.locator(`section.survey-section[data-step="${i + 1}"]:visible, button.survey-send`).first().waitFor();
      await expectAccessible(page, `survey screen ${i + 2}`);
    }
    await Promise.all([page.waitForURL(/done=1/), page.locator("button.survey-send").click()]);
    await expectAccessible(page, "survey thanks");
    const again = await open("/s/sipas?point=MC-BMT&dossier=A11Y-1", VIEWPORTS.phone);
    await again.getByText("Hồ sơ này đã được đánh giá rồi", { exact: false }).waitFor();
    await expectAccessible(again, "survey already rated");
    for (const lang of ["en", "rad"]) {
      const p = await open(`/s/sipas?point=MC-BMT&lang=${lang}`, VIEWPORTS.desktop);
      await expectAccessible(p, `survey ?lang=${lang}`);
    }
  });
});

describe("kiosk display and read-aloud", () => {
  it("larger text and high contrast are toggle buttons, for this citizen only (not kept for the next)", async () => {
    const page = await open("/kiosk/MC-BMT", VIEWPORTS.kiosk);
    await hydrated(page);
    const large = page.getByRole("button", { name: "Chữ lớn" });
    const contrast = page.getByRole("button", { name: "Tương phản cao" });
    expect(await large.getAttribute("aria-pressed")).toBe("false");
    const before = await page.locator(".kiosk-title").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await screen(page, "question");
    await screenshot(page, "a11y-kiosk-normal");
    await large.click();
    await page.locator(".kiosk.large-text").waitFor();
    expect(await large.getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "a11y-kiosk-large-text");
    await large.click();
    await contrast.click();
    await page.locator(".kiosk.high-contrast").waitFor();
    const bg = await page.locator(".kiosk").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe("rgb(0, 0, 0)");
    await screenshot(page, "a11y-kiosk-high-contrast");
    await large.click();

    await page.locator(".kiosk.large-text.high-contrast").waitFor();
    expect(await page.getByRole("button", { name: "Chữ lớn" }).getAttribute("aria-pressed")).toBe("true");
    const after = await page.locator(".kiosk-qtext").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await large.click();
    const normalQ = await page.locator(".kiosk-qtext").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThan(normalQ * 1.05);
    expect(before).toBeGreaterThan(0);
    // Issue 17: the choice belongs to this citizen; the tablet does not keep it for the next one.
    await large.click();
    await page.reload();
    await hydrated(page);
    expect(await page.locator(".kiosk").getAttribute("class")).not.toMatch(/large-text|high-contrast/);
    expect(await page.getByRole("button", { name: "Chữ lớn" }).getAttribute("aria-pressed")).toBe("false");
  });

  it("'Đọc câu hỏi' reads the question and the answers with a Vietnamese voice", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.kiosk });
    pages.push(page);
    await page.addInitScript(speechStub(true));
    await pairKioskPage(server, page, "MC-BMT");
    await page.goto(`${server.url}/kiosk/MC-BMT`);
    await hydrated(page);
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await screen(page, "question");
    const read = page.getByRole("button", { name: "Đọc câu hỏi", exact: true });
    expect(await read.isEnabled()).toBe(true);
    const question = (await page.locator(".kiosk-qtext").textContent())!.trim();
    await read.click();
    const spoken = await page.evaluate(() => (window as unknown as { __spoken: Array<{ text: string; lang: string; voice: string }> }).__spoken);
    expect(spoken).toHaveLength(1);
    expect(spoken[0].lang).toBe("vi-VN");
    expect(spoken[0].voice).toBe("Test Tiếng Việt");
    expect(spoken[0].text).toContain(question);
    expect(spoken[0].text).toContain("1: Rất không hài lòng");
    expect(spoken[0].text).toContain("5: Rất hài lòng");

    // In English, the English text with the English voice.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Read the question aloud" }).click();
    const en = await page.evaluate(() => (window as unknown as { __spoken: Array<{ text: string; lang: string; voice: string }> }).__spoken);
    expect(en[en.length - 1].lang).toBe("en-GB");
    expect(en[en.length - 1].text).toContain("Very satisfied");
  });

  it("without a Vietnamese voice citizens see no read-aloud button and no notice; the staff mark says so (never a wrong voice)", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.kiosk });
    pages.push(page);
    await page.addInitScript(speechStub(false));
    await pairKioskPage(server, page, "MC-BMT");
    await page.goto(`${server.url}/kiosk/MC-BMT`);
    await hydrated(page);
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await screen(page, "question");
    expect(await page.getByRole("button", { name: "Đọc câu hỏi", exact: true }).count()).toBe(0);
    expect(await page.locator(".kiosk").innerText()).not.toContain("giọng đọc");
    await page.getByTestId("kiosk-status").getByText("Chưa có giọng đọc tiếng Việt").waitFor();
  });

  it("works by keyboard: logical order, visible focus, faces named by their Vietnamese labels", async () => {
    const page = await open("/kiosk/MC-BMT", VIEWPORTS.kiosk);
    await hydrated(page);
    await page.keyboard.press("Enter");
    await screen(page, "question");
    const labels = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];
    for (const [i, l] of labels.entries()) {
      const b = page.getByRole("button", { name: l, exact: true });
      expect(await b.count(), l).toBe(1);
      expect(await b.getAttribute("data-value")).toBe(String(i + 1));
    }
    // Tab from the question: read-aloud (disabled here: no voice in headless Chromium, so skipped), the five faces in order, then Back.
    await page.locator(".kiosk-qtext").focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { name: el.innerText?.replace(/\s+/g, " ").trim() ?? "", outline: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) };
      });
      order.push(info.name);
      expect(info.outline, `focus visible on “${info.name}”`).not.toBe("none");
      expect(info.width).toBeGreaterThanOrEqual(3);
    }
    expect(order).toEqual([...labels.map((l, i) => `${i + 1} ${l}`), "← Quay lại"]);
    await page.keyboard.press("5");
    await page.getByText("Câu 2 / 5", { exact: true }).waitFor();
  });
});

describe("languages as data", () => {
  it("the kiosk switch lists Vietnamese, English and, once an admin turns it on, the sample Ê Đê file; missing Ê Đê text falls back to Vietnamese", async () => {
    const hidden = await open("/kiosk/MC-BMT", VIEWPORTS.kiosk);
    await hydrated(hidden);
    // Issue 17: an unreviewed (draft) language is not offered to citizens by default.
    expect(await hidden.locator(".kiosk-lang button").allTextContents()).toEqual(["VI Tiếng Việt", "EN English"]);
    const conn = createDb(server.dbPath);
    try {
      await conn.insertInto("setting").values({ key: "citizen.draftLanguages", value: JSON.stringify(["rad"]) })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(["rad"]) })).execute();
    } finally {
      await conn.destroy();
    }
    const page = await open("/kiosk/MC-BMT", VIEWPORTS.kiosk);
    await hydrated(page);
    const switchButtons = page.locator(".kiosk-lang button");
    // Visible: the short code; for screen readers: the language's own name (and "draft" for the sample).
    expect(await switchButtons.allTextContents()).toEqual(["VI Tiếng Việt", "EN English", "ÊĐÊ Klei Êđê (bản thử, chưa được người bản ngữ duyệt)"]);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Start", exact: true }).waitFor();
    expect(await page.locator(".kiosk").getAttribute("lang")).toBe("en");

    const ede = page.getByRole("button", { name: /^ÊĐÊ Klei Êđê \(/ });
    expect(await ede.getAttribute("title")).toBe("draft, not reviewed by a native speaker"); // still in English
    await ede.click();
    expect(await page.locator(".kiosk").getAttribute("lang")).toBe("rad");
    // Translated in locales/rad.json: the start button. Not translated: the welcome text → Vietnamese.
    await page.getByRole("button", { name: "Dơ̆ng", exact: true }).waitFor();
    await page.getByText("Ông/Bà vui lòng đánh giá sự phục vụ hôm nay").waitFor();
    await page.getByRole("button", { name: "Dơ̆ng", exact: true }).click();
    await screen(page, "question");
    await page.getByRole("button", { name: "Rất hài lòng", exact: true }).waitFor();
    const text = await page.locator(".kiosk").innerText();
    expect(text).not.toMatch(/\b(kiosk|scale|survey)\.\w+/); // never a key name
    expect(await page.locator(".kiosk-qtext").getAttribute("lang")).toBe("vi"); // the fallback text says it is Vietnamese
    await screenshot(page, "lang-kiosk-rad-fallback");
  });

  it("the survey in English on a phone, and in the sample language with Vietnamese fallback", async () => {
    const page = await open("/s/sipas?point=MC-BMT&dossier=LANG-1&lang=en", VIEWPORTS.phone);
    await page.getByRole("heading", { name: "About your dossier" }).waitFor();
    await page.getByRole("button", { name: "Continue" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/lang-survey-en-phone.png` });
    // The switch keeps the QR parameters and offers every registered language.
    // On a phone the citizen header is one row: the languages are in its menu (issue 17).
    await page.locator(".topnav-button").click();
    const links = page.locator(".topnav .lang-links a");
    expect((await links.allTextContents()).map((t) => t.trim())).toEqual(["VI Tiếng Việt", "EN English", "ÊĐÊ Klei Êđê (draft)"]);
    await Promise.all([page.waitForURL(/lang=rad/), page.locator('.topnav .lang-links a[lang="rad"]').click()]);
    expect(page.url()).toContain("dossier=LANG-1");
    // Nothing of the survey is translated in the sample: Vietnamese, not key names.
    await page.getByRole("heading", { name: "Thông tin hồ sơ" }).waitFor();
    await page.getByRole("button", { name: "Tiếp tục" }).waitFor();
    const body = await page.locator("main").innerText();
    expect(body).not.toMatch(/\b(survey|scale|group)\.\w+/);
    expect(body).not.toMatch(/\b(questionNo|sectionNo|aboutTitle)\b/);
    // An unknown language is not accepted: Vietnamese.
    const xx = await open("/s/sipas?point=MC-BMT&lang=xx", VIEWPORTS.phone);
    await xx.getByRole("heading", { name: "Thông tin hồ sơ" }).waitFor();
  });
});

describe("QR posters (staff)", () => {
  it("an A6 poster per point, printable: the print stylesheet shows only the posters", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    pages.push(page);
    await loginAs(page, server.url, "lanhdao.bmt");
    await page.goto(`${server.url}/quan-tri/ap-phich`);
    await page.getByRole("heading", { name: "Áp phích mã QR khảo sát" }).waitFor();
    expect(await page.locator(".qr-poster").count()).toBeGreaterThan(1);
    await page.getByText("/s/sipas?point=<mã điểm phục vụ>&dossier=<mã hồ sơ>", { exact: false }).waitFor();
    await screenshot(page, "poster-page-desktop");

    // One poster, in print media, on an A6-sized viewport (105 × 148 mm at 96 dpi).
    const print = await newPage(browser, { viewport: { width: 397, height: 559 } });
    pages.push(print);
    await loginAs(print, server.url, "lanhdao.bmt");
    await print.emulateMedia({ media: "print" });
    await print.goto(`${server.url}/quan-tri/ap-phich?diem=MC-BMT`);
    const poster = print.locator(".qr-poster");
    await poster.waitFor();
    expect(await print.locator(".topbar").isVisible()).toBe(false);
    expect(await print.locator(".poster-help").isVisible()).toBe(false);
    const box = (await poster.boundingBox())!;
    expect(Math.round(box.width)).toBeGreaterThanOrEqual(396);
    expect(Math.round(box.height)).toBeGreaterThanOrEqual(558);
    expect(box.y).toBeLessThan(2);
    await print.screenshot({ path: `${SHOTS}/poster-a6-print.png` });
  });
});
