import { withSession } from "./auth";

/** Staff pages over HTTP with a session cookie: GET a page, POST a urlencoded form. */
export function staffClient(baseUrl: string, cookies: Map<string, string>) {
  const init = (who: string | undefined, extra: RequestInit = {}): RequestInit =>
    who ? withSession(baseUrl, cookies.get(who)!, extra) : { redirect: "manual", ...extra };
  return {
    async get(p: string, who?: string) {
      const res = await fetch(`${baseUrl}${p}`, init(who));
      return { status: res.status, location: res.headers.get("location"), text: await res.text() };
    },
    async post(p: string, who: string, fields: Record<string, string | number>) {
      const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
      const res = await fetch(`${baseUrl}${p}`, init(who, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
      return { status: res.status, location: res.headers.get("location"), text: await res.text() };
    },
  };
}

/** The text of a page as a reader sees it (tags stripped, quotes decoded, spaces collapsed). */
export const pageText = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, " ");
