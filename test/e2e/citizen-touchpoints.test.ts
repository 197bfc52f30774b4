import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type TestServer } from "../helpers/server";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { createDb } from "../../db/client.server";
import { jpegWithGps } from "../fixtures/jpeg-gps";
import { hasExif } from "../../app/domain/photos";
import { publishResult, publishForm } from "../../app/services/indices/published.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { expectAccessible } from "../helpers/axe";
import { pairKioskPage } from "../helpers/devices";
import { answerItem, getItem, publishItem, submitFeedback } from "../../app/services/feedback/feedback.server";
import { setPhotoPublished } from "../../app/services/feedback/feedback-photos.server";

// Issue 17: every citizen touchpoint, in Chromium. Kiosk: one citizen at a time, every screen inside
// the tablet's screen in every mode; error pages and the tracking page in plain Vietnamese.

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

async function kiosk(viewport: { width: number; height: number }, opts: { clock?: boolean; point?: string } = {}) {
  const page = await newPage(browser, { viewport, bypassCSP: true, hasTouch: true });
  pages.push(page);
  if (opts.clock) await page.clock.install();
  await pairKioskPage(server, page, opts.point ?? "MC-BMT");
  const res = await page.goto(`${server.url}/kiosk/${opts.point ?? "MC-BMT"}`);
  expect(res?.status()).toBe(200);
  await page.locator('[data-hydrated="true"]').waitFor();
  return page;
}
const screenIs = (page: Page, name: string) => page.locator(`.kiosk[data-screen="${name}"]`).waitFor();

/**
 * Every visible control of the kiosk lies fully inside the viewport, is the element a touch at its
 * centre reaches, and no staff label (status mark, demo label) overlaps it. Returns what was checked.
 */
async function expectControlsInside(page: Page, label: string): Promise<number> {
  // Let the entrance animation end (a sliding screen is measured where it ends).
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))));
  const r = await page.evaluate(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const labels = [...document.querySelectorAll<HTMLElement>(".kiosk-status, .kiosk-demo")].map((e) => e.getBoundingClientRect());
    const bad: string[] = [];
    const controls = [...document.querySelectorAll<HTMLElement>(".kiosk button, .kiosk a, .kiosk textarea, .kiosk input")].filter((e) => {
      const s = getComputedStyle(e);
      const b = e.getBoundingClientRect();
      return s.visibility !== "hidden" && s.display !== "none" && b.width > 0 && b.height > 0 && !e.closest(".sr-only");
    });
    for (const e of controls) {
      const b = e.getBoundingClientRect();
      const name = (e.innerText || e.getAttribute("aria-label") || e.tagName).replace(/\s+/g, " ").trim().slice(0, 40);
      if (b.left < 0 || b.top < 0 || b.right > w + 0.5 || b.bottom > h + 0.5) bad.push(`${name}: outside (${Math.round(b.left)},${Math.round(b.top)})–(${Math.round(b.right)},${Math.round(b.bottom)}) of ${w}×${h}`);
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      if (!hit || (hit !== e && !e.contains(hit))) bad.push(`${name}: covered by ${hit ? hit.className || hit.tagName : "nothing"}`);
      for (const l of labels) {
        if (l.width && b.left < l.right && l.left < b.right && b.top < l.bottom && l.top < b.bottom) bad.push(`${name}: overlapped by a staff label`);
      }
    }
    return { count: controls.length, bad, scroll: document.documentElement.scrollHeight - h };
  });
  expect(r.bad, label).toEqual([]);
  expect(r.scroll, `${label}: no scrolling`).toBeLessThanOrEqual(0);
  expect(r.count, label).toBeGreaterThan(0);
  return r.count;
}

const MODES = [
  { name: "normal", large: false, contrast: false },
  { name: "large-text", large: true, contrast: false },
  { name: "high-contrast", large: false, contrast: true },
  { name: "large-high-contrast", large: true, contrast: true },
] as const;

