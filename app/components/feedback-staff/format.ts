
/** A success notice after a redirect (?ok=key&ref=…), only for known keys. */
export function flashText(search: string, messages: Record<string, string>): string | null {
  const p = new URLSearchParams(search);
  const key = p.get("ok");
  const msg = key ? messages[key] : undefined;
  return msg ? msg.replace("{ref}", (p.get("ref") ?? "").slice(0, 80)) : null;
}
