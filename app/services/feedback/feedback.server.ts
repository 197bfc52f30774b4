import { createHash } from "node:crypto";
import crypto from "node:crypto";
import { type Db, isUniqueViolation, type Tx, likeOperator } from "../../platform/db.server";
import { addWorkingDays, isOverdue, needsReminder, type Calendar } from "../../domain/deadlines";
import { localDay } from "../../domain/periods";
import { isFormal, routeItem, type FeedbackKind } from "../../domain/routing";
import { feedbackInput } from "../../schemas/feedback";
import type { FEEDBACK_CHANNELS } from "../../domain/channels";
import { fieldErrors } from "../../schemas/response";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { enqueue } from "../../platform/notify.server";
import { viDay } from "../../domain/days";

export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** Defaults a province can change (table deadline_rule, setting). */
export const DEFAULT_DEADLINES: Record<string, number> = {
  "*:forwarding": 5, // Decree 20/2008: forward within 5 working days when it belongs to another body
  "gop_y:handling": 10,
  "phan_anh:handling": 10,
  "kien_nghi:handling": 10,
  "khieu_nai:handling": 30,
  "to_cao:handling": 30,
};
export const DEFAULT_SETTINGS = { coordinatorAgency: "VP-UBND", inspectorateAgency: "TTRA", reminderDays: "2" };

export const STATUS_LABEL: Record<string, string> = {
  received: "Đã tiếp nhận, đang chuyển đến cơ quan có thẩm quyền",
  assigned: "Đang được cơ quan có thẩm quyền xử lý",
  answered: "Đã trả lời",
  published: "Đã trả lời và công khai",
  closed: "Đã đóng",
};
export const KIND_LABEL: Record<FeedbackKind, string> = {
  gop_y: "Góp ý",
  phan_anh: "Phản ánh",
  kien_nghi: "Kiến nghị",
  khieu_nai: "Khiếu nại",
  to_cao: "Tố cáo",
};

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".replace("L", ""); // no 0/O, 1/I/L
/** 8 random characters (≈ 8·10^11 codes): not a sequence, not guessable. */
function newTrackingCode(): string {
  const bytes = crypto.randomBytes(8);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}
export function normaliseTrackingCode(code: string): string {
  const c = code.trim().toUpperCase().replace(/[^0-9A-Z]/g, "");
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : code.trim().toUpperCase();
}

export async function loadCalendar(db: Db | Tx): Promise<Calendar> {
  const rows = await db.selectFrom("holiday").select(["day", "kind"]).execute();
  return {
    holidays: new Set(rows.filter((r) => r.kind === "holiday").map((r) => r.day)),
    workingWeekends: new Set(rows.filter((r) => r.kind === "working_weekend").map((r) => r.day)),
  };
}

export async function deadlineDays(db: Db | Tx, kind: string, step: "forwarding" | "handling"): Promise<number> {
  const rows = await db.selectFrom("deadline_rule").select(["kind", "working_days"]).where("step", "=", step).where("kind", "in", [kind, "*"]).execute();
  const exact = rows.find((r) => r.kind === kind) ?? rows.find((r) => r.kind === "*");
  return exact?.working_days ?? DEFAULT_DEADLINES[`${kind}:${step}`] ?? DEFAULT_DEADLINES[`*:${step}`] ?? 10;
}

export async function setting(db: Db | Tx, key: keyof typeof DEFAULT_SETTINGS): Promise<string> {
  const r = await db.selectFrom("setting").select("value").where("key", "=", key).executeTakeFirst();
  return r?.value ?? DEFAULT_SETTINGS[key];
}

async function agencyIdByCode(db: Db | Tx, code: string): Promise<number | null> {
  return (await db.selectFrom("agency").select("id").where("code", "=", code).executeTakeFirst())?.id ?? null;
}

