/**
 * Text as it enters the system: Unicode NFC (so that "Đắk Lắk" typed with combining marks is the
 * same string as the precomposed one, in storage and in searches), without NUL and other control
 * characters (tab, line feed and carriage return stay), and without bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069), which can make a text display differently from what it
 * says. Pure; applied once, to every form field, JSON string and query parameter, by the request
 * pipeline (server.mjs → cleanRequestBody / cleanQuery).
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(s: string): string {
  return s.normalize("NFC").replace(UNSAFE, "");
}

/** Every string in a JSON value (keys too), cleaned. */
export function cleanJsonValue(v: unknown): unknown {
  if (typeof v === "string") return cleanText(v);
  if (Array.isArray(v)) return v.map(cleanJsonValue);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[cleanText(k)] = cleanJsonValue(x);
    return out;
  }
  return v;
}

/** A URL-encoded form or query string with every name and value cleaned; unchanged text when already clean. */
export function cleanUrlEncoded(text: string): string {
  const params = new URLSearchParams(text);
  const out = new URLSearchParams();
  let changed = false;
  for (const [k, v] of params) {
    const ck = cleanText(k);
    const cv = cleanText(v);
    if (ck !== k || cv !== v) changed = true;
    out.append(ck, cv);
  }
  return changed ? out.toString() : text;
}

/** A success notice after a redirect (?ok=key&ref=…), only for known keys. */
export function flashText(search: string, messages: Record<string, string>): string | null {
  const p = new URLSearchParams(search);
  const key = p.get("ok");
  const msg = key ? messages[key] : undefined;
  return msg ? msg.replace("{ref}", (p.get("ref") ?? "").slice(0, 80)) : null;
}
