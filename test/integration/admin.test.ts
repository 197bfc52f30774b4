import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The admin pages through HTTP against the built server: permissions on loader and action, each
 * change audited with before/after, deactivation instead of deletion, sessions and tokens ended,
 * Vietnamese refusals of bad input that store nothing, CSRF.
 */

const PASSWORD = "HaiLong@2024";
const PAGES = ["/quan-tri/don-vi", "/quan-tri/co-quan", "/quan-tri/diem-phuc-vu", "/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/1", "/quan-tri/token", "/quan-tri/nhat-ky"];
const WRITABLE = ["/quan-tri/don-vi", "/quan-tri/co-quan", "/quan-tri/diem-phuc-vu", "/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/1", "/quan-tri/token"];

let server: TestServer;
let sqlite: Database.Database;
let admin: string;

type Fields = Record<string, string | string[]>;

function form(fields: Fields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
  return body;
}

async function login(username: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${server.url}/dang-nhap`, {
    method: "POST",
    body: form({ login: username, password, next: "/trang-can-bo" }),
    headers: { Origin: server.url },
    redirect: "manual",
  });
  expect(res.status, `login ${username}`).toBe(302);
  const m = /hl_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "");
  expect(m).not.toBeNull();
  return `hl_session=${m![1]}`;
}

async function get(p: string, auth?: { cookie?: string; bearer?: string }) {
  const headers: Record<string, string> = {};
  if (auth?.cookie) headers.cookie = auth.cookie;
  if (auth?.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  const res = await fetch(`${server.url}${p}`, { headers, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function post(p: string, cookie: string | null, fields: Fields, origin: string = server.url) {
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${server.url}${p}`, { method: "POST", body: form(fields), headers, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const count = (table: string, where = "1=1", ...args: unknown[]) => (sqlite.prepare(`SELECT COUNT(*) AS c FROM ${table} WHERE ${where}`).get(...args) as { c: number }).c;
const row = <T = any>(sqlText: string, ...args: unknown[]) => sqlite.prepare(sqlText).get(...args) as T;
const lastAudit = (action: string, entityId?: string | number) =>
  row<{ user_id: number; action: string; entity: string; entity_id: string; before_json: string | null; after_json: string | null; ip: string | null }>(
    `SELECT * FROM audit_log WHERE action = ? ${entityId === undefined ? "" : "AND entity_id = ?"} ORDER BY id DESC LIMIT 1`,
    ...(entityId === undefined ? [action] : [action, String(entityId)]),
  );
const userId = (username: string) => row<{ id: number }>("SELECT id FROM app_user WHERE username = ?", username).id;

beforeAll(async () => {
  server = await startServer();
  sqlite = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  admin = await login("admin");
});
afterAll(async () => {
  sqlite?.close();
  await server?.stop();
});

describe("who may open the admin pages", () => {
  it("sends an anonymous visitor to the login page", async () => {
    for (const p of PAGES) {
      const r = await get(p);
      expect(r.status, p).toBe(302);
      expect(r.location, p).toBe(`/dang-nhap?next=${encodeURIComponent(p)}`);
    }
  });

  it("answers 403 to a leader and to an agency officer, on GET and on POST, and stores nothing", async () => {
    const before = { units: count("admin_unit"), users: count("app_user"), audit: count("audit_log"), tokens: count("api_token") };
    for (const who of ["lanhdao.bmt", "canbo.stp"]) {
      const cookie = await login(who);
      expect((await get("/trang-can-bo", { cookie })).status).toBe(200);
      for (const p of PAGES) {
        const r = await get(p, { cookie });
        expect(r.status, `${who} GET ${p}`).toBe(403);
        expect(r.text).toContain("Bạn không có quyền");
      }
      for (const p of WRITABLE) {
        const r = await post(p, cookie, {
          intent: p.includes("nguoi-dung/") ? "disable" : "create", code: "HACK", name: "Hack", level: "district", parent: "DLK", kind: "department", unit: "DLK", agency: "STP",
          username: "hacker", displayName: "Hacker", password: "MatKhauManh2025", role: "admin", userId: "1", permissions: "manage:users", days: "30",
        });
        expect(r.status, `${who} POST ${p}`).toBe(403);
      }
      const r = await post("/quan-tri/nhat-ky", cookie, { intent: "delete" });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect({ units: count("admin_unit"), users: count("app_user"), audit: count("audit_log"), tokens: count("api_token") }).toEqual(before);
    expect(count("app_user", "active = 1")).toBe(before.users);
  });

  it("shows every admin page to the admin, with the way back to the staff home and the demo banner", async () => {
    for (const p of PAGES) {
      const r = await get(p, { cookie: admin });
      expect(r.status, p).toBe(200);
      expect(r.text).toContain('href="/trang-can-bo"');
      expect(r.text).toContain("Dữ liệu mẫu");
    }
  });

  it("refuses a cross-site POST (CSRF) and stores nothing", async () => {
    const units = count("admin_unit");
    const r = await post("/quan-tri/don-vi", admin, { intent: "create", code: "EVIL", name: "Evil", level: "district", parent: "DLK" }, "http://evil.example");
    expect(r.status).toBe(403);
    expect(count("admin_unit")).toBe(units);
    const u = await post(`/quan-tri/nguoi-dung/${userId("canbo.bmt")}`, admin, { intent: "disable" }, "http://evil.example");
    expect(u.status).toBe(403);
    expect(row<{ active: number }>("SELECT active FROM app_user WHERE username = 'canbo.bmt'").active).toBe(1);
  });
});

describe("organisation: units, agencies, service points", () => {
  it("creates, edits, deactivates and reactivates a unit, each change audited with before/after", async () => {
    const adminId = userId("admin");
    const created = await post("/quan-tri/don-vi", admin, { intent: "create", code: "bmt-thunghiem", name: "Phường Thử Nghiệm", nameEn: "Test Ward", level: "commune", parent: "BMT" });
    expect(created.status).toBe(302);
    expect(created.location).toBe("/quan-tri/don-vi?ok=created&ref=BMT-THUNGHIEM");
    const unit = row<{ id: number; code: string; name: string; parent_id: number; active: number; level: string }>("SELECT * FROM admin_unit WHERE code = 'BMT-THUNGHIEM'");
    expect(unit).toMatchObject({ name: "Phường Thử Nghiệm", level: "commune", active: 1, parent_id: row<{ id: number }>("SELECT id FROM admin_unit WHERE code='BMT'").id });
    const a1 = lastAudit("unit.create", unit.id);
    expect(a1.user_id).toBe(adminId);
    expect(a1.entity).toBe("admin_unit");
    expect(a1.before_json).toBeNull();
    expect(JSON.parse(a1.after_json!)).toMatchObject({ code: "BMT-THUNGHIEM", name: "Phường Thử Nghiệm", active: 1 });
    expect(a1.ip).toBeTruthy();

    const page = await get("/quan-tri/don-vi?ok=created&ref=BMT-THUNGHIEM", { cookie: admin });
    expect(page.text).toContain("Đã thêm đơn vị BMT-THUNGHIEM.");
    expect(page.text).toContain("Phường Thử Nghiệm");

    const edited = await post("/quan-tri/don-vi", admin, { intent: "update", code: "BMT-THUNGHIEM", name: "Phường Thử Nghiệm Mới", nameEn: "", parent: "BMT" });
    expect(edited.status).toBe(302);
    const a2 = lastAudit("unit.update", unit.id);
    expect(JSON.parse(a2.before_json!)).toMatchObject({ name: "Phường Thử Nghiệm", name_en: "Test Ward" });
    expect(JSON.parse(a2.after_json!)).toMatchObject({ name: "Phường Thử Nghiệm Mới", name_en: null });

    const off = await post("/quan-tri/don-vi", admin, { intent: "deactivate", code: "BMT-THUNGHIEM" });
    expect(off.status).toBe(302);
    expect(row<{ active: number }>("SELECT active FROM admin_unit WHERE id = ?", unit.id).active).toBe(0); // the row stays
    const a3 = lastAudit("unit.deactivate", unit.id);
    expect(JSON.parse(a3.before_json!).active).toBe(1);
    expect(JSON.parse(a3.after_json!).active).toBe(0);
    const api = await fetch(`${server.url}/api/v1/units`).then((r) => r.json() as Promise<{ units: Array<{ code: string }> }>);
    expect(api.units.map((u) => u.code)).not.toContain("BMT-THUNGHIEM");
    const list = await get("/quan-tri/don-vi", { cookie: admin });
    expect(list.text).toMatch(/data-code="BMT-THUNGHIEM"(?:(?!<\/tr>)[\s\S])*Đã ngừng(?:(?!<\/tr>)[\s\S])*Kích hoạt lại/);

    const on = await post("/quan-tri/don-vi", admin, { intent: "reactivate", code: "BMT-THUNGHIEM" });
    expect(on.status).toBe(302);
    expect(row<{ active: number }>("SELECT active FROM admin_unit WHERE id = ?", unit.id).active).toBe(1);
    expect(JSON.parse(lastAudit("unit.reactivate", unit.id).after_json!).active).toBe(1);
  });

  it("refuses bad unit input in Vietnamese and stores nothing", async () => {
    const units = count("admin_unit");
    const audits = count("audit_log");
    const cases: Array<[Fields, number, string]> = [
      [{ intent: "create", code: "", name: "Không mã", level: "district", parent: "DLK" }, 400, "Vui lòng nhập mã."],
      [{ intent: "create", code: "BMT", name: "Trùng mã", level: "district", parent: "DLK" }, 409, "đã được dùng"],
      [{ intent: "create", code: "NEW-X", name: "Cha lạ", level: "commune", parent: "NOPE" }, 400, "Không tìm thấy đơn vị cấp trên"],
      [{ intent: "create", code: "NEW-Y", name: "", level: "district", parent: "DLK" }, 400, "Vui lòng nhập tên đơn vị."],
      [{ intent: "create", code: "NEW-Z", name: "Sai cấp", level: "district", parent: "BMT-TANLOI" }, 400, "phải là đơn vị tỉnh"],
      [{ intent: "create", code: "có dấu", name: "Mã sai", level: "district", parent: "DLK" }, 400, "Mã chỉ gồm chữ cái không dấu"],
      [{ intent: "update", code: "BMT", name: "Buôn Ma Thuột", parent: "NOPE" }, 400, "Không tìm thấy đơn vị cấp trên"],
      [{ intent: "deactivate", code: "BMT" }, 409, "còn"],
      [{ intent: "explode" }, 400, "Thao tác không hợp lệ"],
    ];
    for (const [fields, status, message] of cases) {
      const r = await post("/quan-tri/don-vi", admin, fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.text, JSON.stringify(fields)).toContain(message);
    }
    expect(count("admin_unit")).toBe(units);
    expect(count("audit_log")).toBe(audits);
    expect(row<{ name: string; active: number }>("SELECT name, active FROM admin_unit WHERE code='BMT'")).toEqual({ name: "Thành phố Buôn Ma Thuột", active: 1 });
  });

  it("creates and edits agencies with a parent agency, refusing a cycle", async () => {
    const a = await post("/quan-tri/co-quan", admin, { intent: "create", code: "TEST-SO", name: "Sở Thử Nghiệm", kind: "department", parent: "UBND-DLK", unit: "DLK" });
    expect(a.status).toBe(302);
    const b = await post("/quan-tri/co-quan", admin, { intent: "create", code: "TEST-PHONG", name: "Phòng Thử Nghiệm", kind: "office", parent: "TEST-SO", unit: "BMT" });
    expect(b.status).toBe(302);
    const so = row<{ id: number; parent_id: number }>("SELECT id, parent_id FROM agency WHERE code='TEST-SO'");
    const phong = row<{ id: number; parent_id: number; unit_id: number }>("SELECT id, parent_id, unit_id FROM agency WHERE code='TEST-PHONG'");
    expect(phong.parent_id).toBe(so.id);
    expect(JSON.parse(lastAudit("agency.create", phong.id).after_json!)).toMatchObject({ code: "TEST-PHONG", parent_id: so.id });

    const audits = count("audit_log");
    const cycle = await post("/quan-tri/co-quan", admin, { intent: "update", code: "TEST-SO", name: "Sở Thử Nghiệm", kind: "department", parent: "TEST-PHONG", unit: "DLK" });
    expect(cycle.status).toBe(400);
    expect(cycle.text).toContain("vòng lặp");
    const self = await post("/quan-tri/co-quan", admin, { intent: "update", code: "TEST-SO", name: "Sở Thử Nghiệm", kind: "department", parent: "TEST-SO", unit: "DLK" });
    expect(self.status).toBe(400);
    expect(self.text).toContain("vòng lặp");
    const unknown = await post("/quan-tri/co-quan", admin, { intent: "create", code: "TEST-X", name: "X", kind: "department", parent: "KHONG-CO", unit: "DLK" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("Không tìm thấy cơ quan cấp trên");
    const dup = await post("/quan-tri/co-quan", admin, { intent: "create", code: "STP", name: "Trùng", kind: "department", parent: "", unit: "DLK" });
    expect(dup.status).toBe(409);
    const noUnit = await post("/quan-tri/co-quan", admin, { intent: "create", code: "TEST-Y", name: "Y", kind: "department", parent: "", unit: "" });
    expect(noUnit.status).toBe(400);
    expect(noUnit.text).toContain("Vui lòng chọn đơn vị hành chính");
    expect(row<{ parent_id: number }>("SELECT parent_id FROM agency WHERE code='TEST-SO'").parent_id).toBe(so.parent_id);
    expect(count("agency", "code IN ('TEST-X','TEST-Y')")).toBe(0);
    expect(count("audit_log")).toBe(audits);

    const edit = await post("/quan-tri/co-quan", admin, { intent: "update", code: "TEST-PHONG", name: "Phòng Thử Nghiệm 2", kind: "office", parent: "UBND-BMT", unit: "BMT" });
    expect(edit.status).toBe(302);
    const a2 = lastAudit("agency.update", phong.id);
    expect(JSON.parse(a2.before_json!)).toMatchObject({ name: "Phòng Thử Nghiệm", parent_id: so.id });
    expect(JSON.parse(a2.after_json!)).toMatchObject({ name: "Phòng Thử Nghiệm 2" });

    const off = await post("/quan-tri/co-quan", admin, { intent: "deactivate", code: "TEST-SO" });
    expect(off.status).toBe(302);
    expect(row<{ active: number }>("SELECT active FROM agency WHERE id = ?", so.id).active).toBe(0);
    const list = await get("/quan-tri/co-quan", { cookie: admin });
    expect(list.text).toMatch(/data-code="TEST-SO"(?:(?!<\/tr>)[\s\S])*Đã ngừng(?:(?!<\/tr>)[\s\S])*Kích hoạt lại/);
    expect((await post("/quan-tri/co-quan", admin, { intent: "reactivate", code: "TEST-SO" })).status).toBe(302);
  });

  it("creates a service point with its kiosk link, edits and deactivates it", async () => {
    const r = await post("/quan-tri/diem-phuc-vu", admin, { intent: "create", code: "MC-BMT-THUNGHIEM", name: "Bộ phận Một cửa Phường Thử Nghiệm", kind: "commune_desk", unit: "BMT-THUNGHIEM", agency: "UBND-BMT" });
    expect(r.status).toBe(302);
    const p = row<{ id: number; kind: string; active: number }>("SELECT id, kind, active FROM service_point WHERE code='MC-BMT-THUNGHIEM'");
    expect(p).toMatchObject({ kind: "commune_desk", active: 1 });
    expect(JSON.parse(lastAudit("service_point.create", p.id).after_json!)).toMatchObject({ code: "MC-BMT-THUNGHIEM" });
    const list = await get("/quan-tri/diem-phuc-vu", { cookie: admin });
    expect(list.text).toContain('href="/kiosk/MC-BMT-THUNGHIEM"');
    expect((await get("/kiosk/MC-BMT-THUNGHIEM")).status).toBe(200);

    const bad = await post("/quan-tri/diem-phuc-vu", admin, { intent: "create", code: "MC-X", name: "X", kind: "kiosk", unit: "BMT", agency: "NOPE" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Vui lòng chọn loại điểm phục vụ.");
    expect(count("service_point", "code = 'MC-X'")).toBe(0);

    // A unit with an active service point is not deactivated.
    const busy = await post("/quan-tri/don-vi", admin, { intent: "deactivate", code: "BMT-THUNGHIEM" });
    expect(busy.status).toBe(409);
    expect(busy.text).toContain("MC-BMT-THUNGHIEM");

    const edit = await post("/quan-tri/diem-phuc-vu", admin, { intent: "update", code: "MC-BMT-THUNGHIEM", name: "Một cửa Phường Thử Nghiệm", kind: "commune_desk", unit: "BMT-THUNGHIEM", agency: "UBND-BMT" });
    expect(edit.status).toBe(302);
    expect(JSON.parse(lastAudit("service_point.update", p.id).before_json!).name).toBe("Bộ phận Một cửa Phường Thử Nghiệm");
    const off = await post("/quan-tri/diem-phuc-vu", admin, { intent: "deactivate", code: "MC-BMT-THUNGHIEM" });
    expect(off.status).toBe(302);
    expect(row<{ active: number }>("SELECT active FROM service_point WHERE id = ?", p.id).active).toBe(0);
    expect(JSON.parse(lastAudit("service_point.deactivate", p.id).after_json!).active).toBe(0);
  });
});

describe("users and role grants", () => {
  it("creates a user with a leader grant; the audit row never holds a password", async () => {
    const r = await post("/quan-tri/nguoi-dung", admin, {
      intent: "create", username: "LanhDao.Test", displayName: "Nguyễn Thị Thử", email: "thu@daklak.gov.vn", password: "MatKhauMoi2025", role: "leader", unit: "BMT",
    });
    expect(r.status).toBe(302);
    expect(r.location).toBe("/quan-tri/nguoi-dung?ok=created&ref=lanhdao.test");
    const id = userId("lanhdao.test");
    const grants = sqlite.prepare("SELECT role, unit_id, agency_id, service_point_id, active FROM role_grant WHERE user_id = ?").all(id);
    expect(grants).toEqual([{ role: "leader", unit_id: row<{ id: number }>("SELECT id FROM admin_unit WHERE code='BMT'").id, agency_id: null, service_point_id: null, active: 1 }]);
    const a = lastAudit("user.create", id);
    expect(JSON.parse(a.after_json!)).toMatchObject({ username: "lanhdao.test", displayName: "Nguyễn Thị Thử", grants: [{ role: "leader" }] });
    const list = await get("/quan-tri/nguoi-dung", { cookie: admin });
    expect(list.text).toMatch(/data-username="lanhdao.test"[\s\S]*?Lãnh đạo[\s\S]*?BMT/);
    expect(list.text).toMatch(/data-username="admin"[\s\S]*?Mẫu/); // demo accounts are marked
    const cookie = await login("lanhdao.test", "MatKhauMoi2025");
    expect((await get("/trang-can-bo", { cookie })).status).toBe(200);
    expect((await get("/quan-tri/don-vi", { cookie })).status).toBe(403);
  });

  it("refuses bad user input in Vietnamese and stores nothing", async () => {
    const users = count("app_user");
    const grants = count("role_grant");
    const audits = count("audit_log");
    const base = { intent: "create", username: "moi.nguoi", displayName: "Người Mới", email: "", password: "MatKhauMoi2025", role: "leader", unit: "BMT" };
    const cases: Array<[Fields, number, string]> = [
      [{ ...base, password: "ngan1" }, 400, "Mật khẩu phải có ít nhất 10 ký tự."],
      [{ ...base, password: "chiCoChuThoiMa" }, 400, "Mật khẩu phải có cả chữ và số."],
      [{ ...base, username: "admin" }, 409, "đã được dùng"],
      [{ ...base, username: "a b" }, 400, "Tên đăng nhập gồm 3–50 ký tự"],
      [{ ...base, email: "khong-phai-email" }, 400, "Email không đúng định dạng"],
      [{ ...base, unit: "" }, 400, "Vui lòng chọn đơn vị hành chính."],
      [{ ...base, unit: "NOPE" }, 400, "Không tìm thấy đơn vị"],
      [{ ...base, agencies: ["STP"] }, 400, "không dùng cơ quan"],
      [{ ...base, role: "agency_officer", unit: "", agencies: [] }, 400, "Vui lòng chọn ít nhất một cơ quan."],
      [{ ...base, role: "desk_officer", unit: "", servicePoint: "NOPE" }, 400, "Không tìm thấy điểm phục vụ"],
      [{ ...base, role: "admin" }, 400, "không dùng đơn vị hành chính"],
      [{ ...base, role: "superuser" }, 400, "Vui lòng chọn vai trò."],
    ];
    for (const [fields, status, message] of cases) {
      const r = await post("/quan-tri/nguoi-dung", admin, fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.text, JSON.stringify(fields)).toContain(message);
      expect(r.text).not.toContain("MatKhauMoi2025"); // the password is never echoed back
    }
    expect([count("app_user"), count("role_grant"), count("audit_log")]).toEqual([users, grants, audits]);
  });

  it("edits a user, adds one grant per agency, deactivates a grant", async () => {
    const id = userId("lanhdao.test");
    const p = `/quan-tri/nguoi-dung/${id}`;
    const edit = await post(p, admin, { intent: "update", displayName: "Nguyễn Thị Thử Hai", email: "thu2@daklak.gov.vn" });
    expect(edit.status).toBe(302);
    const a = lastAudit("user.update", id);
    expect(JSON.parse(a.before_json!)).toMatchObject({ display_name: "Nguyễn Thị Thử", email: "thu@daklak.gov.vn" });
    expect(JSON.parse(a.after_json!)).toMatchObject({ display_name: "Nguyễn Thị Thử Hai", email: "thu2@daklak.gov.vn" });
    expect(a.before_json).not.toContain("password_hash");
    expect(a.after_json).not.toContain("scrypt");

    const same = await post(p, admin, { intent: "update", displayName: "Nguyễn Thị Thử Hai", email: "thu2@daklak.gov.vn" });
    expect(same.status).toBe(302); // its own e-mail is not a duplicate
    const other = await post(`/quan-tri/nguoi-dung/${userId("canbo.bmt")}`, admin, { intent: "update", displayName: "Cán bộ", email: "THU2@daklak.gov.vn" });
    expect(other.status).toBe(409);
    expect(other.text).toContain("đã được dùng cho tài khoản khác");

    const add = await post(p, admin, { intent: "add-grant", role: "agency_officer", agencies: ["STP", "SNV"] });
    expect(add.status).toBe(302);
    const rows = sqlite.prepare("SELECT g.id, a.code FROM role_grant g JOIN agency a ON a.id = g.agency_id WHERE g.user_id = ? AND g.active = 1 ORDER BY g.id").all(id) as Array<{ id: number; code: string }>;
    expect(rows.map((r) => r.code)).toEqual(["STP", "SNV"]);
    expect(JSON.parse(lastAudit("grant.create", rows[1].id).after_json!)).toMatchObject({ role: "agency_officer", scope: "SNV" });

    const again = await post(p, admin, { intent: "add-grant", role: "agency_officer", agencies: ["STP"] });
    expect(again.status).toBe(409);
    expect(again.text).toContain("đã có vai trò này");
    const mismatch = await post(p, admin, { intent: "add-grant", role: "desk_officer", servicePoint: "MC-BMT", unit: "BMT" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain("không dùng đơn vị hành chính");

    const off = await post(p, admin, { intent: "deactivate-grant", grantId: String(rows[0].id) });
    expect(off.status).toBe(302);
    expect(row<{ active: number }>("SELECT active FROM role_grant WHERE id = ?", rows[0].id).active).toBe(0);
    const a2 = lastAudit("grant.deactivate", rows[0].id);
    expect(JSON.parse(a2.before_json!).active).toBe(1);
    expect(JSON.parse(a2.after_json!).active).toBe(0);
    const page = await get(p, { cookie: admin });
    expect(page.text).toContain("1 quyền đã thu hồi");
  });

  it("disabling a user ends their live session; enabling lets them in again", async () => {
    const id = userId("lanhdao.test");
    const cookie = await login("lanhdao.test", "MatKhauMoi2025");
    expect((await get("/trang-can-bo", { cookie })).status).toBe(200);
    const off = await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "disable" });
    expect(off.status).toBe(302);
    const after = await get("/trang-can-bo", { cookie });
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/dang-nhap/);
    expect(count("user_session", "user_id = ? AND revoked_at IS NULL", id)).toBe(0);
    const a = lastAudit("user.disable", id);
    expect(JSON.parse(a.before_json!).active).toBe(1);
    expect(JSON.parse(a.after_json!).active).toBe(0);
    const refused = await post("/dang-nhap", null, { login: "lanhdao.test", password: "MatKhauMoi2025" });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("vô hiệu hóa");
    expect((await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "enable" })).status).toBe(302);
    expect((await get("/trang-can-bo", { cookie: await login("lanhdao.test", "MatKhauMoi2025") })).status).toBe(200);
  });

  it("an admin cannot disable themselves nor drop their own admin grant", async () => {
    const id = userId("admin");
    const r = await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "disable" });
    expect(r.status).toBe(409);
    expect(r.text).toContain("không thể tự vô hiệu hóa");
    const grant = row<{ id: number }>("SELECT id FROM role_grant WHERE user_id = ? AND role = 'admin'", id);
    const g = await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "deactivate-grant", grantId: String(grant.id) });
    expect(g.status).toBe(409);
    expect(row<{ active: number }>("SELECT active FROM app_user WHERE id = ?", id).active).toBe(1);
    expect((await get("/quan-tri/don-vi", { cookie: admin })).status).toBe(200);
  });

  it("resetting a password ends the user's sessions; only the new password works", async () => {
    const id = userId("lanhdao.test");
    const cookie = await login("lanhdao.test", "MatKhauMoi2025");
    const weak = await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "reset-password", password: "123" });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain("Mật khẩu phải có ít nhất 10 ký tự.");
    expect((await get("/trang-can-bo", { cookie })).status).toBe(200);
    const r = await post(`/quan-tri/nguoi-dung/${id}`, admin, { intent: "reset-password", password: "MatKhauKhac2026" });
    expect(r.status).toBe(302);
    expect((await get("/trang-can-bo", { cookie })).status).toBe(302);
    const old = await post("/dang-nhap", null, { login: "lanhdao.test", password: "MatKhauMoi2025" });
    expect(old.status).toBe(401);
    await login("lanhdao.test", "MatKhauKhac2026");
    const a = lastAudit("user.password_reset", id);
    expect(a.after_json).not.toContain("scrypt");
    expect(a.after_json).not.toContain("MatKhauKhac2026");
    expect(JSON.parse(a.after_json!).sessions_revoked).toBeGreaterThanOrEqual(1);
  });

  it("answers 404 for an unknown user", async () => {
    expect((await get("/quan-tri/nguoi-dung/999999", { cookie: admin })).status).toBe(404);
    expect((await get("/quan-tri/nguoi-dung/abc", { cookie: admin })).status).toBe(404);
  });
});