async function event(
  trx: Tx,
  e: { itemId: number; kind: string; actor?: number | null; from?: number | null; to?: number | null; reason?: string | null; isPublic?: boolean; at?: string },
) {
  await trx.insertInto("feedback_event").values({
    item_id: e.itemId, at: e.at ?? new Date().toISOString(), kind: e.kind, actor_user_id: e.actor ?? null,
    from_agency_id: e.from ?? null, to_agency_id: e.to ?? null, reason: e.reason ?? null, is_public: e.isPublic ? 1 : 0,
  }).execute();
}

interface SubmitContext {
  channel: FeedbackChannel;
  /** A staff member entering what came by hotline, paper…: the entry is audited. */
  actorUserId?: number | null;
  ip?: string | null;
  responseId?: number | null;
  /** The fingerprint of the submission its idempotency key stands for. */
  requestHash?: string | null;
  now?: Date;
  isDemo?: boolean;
  /** issue 17: photos already checked (content, size) and stripped of their location unless shared. */
  photos?: ReadyPhoto[];
}

export interface ReadyPhoto {
  bytes: Buffer;
  contentType: string;
  locationShared: boolean;
}

/**
 * Use case: take in a feedback item from any channel, route it (rules, or the inspectorate for a
 * formal complaint, or the coordinator's queue), set its deadline, acknowledge it to the sender.
 * Validates first; stores nothing on bad input; a replay of the same idempotency key stores once.
 */
export async function submitFeedback(db: Db, body: unknown, ctx: SubmitContext): Promise<{ id: number; trackingCode: string; replay: boolean }> {
  const parsed = feedbackInput.safeParse(body);
  if (!parsed.success) throw new InputError("invalid_input", "Phản ánh chưa hợp lệ, vui lòng kiểm tra các mục được nêu.", fieldErrors(parsed.error), 422);
  const input = parsed.data;
  // The key stands for this submission only: a replay must carry the same content (and channel).
  const requestHash = input.idempotencyKey ? requestFingerprint({ ...input, idempotencyKey: null, channel: ctx.channel }) : null;
  const replayOf = async () => {
    const prior = await db.selectFrom("feedback_item").select(["id", "tracking_code", "request_hash"]).where("idempotency_key", "=", input.idempotencyKey!).executeTakeFirst();
    if (prior && prior.request_hash && prior.request_hash !== requestHash) throw keyReused();
    return prior ? { id: prior.id, trackingCode: prior.tracking_code, replay: true } : null;
  };
  if (input.idempotencyKey) {
    const prior = await replayOf();
    if (prior) return prior;
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const created = await createFeedback(trx, input, { ...ctx, requestHash });
      // Photos are stored with the item, in its transaction (a replay stores none again).
      if (!created.replay) {
        for (const p of ctx.photos ?? []) {
          await trx.insertInto("feedback_photo").values({
            item_id: created.id, content_type: p.contentType, size: p.bytes.length, sha256: createHash("sha256").update(p.bytes).digest("hex"),
            bytes: p.bytes, location_shared: p.locationShared ? 1 : 0, published_at: null, published_by: null, created_at: (ctx.now ?? new Date()).toISOString(),
          }).execute();
        }
      }
      if (ctx.actorUserId) {
        await audit(trx, {
          userId: ctx.actorUserId, action: "feedback.enter", entity: "feedback_item", entityId: created.id,
          after: { trackingCode: created.trackingCode, channel: ctx.channel, kind: input.kind, servicePoint: input.servicePoint, topic: input.topic, unit: input.unit }, ip: ctx.ip,
        });
      }
      return created;
    });
  } catch (e) {
    if (input.idempotencyKey && isUniqueViolation(e)) {
      const prior = await replayOf();
      if (prior) return prior;
    }
    throw e;
  }
}

