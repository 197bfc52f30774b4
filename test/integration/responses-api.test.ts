// POST /api/v1/responses and the reference endpoints, over real HTTP against the built server.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairDevice, type PairedTestDevice } from "../helpers/devices";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let kiosk: PairedTestDevice;
beforeAll(async () => {
  server = await startServer();
  kiosk = await pairDevice(server, "MC-BMT");
});
afterAll(async () => {
  await server?.stop();
});

const VIETNAMESE = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

const valid = (over: Record<string, unknown> = {}) => ({
  questionnaire: "sipas",
  servicePoint: "MC-BMT",
  channel: "online",
  answers: { "access.1": 5, "access.2": 4, "procedures.1": 3, "feedback.1": null },
  idempotencyKey: "api-test-0001",
  submittedAt: "2024-06-17T09:30:00+07:00",
  ...over,
});

/** Respondents in 2024 (where the valid submissions go) and in the current year (where a response without a date would go). */
async function stored() {
  const thisYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const a = await getJson(`${server.url}/api/v1/indices?year=2024`);
  const b = await getJson(`${server.url}/api/v1/indices?year=${thisYear}`);
  const sqlite = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = (sqlite.prepare("select count(*) as c from response").get() as { c: number }).c;
    const answers = (sqlite.prepare("select count(*) as c from answer").get() as { c: number }).c;
    return { n2024: a.json.nodes[0].n as number, nNow: b.json.nodes[0].n as number, rows, answers };
  } finally {
    sqlite.close();
  }
}

