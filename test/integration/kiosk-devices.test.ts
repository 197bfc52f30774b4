// The kiosk in the field, server side: trusted devices, flags on suspicious responses (kept,
// excluded, reviewed by the coordinator) and per-address rate limits of the public endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { createPairingCode, redeemPairingCode, revokeDevice } from "../../app/services/surveys/devices.server";
import { loginCookie, withSession } from "../helpers/auth";
import { pairDevice, type PairedTestDevice } from "../helpers/devices";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

const VIETNAMESE = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

const kioskBody = (key: string, at: string, over: Record<string, unknown> = {}) => ({
  questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: key, submittedAt: at,
  answers: { "kiosk.access": 4, "kiosk.procedures": 4, "kiosk.servants": 5, "kiosk.results": 4, "kiosk.feedback": 3 },
  ...over,
});

describe("trusted kiosk devices and flagged responses", () => {
  let server: TestServer;
  let db: ReturnType<typeof createDb>;
  let kiosk: PairedTestDevice;
  let adminCookie: string;
  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    kiosk = await pairDevice(server, "MC-BMT", "Quầy 1");
    adminCookie = await loginCookie(server.url, "admin");
  });
  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) => postJson(`${server.url}/api/v1/responses`, body, headers);
  const sipasN = async () => {
    const { status, json } = await getJson(`${server.url}/api/v1/indices?year=2024`);
    expect(status).toBe(200);
    return json.nodes[0].n as number;
  };
  const adminForm = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, withSession(server.url, adminCookie, { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } }));

  it("refuses a kiosk response without a valid device token for that point (403 in Vietnamese), stores one with it and records the device", async () => {
    const none = await post(kioskBody("dev-none-1", "2024-06-17T08:00:00+07:00"));
    expect(none.status).toBe(403);
    expect(none.json.error.message).toMatch(VIETNAMESE);
    expect((await post(kioskBody("dev-bad-1", "2024-06-17T08:00:00+07:00"), { "x-device-token": "x".repeat(43) })).status).toBe(403);
    const other = await post(kioskBody("dev-other-1", "2024-06-17T08:00:00+07:00", { servicePoint: "TTPVHCC-DLK" }), kiosk.headers);
    expect(other.status).toBe(403);
    expect(other.json.error.message).toContain("MC-BMT");
    const ok = await post(kioskBody("dev-ok-1", "2024-06-17T08:00:00+07:00"), kiosk.headers);
    expect(ok.status).toBe(201);
    const row = await db.selectFrom("response").select(["device_id", "excluded"]).where("id", "=", ok.json.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ device_id: kiosk.deviceId, excluded: 0 });
    expect(await db.selectFrom("response").select("id").where("idempotency_key", "in", ["dev-none-1", "dev-bad-1", "dev-other-1"]).execute()).toEqual([]);
  });

  it("pairing codes are one-time, expire, and are stored hashed; pairing is audited", async () => {
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const { code } = await createPairingCode(db, { servicePoint: "MC-EKA", name: "Quầy 2" }, { userId: admin.id });
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await db.selectFrom("pairing_code").select("id").where("code_hash", "=", code.replace("-", "")).execute()).toEqual([]);
    const first = await postJson(`${server.url}/api/v1/devices/pair`, { code: code.toLowerCase() });
    expect(first.status).toBe(201);
    expect(first.json.point.code).toBe("MC-EKA");
    const again = await postJson(`${server.url}/api/v1/devices/pair`, { code });
    expect(again.status).toBe(422);
    expect(again.json.error.message).toMatch(VIETNAMESE);
    const old = await createPairingCode(db, { servicePoint: "MC-EKA", name: "Quầy 3" }, { userId: admin.id }, new Date(Date.now() - 16 * 60_000));
    await expect(redeemPairingCode(db, old.code, null)).rejects.toThrow(/hết hạn/);
    const me = await getJson(`${server.url}/api/v1/devices/me`, { "x-device-token": first.json.token });
    expect(me.json.point.code).toBe("MC-EKA");
    const audits = await db.selectFrom("audit_log").select("action").where("action", "in", ["device.pair", "device.pairing_code"]).execute();
    expect(audits.filter((a) => a.action === "device.pair").length).toBeGreaterThanOrEqual(2);
  });

  it("a revoked device is refused (403) and its earlier responses stay", async () => {
    const d = await pairDevice(server, "MC-BMT", "Quầy sẽ thu hồi");
    const ok = await post(kioskBody("dev-rev-1", "2024-06-18T08:00:00+07:00"), d.headers);
    expect(ok.status).toBe(201);
    // Through the admin page, as the coordinator would.
    const res = await adminForm("/quan-tri/thiet-bi", { intent: "revoke", deviceId: String(d.deviceId) });
    expect(res.status).toBe(302);
    const refused = await post(kioskBody("dev-rev-2", "2024-06-18T08:10:00+07:00"), d.headers);
    expect(refused.status).toBe(403);
    expect((await getJson(`${server.url}/api/v1/devices/me`, d.headers)).status).toBe(403);
    expect(await db.selectFrom("response").select("id").where("id", "=", ok.json.id).executeTakeFirst()).toBeTruthy();
    const audit = await db.selectFrom("audit_log").select(["entity_id"]).where("action", "=", "device.revoke").execute();
    expect(audit.map((a) => a.entity_id)).toContain(String(d.deviceId));
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    expect((await revokeDevice(db, d.deviceId, { userId: admin.id })).changed).toBe(false);
  });

  it("flags responses too close together or too many per minute, keeps them out of the indices, lists them, and the coordinator can include them again", async () => {
    const d = await pairDevice(server, "MC-BMT", "Quầy nhanh");
    const before = await sipasN();
    const t0 = Date.parse("2024-07-01T09:00:00+07:00");
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    // 0 s (fine), 2 s (too fast), 20 s (fine), then every 6 s: at 44, 50 and 56 s there are 7, 8 and 9 within 60 s (more than 6).
    const times = [0, 2, 20, 26, 32, 38, 44, 50, 56];
    const results = [];
    for (const [i, s] of times.entries()) results.push(await post(kioskBody(`flag-key-${i}`, at(s)), d.headers));
    expect(results.map((r) => r.status), JSON.stringify(results.map((r) => r.json))).toEqual(times.map(() => 201));
    const flagged = results.filter((r) => r.json.flagged).map((r) => r.json.id as number);
    const rows = await db.selectFrom("response_flag").select(["response_id", "reasons"]).where("response_id", "in", results.map((r) => r.json.id)).orderBy("response_id").execute();
    expect(rows.map((r) => r.response_id)).toEqual(flagged);
    expect(rows[0]).toEqual({ response_id: results[1].json.id, reasons: "too_fast" });
    expect(rows.slice(1).every((r) => r.reasons.includes("too_many"))).toBe(true);
    expect(rows.length).toBe(4); // #1 too fast; #6, #7 and #8 too many
    // Kept, excluded, not counted.
    const stored = await db.selectFrom("response").select(["id", "excluded"]).where("idempotency_key", "like", "flag-key-%").execute();
    expect(stored).toHaveLength(times.length);
    expect(stored.filter((r) => r.excluded === 1).map((r) => r.id).sort((a, b) => a - b)).toEqual(flagged);
    expect(await sipasN()).toBe(before + times.length - flagged.length);

    // The coordinator's list shows them.
    const page = await fetch(`${server.url}/quan-tri/phieu-gan-co`, withSession(server.url, adminCookie));
    const html = await page.text();
    expect(page.status).toBe(200);
    for (const id of flagged) expect(html).toContain(`data-response-id="${id}"`);
    expect(html).toContain("Gửi quá sát phiếu trước");

    // Include one again: counted; exclude it again: not counted. Both audited.
    const inc = await adminForm("/quan-tri/phieu-gan-co", { intent: "include", responseId: String(flagged[0]) });
    expect(inc.status).toBe(302);
    expect(await sipasN()).toBe(before + times.length - flagged.length + 1);
    const exc = await adminForm("/quan-tri/phieu-gan-co", { intent: "exclude", responseId: String(flagged[0]) });
    expect(exc.status).toBe(302);
    expect(await sipasN()).toBe(before + times.length - flagged.length);
    const audits = await db.selectFrom("audit_log").select("action").where("entity", "=", "response").where("entity_id", "=", String(flagged[0])).execute();
    expect(audits.map((a) => a.action)).toEqual(["response.include", "response.exclude"]);
    // A replay of a flagged response is still answered with its id, storing nothing more.
    const replay = await post(kioskBody("flag-key-1", at(2)), d.headers);
    expect(replay.status).toBe(200);
    expect(replay.json.id).toBe(results[1].json.id);
  });

  it("flags a second response for one dossier code (another questionnaire) instead of counting it twice", async () => {
    const dossier = "H15.01-240701-0042";
    const online = await post({ questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", dossierCode: dossier, idempotencyKey: "dossier-on-1", submittedAt: "2024-07-02T09:00:00+07:00", answers: { "access.1": 5 } });
    expect(online.status).toBe(201);
    expect(online.json.flagged).toBeUndefined();
    const kioskToo = await post(kioskBody("dossier-ki-1", "2024-07-02T10:00:00+07:00", { dossierCode: dossier }), kiosk.headers);
    expect(kioskToo.status).toBe(201);
    expect(kioskToo.json.flagged).toBe(true);
    const flag = await db.selectFrom("response_flag").select("reasons").where("response_id", "=", kioskToo.json.id).executeTakeFirstOrThrow();
    expect(flag.reasons).toBe("dossier_repeat");
  });
});

