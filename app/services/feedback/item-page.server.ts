// One item for staff: its detail and the forms of its page.
import { z } from "zod";
import { localDay } from "../../domain/periods";
import { CHANNEL_LABEL, STEP_LABEL } from "../../domain/feedback-labels";
import type { SessionUser } from "../../platform/auth.server";
import { KIND_LABEL, loadCalendar, STATUS_LABEL } from "./feedback.server";
import { itemForStaff, canOnItem, OPEN_STATUSES } from "./staff-scope.server";
import { dueInfo } from "./inbox.server";
import type { Db } from "../../platform/db.server";


/** The item with its whole timeline (internal notes too) and what this user may do with it. */
export async function itemDetail(db: Db, user: SessionUser, id: number, now = new Date()) {
  const item = await itemForStaff(db, user, id);
  const [agency, unit, point, topic, events, cal, canAnswer, canTransfer, canAssign, canPublish] = await Promise.all([
    item.agency_id ? db.selectFrom("agency").select(["code", "name"]).where("id", "=", item.agency_id).executeTakeFirst() : undefined,
    item.unit_id ? db.selectFrom("admin_unit").select(["code", "name"]).where("id", "=", item.unit_id).executeTakeFirst() : undefined,
    item.service_point_id ? db.selectFrom("service_point").select(["code", "name"]).where("id", "=", item.service_point_id).executeTakeFirst() : undefined,
    item.topic ? db.selectFrom("procedure_field").select(["code", "name"]).where("code", "=", item.topic).executeTakeFirst() : undefined,
    db.selectFrom("feedback_event as e")
      .leftJoin("app_user as usr", "usr.id", "e.actor_user_id")
      .leftJoin("agency as fa", "fa.id", "e.from_agency_id")
      .leftJoin("agency as ta", "ta.id", "e.to_agency_id")
      .select(["e.id", "e.at", "e.kind", "e.reason", "e.is_public", "usr.display_name as actor", "fa.name as from_agency", "ta.name as to_agency"])
      .where("e.item_id", "=", id).orderBy("e.at").orderBy("e.id").execute(),
    loadCalendar(db),
    canOnItem(db, user, "answer:feedback", item),
    canOnItem(db, user, "transfer:feedback", item),
    canOnItem(db, user, "assign:feedback", item),
    canOnItem(db, user, "publish:feedback", item),
  ]);
  const open = (OPEN_STATUSES as readonly string[]).includes(item.status);
  const showContact = canAnswer;
  return {
    item: {
      id: item.id, trackingCode: item.tracking_code, kind: item.kind, kindLabel: KIND_LABEL[item.kind], isFormal: !!item.is_formal,
      channel: item.channel, channelLabel: CHANNEL_LABEL[item.channel] ?? item.channel, status: item.status, statusLabel: STATUS_LABEL[item.status] ?? item.status,
      step: item.step, stepLabel: STEP_LABEL[item.step] ?? item.step, text: item.text, receivedAt: item.received_at, dueDay: item.due_day,
      escalationLevel: item.escalation_level, answerText: item.answer_text, answeredAt: item.answered_at, publicSummary: item.public_summary,
      publishedAt: item.published_at, rating: item.rating, consentPublish: !!item.consent_publish, version: item.version, isDemo: !!item.is_demo,
      agency: agency ?? null, unit: unit ?? null, point: point ?? null, topic: topic ?? (item.topic ? { code: item.topic, name: item.topic } : null),
      contact: showContact ? { name: item.contact_name, phone: item.contact_phone, email: item.contact_email } : null,
      hasContact: !!(item.contact_name || item.contact_phone || item.contact_email),
    },
    due: dueInfo(item, localDay(now), cal),
    events: events.map((e) => ({ ...e, isPublic: !!e.is_public, label: EVENT_LABEL[e.kind] ?? e.kind, reason: eventReason(e.kind, e.reason) })),
    may: {
      answer: canAnswer && item.status === "assigned",
      transfer: canTransfer && open,
      assign: canAssign && open,
      publish: canPublish && item.status === "answered",
      /** issue 17: the coordinator publishes or withdraws each photo (shown once the item is public). */
      publishPhotos: canPublish,
      note: canAnswer || canTransfer || canAssign,
    },
  };
}

/** Reasons as staff read them: "Kênh: web" → the channel's name; a rating as "n/5". */
function eventReason(kind: string, reason: string | null): string | null {
  if (kind === "rated") return `Người gửi đánh giá ${reason}/5`;
  const m = reason ? /^Kênh: (\w+)$/.exec(reason) : null;
  if (kind === "received" && m) return `Kênh: ${(CHANNEL_LABEL as Record<string, string>)[m[1]] ?? m[1]}`;
  return reason;
}

export const EVENT_LABEL: Record<string, string> = {
  received: "Tiếp nhận",
  routed: "Chuyển tự động",
  queued: "Chờ điều phối",
  assigned: "Giao xử lý",
  transferred: "Chuyển cơ quan",
  answered: "Trả lời",
  published: "Công khai",
  rated: "Người gửi đánh giá",
  escalated: "Báo cáo cấp trên (quá hạn)",
  note: "Ghi chú nội bộ",
};

// ---------------------------------------------------------------- forms of the item page and the coordinator

const versionField = z.coerce.number({ error: "Thiếu phiên bản của mục: hãy tải lại trang." }).int().min(1, "Thiếu phiên bản của mục: hãy tải lại trang.");
export const idField = z.coerce.number({ error: "Thiếu mã phản ánh." }).int().min(1, "Thiếu mã phản ánh.");
const text = (what: string, min: number, max: number) =>
  z.string({ error: `Hãy nhập ${what}.` }).trim()
    .min(1, `Hãy nhập ${what}.`)
    .min(min, `${what[0].toUpperCase()}${what.slice(1)} quá ngắn: ít nhất ${min} ký tự.`)
    .max(max, `${what[0].toUpperCase()}${what.slice(1)} quá dài: tối đa ${max.toLocaleString("vi-VN")} ký tự.`);

export const answerForm = z.object({ version: versionField, answer: text("câu trả lời", 10, 10_000) });
export const transferForm = z.object({
  version: versionField,
  to: z.string().trim().max(40).optional().transform((v) => (v ? v.toUpperCase() : null)),
  reason: text("lý do chuyển", 5, 2000),
});
export const noteForm = z.object({ version: versionField, note: text("ghi chú", 2, 5000) });
export const assignForm = z.object({
  id: idField,
  version: versionField,
  agency: z.string({ error: "Hãy chọn cơ quan xử lý." }).trim().min(1, "Hãy chọn cơ quan xử lý.").max(40),
  reason: text("lý do giao", 5, 2000),
});
export const publishForm = z.object({ id: idField, version: versionField, summary: text("tóm tắt công khai", 10, 2000) });