describe("kiosk: one citizen at a time", () => {
  it("citizen A turns on larger text and high contrast; citizen B starts with neither (after the thank-you and after idling)", async () => {
    const page = await kiosk(VIEWPORTS.kiosk, { clock: true });
    // Citizen A: English, larger text, high contrast, then a whole rating.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Larger text" }).click();
    await page.getByRole("button", { name: "High contrast" }).click();
    await page.locator(".kiosk.large-text.high-contrast").waitFor();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    for (let i = 0; i < 5; i++) {
      await page.getByText(`Question ${i + 1} of 5`, { exact: false }).or(page.getByText(`${i + 1} / 5`, { exact: false })).first().waitFor();
      await page.getByRole("button", { name: "Satisfied", exact: true }).click();
      await page.clock.runFor(400);
    }
    await screenIs(page, "comment");
    await page.getByRole("button", { name: "Skip" }).click();
    await screenIs(page, "thanks");
    await page.clock.runFor(9_000);
    // Citizen B: the kiosk's defaults.
    await screenIs(page, "welcome");
    const cls = await page.locator(".kiosk").getAttribute("class");
    expect(cls).not.toMatch(/large-text|high-contrast/);
    expect(await page.locator(".kiosk").getAttribute("lang")).toBe("vi");
    expect(await page.getByRole("button", { name: "Chữ lớn" }).getAttribute("aria-pressed")).toBe("false");
    expect(await page.getByRole("button", { name: "Tương phản cao" }).getAttribute("aria-pressed")).toBe("false");

    // Citizen C turns both on and walks away mid-way: after the idle time, defaults again.
    await page.getByRole("button", { name: "Chữ lớn" }).click();
    await page.getByRole("button", { name: "Tương phản cao" }).click();
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    await screenIs(page, "question");
    await page.clock.runFor(61_000);
    await screenIs(page, "welcome");
    expect(await page.locator(".kiosk").getAttribute("class")).not.toMatch(/large-text|high-contrast/);

    // … and also when the display was changed on the welcome screen without starting.
    await page.getByRole("button", { name: "Chữ lớn" }).click();
    await page.locator(".kiosk.large-text").waitFor();
    await page.clock.runFor(61_000);
    await page.waitForFunction(() => !document.querySelector(".kiosk")!.className.includes("large-text"));
  });

  it("offers only reviewed languages to citizens (the draft Ê Đê sample is hidden)", async () => {
    const page = await kiosk(VIEWPORTS.kiosk);
    const names = await page.locator(".kiosk-lang button").allTextContents();
    expect(names).toEqual(["VI Tiếng Việt", "EN English"]);
    expect(await page.locator(".kiosk").innerText()).not.toContain("giọng đọc");
  });

  for (const [orientation, viewport] of [["landscape", VIEWPORTS.kiosk], ["portrait", VIEWPORTS.kioskPortrait]] as const) {
    for (const lang of ["vi", "en"] as const) {
      it(`every screen's controls lie inside the ${viewport.width}×${viewport.height} screen in every mode (${lang})`, async () => {
        const page = await kiosk(viewport, { clock: true });
        const L = lang === "en"
          ? { large: "Larger text", contrast: "High contrast", start: "Start", face: "Satisfied", low: "Very dissatisfied", next: "Next", reply: "I would like a reply", send: "Send", done: "Done", na: "Never sent any" }
          : { large: "Chữ lớn", contrast: "Tương phản cao", start: "Bắt đầu", face: "Hài lòng", low: "Rất không hài lòng", next: "Tiếp", reply: "Tôi muốn được trả lời", send: "Gửi đánh giá", done: "Xong", na: "Chưa từng gửi" };
        let checked = 0;
        for (const mode of MODES) {
          if (lang === "en") await page.getByRole("button", { name: "English" }).click();
          if (mode.large) await page.getByRole("button", { name: L.large }).click();
          if (mode.contrast) await page.getByRole("button", { name: L.contrast }).click();
          const tag = `${orientation} ${lang} ${mode.name}`;
          checked += await expectControlsInside(page, `${tag}: welcome`);
          if (lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-welcome`);
          await page.getByRole("button", { name: L.start, exact: true }).click();
          for (let i = 0; i < 5; i++) {
            await page.locator(`.kiosk-progress-text`).filter({ hasText: String(i + 1) }).first().waitFor();
            checked += await expectControlsInside(page, `${tag}: question ${i + 1}`);
            if (i === 0 && lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-question`);
            if (i === 4) {
              // The feedback-handling question follows the screening question (issue 17): "Chưa từng gửi" skips it.
              await page.getByRole("button", { name: L.na, exact: true }).waitFor();
              if (lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-screening`);
            }
            if (i === 0) {
              // A very low rating asks why, with the question's reasons as large buttons.
              await page.getByRole("button", { name: L.low, exact: true }).click();
              await page.clock.runFor(400);
              await page.locator(".kiosk-reason").first().waitFor();
              checked += await expectControlsInside(page, `${tag}: reasons`);
              if (lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-reasons`);
              if (mode.name === "normal" || mode.name === "large-high-contrast") await expectAccessible(page, `${tag}: reasons`);
              await page.locator(".kiosk-reason").first().click();
              await page.getByRole("button", { name: L.next }).click();
              continue;
            }
            await page.getByRole("button", { name: L.face, exact: true }).click();
            await page.clock.runFor(400);
          }
          await screenIs(page, "comment");
          await page.getByRole("button", { name: L.reply }).click();
          await page.locator("#kiosk-phone").fill("0912 345 678");
          checked += await expectControlsInside(page, `${tag}: comment with a reply request`);
          if (lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-comment`);
          if (mode.name === "normal" || mode.name === "large-high-contrast") await expectAccessible(page, `${tag}: comment`);
          await page.getByRole("button", { name: L.send, exact: true }).click();
          await screenIs(page, "thanks");
          await page.getByTestId("kiosk-tracking").waitFor();
          checked += await expectControlsInside(page, `${tag}: thanks`);
          if (lang === "vi") await screenshot(page, `kiosk-${viewport.width}x${viewport.height}-${mode.name}-thanks`);
          await page.getByRole("button", { name: L.done }).click();
          await screenIs(page, "welcome");
          // Nothing carried over to the next citizen.
          expect(await page.locator(".kiosk").getAttribute("class")).not.toMatch(/large-text|high-contrast/);
          await page.clock.runFor(6_000); // keep the device's pace under the abuse flags' thresholds
        }
        expect(checked).toBeGreaterThan(40);
      });
    }
  }
});

describe("kiosk: a low rating with a reply request", () => {
  it("becomes a routed feedback item with the phone number and a tracking code, stored with the response, that the agency sees", async () => {
    const page = await kiosk(VIEWPORTS.kiosk, { clock: true, point: "MC-BMT" });
    await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
    // Question 2 (procedures) rated 2, with two reasons taken from the question's data.
    await page.getByRole("button", { name: "Hài lòng", exact: true }).click();
    await page.clock.runFor(400);
    await page.getByRole("button", { name: "Không hài lòng", exact: true }).click();
    await page.clock.runFor(400);
    await page.getByRole("heading", { name: "Điều gì làm Ông/Bà chưa hài lòng?" }).waitFor();
    await page.getByRole("button", { name: "Phải đi lại nhiều lần" }).click();
    await page.getByRole("button", { name: "Thời gian giải quyết lâu" }).click();
    expect(await page.getByRole("button", { name: "Phải đi lại nhiều lần" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Tiếp" }).click();
    for (let i = 3; i <= 4; i++) {
      await page.getByRole("button", { name: "Hài lòng", exact: true }).click();
      await page.clock.runFor(400);
    }
    // The feedback-handling question follows "Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?": "Chưa từng gửi" skips it.
    await expect(page.locator(".kiosk-screen-q").textContent()).resolves.toContain("Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?");
    await page.getByRole("button", { name: "Chưa từng gửi", exact: true }).click();
    await page.clock.runFor(400);
    await screenIs(page, "comment");
    await page.locator("#kiosk-comment").fill("Hồ sơ đất đai của tôi phải bổ sung ba lần.");
    await page.getByRole("button", { name: "Tôi muốn được trả lời" }).click();
    // A wrong number is refused on the tablet, in Vietnamese.
    await page.locator("#kiosk-phone").fill("12");
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).click();
    await page.getByText("Vui lòng nhập số điện thoại đúng").waitFor();
    await page.locator("#kiosk-phone").fill("0912.345.678");
    await page.getByRole("button", { name: "Gửi đánh giá", exact: true }).click();
    await screenIs(page, "thanks");
    const code = (await page.getByTestId("kiosk-tracking").locator("strong").innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const conn = createDb(server.dbPath);
    let itemId = 0;
    try {
      const item = await conn.selectFrom("feedback_item").selectAll().where("tracking_code", "=", code).executeTakeFirstOrThrow();
      itemId = item.id;
      expect(item.contact_phone).toBe("0912345678");
      expect(item.channel).toBe("kiosk");
      expect(item.agency_id).not.toBeNull();
      expect(item.text).toContain("Phải đi lại nhiều lần");
      expect(item.text).toContain("Thời gian giải quyết lâu");
      expect(item.text).toContain("bổ sung ba lần");
      const response = await conn.selectFrom("response").select(["id", "comment"]).where("id", "=", item.response_id!).executeTakeFirstOrThrow();
      expect(response.comment).toBe("Hồ sơ đất đai của tôi phải bổ sung ba lần.");
      const answers = await conn.selectFrom("answer as a").innerJoin("question as q", "q.id", "a.question_id").select(["q.code", "a.value"]).where("a.response_id", "=", response.id).execute();
      const byCode = Object.fromEntries(answers.map((a) => [a.code, a.value]));
      expect(byCode["kiosk.procedures"]).toBe(2);
      expect(byCode["kiosk.feedback"] ?? null).toBeNull();
    } finally {
      await conn.destroy();
    }

    // The handling agency sees it, with the phone number.
    const staff = await newPage(browser, { viewport: VIEWPORTS.desktop });
    pages.push(staff);
    await loginAs(staff, server.url, "canbo.bmt");
    const res = await staff.goto(`${server.url}/hop-thu/${itemId}`);
    expect(res?.status()).toBe(200);
    const body = await staff.locator("main").innerText();
    expect(body).toContain(code);
    expect(body).toContain("0912345678");
    expect(body).toContain("Phải đi lại nhiều lần");
  });
});

describe("feedback with evidence", () => {
  it("a photo carrying a GPS position is stored without it; the agency sees the photo, the public page does not", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true });
    pages.push(page);
    await page.goto(`${server.url}/phan-anh`);
    await page.locator('input[name="kind"][value="phan_anh"]').check();
    await page.selectOption("#topic", "chung-thuc");
    await page.selectOption("#unit", "BMT");
    await page.locator("#text").fill("Ổ gà lớn giữa đường, xe máy dễ ngã, xin sửa sớm giúp bà con.");
    await page.locator("#place").fill("Trước số 12 đường Lê Duẩn");
    const src = Buffer.from(jpegWithGps());
    expect(hasExif(src)).toBe(true);
    // A file that only claims to be a photo is refused by its content.
    await page.locator("#photos").setInputFiles([{ name: "anh.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<html>not a photo</html>") }]);
    await page.locator("form.fb-form button[type=submit]").click();
    await page.locator("#photos-error").getByText("Chỉ nhận ảnh JPEG, PNG hoặc WebP.").waitFor();
    await page.locator('input[name="kind"][value="phan_anh"]').check();
    await page.selectOption("#topic", "chung-thuc");
    await page.selectOption("#unit", "BMT");
    await page.locator("#photos").setInputFiles([{ name: "o-ga.jpg", mimeType: "image/jpeg", buffer: src }]);
    await expectAccessible(page, "feedback form with a photo");
    await Promise.all([page.waitForURL(/\/tra-cuu\//), page.locator("form.fb-form button[type=submit]").click()]);
    const code = (await page.getByTestId("tracking-code").innerText()).trim();
    // The public tracking page shows no photo.
    expect(await page.locator("main img").count()).toBe(0);

    const conn = createDb(server.dbPath);
    let itemId = 0;
    try {
      const item = await conn.selectFrom("feedback_item").select(["id", "place_text"]).where("tracking_code", "=", code).executeTakeFirstOrThrow();
      itemId = item.id;
      expect(item.place_text).toBe("Trước số 12 đường Lê Duẩn");
      const photos = await conn.selectFrom("feedback_photo").selectAll().where("item_id", "=", item.id).execute();
      expect(photos).toHaveLength(1);
      const stored = new Uint8Array(photos[0].bytes);
      expect(photos[0].content_type).toBe("image/jpeg");
      expect(photos[0].location_shared).toBe(0);
      expect(photos[0].published_at).toBeNull();
      expect(hasExif(stored)).toBe(false);
      expect(Buffer.from(stored).toString("latin1")).not.toContain("GPS");
      expect(stored.length).toBeLessThan(src.length);
    } finally {
      await conn.destroy();
    }

    // The agency handling Buôn Ma Thuột's items sees it; the photo is served to it, not to the public.
    const staff = await newPage(browser, { viewport: VIEWPORTS.desktop, bypassCSP: true });
    pages.push(staff);
    await loginAs(staff, server.url, "admin");
    const res = await staff.goto(`${server.url}/hop-thu/${itemId}`);
    expect(res?.status()).toBe(200);
    await staff.getByTestId("item-photos").waitFor();
    expect(await staff.locator("main").innerText()).toContain("Trước số 12 đường Lê Duẩn");
    const src0 = await staff.getByTestId("item-photos").locator("img").first().getAttribute("src");
    const img = await staff.request.get(`${server.url}${src0}`);
    expect(img.status()).toBe(200);
    expect(img.headers()["content-type"]).toBe("image/jpeg");
    const anon = await fetch(`${server.url}${src0}`, { redirect: "manual" });
    expect(anon.status).not.toBe(200);
    // Issue 17: the sender did not agree to publication, so the coordinator is told and offered no publish button.
    await expect(staff.getByTestId("photo-state-1").textContent()).resolves.toBe("Chưa công khai");
    expect(await staff.getByRole("button", { name: "Công khai ảnh 1" }).count()).toBe(0);
    await staff.getByText("không công khai được ảnh").waitFor();
    await expectAccessible(staff, "staff item page with photos");
  });
});

describe("phone survey", () => {
  it("an error clears as soon as its question is answered", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true, isMobile: true, hasTouch: true });
    pages.push(page);
    await page.goto(`${server.url}/s/sipas?point=MC-BMT&dossier=ISSUE17-ERR`);
    await page.locator('[name="answers.access.1"]').first().waitFor();
    await page.waitForLoadState("networkidle");
    await page.locator("button[type=submit]").click();
    await page.locator(".error-summary").waitFor();
    const before = await page.locator("fieldset.criterion.has-error").count();
    expect(before).toBeGreaterThan(1);
    await page.locator('input[name="answers.access.1"][value="4"]').check({ force: true });
    await expect.poll(() => page.locator("fieldset.criterion.has-error").count()).toBe(before - 1);
    expect(await page.locator("#" + (await page.locator('input[name="answers.access.1"]').first().evaluate((el) => el.closest("fieldset")!.id))).getAttribute("class")).not.toContain("has-error");
  });
});

describe("public answers on a phone", () => {
  it("/cong-khai and the tracking page show only the published photo, fit 390 px with text of at least 12 px, and pass axe", async () => {
    const conn = createDb(server.dbPath);
    let code = "";
    let itemId = 0;
    try {
      const admin = (await conn.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
      const r = await submitFeedback(conn, { kind: "phan_anh", text: "Ổ gà lớn trước cổng Bộ phận một cửa huyện, xe máy dễ ngã.", topic: "chung-thuc", unit: "EKA", consentPublish: true },
        { channel: "web", photos: [0, 1].map(() => ({ bytes: Buffer.from(jpegWithGps()), contentType: "image/jpeg", locationShared: true })) });
      code = r.trackingCode;
      let item = await getItem(conn, r.id);
      await answerItem(conn, r.id, "Đơn vị đã vá ổ gà trước cổng ngày 20/06. Cảm ơn Ông/Bà đã phản ánh.", item.version, { userId: admin });
      item = await getItem(conn, r.id);
      await publishItem(conn, r.id, "Ổ gà trước cổng Bộ phận một cửa huyện Ea Kar đã được vá.", item.version, { userId: admin });
      const photos = await conn.selectFrom("feedback_photo").select("id").where("item_id", "=", r.id).orderBy("id").execute();
      await setPhotoPublished(conn, r.id, photos[0].id, true, { userId: admin });
      itemId = r.id;
    } finally {
      await conn.destroy();
    }
    // The coordinator's control on the staff item page: one photo published, the other offered.
    const staff = await newPage(browser, { viewport: VIEWPORTS.desktop, bypassCSP: true });
    pages.push(staff);
    await loginAs(staff, server.url, "admin");
    await staff.goto(`${server.url}/hop-thu/${itemId}`);
    await expect(staff.getByTestId("photo-state-1").textContent()).resolves.toBe("Đã công khai");
    await expect(staff.getByTestId("photo-state-2").textContent()).resolves.toBe("Chưa công khai");
    await staff.getByRole("button", { name: "Thôi công khai ảnh 1" }).waitFor();
    await staff.getByRole("button", { name: "Công khai ảnh 2" }).waitFor();
    await expectAccessible(staff, "staff item page with the photo publish control");
    await screenshot(staff, "hop-thu-photo-publish-desktop");
    for (const [path, name] of [["/cong-khai", "cong-khai"], [`/tra-cuu/${code}`, "tra-cuu"]] as const) {
      const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true, isMobile: true, hasTouch: true });
      pages.push(page);
      await page.goto(`${server.url}${path}`);
      const imgs = page.locator(".fb-photos-public img");
      expect(await imgs.count()).toBe(1); // one of the two photos was published
      const src = (await imgs.first().getAttribute("src"))!;
      const res = await page.request.get(`${server.url}${src}`);
      expect(res.status()).toBe(200);
      expect(hasExif(new Uint8Array(await res.body()))).toBe(false); // the sender kept the location for staff; the public copy has none
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const small = await page.locator("main").evaluate((m) => [...m.querySelectorAll<HTMLElement>("*")]
        .filter((el) => el.childNodes.length && [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim()) && el.getClientRects().length)
        .map((el) => parseFloat(getComputedStyle(el).fontSize)).filter((px) => px < 12));
      expect(small).toEqual([]);
      await expectAccessible(page, `${name} with a published photo`);
      await screenshot(page, `${name}-phone-published-photo`);
    }
  });
});

describe("public results on a phone", () => {
  it("/ket-qua: text of at least 12 px, tables within the screen, a headline about answers", async () => {
    const conn = createDb(server.dbPath);
    try {
      // A few answers of this year (the test server has no demo responses), then the year is published.
      for (let i = 0; i < 3; i++) {
        await submitResponse(conn, {
          questionnaire: "sipas-kiosk", servicePoint: "MC-BDO", channel: "kiosk", idempotencyKey: `ket-qua-phone-${i}-${Date.now()}`,
          answers: { "kiosk.access": 4, "kiosk.procedures": 5, "kiosk.servants": 3, "kiosk.results": 4, "kiosk.feedback": null },
        });
      }
      const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
      await publishResult(conn, publishForm.parse({ year: String(year) }), { userId: null });
    } finally {
      await conn.destroy();
    }
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true, isMobile: true, hasTouch: true });
    pages.push(page);
    await page.goto(`${server.url}/ket-qua`);
    const headline = page.getByTestId("public-headline");
    await headline.waitFor();
    expect(await headline.innerText()).toContain("câu trả lời ở mức hài lòng");
    expect(await headline.innerText()).not.toContain("người trả lời hài lòng");
    const r = await page.evaluate(() => {
      const small: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement | SVGElement>("main *")) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
        const box = el.getBoundingClientRect();
        if (!own || box.width === 0 || box.height === 0) continue;
        // An SVG's text is drawn scaled: measure what the eye gets.
        const scale = el instanceof SVGElement && el.ownerSVGElement ? el.ownerSVGElement.getBoundingClientRect().width / el.ownerSVGElement.viewBox.baseVal.width : 1;
        const px = parseFloat(getComputedStyle(el).fontSize) * scale;
        if (px < 12) small.push(`${el.tagName} ${px.toFixed(1)}px “${el.textContent!.trim().slice(0, 30)}”`);
      }
      return { small, sw: document.documentElement.scrollWidth, tables: [...document.querySelectorAll("main table")].map((t) => t.getBoundingClientRect().right) };
    });
    expect(r.small).toEqual([]);
    expect(r.sw).toBeLessThanOrEqual(390);
    for (const right of r.tables) expect(right).toBeLessThanOrEqual(390);
    await screenshot(page, "ket-qua-phone");
    await expectAccessible(page, "/ket-qua phone");
  });
});

describe("errors and tracking in plain words", () => {
  it("the 404 page is in Vietnamese with the site header and a way back (English when chosen)", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true });
    pages.push(page);
    const res = await page.goto(`${server.url}/khong-co-trang-nay`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Không tìm thấy trang" }).waitFor();
    expect(await page.locator(".topbar").count()).toBe(1);
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/No route|Error|Not Found|stack/i);
    expect(text).toContain("Về trang chủ");
    expect(await page.getByRole("link", { name: "Về trang chủ" }).getAttribute("href")).toBe("/");
    await screenshot(page, "error-404-phone");
    await expectAccessible(page, "404 phone");
    const en = await page.goto(`${server.url}/khong-co-trang-nay?lang=en`);
    expect(en?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
  });

  it("the citizen header is one row with a menu on a phone and has no staff links", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true });
    pages.push(page);
    await page.goto(`${server.url}/phan-anh`);
    const bar = await page.locator(".topbar").boundingBox();
    expect(bar!.height).toBeLessThanOrEqual(64);
    expect(await page.locator('.topbar a[href="/trang-can-bo"], .topbar a[href="/dashboard"]').count()).toBe(0);
    expect(await page.locator('.topbar a[href="/tra-cuu"]').isVisible()).toBe(false);
    await page.locator(".topnav-button").click();
    await page.locator('.topbar a[href="/tra-cuu"]').waitFor();
    await expectAccessible(page, "feedback page, phone, menu open");
  });

  it("the tracking page says who has the item and until when, with the hotline, and no rule numbers", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.phone, bypassCSP: true });
    pages.push(page);
    await page.goto(`${server.url}/phan-anh`);
    await page.getByTestId("hotline").getByText("080.50179").waitFor();
    await page.locator('input[name="kind"][value="phan_anh"]').check();
    await page.selectOption("#topic", "chung-thuc");
    await page.selectOption("#unit", "BMT");
    await page.locator("#text").fill("Đèn đường trước trụ sở phường bị hỏng nhiều ngày, đi lại buổi tối rất nguy hiểm.");
    await Promise.all([page.waitForURL(/\/tra-cuu\//), page.locator("form button[type=submit]").last().click()]);
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/quy tắc|số \d+\.|assigned|received|routed/);
    await page.getByTestId("hotline").getByText("080.50179").waitFor();
    await screenshot(page, "tracking-phone");
    await expectAccessible(page, "tracking page, phone");
  });
});
