/** 2024-06-17 → 17/06/2024 (a local day, no time zone games). */
export function dayVi(day: string | null | undefined): string {
  if (!day) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** A success notice after a redirect (?ok=key&ref=…), only for known keys. */
export function flashText(search: string, messages: Record<string, string>): string | null {
  const p = new URLSearchParams(search);
  const key = p.get("ok");
  const msg = key ? messages[key] : undefined;
  return msg ? msg.replace("{ref}", (p.get("ref") ?? "").slice(0, 80)) : null;
}