/** The part of intake that runs inside a transaction (also used by the kiosk's low-rating comments). */
export async function createFeedback(
  trx: Tx,
  input: ReturnType<typeof feedbackInput.parse>,
  ctx: SubmitContext,
): Promise<{ id: number; trackingCode: string; replay: boolean }> {
  const now = ctx.now ?? new Date();
  const fields: Record<string, string> = {};
  let unitId: number | null = null;
  let servicePointId: number | null = null;
  let pointAgency: number | null = null;
  if (input.servicePoint) {
    const sp = await trx.selectFrom("service_point").select(["id", "unit_id", "agency_id", "active"]).where("code", "=", input.servicePoint).executeTakeFirst();
    if (!sp || !sp.active) fields.servicePoint = `Không tìm thấy điểm phục vụ "${input.servicePoint}".`;
    else {
      servicePointId = sp.id;
      unitId = sp.unit_id;
      pointAgency = sp.agency_id;
    }
  }
  if (input.unit) {
    const u = await trx.selectFrom("admin_unit").select(["id", "active"]).where("code", "=", input.unit).executeTakeFirst();
    if (!u || !u.active) fields.unit = `Không tìm thấy đơn vị hành chính "${input.unit}".`;
    else unitId = u.id;
  }
  if (input.topic) {
    const pf = await trx.selectFrom("procedure_field").select("id").where("code", "=", input.topic).executeTakeFirst();
    if (!pf) fields.topic = `Không có lĩnh vực "${input.topic}".`;
  }
  if (Object.keys(fields).length) throw new InputError("invalid_input", "Phản ánh chưa hợp lệ, vui lòng kiểm tra các mục được nêu.", fields, 422);

  const formal = isFormal(input.kind);
  let agencyId: number | null = null;
  let routedBy = "";
  if (formal) {
    agencyId = await agencyIdByCode(trx, await setting(trx, "inspectorateAgency"));
    routedBy = "Khiếu nại, tố cáo được chuyển đến Thanh tra tỉnh theo quy định của pháp luật về khiếu nại, tố cáo.";
  } else if (ctx.channel === "kiosk" && pointAgency) {
    agencyId = pointAgency;
    routedBy = "Ý kiến tại kiosk được chuyển đến cơ quan của Bộ phận Một cửa.";
  } else {
    const [rules, units] = await Promise.all([
      trx.selectFrom("routing_rule").select(["id", "topic", "unit_id", "agency_id", "priority"]).where("active", "=", 1).execute(),
      trx.selectFrom("admin_unit").select(["id", "parent_id"]).execute(),
    ]);
    const rule = routeItem(
      { topic: input.topic, unitId },
      rules.map((r) => ({ id: r.id, topic: r.topic, unitId: r.unit_id, agencyId: r.agency_id, priority: r.priority })),
      new Map(units.map((u) => [u.id, u.parent_id])),
    );
    if (rule) {
      agencyId = rule.agencyId;
      routedBy = `Chuyển tự động theo quy tắc phân loại số ${rule.id}.`;
    }
  }
  const cal = await loadCalendar(trx);
  const day = localDay(now);
  const step = agencyId ? "handling" : "forwarding";
  const due = addWorkingDays(day, await deadlineDays(trx, input.kind, step), cal);
  const at = now.toISOString();
  let code = newTrackingCode();
  for (let i = 0; i < 5; i++) {
    const clash = await trx.selectFrom("feedback_item").select("id").where("tracking_code", "=", code).executeTakeFirst();
    if (!clash) break;
    code = newTrackingCode();
  }
  const r = await trx.insertInto("feedback_item").values({
    tracking_code: code, kind: input.kind, is_formal: formal ? 1 : 0, channel: ctx.channel, topic: input.topic, unit_id: unitId,
    service_point_id: servicePointId, agency_id: agencyId, status: agencyId ? "assigned" : "received", text: input.text,
    contact_name: input.contactName, contact_phone: input.contactPhone, contact_email: input.contactEmail, place_text: input.place ?? null,
    consent_publish: input.consentPublish ? 1 : 0, received_at: at, received_day: day, step, step_started_day: day, due_day: due,
    response_id: ctx.responseId ?? null, idempotency_key: input.idempotencyKey ?? null, request_hash: ctx.requestHash ?? null, created_by: ctx.actorUserId ?? null,
    is_demo: ctx.isDemo ? 1 : 0, updated_at: at,
  }).returning("id").executeTakeFirstOrThrow();
  await event(trx, { itemId: r.id, kind: "received", actor: ctx.actorUserId, reason: `Kênh: ${ctx.channel}`, isPublic: true, at });
  if (agencyId) await event(trx, { itemId: r.id, kind: "routed", to: agencyId, reason: routedBy, isPublic: true, at });
  else await event(trx, { itemId: r.id, kind: "queued", reason: "Chưa có quy tắc phân loại phù hợp: chờ Văn phòng UBND tỉnh phân công.", isPublic: true, at });
  const ack = `Hài Lòng: đã nhận ${KIND_LABEL[input.kind].toLowerCase()} của Ông/Bà. Mã tra cứu ${code}. Hạn trả lời dự kiến ${viDay(due)}.`;
  if (input.contactPhone) await enqueue(trx, { channel: "sms", recipient: input.contactPhone, subject: null, body: ack, dedupeKey: `ack:sms:${r.id}` }, now);
  if (input.contactEmail) await enqueue(trx, { channel: "email", recipient: input.contactEmail, subject: `Đã nhận phản ánh ${code}`, body: ack, dedupeKey: `ack:email:${r.id}` }, now);
  return { id: r.id, trackingCode: code, replay: false };
}

