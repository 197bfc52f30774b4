// The outbox of notifications: list, retry.
import { z } from "zod";
import { OUTBOX_STATUSES } from "../../domain/feedback-labels";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { MAX_ATTEMPTS, processOutbox, sender } from "../../platform/notify.server";
import { PAGE_SIZE } from "./inbox.server";
import { idField } from "./item-page.server";
import type { Db } from "../../platform/db.server";


/** 0912345678 → 09******78; nguyenvana@mail.vn → ng********vn (at most 8 stars); agency:12 (internal) is shown as is. */
export function maskRecipient(channel: string, r: string): string {
  if (channel === "log") return r;
  if (r.length <= 4) return "*".repeat(r.length);
  return `${r.slice(0, 2)}${"*".repeat(Math.min(8, r.length - 4))}${r.slice(-2)}`;
}


export async function listOutbox(db: Db, opts: { status: string | null; page: number }) {
  let q = db.selectFrom("outbox");
  if (opts.status && (OUTBOX_STATUSES as readonly string[]).includes(opts.status)) q = q.where("status", "=", opts.status as "sent");
  const [total, counts] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow(),
    db.selectFrom("outbox").select((eb) => ["status", eb.fn.countAll<number>().as("c")]).groupBy("status").execute(),
  ]);
  const rows = await q.selectAll()
    .orderBy((eb) => eb.case().when("status", "=", "failed").then(0).when("status", "=", "pending").then(1).else(2).end())
    .orderBy("id", "desc").limit(PAGE_SIZE).offset((opts.page - 1) * PAGE_SIZE).execute();
  return {
    total: Number(total.c),
    pages: Math.max(1, Math.ceil(Number(total.c) / PAGE_SIZE)),
    counts: Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, Number(counts.find((c) => c.status === s)?.c ?? 0)])) as Record<(typeof OUTBOX_STATUSES)[number], number>,
    maxAttempts: MAX_ATTEMPTS,
    items: rows.map((m) => ({
      id: m.id, channel: m.channel, recipient: maskRecipient(m.channel, m.recipient), subject: m.subject,
      body: m.body.length > 140 ? `${m.body.slice(0, 137)}…` : m.body, status: m.status, attempts: m.attempts,
      nextAttemptAt: m.next_attempt_at, lastError: m.last_error, createdAt: m.created_at, sentAt: m.sent_at,
    })),
  };
}

export const outboxRetry = z.object({ id: idField });

/** Use case: "gửi lại": a failed message goes back to the queue (audited) and is sent right away. */
export async function retryOutbox(db: Db, id: number, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom("outbox").select(["id", "status", "attempts", "last_error", "channel"]).where("id", "=", id).executeTakeFirst();
    if (!m) throw new InputError("not_found", "Không tìm thấy thư.", {}, 404);
    if (m.status !== "failed") throw new InputError("invalid_state", "Chỉ gửi lại được thư đã gửi lỗi.", {}, 409);
    await trx.updateTable("outbox").set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString() }).where("id", "=", id).execute();
    await audit(trx, { userId: actor.userId, action: "outbox.retry", entity: "outbox", entityId: id, before: { status: m.status, attempts: m.attempts, last_error: m.last_error }, after: { status: "pending", attempts: 0 }, ip: actor.ip });
  });
  await processOutbox(db, sender(), now);
  const after = await db.selectFrom("outbox").select(["status", "last_error"]).where("id", "=", id).executeTakeFirstOrThrow();
  return after;
}
