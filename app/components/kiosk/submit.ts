/**
 * Sending a kiosk response, browser side: the payload type and its idempotency key. The durable
 * outbox (IndexedDB) and the sending live in ./offline-queue.ts.
 */
import type { QueuedPayload } from "./offline-queue";

export type KioskPayload = QueuedPayload;

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
