import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { evaluateAlerts } from "../../app/services/indices/alerts.server";
import { loginCookie } from "../helpers/auth";
import { pageText, staffClient } from "../helpers/forms";
import { kioskHeaders, NO_DEVICE_FLAGS } from "../helpers/devices";
import { postJson, startServer, type TestServer } from "../helpers/server";

/**
 * Alerts on crafted data: responses sent through the public API with chosen timestamps, the job
 * evaluated at chosen instants (the server's own timer is off). Low satisfaction and below-target
 * alerts at MC-BMT, silence at MC-BHO; deduplication, notification, scope, acknowledgement with a
 * comment (audited), and self-resolution when the condition ends.
 */
let server: TestServer;
let db: Db;
const cookies = new Map<string, string>();
let http: ReturnType<typeof staffClient>;
let serial = 0;

/** Friday 14/03/2025, 10:00 in Vietnam; the last working day before it is Thursday 13/03. */
const FRIDAY = new Date("2025-03-14T03:00:00Z");
/** Monday 24/03/2025, 10:00; the last working day before it is Friday 21/03. */
const MONDAY = new Date("2025-03-24T03:00:00Z");

async function send(point: string, day: string, value: 1 | 2 | 3 | 4 | 5, count: number) {
  for (let i = 0; i < count; i++) {
    serial += 1;
    const answers = Object.fromEntries(["kiosk.access", "kiosk.procedures", "kiosk.servants", "kiosk.results", "kiosk.feedback"].map((q) => [q, value]));
    const r = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: "sipas-kiosk", servicePoint: point, channel: "kiosk", answers, idempotencyKey: `alert-test-${serial}`, submittedAt: `${day}T09:${String(10 + (i % 40)).padStart(2, "0")}:00+07:00`,
    }, await kioskHeaders(server, point));
    expect(r.status, r.text).toBe(201);
  }
}

