/**
 * The kiosk's durable outbox: every answered questionnaire is put in IndexedDB before it is sent
 * and removed only when the server has it (or refused it for good), so a dropped connection, a
 * reload or a tablet restart loses nothing. Each item keeps its idempotency key: the server stores
 * a key once, so a re-send after a lost answer never stores twice. Sent on the `online` event and
 * by a timer with backoff (5 s doubling to 5 min).
 */
import { DEVICE_HEADER, forgetDevice, readDevice } from "./device";

export interface QueuedPayload {
  questionnaire?: string;
  servicePoint: string;
  channel?: "kiosk";
  /** Kiosk: typed values (numbers, a free text); interviewer entry: the form's strings. */
  answers: Record<string, number | string | null>;
  idempotencyKey: string;
  comment: string | null;
  /** Kiosk, after a rating of 1 or 2: reasons tapped and a reply request (issue 17). */
  followUp?: { reasons: string[]; wantsReply: boolean; phone: string | null } | null;
  /** When the citizen answered (sent as submittedAt: an answer sent late still counts on its day). */
  submittedAt?: string;
  /**
   * Where the item goes. Absent: the kiosk API (/api/v1/responses) with the tablet's device token.
   * Set (e.g. /api/v1/rounds/<code>/responses): that URL with the signed-in staff member's session.
   */
  endpoint?: string;
}

type SendResult = { ok: true; trackingCode?: string } | { ok: false; retryable: boolean; status: number; body?: unknown };

export interface QueueState {
  queued: number;
  lastSync: string | null;
  /** The server refused the device (revoked / never paired): the kiosk must be paired again. */
  unpaired: boolean;
}

const DB_NAME = "hailong-kiosk";
const STORE = "outbox";
const LAST_SYNC = "hailong.kiosk.lastSync.v1";
const LEGACY_OUTBOX = "hailong.kiosk.outbox.v1";
const TIMEOUT_MS = 15_000;