describe("API tokens", () => {
  it("shows a new token once; it works as a bearer token until revoked", async () => {
    const adminId = userId("admin");
    const page = await get(`/quan-tri/token?user=${adminId}`, { cookie: admin });
    expect(page.text).toContain('value="manage:org"'); // the owner's permissions are offered
    const r = await post(`/quan-tri/token?user=${adminId}`, admin, { intent: "create", userId: String(adminId), name: "Đồng bộ thử", permissions: ["read:indices"], days: "30" });
    expect(r.status).toBe(200);
    expect(r.text).toContain("Sao chép token ngay bây giờ.");
    const token = /data-testid="new-token">(hl_[A-Za-z0-9_-]+)</.exec(r.text)?.[1];
    expect(token).toBeTruthy();
    const stored = row<{ id: number; prefix: string; token_hash: string; permissions: string; expires_at: string }>("SELECT * FROM api_token ORDER BY id DESC LIMIT 1");
    expect(stored.token_hash).not.toBe(token);
    expect(JSON.parse(stored.permissions)).toEqual(["read:indices"]);
    expect(Math.round((Date.parse(stored.expires_at) - Date.now()) / 86400_000)).toBe(30);
    expect(JSON.parse(lastAudit("token.create", stored.id).after_json!)).toMatchObject({ name: "Đồng bộ thử", permissions: ["read:indices"] });

    const list = await get("/quan-tri/token", { cookie: admin });
    expect(list.text).toContain(stored.prefix);
    expect(list.text).not.toContain(token!); // never shown again

    expect((await get("/api/v1/units", { bearer: token! })).status).toBe(200);
    expect((await get("/trang-can-bo", { bearer: token! })).status).toBe(200);
    expect((await get("/quan-tri/don-vi", { bearer: token! })).status).toBe(403); // the token carries read:indices only

    const revoke = await post("/quan-tri/token", admin, { intent: "revoke", tokenId: String(stored.id) });
    expect(revoke.status).toBe(302);
    const after = await get("/trang-can-bo", { bearer: token! });
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/dang-nhap/);
    expect(row<{ revoked_at: string | null }>("SELECT revoked_at FROM api_token WHERE id = ?", stored.id).revoked_at).toBeTruthy();
    expect(lastAudit("token.revoke", stored.id)).toBeTruthy();
    const twice = await post("/quan-tri/token", admin, { intent: "revoke", tokenId: String(stored.id) });
    expect(twice.status).toBe(409);
  });

  it("refuses a permission the owner does not hold, a bad expiry and a missing name", async () => {
    const tokens = count("api_token");
    const leader = userId("lanhdao.bmt");
    const cases: Array<[Fields, string]> = [
      [{ intent: "create", userId: String(leader), name: "Thử", permissions: ["manage:users"], days: "30" }, "Chủ token không có các quyền: manage:users"],
      [{ intent: "create", userId: String(leader), name: "Thử", permissions: ["read:indices"], days: "400" }, "Số ngày hiệu lực tối đa là 365."],
      [{ intent: "create", userId: String(leader), name: "", permissions: ["read:indices"], days: "30" }, "Vui lòng nhập tên token"],
      [{ intent: "create", userId: String(leader), name: "Thử", days: "30" }, "Chọn ít nhất một quyền cho token."],
    ];
    for (const [fields, message] of cases) {
      const r = await post("/quan-tri/token", admin, fields);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.text).toContain(message);
    }
    expect(count("api_token")).toBe(tokens);
  });
});

