/**
 * Sending a kiosk response, browser side. A payload keeps its idempotency key for every retry, and
 * is kept in localStorage (the "outbox") until the server has it, so a flaky network or a citizen
 * walking away from the retry screen never loses answers: the server stores a key only once.
 */

export interface KioskPayload {
  questionnaire: string;
  servicePoint: string;
  channel: "kiosk";
  answers: Record<string, number>;
  idempotencyKey: string;
  comment: string | null;
}

export type SendResult = { ok: true } | { ok: false; retryable: boolean; status: number };

const OUTBOX = "hailong.kiosk.outbox.v1";
const TIMEOUT_MS = 15_000;

/** crypto.randomUUID where the browser has it (secure contexts); a v4 UUID from getRandomValues otherwise (kiosk on plain http in a LAN). */
export function newIdempotencyKey(): string {
  const c = typeof crypto !== "undefined" ? crypto : undefined;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function sendResponse(payload: KioskPayload): Promise<SendResult> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch("/api/v1/responses", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(payload),
      signal: ctrl.signal,
      credentials: "same-origin",
    });
    if (res.ok) return { ok: true };
    // 4xx other than timeouts / rate limits will not get better by retrying the same body.
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, retryable, status: res.status };
  } catch {
    return { ok: false, retryable: true, status: 0 };
  } finally {
    clearTimeout(timer);
  }
}

function readOutbox(): KioskPayload[] {
  try {
    const raw = window.localStorage.getItem(OUTBOX);
    const list = raw ? (JSON.parse(raw) as KioskPayload[]) : [];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function writeOutbox(list: KioskPayload[]) {
  try {
    if (list.length) window.localStorage.setItem(OUTBOX, JSON.stringify(list.slice(-200)));
    else window.localStorage.removeItem(OUTBOX);
  } catch {
    /* private mode or full storage: the in-memory retry still works */
  }
}

export function keepInOutbox(p: KioskPayload) {
  const list = readOutbox().filter((x) => x.idempotencyKey !== p.idempotencyKey);
  writeOutbox([...list, p]);
}

export function dropFromOutbox(key: string) {
  writeOutbox(readOutbox().filter((x) => x.idempotencyKey !== key));
}

let flushing = false;

/** Re-sends what an earlier respondent left unsent (skipping the key on screen right now). */
export async function flushOutbox(skipKey: string | null): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (const p of readOutbox()) {
      if (p.idempotencyKey === skipKey) continue;
      const r = await sendResponse(p);
      if (r.ok || !r.retryable) dropFromOutbox(p.idempotencyKey);
      else break; // still offline: try again later
    }
  } finally {
    flushing = false;
  }
}
