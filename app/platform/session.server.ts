import { json, redirect } from "@remix-run/node";
import { can, type Permission, type Target, tokenAllows } from "../domain/permissions";
import { loadOrg, userFromSession, userFromToken, type SessionUser } from "./auth.server";
import { db } from "./db.server";

const SESSION_COOKIE = "hl_session";

function cookieValue(request: Request, name: string): string | null {
  return cookieFrom(request.headers.get("cookie"), name);
}

function cookieFrom(header: string | null | undefined, name: string): string | null {
  header ??= "";
  for (const part of header.split(/;\s*/)) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i) === name) return decodeURIComponent(part.slice(i + 1));
  }
  return null;
}

export function sessionToken(request: Request): string | null {
  return cookieValue(request, SESSION_COOKIE);
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function sessionCookie(request: Request, token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${isHttps(request) ? "; Secure" : ""}`;
}

export function clearSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${isHttps(request) ? "; Secure" : ""}`;
}

function bearer(h: string | null | undefined): string | null {
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1] : null;
}

/** The signed-in staff member (session cookie) or the owner of a bearer token; null if neither. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return userFromHeaders(request.headers.get("authorization"), request.headers.get("cookie"));
}

/** The same from raw header values (the hot ingest path has no Request object). */
export async function userFromHeaders(authorization: string | null | undefined, cookie: string | null | undefined): Promise<SessionUser | null> {
  const b = bearer(authorization);
  if (b) return userFromToken(db(), b);
  const t = cookieFrom(cookie, SESSION_COOKIE);
  return t ? userFromSession(db(), t) : null;
}

/** Staff pages: redirect to the login page when nobody is signed in. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function userCan(user: SessionUser, permission: Permission, target: Target | null = null): Promise<boolean> {
  if (!tokenAllows(user, permission)) return false;
  return can(user.grants, permission, target, await loadOrg(db()));
}

/** Staff pages: 403 (rendered by the error boundary) when the user lacks the permission there. */
export async function requirePermission(request: Request, permission: Permission, target: Target | null = null): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await userCan(user, permission, target))) {
    throw new Response("Bạn không có quyền xem hoặc thay đổi nội dung này. Nếu cần, hãy liên hệ quản trị viên.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** JSON API: 401 without a valid session or token, 403 without the permission. */
export async function requireApiPermission(request: Request, permission: Permission, target: Target | null = null): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    throw json(
      { error: { code: "unauthorized", message: "Cần đăng nhập hoặc token truy cập hợp lệ (Authorization: Bearer …).", fields: {} } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="hailong"' } },
    );
  }
  if (!(await userCan(user, permission, target))) {
    throw json({ error: { code: "forbidden", message: `Không có quyền ${permission} cho phạm vi này.`, fields: {} } }, { status: 403 });
  }
  return user;
}

export function clientIp(request: Request): string {
  return request.headers.get("x-hailong-client-ip") ?? "unknown";
}