describe("the audit log", () => {
  it("lists changes newest first with who, what, before and after, and filters them", async () => {
    const all = await get("/quan-tri/nhat-ky", { cookie: admin });
    expect(all.status).toBe(200);
    const actions = [...all.text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(10);
    expect(actions[0]).toBe("token.revoke"); // the newest first
    expect(all.text).toContain("Thu hồi token API");
    expect(all.text).toContain("<del>"); // before values of a change
    expect(all.text).toContain("<ins>");

    const units = await get("/quan-tri/nhat-ky?entity=admin_unit", { cookie: admin });
    const entities = [...units.text.matchAll(/data-entity="([^"]+)"/g)].map((m) => m[1]);
    expect(entities.length).toBe(4);
    expect(new Set(entities)).toEqual(new Set(["admin_unit"]));
    expect(units.text).toContain("Phường Thử Nghiệm Mới");

    const byAction = await get("/quan-tri/nhat-ky?action=user.create", { cookie: admin });
    const created = [...byAction.text.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);
    expect(created.length).toBe(count("audit_log", "action = 'user.create'")); // the demo accounts' and ours
    expect(new Set(created)).toEqual(new Set(["user.create"]));
    expect(byAction.text).toContain("Hệ thống"); // the demo accounts were created by no one

    const byUser = await get(`/quan-tri/nhat-ky?user=${userId("lanhdao.bmt")}`, { cookie: admin });
    expect(byUser.text).toContain("Không có mục nào khớp bộ lọc.");

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const inRange = await get(`/quan-tri/nhat-ky?from=${today}&to=${today}&entity=agency`, { cookie: admin });
    expect([...inRange.text.matchAll(/data-entity="agency"/g)].length).toBe(count("audit_log", "entity = 'agency'"));
    const past = await get("/quan-tri/nhat-ky?from=2020-01-01&to=2020-12-31", { cookie: admin });
    expect(past.text).toContain("Không có mục nào khớp bộ lọc.");
    const bad = await get(`/quan-tri/nhat-ky?from=${today}&to=2020-01-01`, { cookie: admin });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.");
  });

  it("pages 50 rows at a time", async () => {
    for (let i = 0; i < 26; i++) {
      expect((await post("/quan-tri/diem-phuc-vu", admin, { intent: i % 2 ? "deactivate" : "reactivate", code: "MC-BMT-THUNGHIEM" })).status).toBe(302);
    }
    const total = count("audit_log");
    expect(total).toBeGreaterThan(50);
    const p1 = await get("/quan-tri/nhat-ky", { cookie: admin });
    expect([...p1.text.matchAll(/data-action="/g)].length).toBe(50);
    expect(p1.text).toContain(`Trang 1 / ${Math.ceil(total / 50)}`);
    const p2 = await get("/quan-tri/nhat-ky?page=2", { cookie: admin });
    expect([...p2.text.matchAll(/data-action="/g)].length).toBe(Math.min(50, total - 50));
    const firstIds = (t: string) => [...t.matchAll(/data-action="([^"]+)" data-entity="([^"]+)" data-entity-id="([^"]*)"/g)].map((m) => m.slice(1).join("|"));
    expect(firstIds(p2.text)[0]).not.toBe(firstIds(p1.text)[0]);
  });

  it("cannot be edited or deleted: POST is refused and nothing changes", async () => {
    const before = sqlite.prepare("SELECT * FROM audit_log ORDER BY id").all();
    for (const intent of ["update", "delete", "create"]) {
      const r = await post("/quan-tri/nhat-ky", admin, { intent, id: "1", action: "x" });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    const del = await fetch(`${server.url}/quan-tri/nhat-ky`, { method: "DELETE", headers: { cookie: admin, Origin: server.url }, redirect: "manual" });
    expect(del.status).toBeGreaterThanOrEqual(400);
    expect(del.status).toBeLessThan(500);
    expect(sqlite.prepare("SELECT * FROM audit_log ORDER BY id").all()).toEqual(before);
  });

  it("has no code path that updates or deletes audit rows, and never stores a password hash", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(p);
      }
    };
    walk(path.resolve("app"));
    const mine = files.filter((f) => /quan-tri\.|org-admin|users-admin|components\/admin\//.test(f));
    expect(mine.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      expect(src, f).not.toMatch(/updateTable\(\s*["']audit_log["']/);
      expect(src, f).not.toMatch(/deleteFrom\(\s*["']audit_log["']/);
      expect(src, f).not.toMatch(/(UPDATE|DELETE\s+FROM)\s+audit_log/i);
    }
    expect(count("audit_log", "before_json LIKE '%password_hash%' OR after_json LIKE '%password_hash%' OR before_json LIKE '%scrypt$%' OR after_json LIKE '%scrypt$%'")).toBe(0);
  });
});
