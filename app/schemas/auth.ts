import { z } from "zod";

export const loginForm = z.object({
  login: z.string({ error: "Vui lòng nhập tên đăng nhập hoặc email." }).trim().min(1, "Vui lòng nhập tên đăng nhập hoặc email.").max(200, "Tên đăng nhập quá dài."),
  password: z.string({ error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200, "Mật khẩu quá dài."),
  next: z.string().max(500).optional(),
});

/** Only a path on this site: never an absolute URL or a protocol-relative one. */
export function safeNext(next: string | null | undefined, fallback = "/trang-can-bo"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