async function post(body: unknown, contentType = "application/json", extra: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/responses`, {
    method: "POST",
    headers: { "content-type": contentType, ...extra },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

describe("POST /api/v1/responses", () => {
  let firstId: number;

  it("stores a valid response: 201 { id }", async () => {
    const before = await stored();
    const r = await postJson(`${server.url}/api/v1/responses`, valid());
    expect(r.status).toBe(201);
    expect(Number.isInteger(r.json.id)).toBe(true);
    expect(r.json.replay).toBe(false);
    firstId = r.json.id;
    const after = await stored();
    expect(after.n2024).toBe(before.n2024 + 1);
    expect(after.rows).toBe(before.rows + 1);
    expect(after.answers).toBe(before.answers + 4);
  });

  it("answers a replay of the same idempotency key with 200 and the same id, storing nothing twice", async () => {
    const before = await stored();
    for (let i = 0; i < 3; i++) {
      const r = await postJson(`${server.url}/api/v1/responses`, valid());
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ id: firstId, replay: true });
    }
    // The key stands for this submission only: other answers under it are refused (issue 14), not
    // acknowledged as a replay of the first.
    const changed = await postJson(`${server.url}/api/v1/responses`, valid({ answers: { "access.1": 1 } }));
    expect(changed.status).toBe(409);
    expect(changed.json.error.code).toBe("idempotency_key_reused");
    expect(await stored()).toEqual(before);
  });

  it("rates a dossier once: a second response with another key is 409 already_answered", async () => {
    const before = await stored();
    const dossier = "H15.01-240617-0001";
    const a = await postJson(`${server.url}/api/v1/responses`, valid({ dossierCode: dossier, idempotencyKey: "api-dossier-a1" }));
    expect(a.status).toBe(201);
    const b = await postJson(`${server.url}/api/v1/responses`, valid({ dossierCode: dossier, idempotencyKey: "api-dossier-b2", answers: { "access.1": 1 } }));
    expect(b.status).toBe(409);
    expect(b.json.error.code).toBe("already_answered");
    expect(b.json.error.message).toMatch(VIETNAMESE);
    expect(b.json.error.fields.dossierCode).toBeTruthy();
    const after = await stored();
    expect(after.rows).toBe(before.rows + 1);
    expect(after.n2024).toBe(before.n2024 + 1);
    // Replaying the first submission is still fine.
    const again = await postJson(`${server.url}/api/v1/responses`, valid({ dossierCode: dossier, idempotencyKey: "api-dossier-a1" }));
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(a.json.id);
  });

  const future = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
  const cases: Array<{ name: string; send: () => Promise<{ status: number; json: any }>; status: number; field?: string; code?: string }> = [
    { name: "not JSON", send: () => post("{questionnaire: sipas"), status: 400, code: "invalid_json" },
    { name: "a wrong content type", send: () => post(JSON.stringify(valid({ idempotencyKey: "api-bad-ct-01" })), "text/plain"), status: 415, code: "unsupported_media_type" },
    { name: "a form-encoded body", send: () => post("questionnaire=sipas&servicePoint=MC-BMT", "application/x-www-form-urlencoded"), status: 415 },
    { name: "an empty body", send: () => post(""), status: 400, code: "invalid_json" },
    { name: "an array body", send: () => post([valid({ idempotencyKey: "api-bad-arr-1" })]), status: 422, code: "invalid_input" },
    { name: "a JSON null", send: () => post("null"), status: 422 },
    { name: "a missing questionnaire", send: () => post(valid({ questionnaire: undefined, idempotencyKey: "api-bad-q-001" })), status: 422, field: "questionnaire" },
    { name: "an unknown questionnaire", send: () => post(valid({ questionnaire: "papi", idempotencyKey: "api-bad-q-002" })), status: 422, field: "questionnaire" },
    { name: "a missing service point", send: () => post(valid({ servicePoint: undefined, idempotencyKey: "api-bad-sp-01" })), status: 422, field: "servicePoint" },
    { name: "an unknown service point", send: () => post(valid({ servicePoint: "MC-KHONGCO", idempotencyKey: "api-bad-sp-02" })), status: 422, field: "servicePoint" },
    { name: "a bad channel", send: () => post(valid({ channel: "fax", idempotencyKey: "api-bad-ch-01" })), status: 422, field: "channel" },
    { name: "a channel the questionnaire is not for (kiosk answers to sipas)", send: () => post(valid({ channel: "kiosk", idempotencyKey: "api-bad-ch-02" }), "application/json", kiosk.headers), status: 422, field: "channel" },
    { name: "missing answers", send: () => post(valid({ answers: undefined, idempotencyKey: "api-bad-an-01" })), status: 422, field: "answers" },
    { name: "empty answers", send: () => post(valid({ answers: {}, idempotencyKey: "api-bad-an-02" })), status: 422, field: "answers" },
    { name: "answers that are not an object", send: () => post(valid({ answers: [5, 4, 3], idempotencyKey: "api-bad-an-03" })), status: 422, field: "answers" },
    { name: "an unknown question code", send: () => post(valid({ answers: { "access.1": 5, "access.9": 4 }, idempotencyKey: "api-bad-an-04" })), status: 422, field: "answers.access.9" },
    { name: "a kiosk question in the full questionnaire", send: () => post(valid({ answers: { "kiosk.access": 5 }, idempotencyKey: "api-bad-an-05" })), status: 422, field: "answers.kiosk.access" },
    { name: "a value of 0", send: () => post(valid({ answers: { "access.1": 0 }, idempotencyKey: "api-bad-va-00" })), status: 422, field: "answers.access.1" },
    { name: "a value of 6", send: () => post(valid({ answers: { "access.1": 6 }, idempotencyKey: "api-bad-va-06" })), status: 422, field: "answers.access.1" },
    { name: "a value of 3.5", send: () => post(valid({ answers: { "access.1": 3.5 }, idempotencyKey: "api-bad-va-35" })), status: 422, field: "answers.access.1" },
    { name: 'a value "4" as a string', send: () => post(valid({ answers: { "access.1": "4" }, idempotencyKey: "api-bad-va-s4" })), status: 422, field: "answers.access.1" },
    { name: "a missing idempotency key", send: () => post(valid({ idempotencyKey: undefined })), status: 422, field: "idempotencyKey" },
    { name: "an idempotency key that is too short", send: () => post(valid({ idempotencyKey: "abc" })), status: 422, field: "idempotencyKey" },
    { name: "an idempotency key with spaces", send: () => post(valid({ idempotencyKey: "api bad key 01" })), status: 422, field: "idempotencyKey" },
    { name: "submittedAt that is not a date", send: () => post(valid({ submittedAt: "hôm qua", idempotencyKey: "api-bad-at-01" })), status: 422, field: "submittedAt" },
    { name: "submittedAt without an offset", send: () => post(valid({ submittedAt: "2024-06-17 09:30", idempotencyKey: "api-bad-at-02" })), status: 422, field: "submittedAt" },
    { name: "submittedAt in the future", send: () => post(valid({ submittedAt: future, idempotencyKey: "api-bad-at-03" })), status: 422, field: "submittedAt" },
    { name: "an unknown procedure field", send: () => post(valid({ procedureField: "linh-vuc-la", idempotencyKey: "api-bad-pf-01" })), status: 422, field: "procedureField" },
    { name: "a comment over 2,000 characters", send: () => post(valid({ comment: "ý".repeat(2001), idempotencyKey: "api-bad-cm-01" })), status: 422, field: "comment" },
    { name: "a body over 64 KB", send: () => post(valid({ comment: "x".repeat(70 * 1024), idempotencyKey: "api-bad-big-1" })), status: 413, code: "too_large" },
    { name: "a dossier code that is too long", send: () => post(valid({ dossierCode: "H".repeat(65), idempotencyKey: "api-bad-dc-01" })), status: 422, field: "dossierCode" },
    { name: "a dossier code with spaces", send: () => post(valid({ dossierCode: "H15 01", idempotencyKey: "api-bad-dc-02" })), status: 422, field: "dossierCode" },
  ];

  it(`refuses ${cases.length} kinds of bad input with a 4xx JSON error in Vietnamese, storing nothing`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const before = await stored();
    for (const c of cases) {
      const r = await c.send();
      const where = `${c.name}: ${JSON.stringify(r.json)}`;
      expect(r.status, where).toBe(c.status);
      expect(r.json, where).not.toBeNull();
      expect(typeof r.json.error.code, where).toBe("string");
      if (c.code) expect(r.json.error.code, where).toBe(c.code);
      expect(r.json.error.message, where).toMatch(VIETNAMESE);
      expect(typeof r.json.error.fields, where).toBe("object");
      if (c.field) {
        expect(Object.keys(r.json.error.fields), where).toContain(c.field);
        expect(r.json.error.fields[c.field], where).toMatch(VIETNAMESE);
      }
    }
    expect(await stored()).toEqual(before);
  });

  it("sends the security headers, and refuses a cross-site browser post (CSRF) storing nothing", async () => {
    const ok = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(valid({ idempotencyKey: "api-test-headers-1", dossierCode: null })),
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ok.headers.get("x-frame-options")).toBe("DENY");
    expect(ok.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(ok.headers.get("content-type")).toContain("application/json");
    const cross = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: JSON.stringify(valid({ idempotencyKey: "api-test-headers-2", dossierCode: null })),
    });
    expect(cross.status).toBe(403);
    expect(await cross.text()).toMatch(VIETNAMESE);
    // Nothing was stored under that key: the same post from our own side is new (201), not a replay.
    const again = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(valid({ idempotencyKey: "api-test-headers-2", dossierCode: null })),
    });
    expect(again.status).toBe(201);
    expect(((await again.json()) as any).replay).toBe(false);
  });

  it("answers GET with 405 and Allow: POST", async () => {
    const res = await fetch(`${server.url}/api/v1/responses`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    const body = (await res.json()) as any;
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.message).toMatch(VIETNAMESE);
  });
});

describe("reference data", () => {
  it("GET /api/v1/units lists the 28 units of the demo province, 15 of them district-level", async () => {
    const { status, json } = await getJson(`${server.url}/api/v1/units`);
    expect(status).toBe(200);
    expect(json.units).toHaveLength(28);
    expect(json.units.filter((u: any) => u.level === "district")).toHaveLength(15);
    expect(json.units.filter((u: any) => u.level === "province").map((u: any) => u.code)).toEqual(["DLK"]);
    const commune = json.units.find((u: any) => u.code === "BMT-TANLOI");
    expect(commune).toMatchObject({ level: "commune", parent: "BMT" });
    expect(json.units.find((u: any) => u.code === "BMT").name).toMatch(VIETNAMESE);
  });

  it("GET /api/v1/service-points gives code, name, unit and agency", async () => {
    const { status, json } = await getJson(`${server.url}/api/v1/service-points`);
    expect(status).toBe(200);
    expect(json.servicePoints.length).toBe(28);
    for (const p of json.servicePoints) {
      for (const k of ["code", "name", "unit", "agency"]) expect(typeof p[k], `${p.code}.${k}`).toBe("string");
    }
    expect(json.servicePoints.find((p: any) => p.code === "MC-BMT")).toMatchObject({ unit: "BMT" });
    expect(json.servicePoints.find((p: any) => p.code === "MC-BMT-TANLOI")).toMatchObject({ unit: "BMT-TANLOI" });
    expect(json.servicePoints.find((p: any) => p.code === "TTPVHCC-DLK")).toMatchObject({ unit: "DLK" });
  });
});
