import type { Db } from "../../db/client.server";
import type { Tx } from "./responses.server";

/** A notification leaving the system (SMS, e-mail): the outbox keeps it until a sender takes it. */
export interface OutgoingMessage {
  channel: "sms" | "email" | "log";
  recipient: string;
  subject: string | null;
  body: string;
}

/** A gateway. The default only logs; an SMS or e-mail gateway implements the same interface. */
export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
}

export const logSender: Sender = {
  async send(m) {
    // Recipients are personal data: log only their kind and a masked form.
    const masked = m.recipient.length > 4 ? `${"*".repeat(m.recipient.length - 4)}${m.recipient.slice(-4)}` : "****";
    console.log(`[outbox] ${m.channel} → ${masked}: ${m.subject ?? m.body.slice(0, 60)}`);
  },
};

let current: Sender = logSender;
export function setSender(s: Sender) {
  current = s;
}
export function sender(): Sender {
  return current;
}

/** Queues a message in the caller's transaction; a dedupe key makes a repeat a no-op. */
export async function enqueue(trx: Tx, m: OutgoingMessage & { dedupeKey?: string | null }, now = new Date()): Promise<void> {
  await trx
    .insertInto("outbox")
    .values({
      channel: m.channel, recipient: m.recipient, subject: m.subject, body: m.body, dedupe_key: m.dedupeKey ?? null,
      status: "pending", attempts: 0, next_attempt_at: now.toISOString(), last_error: null, created_at: now.toISOString(), sent_at: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .execute();
}

export const MAX_ATTEMPTS = 8;

/**
 * Sends what is due. A failed send stays pending with a growing delay (1, 2, 4 … minutes), and is
 * marked failed only after MAX_ATTEMPTS; nothing is lost.
 */
export async function processOutbox(db: Db, s: Sender = current, now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
  const due = await db.selectFrom("outbox").selectAll().where("status", "=", "pending").where("next_attempt_at", "<=", now.toISOString()).orderBy("id").limit(limit).execute();
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await s.send({ channel: m.channel, recipient: m.recipient, subject: m.subject, body: m.body });
      await db.updateTable("outbox").set({ status: "sent", sent_at: new Date().toISOString(), attempts: m.attempts + 1, last_error: null }).where("id", "=", m.id).execute();
      sent += 1;
    } catch (e) {
      const attempts = m.attempts + 1;
      const delayMs = 60_000 * 2 ** Math.min(attempts - 1, 10);
      await db.updateTable("outbox").set({
        attempts,
        status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        next_attempt_at: new Date(now.getTime() + delayMs).toISOString(),
        last_error: String((e as Error)?.message ?? e).slice(0, 500),
      }).where("id", "=", m.id).execute();
      failed += 1;
    }
  }
  return { sent, failed };
}