describe("per-address rate limits of the public endpoints", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { PUBLIC_RATE_LIMIT_RESPONSES: "3/3", PUBLIC_RATE_LIMIT_FEEDBACK: "2/3" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const online = (i: number) => ({ questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", idempotencyKey: `rate-key-${i}`, answers: { "access.1": 4 } });

  it("answers 429 with Retry-After and a Vietnamese message past the limit, then lets the client in after the window", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await postJson(`${server.url}/api/v1/responses`, online(i));
      expect(r.status, r.text).toBe(201);
    }
    const res = await fetch(`${server.url}/api/v1/responses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(online(3)) });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(3);
    const body = await res.json();
    expect(body.error.code).toBe("too_many_requests");
    expect(body.error.message).toMatch(VIETNAMESE);
    // The survey form shares the limit and says so on the page.
    const form = await fetch(`${server.url}/s/sipas`, {
      method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ servicePoint: "MC-BMT", idempotencyKey: "rate-form-1", "q.access.1": "4" }),
    });
    expect(form.status).toBe(429);
    expect(form.headers.get("retry-after")).toBeTruthy();
    await new Promise((r) => setTimeout(r, (retry + 0.3) * 1000));
    expect((await postJson(`${server.url}/api/v1/responses`, online(4))).status).toBe(201);
  });

  it("limits the feedback API the same way", async () => {
    const fb = (i: number) => ({ kind: "gop_y", text: `Góp ý thử số ${i} về thái độ phục vụ tại bộ phận một cửa.`, idempotencyKey: `rate-fb-${i}` });
    for (let i = 0; i < 2; i++) expect((await postJson(`${server.url}/api/v1/feedback`, fb(i))).status).toBe(201);
    const third = await postJson(`${server.url}/api/v1/feedback`, fb(2));
    expect(third.status).toBe(429);
    expect(third.json.error.message).toMatch(VIETNAMESE);
  });
});
