import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

const form = (data: Record<string, string>, origin: string, headers: Record<string, string> = {}) => ({
  method: "POST",
  redirect: "manual" as const,
  headers: { "content-type": "application/x-www-form-urlencoded", origin, ...headers },
  body: new URLSearchParams(data).toString(),
});

describe("login and sessions", () => {
  it("signs in with username or e-mail-like login and sets a HttpOnly, SameSite=Lax cookie", async () => {
    const res = await fetch(`${server.url}/dang-nhap`, form({ login: "ADMIN", password: DEMO_PASSWORD, next: "/trang-can-bo" }, server.url));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/trang-can-bo");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^hl_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP on loopback
  });

  it("refuses a wrong password with a Vietnamese message and no cookie", async () => {
    const res = await fetch(`${server.url}/dang-nhap`, form({ login: "lanhdao.tinh", password: "sai-mat-khau-1" }, server.url));
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
  });

  it("never redirects outside the site after login", async () => {
    const res = await fetch(`${server.url}/dang-nhap`, form({ login: "admin", password: DEMO_PASSWORD, next: "//evil.example/x" }, server.url));
    expect(res.headers.get("location")).toBe("/trang-can-bo");
  });

  it("redirects anonymous visitors of staff pages to the login page", async () => {
    const res = await fetch(`${server.url}/trang-can-bo`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/dang-nhap?next=%2Ftrang-can-bo");
  });

  it("ends the session on logout: the old cookie no longer opens staff pages", async () => {
    const cookie = await loginCookie(server.url, "canbo.stp");
    expect((await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie))).status).toBe(200);
    const out = await fetch(`${server.url}/dang-xuat`, withSession(server.url, cookie, { method: "POST" }));
    expect(out.status).toBe(302);
    const after = await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie));
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/dang-nhap/);
  });

  it("ends a session at its expiry", async () => {
    const cookie = await loginCookie(server.url, "lanhdao.bmt");
    expect((await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie))).status).toBe(200);
    const sqlite = new Database(server.dbPath);
    sqlite.prepare("UPDATE user_session SET expires_at = ? WHERE user_id = (SELECT id FROM app_user WHERE username = 'lanhdao.bmt')").run(new Date(Date.now() - 1000).toISOString());
    sqlite.close();
    const after = await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie));
    expect(after.status).toBe(302);
  });

  it("ends every session of a user who changes the password", async () => {
    const a = await loginCookie(server.url, "motcua.bmt");
    const b = await loginCookie(server.url, "motcua.bmt");
    const res = await fetch(
      `${server.url}/doi-mat-khau`,
      withSession(server.url, a, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ current: DEMO_PASSWORD, next: "MatKhauMoi2025", confirm: "MatKhauMoi2025" }).toString(),
      }),
    );
    expect(res.status).toBe(302);
    for (const c of [a, b]) expect((await fetch(`${server.url}/trang-can-bo`, withSession(server.url, c))).status).toBe(302);
    const fresh = await loginCookie(server.url, "motcua.bmt", "MatKhauMoi2025");
    expect((await fetch(`${server.url}/trang-can-bo`, withSession(server.url, fresh))).status).toBe(200);
  });

  it("stores passwords only as scrypt hashes and never writes them to the log or the audit trail", async () => {
    const sqlite = new Database(server.dbPath, { readonly: true });
    const users = sqlite.prepare("SELECT username, password_hash FROM app_user").all() as Array<{ username: string; password_hash: string }>;
    const audit = sqlite.prepare("SELECT before_json, after_json FROM audit_log").all() as Array<{ before_json: string | null; after_json: string | null }>;
    sqlite.close();
    expect(users.length).toBeGreaterThanOrEqual(6);
    for (const u of users) {
      expect(u.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(u.password_hash).not.toContain(DEMO_PASSWORD);
    }
    for (const a of audit) {
      expect(`${a.before_json}${a.after_json}`).not.toContain(DEMO_PASSWORD);
      expect(`${a.before_json}${a.after_json}`).not.toContain("MatKhauMoi2025");
      expect(`${a.before_json}${a.after_json}`).not.toContain("password_hash");
    }
    // The server log holds no password typed at login or set later (the demo password is printed
    // at start-up on purpose, next to the demo accounts).
    expect(server.output()).not.toContain("sai-mat-khau-1");
    expect(server.output()).not.toContain("MatKhauMoi2025");
  });
});

describe("CSRF and headers", () => {
  it("refuses a cross-site POST and a cookie-bearing POST without Origin or Referer", async () => {
    const cookie = await loginCookie(server.url, "admin");
    const cross = await fetch(`${server.url}/dang-xuat`, { method: "POST", redirect: "manual", headers: { origin: "http://evil.example", cookie } });
    expect(cross.status).toBe(403);
    expect(await cross.text()).toContain("CSRF");
    const bare = await fetch(`${server.url}/dang-xuat`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(bare.status).toBe(403);
    // The session survived both attempts.
    expect((await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie))).status).toBe(200);
  });

  it("sends security headers", async () => {
    const res = await fetch(`${server.url}/dang-nhap`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });
});

describe("login throttle", () => {
  let throttled: TestServer;
  beforeAll(async () => {
    throttled = await startServer();
  });
  afterAll(async () => throttled?.stop());

  it("slows down repeated failures for one account, then refuses even the right password for a while", async () => {
    const attempt = async (password: string) => {
      const t0 = Date.now();
      const res = await fetch(`${throttled.url}/dang-nhap`, form({ login: "canbo.bmt", password }, throttled.url));
      return { status: res.status, ms: Date.now() - t0, text: await res.text() };
    };
    const first = await attempt("sai-1");
    expect(first.status).toBe(401);
    await attempt("sai-2");
    await attempt("sai-3");
    const slowed = await attempt("sai-4");
    expect(slowed.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(450);
    for (let i = 5; i <= 8; i++) await attempt(`sai-${i}`);
    const locked = await attempt(DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain("Đăng nhập sai quá nhiều lần");
  });

  it("refuses an address that fails for many accounts", async () => {
    for (let i = 0; i < 30; i++) {
      await fetch(`${throttled.url}/dang-nhap`, form({ login: `khong-ton-tai-${i}`, password: "x" }, throttled.url));
    }
    const res = await fetch(`${throttled.url}/dang-nhap`, form({ login: "admin", password: DEMO_PASSWORD }, throttled.url));
    expect(res.status).toBe(429);
  });
});