const alertsOf = (point: string) =>
  db.selectFrom("alert as a").innerJoin("service_point as p", "p.id", "a.service_point_id").selectAll("a").where("p.code", "=", point).orderBy("a.id").execute();

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0", ...NO_DEVICE_FLAGS } });
  db = createDb(server.dbPath);
  http = staffClient(server.url, cookies);
  for (const u of ["admin", "lanhdao.tinh", "lanhdao.bmt"]) cookies.set(u, await loginCookie(server.url, u));
  // A 2025 target for the province: SIPAS ≥ 85 %.
  const t = await http.post("/quan-tri/chi-tieu", "admin", { intent: "create", year: "2025", node: "SIPAS", unit: "DLK", kind: "absolute", value: "85", baselineSource: "measured" });
  expect(t.status).toBe(302);
  await send("MC-BMT", "2025-03-12", 2, 6); // dissatisfied
  await send("MC-BMT", "2025-03-13", 4, 6); // satisfied: 50 % over the week, 12 respondents
  await send("MC-BHO", "2025-03-10", 5, 3); // responses on Monday, none on Thursday
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe("alerts", () => {
  it("fire on low satisfaction, below target and silence, and notify the point's agency", async () => {
    const r = await evaluateAlerts(db, FRIDAY);
    expect(r.opened).toBe(3);
    const bmt = await alertsOf("MC-BMT");
    expect(bmt.map((a) => [a.kind, a.status, a.n])).toEqual([["low_satisfaction", "open", 12], ["below_target", "open", 12]]);
    expect(bmt[0].value).toBeCloseTo(0.5, 12);
    expect(bmt[0].threshold).toBeCloseTo(0.7, 12);
    expect(bmt[1].threshold).toBeCloseTo(0.85, 12);
    const bho = await alertsOf("MC-BHO");
    expect(bho.map((a) => [a.kind, a.status, a.detail])).toEqual([["silence", "open", "2025-03-13"]]);
    const outbox = await db.selectFrom("outbox").selectAll().where("dedupe_key", "like", "alert:%").execute();
    expect(outbox).toHaveLength(3);
    const agency = await db.selectFrom("agency").select("id").where("code", "=", "UBND-BMT").executeTakeFirstOrThrow();
    expect(outbox.filter((m) => m.recipient === `agency:${agency.id}`).map((m) => m.subject)).toEqual([
      "Cảnh báo: Mức hài lòng 7 ngày thấp — Bộ phận Một cửa UBND thành phố Buôn Ma Thuột",
      "Cảnh báo: Thấp hơn chỉ tiêu — Bộ phận Một cửa UBND thành phố Buôn Ma Thuột",
    ]);
    expect(outbox[0].body).toContain("50,00% (12 phiếu), dưới ngưỡng 70,00%");
  });

  it("are deduplicated: one open alert per point and kind", async () => {
    const r = await evaluateAlerts(db, new Date(FRIDAY.getTime() + 60_000));
    expect(r).toMatchObject({ opened: 0, updated: 3, resolved: 0 });
    expect(await alertsOf("MC-BMT")).toHaveLength(2);
    expect(await db.selectFrom("outbox").select("id").where("dedupe_key", "like", "alert:%").execute()).toHaveLength(3);
  });

  it("are shown to leaders within their scope only", async () => {
    const tinh = pageText((await http.get("/canh-bao", "lanhdao.tinh")).text);
    expect(tinh).toContain("Bộ phận Một cửa UBND thành phố Buôn Ma Thuột");
    expect(tinh).toContain("Bộ phận Một cửa UBND thị xã Buôn Hồ");
    expect(tinh).toContain("Không nhận được phiếu khảo sát nào trong ngày làm việc 13/03/2025");
    const bmt = await http.get("/canh-bao", "lanhdao.bmt");
    expect(bmt.text).toContain('data-testid="alert-MC-BMT-low_satisfaction"');
    expect(bmt.text).not.toContain("MC-BHO");
    expect(pageText(bmt.text)).not.toContain("Buôn Hồ");
  });

  it("are acknowledged with a comment (audited); an empty comment or another scope is refused", async () => {
    const [low] = await alertsOf("MC-BMT");
    const [silence] = await alertsOf("MC-BHO");
    const empty = await http.post("/canh-bao", "lanhdao.bmt", { intent: "acknowledge", id: low.id, comment: " " });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain("Vui lòng ghi nhận xét");
    const other = await http.post("/canh-bao", "lanhdao.bmt", { intent: "acknowledge", id: silence.id, comment: "Không phải của tôi" });
    expect(other.status).toBe(404);
    expect((await alertsOf("MC-BHO"))[0].status).toBe("open");

    const ok = await http.post("/canh-bao", "lanhdao.bmt", { intent: "acknowledge", id: low.id, comment: "Đã làm việc với bộ phận một cửa" });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/canh-bao?ok=ack");
    const after = (await alertsOf("MC-BMT"))[0];
    expect(after).toMatchObject({ status: "acknowledged", comment: "Đã làm việc với bộ phận một cửa" });
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "alert.acknowledge").where("entity_id", "=", String(low.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!).status).toBe("open");
    expect(JSON.parse(audit.after_json!).status).toBe("acknowledged");
    // A fetcher (the dashboard panel) gets JSON instead of a redirect.
    const viaFetch = await http.post("/canh-bao?_data=routes%2Fcanh-bao", "lanhdao.tinh", { intent: "acknowledge", id: silence.id, comment: "Đã gọi điện cho Buôn Hồ", js: "1" });
    expect(viaFetch.status).toBe(200);
    expect(JSON.parse(viaFetch.text)).toEqual({ ok: true });
    const page = pageText((await http.get("/canh-bao", "lanhdao.tinh")).text);
    expect(page).toContain("Ghi nhận bởi Lãnh đạo");
    expect(page).toContain("Đã làm việc với bộ phận một cửa");
  });

  it("resolve themselves when the condition ends", async () => {
    await send("MC-BMT", "2025-03-21", 5, 12); // a good week
    await send("MC-BHO", "2025-03-21", 4, 2); // responses again
    const r = await evaluateAlerts(db, MONDAY);
    expect(r.resolved).toBe(3);
    expect(r.opened).toBe(0);
    expect((await alertsOf("MC-BMT")).map((a) => a.status)).toEqual(["resolved", "resolved"]);
    expect((await alertsOf("MC-BHO")).map((a) => a.status)).toEqual(["resolved"]);
    const current = await http.get("/canh-bao", "lanhdao.tinh");
    expect(pageText(current.text)).toContain("Không có cảnh báo nào đang mở");
    const history = pageText((await http.get("/canh-bao?xem=da-dong", "lanhdao.tinh")).text);
    expect(history).toContain("Đã hết (tự đóng)");
    // Acknowledging a resolved alert is refused.
    const [low] = await alertsOf("MC-BMT");
    expect((await http.post("/canh-bao", "lanhdao.tinh", { intent: "acknowledge", id: low.id, comment: "Muộn rồi" })).status).toBe(409);
  });

  it("open again after resolving (a new alert, the old one kept as history)", async () => {
    // Tuesday 25/03: Monday 24/03 had no response at MC-BHO although 21/03 had some.
    const r = await evaluateAlerts(db, new Date("2025-03-25T03:00:00Z"));
    expect(r.opened).toBeGreaterThanOrEqual(1);
    const bho = await alertsOf("MC-BHO");
    expect(bho.map((a) => [a.kind, a.status])).toEqual([["silence", "resolved"], ["silence", "open"]]);
  });
});
