// Kiosk questionnaires of any type and the interviewer's outbox endpoint, over real HTTP (SQLite,
// or PostgreSQL under npm run test:postgres): which questionnaire a kiosk shows, the admin's choice
// per service point, the kiosk's typed payloads through POST /api/v1/responses, and
// POST /api/v1/rounds/<code>/responses with its idempotency key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDay } from "../../app/domain/periods";
import { loginCookie, withSession } from "../helpers/auth";
import { kioskHeaders, publishQuestionnaireFile } from "../helpers/devices";
import { postJson, startServer, type TestServer } from "../helpers/server";
import mixed from "../fixtures/kiosk-mixed.json";

let server: TestServer;
const cookies: Record<string, string> = {};
const today = localDay(new Date());

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0", KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0" } });
  for (const who of ["admin", "motcua.bmt", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
  await publishQuestionnaireFile(server, mixed);
}, 120_000);
afterAll(async () => server?.stop());

function form(who: string, path: string, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, withSession(server.url, cookies[who], {
    method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString(),
  }));
}
function api(who: string | null, path: string, body: unknown) {
  const init: RequestInit = { method: "POST", headers: { "content-type": "application/json", accept: "application/json", origin: server.url }, body: JSON.stringify(body), redirect: "manual" };
  return fetch(`${server.url}${path}`, who ? withSession(server.url, cookies[who], init) : init);
}
async function kioskData(point: string) {
  const res = await fetch(`${server.url}/kiosk/${point}?_data=${encodeURIComponent("routes/kiosk.$point")}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { questionnaire: { code: string; questions: Array<{ code: string; type: string; options?: unknown[]; unit?: string; max?: number; maxLength?: number }> } };
}

describe("kiosk questionnaires of any type", () => {
  it("a kiosk shows sipas-kiosk by default; the admin gives a point a published kiosk questionnaire; bad choices are refused in Vietnamese", async () => {
    expect((await kioskData("MC-KNA")).questionnaire.code).toBe("sipas-kiosk");

    const bad = await form("admin", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "MC-KNA", questionnaire: "sipas" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Hãy chọn một bảng hỏi đã phát hành có kênh “kiosk”.");
    const noPoint = await form("admin", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "KHONG-CO", questionnaire: mixed.code });
    expect(noPoint.status).toBe(422);
    expect((await kioskData("MC-KNA")).questionnaire.code).toBe("sipas-kiosk");
    // Only staff with manage:devices may change it.
    expect((await form("motcua.bmt", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "MC-KNA", questionnaire: mixed.code })).status).toBe(403);

    const ok = await form("admin", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "MC-KNA", questionnaire: mixed.code });
    expect(ok.status).toBe(302);
    const q = (await kioskData("MC-KNA")).questionnaire;
    expect(q.code).toBe(mixed.code);
    expect(q.questions.map((x) => x.type)).toEqual(["likert5", "yes_no", "choice", "number", "text"]);
    expect(q.questions[2].options).toHaveLength(4);
    expect(q.questions[3]).toMatchObject({ unit: "đồng", max: 50_000_000 });
    expect(q.questions[4]).toMatchObject({ maxLength: 500 });
    // Another point keeps the default; "" puts MC-KNA back to it.
    expect((await kioskData("MC-KBU")).questionnaire.code).toBe("sipas-kiosk");
    expect((await form("admin", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "MC-KNA", questionnaire: "" })).status).toBe(302);
    expect((await kioskData("MC-KNA")).questionnaire.code).toBe("sipas-kiosk");
    expect((await form("admin", "/quan-tri/thiet-bi", { intent: "questionnaire", servicePoint: "MC-KNA", questionnaire: mixed.code })).status).toBe(302);
  });

  it("the kiosk's payload of every type passes POST /api/v1/responses; a wrong typed answer is refused; a retry with the same key stores once", async () => {
    const headers = await kioskHeaders(server, "MC-KNA");
    const body = {
      questionnaire: mixed.code, servicePoint: "MC-KNA", channel: "kiosk", idempotencyKey: "kiosk-types-0001", comment: null, submittedAt: new Date().toISOString(),
      answers: { "khh.1": 5, "khh.2": 1, "khh.3": 4, "khh.4": 150000, "khh.5": "Cần thêm ghế chờ" },
    };
    const first = await postJson(`${server.url}/api/v1/responses`, body, headers);
    expect(first.status).toBe(201);
    const again = await postJson(`${server.url}/api/v1/responses`, body, headers);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: first.json.id, replay: true });
    // Only the touch answers, the optional ones skipped (as the kiosk sends a skipped number / text).
    expect((await postJson(`${server.url}/api/v1/responses`, { ...body, idempotencyKey: "kiosk-types-0002", answers: { "khh.1": 3, "khh.2": 0, "khh.3": 1 } }, headers)).status).toBe(201);
    for (const [answers, field, msg] of [
      [{ "khh.2": 2 }, "answers.khh.2", "Có/Không"],
      [{ "khh.3": 5 }, "answers.khh.3", "từ 1 đến 4"],
      [{ "khh.4": 60_000_000 }, "answers.khh.4", "từ 0 đến 50000000"],
      [{ "khh.5": "x".repeat(501) }, "answers.khh.5", "tối đa 500 ký tự"],
    ] as const) {
      const r = await postJson(`${server.url}/api/v1/responses`, { ...body, idempotencyKey: `kiosk-types-bad-${field}`, answers: { "khh.1": 4, ...answers } }, headers);
      expect(r.status, field).toBe(422);
      expect(r.json.error.fields[field], field).toContain(msg);
    }
  });
});

describe("POST /api/v1/rounds/<code>/responses (the interviewer's outbox)", () => {
  const entry = (key: string, extra: Record<string, string> = {}) => ({
    servicePoint: "MC-BMT", idempotencyKey: key, comment: null,
    answers: { "khh.1": "4", "khh.2": "0", "khh.3": "2", "khh.4": "200.000", "khh.5": "Phỏng vấn tại nhà", ...extra },
  });

  it("stores an interview once per key, with the form's checks and Vietnamese messages; refuses strangers", async () => {
    const round = {
      intent: "create", code: "R-OUTBOX", name: "Đợt thử hàng đợi", questionnaire: mixed.code, startsOn: today, endsOn: today, weighting: "none",
      confidence: "0.95", margin: "0.05", allocation: "proportional", inc_BMT: "1", pop_BMT: "300", n_BMT: "3",
    };
    expect((await form("admin", "/quan-tri/dot-khao-sat", round)).status).toBe(302);
    expect((await form("admin", "/quan-tri/dot-khao-sat", { intent: "open", code: "R-OUTBOX" })).status).toBe(302);
    const path = "/api/v1/rounds/R-OUTBOX/responses";

    expect((await fetch(`${server.url}${path}`)).status).toBe(405);
    expect((await api(null, path, entry("outbox-0001"))).status).toBe(401);
    expect((await api("canbo.stp", path, entry("outbox-0001"))).status).toBe(403);
    expect((await api("motcua.bmt", "/api/v1/rounds/KHONG-CO/responses", entry("outbox-0001"))).status).toBe(404);

    const missing = await api("motcua.bmt", path, entry("outbox-0002", { "khh.2": "" }));
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.fields["answers.khh.2"]).toBe("Vui lòng chọn Có hoặc Không.");
    const badAmount = await api("motcua.bmt", path, entry("outbox-0003", { "khh.4": "hai trăm" }));
    expect(badAmount.status).toBe(422);
    expect((await badAmount.json()).error.fields["answers.khh.4"]).toContain("Vui lòng nhập số nguyên từ 0 đến 50.000.000");
    const otherPoint = await api("motcua.bmt", path, { ...entry("outbox-0004"), servicePoint: "MC-KPA" });
    expect(otherPoint.status).toBe(403);

    const first = await api("motcua.bmt", path, entry("outbox-0001"));
    expect(first.status).toBe(201);
    const { id } = await first.json();
    const replay = await api("motcua.bmt", path, entry("outbox-0001"));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ id, replay: true });
    const page = await (await fetch(`${server.url}/dot-khao-sat/R-OUTBOX/nhap`, withSession(server.url, cookies["motcua.bmt"]))).text();
    expect(page).toMatch(/data-unit="BMT" data-done="1"/);
  });
});
