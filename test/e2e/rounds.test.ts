import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { startServer, type TestServer } from "../helpers/server";
import { publishQuestionnaireFile } from "../helpers/devices";
import { createDb } from "../../db/client.server";
import { createRound, setRoundStatus } from "../../app/services/rounds/rounds.server";
import mixed from "../fixtures/kiosk-mixed.json";

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

const bmtDone = async (page: Page) => Number(await page.locator('[data-testid="entry-progress"] [data-unit="BMT"]').getAttribute("data-done"));

/** One interview, all criteria at `value`; with JavaScript it goes through the outbox and the progress moves by one. */
async function enterOne(page: Page, value: string): Promise<void> {
  await page.getByTestId("kiosk-status").waitFor(); // hydrated
  const before = await bmtDone(page);
  await page.locator("#servicePoint").selectOption("MC-BMT");
  const groups = await page.locator("fieldset input.opt-input").evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
  for (const name of groups) await page.locator(`input[name="${name}"][value="${value}"]`).check({ force: true });
  await page.getByRole("button", { name: "Lưu phiếu" }).click();
  await page.getByTestId("entry-saved").waitFor();
  await expect.poll(() => bmtDone(page)).toBe(before + 1);
}

const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear(); // the current year in Vietnam

/** A round open today on the mixed-type questionnaire, quota Buôn Ma Thuột (through the services, as the admin page does). */
async function openRound(code: string): Promise<void> {
  await publishQuestionnaireFile(server, mixed);
  const db = createDb(server.dbPath);
  try {
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const actor = { userId: admin.id, ip: null };
    await createRound(db, {
      code, name: `Phỏng vấn thử ${code}`, questionnaire: mixed.code, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, weighting: "none",
      confidence: 0.95, margin: 0.05, allocation: "proportional", quotas: [{ unit: "BMT", population: 1000, target: 10 }],
    }, actor);
    await setRoundStatus(db, code, "open", actor);
  } finally {
    await db.destroy();
  }
}

async function storedFor(code: string) {
  const db = createDb(server.dbPath);
  try {
    const rows = await db.selectFrom("round_response as rr").innerJoin("survey_round as r", "r.id", "rr.round_id").select("rr.response_id as id").where("r.code", "=", code).execute();
    const out = [];
    for (const { id } of rows) {
      const answers = await db.selectFrom("answer as a").innerJoin("question as qu", "qu.id", "a.question_id").select(["qu.code", "a.value"]).where("a.response_id", "=", id).execute();
      const texts = await db.selectFrom("answer_text as t").innerJoin("question as qu", "qu.id", "t.question_id").select(["qu.code", "t.text"]).where("t.response_id", "=", id).execute();
      out.push({ answers: Object.fromEntries(answers.map((a) => [a.code, a.value])), texts: Object.fromEntries(texts.map((t) => [t.code, t.text])) });
    }
    return out;
  } finally {
    await db.destroy();
  }
}