/** Optimistic concurrency: an edit names the version it saw; a stale edit is refused, not merged. */
async function bump(trx: Tx, itemId: number, expectedVersion: number, set: Record<string, unknown>) {
  const r = await trx.updateTable("feedback_item").set({ ...set, version: expectedVersion + 1, updated_at: new Date().toISOString() } as never)
    .where("id", "=", itemId).where("version", "=", expectedVersion).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    throw new InputError("conflict", "Mục này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thử lại.", {}, 409);
  }
}

export async function getItem(db: Db | Tx, id: number) {
  const item = await db.selectFrom("feedback_item").selectAll().where("id", "=", id).executeTakeFirst();
  if (!item) throw new InputError("not_found", "Không tìm thấy phản ánh.", {}, 404);
  return item;
}

/** Use case (coordinator): assign an item to an agency; the handling deadline starts. */
export async function assignItem(db: Db, itemId: number, agencyCode: string, reason: string | null, expectedVersion: number, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const item = await getItem(trx, itemId);
    const to = await agencyIdByCode(trx, agencyCode);
    if (!to) throw new InputError("invalid_input", "Không tìm thấy cơ quan.", { agency: `Không có cơ quan "${agencyCode}".` }, 422);
    if (["answered", "published", "closed"].includes(item.status)) throw new InputError("invalid_state", "Phản ánh đã được trả lời, không thể phân công lại.", {}, 409);
    const day = localDay(now);
    const due = addWorkingDays(day, await deadlineDays(trx, item.kind, "handling"), await loadCalendar(trx));
    await bump(trx, itemId, expectedVersion, { agency_id: to, status: "assigned", step: "handling", step_started_day: day, due_day: due, escalation_level: 0 });
    await event(trx, { itemId, kind: "assigned", actor: actor.userId, from: item.agency_id, to, reason, isPublic: true });
    await audit(trx, { userId: actor.userId, action: "feedback.assign", entity: "feedback_item", entityId: itemId, before: { agency_id: item.agency_id, status: item.status }, after: { agency_id: to, status: "assigned", due_day: due }, ip: actor.ip });
  });
}

/**
 * Use case (agency): the item is not ours. With a target agency it moves there (a new handling
 * deadline); without one it goes back to the coordinator's queue (5 working days to forward).
 */
