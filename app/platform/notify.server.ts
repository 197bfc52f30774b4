import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Selectable } from "kysely";
import { isPostgres, type Db, type Tx, type DB } from "./db.server";

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

const logSender: Sender = {
  async send(m) {
    // Recipients are personal data: log only their kind and a masked form.
    const masked = m.recipient.length > 4 ? `${"*".repeat(m.recipient.length - 4)}${m.recipient.slice(-4)}` : "****";
    console.log(`[outbox] ${m.channel} → ${masked}: ${m.subject ?? m.body.slice(0, 60)}`);
  },
};

const current: Sender = logSender;
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

/** How long a node may hold claimed messages before another node may take them. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** This process's name in claims (host and pid), for the admin's eyes; each claim adds a random suffix. */
const NODE_NAME = `${process.env.HOSTNAME || "node"}:${process.pid}`;

/**
 * Claims up to `limit` due messages for this node with a lease: one UPDATE … WHERE id IN (…) that
 * re-checks, row by row, that nobody else holds a live claim. On PostgreSQL the candidate rows are
 * taken FOR UPDATE SKIP LOCKED, and a row claimed meanwhile fails the re-check on its new version;
 * SQLite runs writers one at a time. Two claimers never get the same
 * message while a lease runs; a node that dies loses its claim when the lease ends.
 */
export async function claimOutbox(db: Db, now = new Date(), limit = 50, leaseMs = CLAIM_LEASE_MS): Promise<{ token: string; messages: OutboxRow[] }> {
  const token = `${NODE_NAME}:${randomUUID()}`;
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const free = (eb: ExpressionBuilder<DB, "outbox">) =>
    eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", at), eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", at)])]);
  // On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent claimers take disjoint
  // rows instead of queueing behind each other's locks.
  const pg = isPostgres(db);
  await db
    .updateTable("outbox")
    .set({ claimed_by: token, claimed_until: until })
    .where((eb) => {
      let candidates = eb.selectFrom("outbox").select("id").where(free).orderBy("id").limit(limit);
      if (pg) candidates = candidates.forUpdate().skipLocked();
      return eb.and([eb("id", "in", candidates), free(eb)]);
    })
    .execute();
  const messages = await db.selectFrom("outbox").selectAll().where("claimed_by", "=", token).orderBy("id").execute();
  return { token, messages };
}

type OutboxRow = Selectable<DB["outbox"]>;

/**
 * Sends what is due and claimed by this node. A failed send stays pending with a growing delay
 * (1, 2, 4 … minutes), and is marked failed only after MAX_ATTEMPTS; nothing is lost. Delivery is
 * at least once: a node that sends and dies before recording it leaves the message to be sent
 * again after the lease.
 */
export async function processOutbox(db: Db, s: Sender = current, now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
  const { token, messages: due } = await claimOutbox(db, now, limit);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    try {
      await s.send({ channel: m.channel, recipient: m.recipient, subject: m.subject, body: m.body });
      await db.updateTable("outbox")
        .set({ status: "sent", sent_at: new Date().toISOString(), attempts: m.attempts + 1, last_error: null, claimed_by: null, claimed_until: null })
        .where("id", "=", m.id).where("claimed_by", "=", token).execute();
      sent += 1;
    } catch (e) {
      const attempts = m.attempts + 1;
      const delayMs = 60_000 * 2 ** Math.min(attempts - 1, 10);
      await db.updateTable("outbox").set({
        attempts,
        status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        next_attempt_at: new Date(now.getTime() + delayMs).toISOString(),
        last_error: String((e as Error)?.message ?? e).slice(0, 500),
        claimed_by: null,
        claimed_until: null,
      }).where("id", "=", m.id).where("claimed_by", "=", token).execute();
      failed += 1;
    }
  }
  return { sent, failed };
}
