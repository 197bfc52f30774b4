import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";
import { DEMO_PASSWORD, loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The outside audit of issue 14, point by point, over real HTTP against the built server
 * (TRUST_PROXY=1, so that each test can speak from its own address with X-Forwarded-For).
 */
let server: TestServer;
let db: Db;
const cookies: Record<string, string> = {};
let ipSerial = 0;
/** A fresh client address per use, so that per-address limits of one test do not touch another. */
const nextIp = () => `198.51.100.${++ipSerial}`;
const key = () => crypto.randomUUID();
const TEXT = "Bộ phận một cửa hẹn trả kết quả chứng thực ngày 10/06 nhưng đến hẹn vẫn chưa có.";

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "1", PUBLIC_RATE_LIMIT_LOOKUP: "10/60", PUBLIC_RATE_LIMIT_ALL: "60/60" } });
  db = createDb(server.dbPath);
  for (const who of ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, "x-forwarded-for": nextIp(), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
const api = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": nextIp(), ...headers }, body: JSON.stringify(body) });
const asUser = (who: string, path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, withSession(server.url, cookies[who], init));
const feedback = (over: Record<string, unknown> = {}) => ({ kind: "phan_anh", topic: "chung-thuc", unit: "BMT", text: TEXT, consentPublish: false, ...over });
async function tokenWith(permissions: Parameters<typeof createApiToken>[2]["permissions"]) {
  const admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
  return (await createApiToken(db, admin, { name: `t-${permissions.join("-")}`, permissions, days: 1 }, { userId: null })).token;
}

describe("1. the next address after login stays on this site", () => {
  for (const [what, next] of [
    ["a tab before a second slash", "/\t/evil.example/"],
    ["a line feed before a second slash", "/\n/evil.example/"],
    ["a backslash", "/\\evil.example/"],
    ["a protocol-relative address", "//evil.example/"],
  ] as const) {
    it(`refuses ${what}: the user lands on the staff home, never a 5xx`, async () => {
      const res = await form("/dang-nhap", { login: "canbo.stp", password: DEMO_PASSWORD, next });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/trang-can-bo");
    });
  }
  it("keeps a path on this site with its query", async () => {
    const res = await form("/dang-nhap", { login: "canbo.stp", password: DEMO_PASSWORD, next: "/hop-thu?status=open" });
    expect(res.headers.get("location")).toBe("/hop-thu?status=open");
  });
});

describe("2. an idempotency key stands for one submission", () => {
  it("answers a replay with the same code, and the same key with another body with 409 and no code", async () => {
    const k = key();
    const first = await api("/api/v1/feedback", feedback({ kind: "to_cao", idempotencyKey: k }));
    expect(first.status).toBe(201);
    const code = (await first.json()).trackingCode;
    const again = await api("/api/v1/feedback", feedback({ kind: "to_cao", idempotencyKey: k }));
    expect(again.status).toBe(200);
    expect((await again.json()).trackingCode).toBe(code);
    const other = await api("/api/v1/feedback", feedback({ text: "Một nội dung hoàn toàn khác của người khác.", idempotencyKey: k }));
    expect(other.status).toBe(409);
    const body = await other.json();
    expect(body.error.code).toBe("idempotency_key_reused");
    expect(JSON.stringify(body)).not.toContain(code);
  });

  it("refuses a sender's key in the kiosk's namespace", async () => {
    const res = await api("/api/v1/feedback", feedback({ idempotencyKey: `kiosk:${key()}` }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields).toHaveProperty("idempotencyKey");
  });

  it("refuses the same response key with another body instead of answering 'replay'", async () => {
    const k = key();
    const a = await api("/api/v1/responses", { questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", answers: { "access.1": 5 }, idempotencyKey: k });
    expect(a.status).toBe(201);
    const b = await api("/api/v1/responses", { questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", answers: { "access.1": 5 }, idempotencyKey: k });
    expect(b.status).toBe(200);
    const c = await api("/api/v1/responses", { questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", answers: { "access.1": 1 }, idempotencyKey: k });
    expect(c.status).toBe(409);
    const stored = await db.selectFrom("response as r").innerJoin("answer as a", "a.response_id", "r.id").select("a.value").where("r.idempotency_key", "=", k).execute();
    expect(stored.map((s) => s.value)).toEqual([5]);
  });
});

describe("3. complaints and denunciations are read by the body handling them only", () => {
  let id = 0;
  beforeAll(async () => {
    const res = await api("/api/v1/feedback", feedback({ kind: "to_cao", text: "Tố cáo cán bộ phường Tân Lợi nhận tiền; người gửi: Nguyễn Văn Báo, 0912345678." }));
    const code = (await res.json()).trackingCode;
    id = (await db.selectFrom("feedback_item").select("id").where("tracking_code", "=", code).executeTakeFirstOrThrow()).id;
  });
  it("hides a denunciation about Buôn Ma Thuột from the city's and the province's leaders, page and inbox", async () => {
    for (const who of ["lanhdao.bmt", "lanhdao.tinh"]) {
      const page = await asUser(who, `/hop-thu/${id}`);
      expect(page.status).toBe(403);
      expect(await page.text()).not.toContain("Nguyễn Văn Báo");
      const inbox = await (await asUser(who, "/hop-thu?kind=to_cao")).text();
      expect(inbox).not.toContain(`/hop-thu/${id}"`);
    }
  });
  it("shows it to the coordinator", async () => {
    const page = await asUser("admin", `/hop-thu/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Nguyễn Văn Báo");
  });
});

describe("4. readers do not write internal notes", () => {
  let id = 0;
  let version = 0;
  beforeAll(async () => {
    const res = await api("/api/v1/feedback", feedback({ unit: "EKA" }));
    const code = (await res.json()).trackingCode;
    const row = await db.selectFrom("feedback_item").select(["id", "version"]).where("tracking_code", "=", code).executeTakeFirstOrThrow();
    [id, version] = [row.id, row.version];
  });
  const notes = async () => (await db.selectFrom("feedback_event").select("id").where("item_id", "=", id).where("kind", "=", "note").execute()).length;
  it("refuses a note from a leader and from a read:feedback token, and hides the note form from the leader", async () => {
    const fields = new URLSearchParams({ intent: "note", note: "Ghi chú của người chỉ được đọc.", version: String(version) });
    const leader = await asUser("lanhdao.tinh", `/hop-thu/${id}`, { method: "POST", body: fields, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(leader.status).toBe(403);
    const token = await tokenWith(["read:feedback"]);
    const byToken = await fetch(`${server.url}/hop-thu/${id}`, { method: "POST", redirect: "manual", body: fields, headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" } });
    expect(byToken.status).toBe(403);
    expect(await notes()).toBe(0);
    expect(await (await asUser("lanhdao.tinh", `/hop-thu/${id}`)).text()).not.toContain('value="note"');
  });
  it("takes a note from the coordinator", async () => {
    const fields = new URLSearchParams({ intent: "note", note: "Ghi chú của điều phối viên.", version: String(version) });
    const res = await asUser("admin", `/hop-thu/${id}`, { method: "POST", body: fields, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(302);
    expect(await notes()).toBe(1);
  });
});

describe("5. the login throttle", () => {
  const attempt = (login: string, password: string, ip: string) => form("/dang-nhap", { login, password }, { "x-forwarded-for": ip });
  it("checks at most 8 of 40 concurrent wrong passwords, counting username and e-mail as one account", async () => {
    const email = (await db.selectFrom("app_user").select("email").where("username", "=", "canbo.bmt").executeTakeFirstOrThrow()).email;
    const ip = nextIp();
    const names = email ? ["canbo.bmt", email] : ["canbo.bmt"];
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(names[i % names.length], `sai-mat-khau-${i}`, ip)));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(32);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // The same address is locked for this account, even with the right password.
    expect((await attempt("canbo.bmt", DEMO_PASSWORD, ip)).status).toBe(429);
    // From another address the owner still signs in: the lockout cannot be turned against them.
    const owner = await attempt("canbo.bmt", DEMO_PASSWORD, nextIp());
    expect(owner.status).toBe(302);
  }, 120_000);

  it("unlocks an account by an admin's audited action", async () => {
    const ip = nextIp();
    for (let i = 0; i < 9; i++) await attempt("lanhdao.bmt", `sai-${i}`, ip);
    expect((await attempt("lanhdao.bmt", DEMO_PASSWORD, ip)).status).toBe(429);
    const uid = (await db.selectFrom("app_user").select("id").where("username", "=", "lanhdao.bmt").executeTakeFirstOrThrow()).id;
    const page = await (await asUser("admin", `/quan-tri/nguoi-dung/${uid}`)).text();
    expect(page).toContain("Mở khóa đăng nhập");
    const unlock = await asUser("admin", `/quan-tri/nguoi-dung/${uid}`, { method: "POST", body: new URLSearchParams({ intent: "unlock" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(unlock.status).toBe(302);
    const logged = await db.selectFrom("audit_log").select(["user_id"]).where("action", "=", "user.unlock").where("entity_id", "=", String(uid)).execute();
    expect(logged).toHaveLength(1);
    expect((await attempt("lanhdao.bmt", DEMO_PASSWORD, ip)).status).toBe(302);
  }, 120_000);
});

describe("6. bad input is a 4xx, never a 5xx", () => {
  for (const [type, body] of [["text/plain", "login=a&password=b"], ["application/json", '{"login":"a"}'], ["application/xml", "<a/>"]] as const) {
    for (const path of ["/phan-anh", "/dang-nhap", "/s/sipas?point=MC-BMT", "/tra-cuu/2222-2222"]) {
      it(`answers 415 to ${type} on ${path}`, async () => {
        const res = await fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": type, origin: server.url, "x-forwarded-for": nextIp() }, body });
        expect(res.status).toBe(415);
        expect(await res.text()).toMatch(/không đúng định dạng/);
      });
    }
  }
  it("answers 415 to a staff action with a JSON body", async () => {
    const res = await asUser("admin", "/quan-tri/token", { method: "POST", body: '{"intent":"create"}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(415);
  });
  it("answers 404 to an unknown plan code on the plan page and its report pages", async () => {
    for (const path of ["/ke-hoach/KHONG-CO", "/ke-hoach/bao-cao?plan=KHONG-CO", "/ke-hoach/theo-doi?plan=KHONG-CO"]) {
      const res = await asUser("admin", path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Không tìm thấy kế hoạch");
    }
  });
  it("takes an evidence file whose name has a ';' (no 5xx)", async () => {
    const plan = await db.selectFrom("plan_task as t").innerJoin("plan as p", "p.id", "t.plan_id").select("t.id").where("p.code", "=", "PAPI-2021").where("t.code", "=", "2.1").executeTakeFirstOrThrow();
    const body = new FormData();
    for (const [k, v] of Object.entries({ intent: "report", task: String(plan.id), agency: "STP", plan: "PAPI-2021", period: "2021-Y", status: "in_progress", text: "Đã tổ chức hội nghị." })) body.set(k, v);
    body.append("evidence", new Blob([new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n"))]), 'bien-ban;hop"x.pdf');
    const res = await asUser("canbo.stp", "/ke-hoach/bao-cao?plan=PAPI-2021", { method: "POST", body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("hãy đổi tên tệp rồi gửi lại");
  });
});

/** A raw request: headers and only part of a body, to see whether the server answers before reading it all. */
function rawPost(path: string, headers: Record<string, string | number>, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: "POST", headers: { origin: server.url, ...headers } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" || (e as NodeJS.ErrnoException).code === "EPIPE" ? undefined : reject(e)));
    for (const c of chunks) req.write(c);
    // A declared 50 MB body is never finished: the answer must come first.
    if (!headers["content-length"]) req.end();
  });
}

describe("7. bodies have a size limit checked before they are read", () => {
  it("refuses a declared 50 MB form with 413 before reading it", async () => {
    const r = await rawPost("/s/sipas?point=MC-BMT", { "content-type": "application/x-www-form-urlencoded", "content-length": 50 * 1024 * 1024, "x-forwarded-for": nextIp() }, [Buffer.alloc(1024, "a")]);
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/quá lớn/);
  });
  it("cuts off a chunked form past the limit with 413", async () => {
    const r = await rawPost("/phan-anh", { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", "x-forwarded-for": nextIp() }, Array.from({ length: 40 }, () => Buffer.alloc(16 * 1024, "a")));
    expect(r.status).toBe(413);
  });
  it("refuses a declared oversize body on the fast ingest path and on the JSON API", async () => {
    for (const path of ["/api/v1/responses", "/api/v1/feedback"]) {
      const r = await rawPost(path, { "content-type": "application/json", "content-length": 50 * 1024 * 1024, "x-forwarded-for": nextIp() }, [Buffer.from("{")]);
      expect(r.status, path).toBe(413);
    }
  });
});

describe("8. tracking codes cannot be guessed quickly", () => {
  it("limits lookups per address on the page and the API (429 with Retry-After)", async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const path = i % 2 ? "/api/v1/feedback/2222-2222" : "/tra-cuu/2222-2222";
      const res = await fetch(`${server.url}${path}`, { headers: { "x-forwarded-for": ip } });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await fetch(`${server.url}/tra-cuu/2222-2222`, { headers: { "x-forwarded-for": nextIp() } })).status).toBe(404);
  });
});

describe("every public endpoint is rate-limited by address", () => {
  it("answers 429 with Retry-After past the per-address limit on any public page, and not to others", async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await fetch(`${server.url}${i % 2 ? "/cong-khai" : "/api/v1/units"}`, { headers: { "x-forwarded-for": ip } });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    expect((await fetch(`${server.url}/cong-khai`, { headers: { "x-forwarded-for": nextIp() } })).status).toBe(200);
    // Signed-in staff are not counted here (their actions have their own checks).
    expect((await fetch(`${server.url}/hop-thu`, { headers: { "x-forwarded-for": ip, cookie: cookies.admin } })).status).toBe(200);
  });
});

describe("9. private pages say so in their headers", () => {
  it("keeps no-store and X-Robots-Tag on the HTML tracking page", async () => {
    const code = (await (await api("/api/v1/feedback", feedback())).json()).trackingCode;
    const res = await fetch(`${server.url}/tra-cuu/${code}`, { headers: { "x-forwarded-for": nextIp() } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    expect(res.headers.get("x-robots-tag")).toMatch(/noindex/);
  });
  it("sends no-store on the token, posters and user pages and on a staff JSON answer", async () => {
    for (const path of ["/quan-tri/token", "/quan-tri/ap-phich", "/quan-tri/nguoi-dung/1", "/hop-thu", "/trang-can-bo"]) {
      const res = await asUser("admin", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toMatch(/no-store/);
    }
    const json = await fetch(`${server.url}/api/v1/indices?year=2024`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(json.headers.get("cache-control")).toMatch(/no-store/);
  });
});

describe("10. text is stored in NFC, without NUL and bidi overrides", () => {
  const NFD = "Phản ánh về thủ tục chứng thực ở Buôn Ma Thuột".normalize("NFD");
  it("normalises a form post and a JSON post", async () => {
    const viaForm = await form("/phan-anh", { kind: "phan_anh", topic: "chung-thuc", unit: "BMT", text: `${NFD}\u202E gnol\u0000`, idempotencyKey: key() });
    expect(viaForm.status).toBe(303);
    const formCode = /\/tra-cuu\/([^?]+)/.exec(viaForm.headers.get("location")!)![1];
    const viaApi = await api("/api/v1/feedback", feedback({ text: `${NFD}\u2066 x\u2069`, contactName: "Nguyễn Văn A".normalize("NFD") }));
    const apiCode = (await viaApi.json()).trackingCode;
    for (const code of [formCode, apiCode]) {
      const row = await db.selectFrom("feedback_item").select(["text", "contact_name"]).where("tracking_code", "=", code).executeTakeFirstOrThrow();
      expect(row.text.startsWith(NFD.normalize("NFC"))).toBe(true);
      expect(row.text).not.toMatch(/[\u0000\u202A-\u202E\u2066-\u2069]/);
      expect(row.text).toBe(row.text.normalize("NFC"));
    }
  });
  it("normalises query parameters, so that a search typed in NFD is an NFC search", async () => {
    const html = await (await fetch(`${server.url}/cong-khai?q=${encodeURIComponent("chứng thực".normalize("NFD"))}`, { headers: { "x-forwarded-for": nextIp() } })).text();
    expect(html).toContain(`value="${"chứng thực".normalize("NFC")}"`);
    expect(html).not.toContain("chứng thực".normalize("NFD"));
  });
});

describe("11. paper and phone answers need staff authority", () => {
  const paper = (over: Record<string, unknown> = {}) => ({ questionnaire: "sipas", servicePoint: "MC-BMT", channel: "paper", submittedAt: "2023-05-10T03:00:00Z", answers: { "access.1": 1 }, idempotencyKey: key(), ...over });
  it("refuses an anonymous paper or phone response (401) and one without enter:feedback there (403)", async () => {
    expect((await api("/api/v1/responses", paper())).status).toBe(401);
    expect((await api("/api/v1/responses", paper({ channel: "phone" }))).status).toBe(401);
    const reader = await tokenWith(["read:indices"]);
    expect((await api("/api/v1/responses", paper(), { authorization: `Bearer ${reader}` })).status).toBe(403);
    const before = await db.selectFrom("response").select("id").where("channel", "=", "paper").execute();
    expect(before).toHaveLength(0);
  });
  it("takes it from staff with enter:feedback at the point", async () => {
    const desk = await tokenWith(["enter:feedback"]);
    const res = await api("/api/v1/responses", paper(), { authorization: `Bearer ${desk}` });
    expect(res.status).toBe(201);
  });
});