export async function transferItem(db: Db, itemId: number, toAgencyCode: string | null, reason: string, expectedVersion: number, actor: Actor, now = new Date()) {
  if (!reason || reason.trim().length < 5) throw new InputError("invalid_input", "Hãy nêu lý do chuyển (ít nhất 5 ký tự).", { reason: "Hãy nêu lý do chuyển." }, 422);
  await db.transaction().execute(async (trx) => {
    const item = await getItem(trx, itemId);
    if (["answered", "published", "closed"].includes(item.status)) throw new InputError("invalid_state", "Phản ánh đã được trả lời, không thể chuyển.", {}, 409);
    const to = toAgencyCode ? await agencyIdByCode(trx, toAgencyCode) : null;
    if (toAgencyCode && !to) throw new InputError("invalid_input", "Không tìm thấy cơ quan.", { agency: `Không có cơ quan "${toAgencyCode}".` }, 422);
    if (to && to === item.agency_id) throw new InputError("invalid_input", "Phản ánh đã thuộc cơ quan này.", { agency: "Hãy chọn cơ quan khác." }, 422);
    const day = localDay(now);
    const step = to ? "handling" : "forwarding";
    const due = addWorkingDays(day, await deadlineDays(trx, item.kind, step), await loadCalendar(trx));
    await bump(trx, itemId, expectedVersion, { agency_id: to, status: to ? "assigned" : "received", step, step_started_day: day, due_day: due, escalation_level: 0 });
    await event(trx, { itemId, kind: "transferred", actor: actor.userId, from: item.agency_id, to, reason: reason.trim(), isPublic: true });
    await audit(trx, { userId: actor.userId, action: "feedback.transfer", entity: "feedback_item", entityId: itemId, before: { agency_id: item.agency_id }, after: { agency_id: to, reason: reason.trim() }, ip: actor.ip });
  });
}

/** Use case (agency): answer; the answer goes to the sender (tracking page, and the outbox). */
export async function answerItem(db: Db, itemId: number, answer: string, expectedVersion: number, actor: Actor, now = new Date()) {
  const text = answer.trim();
  if (text.length < 10) throw new InputError("invalid_input", "Câu trả lời quá ngắn (ít nhất 10 ký tự).", { answer: "Hãy trả lời đầy đủ." }, 422);
  if (text.length > 10000) throw new InputError("invalid_input", "Câu trả lời quá dài (tối đa 10.000 ký tự).", { answer: "Rút gọn câu trả lời." }, 422);
  await db.transaction().execute(async (trx) => {
    const item = await getItem(trx, itemId);
    if (item.status !== "assigned") throw new InputError("invalid_state", "Chỉ trả lời được phản ánh đang xử lý tại cơ quan.", {}, 409);
    const at = now.toISOString();
    await bump(trx, itemId, expectedVersion, { status: "answered", answer_text: text, answered_at: at, answered_by: actor.userId });
    await event(trx, { itemId, kind: "answered", actor: actor.userId, from: item.agency_id, isPublic: true, at });
    await audit(trx, { userId: actor.userId, action: "feedback.answer", entity: "feedback_item", entityId: itemId, before: { status: item.status }, after: { status: "answered" }, ip: actor.ip });
    const msg = `Hài Lòng: phản ánh ${item.tracking_code} đã được trả lời. Xem câu trả lời và đánh giá tại trang tra cứu với mã ${item.tracking_code}.`;
    if (item.contact_phone) await enqueue(trx, { channel: "sms", recipient: item.contact_phone, subject: null, body: msg, dedupeKey: `answer:sms:${itemId}` }, now);
    if (item.contact_email) await enqueue(trx, { channel: "email", recipient: item.contact_email, subject: `Trả lời phản ánh ${item.tracking_code}`, body: `${msg}\n\n${text}`, dedupeKey: `answer:email:${itemId}` }, now);
  });
}

/**
 * Use case (agency): an internal note, never shown to the public. Refused on a stale version like
 * the other forms of the item page (a note does not change the item, so the version stays).
 */
export async function addNote(db: Db, itemId: number, note: string, expectedVersion: number, actor: Actor) {
  const text = note.trim();
  if (text.length < 2 || text.length > 5000) throw new InputError("invalid_input", "Ghi chú phải từ 2 đến 5.000 ký tự.", { note: "Hãy nhập ghi chú." }, 422);
  await db.transaction().execute(async (trx) => {
    const item = await getItem(trx, itemId);
    if (item.version !== expectedVersion) {
      throw new InputError("conflict", "Mục này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thử lại.", {}, 409);
    }
    const at = new Date().toISOString();
    await event(trx, { itemId, kind: "note", actor: actor.userId, reason: text, isPublic: false, at });
    await trx.updateTable("feedback_item").set({ updated_at: at }).where("id", "=", itemId).execute();
    await audit(trx, { userId: actor.userId, action: "feedback.note", entity: "feedback_item", entityId: itemId, after: { note: text }, ip: actor.ip });
  });
}

