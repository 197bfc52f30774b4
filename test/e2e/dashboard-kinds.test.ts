// The dashboard's "Các chỉ số khác" in real Chromium: the PAPI template (eight dimensions 1–10,
// total /80) and the Circular 01 template (nine indices 0–2, total /18, grade band) answered
// through the API show the same figures as GET /api/v1/indices?index=, in vi-VN numbers, per
// scope (a district leader sees his district's figures), with text for every figure (axe).
import { createRequire } from "node:module";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, withSession } from "../helpers/auth";
import { launchBrowser, loginAs, newPage, screenshot, VIEWPORTS } from "../helpers/browser";
import { NO_DEVICE_FLAGS } from "../helpers/devices";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let server: TestServer;
let browser: Browser;
const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
/** vi-VN with fixed decimals: two for PAPI scores (7,25), one for Circular 01 points (1,5). */
const vi = (v: number, digits: number) => new Intl.NumberFormat("vi-VN", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);

interface Q { code: string; type: string; options?: unknown[] }
const papi: { questions: Q[] } = JSON.parse(fs.readFileSync("db/seed/templates/papi.json", "utf8"));
const tt01: { questions: Q[] } = JSON.parse(fs.readFileSync("db/seed/templates/thong-tu-01.json", "utf8"));

/** Deterministic answers that differ by respondent and by question. */
function answers(qs: Q[], i: number): Record<string, number> {
  const out: Record<string, number> = {};
  qs.forEach((q, j) => {
    const k = (i * 7 + j * 3) % 11;
    if (k === 10) return; // skipped
    out[q.code] = q.type === "likert5" ? 1 + (k % 5) : q.type === "yes_no" ? k % 2 : q.type === "choice" ? 1 + (k % q.options!.length) : k < 6 ? 0 : 20_000;
  });
  return out;
}

beforeAll(async () => {
  server = await startServer({ env: NO_DEVICE_FLAGS });
  browser = await launchBrowser();
  const cookie = await loginCookie(server.url, "admin");
  const post = (path: string, route: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}?_data=${encodeURIComponent(route)}`, withSession(server.url, cookie, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString(),
    }));
  for (const template of ["papi", "thong-tu-01"]) {
    const res = await post("/quan-tri/bang-hoi", "routes/quan-tri.bang-hoi._index", { intent: "template", template });
    const id = /\/quan-tri\/bang-hoi\/(\d+)/.exec(res.headers.get("x-remix-redirect") ?? "")?.[1];
    expect((await post(`/quan-tri/bang-hoi/${id}`, "routes/quan-tri.bang-hoi.$id", { intent: "publish" })).status).toBe(204);
  }
  for (let i = 0; i < 36; i++) {
    // Two thirds in Buôn Ma Thuột, a third in Krông Búk.
    const point = i % 3 === 0 ? "MC-KBU" : "MC-BMT";
    for (const [questionnaire, qs] of [["papi", papi.questions], ["thong-tu-01", tt01.questions]] as const) {
      const r = await postJson(`${server.url}/api/v1/responses`, { questionnaire, servicePoint: point, channel: "online", answers: answers(qs, i), idempotencyKey: `kinds-e2e-${questionnaire}-${i}` });
      expect(r.status, r.text).toBe(201);
    }
  }
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(index: string, unit: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?year=${year}&index=${index}&unit=${unit}`);
  expect(status).toBe(200);
  return json.summary;
}

async function expectSameAsApi(page: Page, index: string, unit: string) {
  const s = await api(index, unit);
  const d = s.kind === "circular01" ? 1 : 2;
  const card = page.getByTestId(`other-index-${index}`);
  await expect(card.getByTestId("kind-total").textContent()).resolves.toBe(`Tổng: ${vi(s.total, d)} / ${s.max} điểm`);
  for (const p of s.parts) {
    const cell = card.locator(`[data-testid="kind-part"][data-code="${p.code}"] [data-testid="kind-part-score"]`);
    await expect(cell.textContent(), p.code).resolves.toBe(p.score === null ? `— / ${p.max}` : `${vi(p.score, d)} / ${p.max}`);
  }
  return s;
}

async function expectAccessible(page: Page, selector: string) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: string, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    const r = await axe.run(sel, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  }, selector);
  expect(violations).toEqual([]);
}

describe("dashboard: other indices (PAPI, Circular 01)", () => {
  it("the provincial leader sees the PAPI dimensions and the Circular 01 total and grade, as the API computes them", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop, bypassCSP: true });
    await loginAs(page, server.url, "lanhdao.tinh");
    await page.goto(`${server.url}/dashboard?year=${year}`);
    await page.getByRole("heading", { name: "Các chỉ số khác" }).waitFor();
    // No SIPAS response this year: the "no data" card says where the other indices' figures are.
    await expect(page.getByTestId("dashboard-empty").getByTestId("other-indices-note").textContent()).resolves.toMatch(/kiểu PAPI.*Thông tư 01\/2018.*Xem mục “Các chỉ số khác”/);
    const p = await expectSameAsApi(page, "PAPI", "DLK");
    expect(p.partsWithData).toBe(8);
    const t = await expectSameAsApi(page, "TT01", "DLK");
    const grade = page.getByTestId("other-index-TT01").getByTestId("kind-grade");
    await expect(grade.textContent()).resolves.toBe(`Xếp loại: ${t.gradeLabel}`);
    // The band is marked in words, not by colour alone.
    await expect(page.getByTestId("other-index-TT01").locator(".dash-kind-bands li.current").textContent()).resolves.toMatch(new RegExp(`^${t.gradeLabel}.*\\(kết quả hiện tại\\)$`));
    await expectAccessible(page, '[data-testid="other-indices"]');
    await page.getByTestId("other-indices").scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-kinds-desktop");
    await page.getByTestId("other-indices").screenshot({ path: ".tmp/screenshots/dashboard-kinds-section-desktop.png" });

    const phone = await newPage(browser, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true, bypassCSP: true });
    await loginAs(phone, server.url, "lanhdao.tinh");
    await phone.goto(`${server.url}/dashboard?year=${year}`);
    await expectSameAsApi(phone, "PAPI", "DLK");
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectAccessible(phone, '[data-testid="other-indices"]');
    await phone.getByTestId("other-indices").screenshot({ path: ".tmp/screenshots/dashboard-kinds-section-phone.png" });
  });

  it("a district leader sees his district's figures only, and another district stays forbidden", async () => {
    const page = await newPage(browser, { viewport: VIEWPORTS.desktop });
    await loginAs(page, server.url, "lanhdao.bmt");
    await page.goto(`${server.url}/dashboard?year=${year}`);
    await page.getByRole("heading", { name: "Các chỉ số khác" }).waitFor();
    const bmt = await expectSameAsApi(page, "PAPI", "BMT");
    expect(bmt.n).toBe(24);
    expect(bmt.total).not.toBe((await api("PAPI", "DLK")).total);
    await expectSameAsApi(page, "TT01", "BMT");
    const res = await page.goto(`${server.url}/dashboard?year=${year}&unit=KBU`);
    expect(res?.status()).toBe(403);
  });
});
