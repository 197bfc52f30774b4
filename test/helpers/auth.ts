/** Signs in over real HTTP (same-origin form post) and returns the session cookie. */
export const DEMO_PASSWORD = "HaiLong@2024";

export async function loginCookie(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ login: username, password }).toString(),
  });
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !cookie) throw new Error(`login of ${username} failed: ${res.status}`);
  return cookie.split(";")[0];
}

/** A same-origin request with a session cookie. */
export function withSession(baseUrl: string, cookie: string, init: RequestInit = {}): RequestInit {
  return { redirect: "manual", ...init, headers: { origin: baseUrl, cookie, ...(init.headers ?? {}) } };
}