/** Use case (coordinator): publish an answered item whose sender agreed, with a summary. */
export async function publishItem(db: Db, itemId: number, summary: string, expectedVersion: number, actor: Actor, now = new Date()) {
  const text = summary.trim();
  if (text.length < 10 || text.length > 2000) throw new InputError("invalid_input", "Tóm tắt công khai phải từ 10 đến 2.000 ký tự và không chứa thông tin cá nhân.", { summary: "Hãy viết tóm tắt." }, 422);
  await db.transaction().execute(async (trx) => {
    const item = await getItem(trx, itemId);
    if (item.status !== "answered") throw new InputError("invalid_state", "Chỉ công khai được phản ánh đã trả lời.", {}, 409);
    if (!item.consent_publish) throw new InputError("no_consent", "Người gửi không đồng ý công khai phản ánh này.", {}, 409);
    await bump(trx, itemId, expectedVersion, { status: "published", public_summary: text, published_at: now.toISOString() });
    await event(trx, { itemId, kind: "published", actor: actor.userId, isPublic: true });
    await audit(trx, { userId: actor.userId, action: "feedback.publish", entity: "feedback_item", entityId: itemId, before: { status: item.status }, after: { status: "published", public_summary: text }, ip: actor.ip });
  });
}

/** Use case (sender): rate the handling once the item is answered (feeds sub-index 8.1.5). */
export async function rateItem(db: Db, trackingCode: string, rating: number, now = new Date()) {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new InputError("invalid_input", "Hãy chọn mức đánh giá từ 1 đến 5.", { rating: "Chọn từ 1 đến 5." }, 422);
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom("feedback_item").selectAll().where("tracking_code", "=", normaliseTrackingCode(trackingCode)).executeTakeFirst();
    if (!item) throw new InputError("not_found", "Không tìm thấy mã tra cứu.", {}, 404);
    if (!["answered", "published", "closed"].includes(item.status)) throw new InputError("invalid_state", "Chỉ đánh giá được khi phản ánh đã được trả lời.", {}, 409);
    if (item.rating) throw new InputError("already_rated", "Ông/Bà đã đánh giá phản ánh này rồi. Cảm ơn Ông/Bà!", {}, 409);
    await trx.updateTable("feedback_item").set({ rating, rated_at: now.toISOString(), updated_at: now.toISOString() }).where("id", "=", item.id).execute();
    await event(trx, { itemId: item.id, kind: "rated", reason: String(rating), isPublic: true });
  });
}

/**
 * Job: reminders before the due day, escalation to the parent agency once overdue (one level per
 * overdue period). Runs from the server's timer and from tests with a chosen `now`.
 */
export async function runDeadlines(db: Db, now = new Date()): Promise<{ reminded: number; escalated: number }> {
  const cal = await loadCalendar(db);
  const reminderDays = Number(await setting(db, "reminderDays"));
  const open = await db.selectFrom("feedback_item").selectAll().where("status", "in", ["received", "assigned"]).execute();
  let reminded = 0;
  let escalated = 0;
  const coordinator = await agencyIdByCode(db, await setting(db, "coordinatorAgency"));
  for (const item of open) {
    if (isOverdue(item.due_day, now)) {
      await db.transaction().execute(async (trx) => {
        const owner = item.agency_id ?? coordinator;
        const parent = owner ? (await trx.selectFrom("agency").select("parent_id").where("id", "=", owner).executeTakeFirst())?.parent_id ?? null : null;
        const day = localDay(now);
        const due = addWorkingDays(day, await deadlineDays(trx, item.kind, item.step), cal);
        const r = await trx.updateTable("feedback_item").set({ escalation_level: item.escalation_level + 1, due_day: due, version: item.version + 1, updated_at: now.toISOString() })
          .where("id", "=", item.id).where("version", "=", item.version).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return;
        await event(trx, { itemId: item.id, kind: "escalated", from: owner, to: parent, reason: `Quá hạn ${viDay(item.due_day)}: báo cáo cơ quan cấp trên.`, isPublic: false, at: now.toISOString() });
        await enqueue(trx, { channel: "log", recipient: `agency:${parent ?? owner ?? "coordinator"}`, subject: `Phản ánh ${item.tracking_code} quá hạn`, body: `Phản ánh ${item.tracking_code} đã quá hạn xử lý (${item.due_day}).`, dedupeKey: `escalate:${item.id}:${item.due_day}` }, now);
        escalated += 1;
      });
    } else if (needsReminder(item.due_day, now, reminderDays, cal)) {
      await db.transaction().execute(async (trx) => {
        await enqueue(trx, { channel: "log", recipient: `agency:${item.agency_id ?? coordinator ?? "coordinator"}`, subject: `Nhắc hạn phản ánh ${item.tracking_code}`, body: `Phản ánh ${item.tracking_code} đến hạn ngày ${viDay(item.due_day)}.`, dedupeKey: `remind:${item.id}:${item.due_day}` }, now);
      });
      reminded += 1;
    }
  }
  return { reminded, escalated };
}