/** Answers the mixed-type questionnaire on the entry page (point MC-BMT). */
async function fillMixed(page: Page, amount: string, note: string) {
  await page.locator("#servicePoint").selectOption("MC-BMT");
  await page.locator('input[name="answers.khh.1"][value="4"]').check({ force: true });
  await page.locator('input[name="answers.khh.2"][value="1"]').check({ force: true });
  await page.locator('input[name="answers.khh.3"][value="2"]').check({ force: true });
  await page.locator('[name="answers.khh.4"]').fill(amount);
  await page.locator('[name="answers.khh.5"]').fill(note);
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

  it("offline on a tablet, an interview waits in the outbox with its key and is stored once when the tablet is back online", async () => {
    await openRound("NGOAI-TUYEN");
    const tablet = await signedIn("motcua.bmt", { viewport: { width: 800, height: 1280 }, hasTouch: true });
    const posted: string[] = [];
    tablet.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/api/v1/rounds/NGOAI-TUYEN/responses")) posted.push(r.postData() ?? "");
    });
    await tablet.goto(`${server.url}/dot-khao-sat/NGOAI-TUYEN/nhap`);
    await tablet.getByTestId("kiosk-status").waitFor();

    await tablet.context().setOffline(true);
    await tablet.getByTestId("kiosk-status").getByText("Mất mạng").waitFor();
    // Offline, missing choices are caught on the tablet (the server cannot check them now).
    await tablet.getByRole("button", { name: "Lưu phiếu" }).click();
    await tablet.getByRole("alert").getByText("Còn 3 câu chưa trả lời hoặc chưa hợp lệ").waitFor();
    await fillMixed(tablet, "200.000", "Hộ nghèo, phỏng vấn tại nhà");
    await tablet.getByRole("button", { name: "Lưu phiếu" }).click();
    await tablet.getByTestId("entry-queued").waitFor();
    await tablet.getByTestId("kiosk-status").getByText("1 phiếu chờ gửi", { exact: false }).waitFor();
    await screenshot(tablet, "rounds-entry-offline-tablet");
    expect(await storedFor("NGOAI-TUYEN")).toEqual([]);
    // The form is clean for the next interview.
    expect(await tablet.locator('[name="answers.khh.4"]').inputValue()).toBe("");

    await tablet.context().setOffline(false);
    await expect.poll(async () => (await storedFor("NGOAI-TUYEN")).length, { timeout: 30_000 }).toBe(1);
    await tablet.getByTestId("kiosk-status").getByText("Đã đồng bộ", { exact: false }).waitFor();
    await expect.poll(() => bmtDone(tablet)).toBe(1);
    expect(await storedFor("NGOAI-TUYEN")).toEqual([{ answers: { "khh.1": 4, "khh.2": 1, "khh.3": 2, "khh.4": 200000, "khh.5": null }, texts: { "khh.5": "Hộ nghèo, phỏng vấn tại nhà" } }]);

    // The same body again (a retry after a lost answer) stores nothing new.
    expect(posted.length).toBeGreaterThanOrEqual(1);
    const body = JSON.parse(posted[posted.length - 1]);
    expect(body.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const again = await tablet.request.post(`${server.url}/api/v1/rounds/NGOAI-TUYEN/responses`, { data: body, headers: { origin: server.url } });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ replay: true });
    expect(await storedFor("NGOAI-TUYEN")).toHaveLength(1);
    await screenshot(tablet, "rounds-entry-synced-tablet");
  }, 120_000);

  it("without JavaScript the entry form still posts, validates and stores (phone and desktop)", async () => {
    await openRound("KHONG-JS");
    const phone = await signedIn("motcua.bmt", { ...PHONE, javaScriptEnabled: false });
    await phone.goto(`${server.url}/dot-khao-sat/KHONG-JS/nhap`);
    await phone.locator("#servicePoint").selectOption("MC-BMT");
    await phone.locator('[name="answers.khh.4"]').fill("abc");
    await Promise.all([phone.waitForLoadState("load"), phone.getByRole("button", { name: "Lưu phiếu" }).click()]);
    await phone.getByText("Vui lòng nhập số nguyên từ 0 đến 50.000.000 (chỉ gồm chữ số).").waitFor();
    expect(await storedFor("KHONG-JS")).toEqual([]);
    await screenshot(phone, "rounds-entry-nojs-errors-phone");
    await fillMixed(phone, "0", "");
    await Promise.all([phone.waitForURL((u) => u.searchParams.get("ok") === "1"), phone.getByRole("button", { name: "Lưu phiếu" }).click()]);
    await phone.getByTestId("entry-saved").waitFor();
    expect(await storedFor("KHONG-JS")).toEqual([{ answers: { "khh.1": 4, "khh.2": 1, "khh.3": 2, "khh.4": 0 }, texts: {} }]);
    await screenshot(phone, "rounds-entry-mixed-phone");
    const desktop = await signedIn("motcua.bmt");
    await desktop.goto(`${server.url}/dot-khao-sat/KHONG-JS/nhap`);
    await desktop.getByTestId("kiosk-status").waitFor();
    await screenshot(desktop, "rounds-entry-mixed-desktop");
  }, 120_000);
});
