import { z } from "zod";

export const loginForm = z.object({
  login: z.string({ error: "Vui lòng nhập tên đăng nhập hoặc email." }).trim().min(1, "Vui lòng nhập tên đăng nhập hoặc email.").max(200, "Tên đăng nhập quá dài."),
  password: z.string({ error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200, "Mật khẩu quá dài."),
  next: z.string().max(500).optional(),
});

/**
 * Only a path on this site: never an absolute URL or a protocol-relative one. Browsers drop tabs
 * and line breaks from a URL and read "\\" as "/", so "/<TAB>/evil.example" would leave the site:
 * a control character or a backslash anywhere is refused, and the result must resolve to this
 * origin (a line break would also break the Location header).
 */
export function safeNext(next: string | null | undefined, fallback = "/trang-can-bo"): string {
  if (!next || !next.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(next) || next.startsWith("//")) return fallback;
  try {
    const base = "http://hai-long.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