let dbPromise: Promise<IDBDatabase | null> | null = null;
function openDb(): Promise<IDBDatabase | null> {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "idempotencyKey" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
  return dbPromise;
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        if (!db) return resolve(undefined);
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** localStorage stands in where IndexedDB is missing (very old browsers, some private modes). */
function readFallback(): QueuedPayload[] {
  try {
    const list = JSON.parse(window.localStorage.getItem(LEGACY_OUTBOX) ?? "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}
function writeFallback(list: QueuedPayload[]) {
  try {
    if (list.length) window.localStorage.setItem(LEGACY_OUTBOX, JSON.stringify(list));
    else window.localStorage.removeItem(LEGACY_OUTBOX);
  } catch {
    /* full storage */
  }
}

async function enqueue(p: QueuedPayload): Promise<void> {
  if (await openDb()) await run("readwrite", (s) => s.put(p));
  else writeFallback([...readFallback().filter((x) => x.idempotencyKey !== p.idempotencyKey), p]);
  notify();
}

async function dequeue(key: string): Promise<void> {
  if (await openDb()) await run("readwrite", (s) => s.delete(key));
  else writeFallback(readFallback().filter((x) => x.idempotencyKey !== key));
  notify();
}

async function queued(): Promise<QueuedPayload[]> {
  if (!(await openDb())) return readFallback();
  // An outbox written by an earlier version (localStorage) moves into IndexedDB once.
  const legacy = readFallback();
  if (legacy.length) {
    for (const p of legacy) await run("readwrite", (s) => s.put(p));
    writeFallback([]);
  }
  const all = (await run("readonly", (s) => s.getAll())) ?? [];
  return (all as QueuedPayload[]).sort((a, b) => (a.submittedAt ?? "").localeCompare(b.submittedAt ?? ""));
}

async function send(p: QueuedPayload): Promise<SendResult> {
  return p.endpoint ? sendAsStaff(p, p.endpoint) : sendAsKiosk(p);
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    return await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(body),
      signal: ctrl.signal,
      credentials: "same-origin",
      // A signed-out session answers with a redirect to the sign-in page: not a success.
      redirect: "manual",
    });
  } finally {
    clearTimeout(timer);
  }
}

/** 4xx other than timeouts / rate limits will not get better by retrying the same body. */
const retryableStatus = (status: number) => status === 0 || status >= 500 || status === 408 || status === 429;

async function sendAsKiosk(p: QueuedPayload): Promise<SendResult> {
  try {
    const device = readDevice();
    if (!device) {
      // Not paired (or revoked): nothing can be accepted; keep the answer until staff pair the kiosk.
      unpaired = true;
      return { ok: false, retryable: true, status: 403 };
    }
    const res = await post("/api/v1/responses", p, { [DEVICE_HEADER]: device.token });
    if (res.ok) {
      markSynced();
      // A follow-up after a low rating became a feedback item: its tracking code is shown on the thank-you screen.
      const body = (await res.json().catch(() => null)) as { trackingCode?: unknown } | null;
      return typeof body?.trackingCode === "string" ? { ok: true, trackingCode: body.trackingCode } : { ok: true };
    }
    if (res.status === 403) {
      // Revoked or never paired: keep the answer (it is not lost) and ask staff to pair again.
      unpaired = true;
      forgetDevice();
      notify();
      return { ok: false, retryable: true, status: 403 };
    }
    return { ok: false, retryable: retryableStatus(res.status), status: res.status };
  } catch {
    return { ok: false, retryable: true, status: 0 };
  }
}

/** An interviewer's entry: the session cookie goes along; a signed-out session keeps the item for later. */
async function sendAsStaff(p: QueuedPayload, url: string): Promise<SendResult> {
  try {
    const { endpoint: _endpoint, ...body } = p;
    const res = await post(url, body, {});
    if (res.ok) {
      markSynced();
      return { ok: true };
    }
    // 401 or a redirect to the sign-in page: kept until the interviewer signs in again.
    if (res.status === 401 || res.type === "opaqueredirect") return { ok: false, retryable: true, status: res.status || 401 };
    const answer = await res.json().catch(() => null);
    return { ok: false, retryable: retryableStatus(res.status), status: res.status, body: answer };
  } catch {
    return { ok: false, retryable: true, status: 0 };
  }
}

/** Puts the payload in the outbox, then tries to send it once; the outbox keeps it on failure. */
export async function submit(p: QueuedPayload): Promise<SendResult> {
  await enqueue(p);
  const r = await send(p);
  if (r.ok || !r.retryable) await dequeue(p.idempotencyKey);
  else window.dispatchEvent(new Event("hailong:queued"));
  return r;
}

let flushing = false;
/** Sends everything in the outbox, oldest first; stops at the first retryable failure. */
async function flush(): Promise<boolean> {
  if (flushing) return false;
  flushing = true;
  try {
    for (const p of await queued()) {
      const r = await send(p);
      if (r.ok || !r.retryable) await dequeue(p.idempotencyKey);
      else return false;
    }
    return true;
  } finally {
    flushing = false;
  }
}

// ——— state for the staff status mark ———
let unpaired = false;
const listeners = new Set<(s: QueueState) => void>();

function markSynced() {
  try {
    window.localStorage.setItem(LAST_SYNC, new Date().toISOString());
  } catch {
    /* no storage */
  }
  unpaired = false;
}

async function notify() {
  if (!listeners.size) return;
  const s = await queueState();
  for (const l of listeners) l(s);
}

async function queueState(): Promise<QueueState> {
  let lastSync: string | null = null;
  try {
    lastSync = window.localStorage.getItem(LAST_SYNC);
  } catch {
    lastSync = null;
  }
  return { queued: (await queued()).length, lastSync, unpaired };
}

export function subscribe(fn: (s: QueueState) => void): () => void {
  listeners.add(fn);
  void queueState().then(fn);
  return () => listeners.delete(fn);
}

/**
 * Keeps the outbox draining while the kiosk is open: now, on `online`, and on a timer that backs
 * off from 5 s to 5 min while the server stays out of reach. Returns a stop function.
 */
export function startSync(): () => void {
  let delay = 5_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    timer = null;
    const ok = await flush().catch(() => false);
    delay = ok ? 5_000 : Math.min(delay * 2, 300_000);
    const left = (await queued().catch(() => [])).length;
    if (!stopped && !timer) timer = setTimeout(tick, left ? delay : 30_000);
  };
  const now = () => {
    delay = 5_000;
    if (timer) clearTimeout(timer);
    timer = null;
    void tick();
  };
  // A new answer could not be sent: try again soon rather than at the idle pace.
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  };
  window.addEventListener("online", now);
  window.addEventListener("hailong:device", now);
  window.addEventListener("hailong:queued", soon);
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    window.removeEventListener("online", now);
    window.removeEventListener("hailong:device", now);
    window.removeEventListener("hailong:queued", soon);
  };
}