/** Public tracking view: status timeline and answer; never contact data or internal notes. */
export async function trackItem(db: Db, code: string) {
  const item = await db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .select(["f.id", "f.tracking_code", "f.kind", "f.status", "f.received_at", "f.due_day", "f.answer_text", "f.answered_at", "f.published_at", "f.rating", "f.is_demo", "a.name as agency_name"])
    .where("f.tracking_code", "=", normaliseTrackingCode(code))
    .executeTakeFirst();
  if (!item) return null;
  const events = await db.selectFrom("feedback_event as e")
    .leftJoin("agency as t", "t.id", "e.to_agency_id")
    .select(["e.at", "e.kind", "e.reason", "t.name as to_agency"])
    .where("e.item_id", "=", item.id).where("e.is_public", "=", 1).orderBy("e.at").orderBy("e.id").execute();
  const { id: _id, ...rest } = item;
  return { ...rest, events: events.map((e) => ({ ...e, reason: e.kind === "rated" ? null : e.reason })) };
}

/** Public answers: published items only, with the summary the coordinator wrote. */
export async function listPublished(db: Db, opts: { q?: string | null; page?: number; pageSize?: number }) {
  const pageSize = Math.min(50, Math.max(1, opts.pageSize ?? 20));
  const page = Math.max(1, opts.page ?? 1);
  let base = db.selectFrom("feedback_item as f").leftJoin("agency as a", "a.id", "f.agency_id").where("f.status", "=", "published");
  if (opts.q && opts.q.trim()) {
    const like = `%${opts.q.trim().replace(/[%_]/g, "")}%`;
    // SQLite's LIKE ignores ASCII case; PostgreSQL's LIKE does not, so use ILIKE there.
    const op = likeOperator(db);
    base = base.where((eb) => eb.or([eb("f.public_summary", op, like), eb("f.answer_text", op, like), eb("a.name", op, like)]));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  const items = await base
    // No tracking code here: whoever holds a code can rate the item.
    .select(["f.id", "f.kind", "f.topic", "f.received_at", "f.answered_at", "f.published_at", "f.public_summary", "f.answer_text", "f.is_demo", "a.name as agency_name"])
    .orderBy("f.published_at", "desc").orderBy("f.id", "desc")
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total, page, pageSize, items };
}

/** A SHA-256 of a validated submission (keys sorted), for idempotency: same key, same content. */
export function requestFingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;
  return crypto.createHash("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}

/** The same idempotency key with other content: refused, nothing stored, nothing of the first revealed. */
export function keyReused(): InputError {
  return new InputError(
    "idempotency_key_reused",
    "Khóa chống gửi trùng (idempotencyKey) này đã được dùng cho một nội dung khác. Hãy tạo khóa mới, ngẫu nhiên (ví dụ một UUID) rồi gửi lại.",
    { idempotencyKey: "Khóa đã được dùng cho nội dung khác." },
    409,
  );
}
