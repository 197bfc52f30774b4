import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { addWorkingDays, workingDaysBetween, type Calendar } from "../domain/deadlines";
import { localDay } from "../domain/periods";
import { can, permissionsOf, ROLE_PERMISSIONS, type Permission } from "../domain/permissions";
import { STAFF_MENU } from "../components/staff-menu";
import { CHANNEL_LABEL, DEADLINE_KINDS, DEADLINE_STEPS, OUTBOX_STATUSES, STATUS_SHORT, STEP_LABEL } from "../components/feedback-staff/labels";
import { FEEDBACK_KINDS, FORMAL_KINDS, isFormal, routeItem, type FeedbackKind } from "../domain/routing";
import { FEEDBACK_CHANNELS, feedbackInput, STAFF_CHANNELS } from "../schemas/feedback";
import { fieldErrors } from "../schemas/response";
import { audit, loadOrg, type SessionUser } from "./auth.server";
import { InputError } from "./errors";
import { submitFeedback, deadlineDays, DEFAULT_DEADLINES, KIND_LABEL, loadCalendar, setting, STATUS_LABEL } from "./feedback.server";
import { MAX_ATTEMPTS, processOutbox, sender } from "./notify.server";
import { treeOrder } from "./org-admin.server";
import { hasDemoData, listUnits, subtreeIds } from "./reference.server";
import type { Tx } from "./responses.server";

/**
 * The staff side of feedback (góp ý, phản ánh, kiến nghị): who may see which items, the agency
 * inbox, the coordinator's queue, desk entry, routing / holiday / deadline admin, the outbox and
 * the figures for leaders. The handling itself (assign, transfer, answer, publish) lives in
 * feedback.server.ts; this module only adds queries, scopes and the admin use cases.
 */

export { KIND_LABEL };
export { CHANNEL_LABEL, STATUS_SHORT };

interface Actor {
  userId: number;
  ip: string | null;
}

const OPEN_STATUSES = ["received", "assigned"] as const;
const DONE_STATUSES = ["answered", "published", "closed"];

// ---------------------------------------------------------------- who may see what

/** The items a user may read: everything (admin), some agencies' items, items in some unit subtrees. */
interface ReadScope {
  all: boolean;
  agencyIds: number[];
  unitIds: number[];
}

function grantsWith(user: SessionUser, permission: Permission) {
  if (user.tokenPermissions && !user.tokenPermissions.includes(permission)) return [];
  return user.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

/**
 * read:feedback: an admin reads all items; an agency grant reads the items owned by that agency;
 * a unit grant (leader) reads the items whose admin unit lies in the unit's subtree.
 */
async function readScope(db: Db, user: SessionUser): Promise<ReadScope> {
  const grants = grantsWith(user, "read:feedback");
  if (grants.some((g) => g.role === "admin")) return { all: true, agencyIds: [], unitIds: [] };
  const agencyIds = new Set<number>();
  const unitIds = new Set<number>();
  const unitGrants = grants.filter((g) => g.unitId !== null);
  if (unitGrants.length) {
    const units = await db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id"]).execute();
    for (const g of unitGrants) for (const id of subtreeIds(units, g.unitId!)) unitIds.add(id);
  }
  for (const g of grants) if (g.agencyId !== null) agencyIds.add(g.agencyId);
  return { all: false, agencyIds: [...agencyIds], unitIds: [...unitIds] };
}

/** The user's feedback scope in words, e.g. "Sở Tư pháp" or "Thành phố Buôn Ma Thuột và các đơn vị trực thuộc". */
export async function scopeDescription(db: Db, user: SessionUser): Promise<string> {
  const grants = grantsWith(user, "read:feedback");
  if (grants.some((g) => g.role === "admin")) return "toàn tỉnh";
  const parts: string[] = [];
  for (const g of grants) {
    if (g.agencyId !== null) {
      const a = await db.selectFrom("agency").select("name").where("id", "=", g.agencyId).executeTakeFirst();
      parts.push(a?.name ?? g.agencyCode ?? "");
    } else if (g.unitId !== null) {
      const u = await db.selectFrom("admin_unit").select("name").where("id", "=", g.unitId).executeTakeFirst();
      parts.push(`phản ánh trên địa bàn ${u?.name ?? g.unitCode} và các đơn vị trực thuộc`);
    }
  }
  return parts.join("; ");
}

/**
 * Whether a read scope covers an item. A complaint or a denunciation (khiếu nại, tố cáo) is read
 * only by the body it is routed to (an agency grant) and the coordinator (admin), never through a
 * unit grant: the leaders of the unit it concerns may be the ones it is about, and the text often
 * names the sender (docs/decisions/0013-sensitive-kinds.md).
 */
function scopeCovers(scope: ReadScope, item: { agency_id: number | null; unit_id: number | null; kind: string }): boolean {
  if (scope.all) return true;
  if (item.agency_id !== null && scope.agencyIds.includes(item.agency_id)) return true;
  return !isFormal(item.kind as FeedbackKind) && item.unit_id !== null && scope.unitIds.includes(item.unit_id);
}

/** Internal notes are written by those who handle the item (answer, transfer or assign it), not by readers. */
export async function canNoteOnItem(db: Db, user: SessionUser, item: { agency_id: number | null }): Promise<boolean> {
  for (const p of ["answer:feedback", "transfer:feedback", "assign:feedback"] as const) if (await canOnItem(db, user, p, item)) return true;
  return false;
}

/** Whether the user holds `permission` for the item's current owner (none for the coordinator's queue, except an admin). */
async function canOnItem(db: Db, user: SessionUser, permission: Permission, item: { agency_id: number | null }): Promise<boolean> {
  const grants = grantsWith(user, permission);
  if (!grants.length) return false;
  return can(grants, permission, { agencyId: item.agency_id ?? -1 }, await loadOrg(db));
}

const FORBIDDEN = "Bạn không có quyền xem hoặc xử lý phản ánh này: phản ánh thuộc cơ quan hoặc địa bàn khác.";

/** The item, or a 404 / 403 response (thrown, for loaders and actions). */
export async function itemForStaff(db: Db, user: SessionUser, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Không tìm thấy phản ánh.", { status: 404 });
  const item = await db.selectFrom("feedback_item").selectAll().where("id", "=", id).executeTakeFirst();
  if (!item) throw new Response("Không tìm thấy phản ánh.", { status: 404 });
  if (!scopeCovers(await readScope(db, user), item)) throw new Response(FORBIDDEN, { status: 403, statusText: "Forbidden" });
  return item;
}

/** Throws a 403 unless the user holds `permission` for the item. */
export async function requireOnItem(db: Db, user: SessionUser, permission: Permission, item: { agency_id: number | null }) {
  if (!(await canOnItem(db, user, permission, item))) throw new Response(FORBIDDEN, { status: 403, statusText: "Forbidden" });
}

// ---------------------------------------------------------------- deadlines as words

interface DueInfo {
  overdue: boolean;
  /** Working days left (open, not overdue) or past the due day (overdue); null when done. */
  days: number | null;
  label: string;
}

function dueInfo(item: { status: string; due_day: string }, today: string, cal: Calendar): DueInfo {
  if (!(OPEN_STATUSES as readonly string[]).includes(item.status)) return { overdue: false, days: null, label: "Đã xử lý" };
  if (today > item.due_day) {
    const n = Math.max(1, workingDaysBetween(item.due_day, today, cal));
    return { overdue: true, days: n, label: `Quá hạn ${n} ngày làm việc` };
  }
  const n = workingDaysBetween(today, item.due_day, cal);
  return { overdue: false, days: n, label: n === 0 ? "Hết hạn hôm nay" : `Còn ${n} ngày làm việc` };
}

// ---------------------------------------------------------------- the inbox

const optional = (max = 64) => z.string().trim().max(max).optional().transform((v) => (v ? v : null));

const inboxFilter = z.object({
  status: z.enum(["", "open", ...Object.keys(STATUS_LABEL)] as [string, ...string[]], { error: "Trạng thái không hợp lệ." }).optional().transform((v) => v || null),
  overdue: z.string().optional().transform((v) => v === "1" || v === "on"),
  kind: z.enum(["", ...FEEDBACK_KINDS], { error: "Loại phản ánh không hợp lệ." }).optional().transform((v) => (v || null) as FeedbackKind | null),
  unit: optional(),
  channel: z.enum(["", ...FEEDBACK_CHANNELS], { error: "Kênh tiếp nhận không hợp lệ." }).optional().transform((v) => v || null),
  page: z.string().optional().transform((v) => Math.max(1, Math.min(10_000, Number.parseInt(v ?? "1", 10) || 1))),
});
type InboxFilter = z.infer<typeof inboxFilter>;

export function parseInboxFilter(url: URL): { filter: InboxFilter; errors: Record<string, string> } {
  const raw = Object.fromEntries(["status", "overdue", "kind", "unit", "channel", "page"].map((k) => [k, url.searchParams.get(k) ?? undefined]));
  const r = inboxFilter.safeParse(raw);
  if (r.success) return { filter: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) errors[String(i.path[0])] ??= i.message;
  const clean = { ...raw };
  for (const k of Object.keys(errors)) delete clean[k];
  return { filter: inboxFilter.parse(clean), errors };
}

const PAGE_SIZE = 50;

/** Items the user may read, filtered; overdue first, then open by due day, then handled ones. */
export async function listInbox(db: Db, user: SessionUser, filter: InboxFilter, now = new Date()) {
  const scope = await readScope(db, user);
  const today = localDay(now);
  const cal = await loadCalendar(db);
  let q = db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .leftJoin("admin_unit as u", "u.id", "f.unit_id")
    .leftJoin("procedure_field as pf", "pf.code", "f.topic");
  if (!scope.all) {
    if (!scope.agencyIds.length && !scope.unitIds.length) q = q.where((eb) => eb.lit(false));
    else q = q.where((eb) => eb.or([
      ...(scope.agencyIds.length ? [eb("f.agency_id", "in", scope.agencyIds)] : []),
      ...(scope.unitIds.length ? [eb.and([eb("f.unit_id", "in", scope.unitIds), eb("f.kind", "not in", [...FORMAL_KINDS])])] : []),
    ]));
  }
  if (filter.status === "open") q = q.where("f.status", "in", [...OPEN_STATUSES]);
  else if (filter.status) q = q.where("f.status", "=", filter.status as "received");
  if (filter.overdue) q = q.where("f.status", "in", [...OPEN_STATUSES]).where("f.due_day", "<", today);
  if (filter.kind) q = q.where("f.kind", "=", filter.kind);
  if (filter.channel) q = q.where("f.channel", "=", filter.channel as "web");
  if (filter.unit) {
    const units = await listUnits(db);
    const unit = units.find((u) => u.code === filter.unit);
    q = unit ? q.where("f.unit_id", "in", [...subtreeIds(units, unit.id)]) : q.where((eb) => eb.lit(false));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  const rows = await q
    .select([
      "f.id", "f.tracking_code", "f.kind", "f.topic", "f.channel", "f.status", "f.received_at", "f.due_day", "f.step", "f.escalation_level", "f.is_demo",
      "a.code as agency_code", "a.name as agency_name", "u.code as unit_code", "u.name as unit_name", "pf.name as topic_name",
    ])
    .orderBy((eb) => eb.case().when(eb.and([eb("f.status", "in", [...OPEN_STATUSES]), eb("f.due_day", "<", today)])).then(0)
      .when("f.status", "in", [...OPEN_STATUSES]).then(1).else(2).end())
    .orderBy("f.due_day")
    .orderBy("f.id")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    items: rows.map((r) => ({ ...r, due: dueInfo(r, today, cal) })),
  };
}

/** Options for filters and forms: units (indented tree), topics, active agencies. */
export async function feedbackOptions(db: Db, user?: SessionUser) {
  const [units, topics, agencies] = await Promise.all([
    listUnits(db),
    db.selectFrom("procedure_field").select(["code", "name"]).orderBy("id").execute(),
    db.selectFrom("agency").select(["id", "code", "name"]).where("active", "=", 1).orderBy("id").execute(),
  ]);
  let visible = units;
  if (user) {
    const scope = await readScope(db, user);
    if (!scope.all && !scope.agencyIds.length) visible = units.filter((u) => scope.unitIds.includes(u.id));
  }
  const ordered = treeOrder(visible);
  return {
    units: ordered.map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.name}` })),
    topics: topics.map((t) => ({ value: t.code, label: t.name })),
    agencies: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})`, id: a.id })),
  };
}

// ---------------------------------------------------------------- one item

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

const EVENT_LABEL: Record<string, string> = {
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
const idField = z.coerce.number({ error: "Thiếu mã phản ánh." }).int().min(1, "Thiếu mã phản ánh.");
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


// ---------------------------------------------------------------- the coordinator

/** The coordinator's queue (no agency yet), oldest deadline first. */
export async function coordinatorQueue(db: Db, now = new Date()) {
  const today = localDay(now);
  const cal = await loadCalendar(db);
  const rows = await db.selectFrom("feedback_item as f")
    .leftJoin("admin_unit as u", "u.id", "f.unit_id")
    .leftJoin("procedure_field as pf", "pf.code", "f.topic")
    .select(["f.id", "f.tracking_code", "f.kind", "f.topic", "f.channel", "f.status", "f.text", "f.received_at", "f.due_day", "f.version", "f.is_demo", "u.name as unit_name", "pf.name as topic_name"])
    .where("f.agency_id", "is", null).where("f.status", "in", [...OPEN_STATUSES])
    .orderBy("f.due_day").orderBy("f.id").limit(200).execute();
  return rows.map((r) => ({ ...r, text: r.text.length > 280 ? `${r.text.slice(0, 277)}…` : r.text, due: dueInfo(r, today, cal) }));
}

/** Answered items not yet published, oldest answer first. */
export async function awaitingPublication(db: Db) {
  return db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .select(["f.id", "f.tracking_code", "f.kind", "f.text", "f.answer_text", "f.answered_at", "f.consent_publish", "f.version", "f.is_demo", "a.name as agency_name"])
    .where("f.status", "=", "answered")
    .orderBy("f.answered_at").orderBy("f.id").limit(200).execute();
}

/** Open items past their due day, per owner (null = the coordinator's queue), most first. */
export async function overdueByAgency(db: Db, now = new Date()) {
  const today = localDay(now);
  const rows = await db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .select((eb) => ["a.code as agency_code", "a.name as agency_name", eb.fn.countAll<number>().as("overdue"), eb.fn.min("f.due_day").as("oldest_due")])
    .where("f.status", "in", [...OPEN_STATUSES]).where("f.due_day", "<", today)
    .groupBy(["a.code", "a.name"])
    .execute();
  return rows.map((r) => ({ ...r, overdue: Number(r.overdue), oldest_due: String(r.oldest_due) })).sort((a, b) => b.overdue - a.overdue || a.oldest_due.localeCompare(b.oldest_due));
}

// ---------------------------------------------------------------- desk entry

/** The service points for which the user may enter feedback; `free` = may also enter without one. */
export async function deskPoints(db: Db, user: SessionUser) {
  const [points, org, root] = await Promise.all([
    db.selectFrom("service_point as sp").innerJoin("admin_unit as u", "u.id", "sp.unit_id")
      .select(["sp.id", "sp.code", "sp.name", "u.code as unit_code", "u.name as unit_name"]).where("sp.active", "=", 1).orderBy("sp.id").execute(),
    loadOrg(db),
    db.selectFrom("admin_unit").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirst(),
  ]);
  const grants = grantsWith(user, "enter:feedback");
  return {
    points: points.filter((p) => can(grants, "enter:feedback", { servicePointId: p.id }, org)),
    free: root ? can(grants, "enter:feedback", { unitId: root.id }, org) : false,
  };
}

/** A fresh idempotency key per desk form shown: a double submit stores once. */
export function newDeskKey(): string {
  return `desk-${crypto.randomUUID()}`;
}

const deskForm = z.object({
  channel: z.enum(STAFF_CHANNELS, { error: "Hãy chọn kênh tiếp nhận: đường dây nóng, văn bản, hòm thư góp ý hoặc trực tiếp." }),
});

/**
 * Use case (desk officer): enter what came by hotline, paper, suggestion box or in person. The
 * service point must be one of the officer's; the rest is the public intake (submitFeedback of
 * feedback.server.ts), audited as "feedback.enter".
 */
export async function enterFeedback(db: Db, user: SessionUser, fields: Record<string, unknown>, ip: string | null = null) {
  const { points, free } = await deskPoints(db, user);
  const sp = typeof fields.servicePoint === "string" ? fields.servicePoint.trim() : "";
  if (sp && !points.some((p) => p.code === sp)) {
    throw new InputError("forbidden", "Bạn chỉ nhập được phản ánh cho điểm phục vụ của mình.", { servicePoint: "Chọn điểm phục vụ mà bạn được giao." }, 403);
  }
  const body = { ...fields, servicePoint: sp || null, consentPublish: fields.consentPublish ?? "" };
  const errors: Record<string, string> = {};
  const ch = deskForm.safeParse(fields);
  if (!ch.success) errors.channel = ch.error.issues[0].message;
  if (!sp && !free) errors.servicePoint = "Hãy chọn điểm phục vụ nơi tiếp nhận.";
  const parsed = feedbackInput.safeParse(body);
  if (!parsed.success) for (const [k, v] of Object.entries(fieldErrors(parsed.error))) errors[k] ??= v;
  const invalid = (f: Record<string, string>) => new InputError("invalid_input", "Chưa lưu được: hãy kiểm tra các mục được đánh dấu.", f, 422);
  if (Object.keys(errors).length || !ch.success) throw invalid(errors);
  // The public intake, audited as "feedback.enter" because a staff member entered it; a replay
  // of the form's idempotency key returns the item stored the first time.
  try {
    const r = await submitFeedback(db, parsed.data!, { channel: ch.data.channel, actorUserId: user.id, ip, isDemo: user.isDemo });
    const item = await db.selectFrom("feedback_item as f").leftJoin("agency as a", "a.id", "f.agency_id")
      .select(["f.id", "f.tracking_code", "f.due_day", "f.kind", "f.channel", "f.status", "a.name as agency_name"]).where("f.id", "=", r.id).executeTakeFirstOrThrow();
    return { ...item, replay: r.replay };
  } catch (e) {
    if (e instanceof InputError && e.status === 422) throw invalid(e.fields);
    throw e;
  }
}

// ---------------------------------------------------------------- routing rules

export async function listRoutingRules(db: Db) {
  const rows = await db.selectFrom("routing_rule as r")
    .innerJoin("agency as a", "a.id", "r.agency_id")
    .leftJoin("admin_unit as u", "u.id", "r.unit_id")
    .leftJoin("procedure_field as pf", "pf.code", "r.topic")
    .leftJoin("app_user as usr", "usr.id", "r.created_by")
    .select(["r.id", "r.topic", "r.priority", "r.active", "r.created_at", "r.deactivated_at", "a.code as agency_code", "a.name as agency_name",
      "u.code as unit_code", "u.name as unit_name", "pf.name as topic_name", "usr.display_name as created_by_name"])
    .orderBy("r.active", "desc").orderBy("r.topic").orderBy("u.code").orderBy("r.priority").orderBy("r.id")
    .execute();
  return rows.map((r) => ({ ...r, active: !!r.active }));
}

export const ruleForm = z.object({
  topic: optional(),
  unit: optional(),
  agency: z.string({ error: "Hãy chọn cơ quan nhận." }).trim().min(1, "Hãy chọn cơ quan nhận.").max(40),
  priority: z.string().trim().optional().transform((v) => (v ? Number(v) : 100))
    .refine((v) => Number.isInteger(v) && v >= 1 && v <= 999, "Thứ tự ưu tiên là số nguyên từ 1 đến 999 (số nhỏ được ưu tiên)."),
}).refine((r) => r.topic !== null || r.unit !== null, { message: "Hãy chọn lĩnh vực, đơn vị hành chính hoặc cả hai (quy tắc không có cả hai sẽ không bao giờ được dùng).", path: ["topic"] });

/** Use case: add a routing rule (audited). */
export async function addRoutingRule(db: Db, input: z.infer<typeof ruleForm>, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const fields: Record<string, string> = {};
    const agency = await trx.selectFrom("agency").select(["id", "active"]).where("code", "=", input.agency).executeTakeFirst();
    if (!agency || !agency.active) fields.agency = `Không có cơ quan đang hoạt động "${input.agency}".`;
    const unit = input.unit ? await trx.selectFrom("admin_unit").select(["id", "active"]).where("code", "=", input.unit).executeTakeFirst() : null;
    if (input.unit && (!unit || !unit.active)) fields.unit = `Không có đơn vị hành chính "${input.unit}".`;
    if (input.topic && !(await trx.selectFrom("procedure_field").select("id").where("code", "=", input.topic).executeTakeFirst())) fields.topic = `Không có lĩnh vực "${input.topic}".`;
    if (Object.keys(fields).length) throw new InputError("invalid_input", "Chưa lưu được: hãy kiểm tra các mục được đánh dấu.", fields, 422);
    const same = await trx.selectFrom("routing_rule").select("id").where("active", "=", 1)
      .where("topic", input.topic === null ? "is" : "=", input.topic).where("unit_id", unit ? "=" : "is", unit?.id ?? null)
      .where("agency_id", "=", agency!.id).where("priority", "=", input.priority).executeTakeFirst();
    if (same) throw new InputError("duplicate", `Đã có quy tắc giống hệt (số ${same.id}).`, { agency: "Quy tắc này đã có." }, 409);
    const at = new Date().toISOString();
    const row = { topic: input.topic, unit_id: unit?.id ?? null, agency_id: agency!.id, priority: input.priority, active: 1, created_at: at, created_by: actor.userId, deactivated_at: null };
    const r = await trx.insertInto("routing_rule").values(row).returning("id").executeTakeFirstOrThrow();
    await audit(trx, { userId: actor.userId, action: "routing_rule.create", entity: "routing_rule", entityId: r.id, after: { id: r.id, ...row, agency: input.agency, unit: input.unit }, ip: actor.ip });
    return r.id;
  });
}

/** Use case: deactivate a routing rule (never deleted: it stays as history), audited. */
export async function deactivateRoutingRule(db: Db, id: number, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("routing_rule").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw new InputError("not_found", "Không tìm thấy quy tắc.", {}, 404);
    if (!before.active) throw new InputError("invalid_state", `Quy tắc số ${id} đã ngừng áp dụng từ trước.`, {}, 409);
    const at = new Date().toISOString();
    await trx.updateTable("routing_rule").set({ active: 0, deactivated_at: at }).where("id", "=", id).execute();
    await audit(trx, { userId: actor.userId, action: "routing_rule.deactivate", entity: "routing_rule", entityId: id, before, after: { ...before, active: 0, deactivated_at: at }, ip: actor.ip });
  });
}

export const routingTest = z.object({
  topic: optional(),
  unit: optional(),
  kind: z.enum(["", ...FEEDBACK_KINDS]).optional().transform((v) => (v || null) as FeedbackKind | null),
});

/** "Thử phân loại": which agency intake would choose for a topic × unit (and kind), and why. */
export async function testRouting(db: Db, input: z.infer<typeof routingTest>) {
  const [rules, units] = await Promise.all([
    db.selectFrom("routing_rule").select(["id", "topic", "unit_id", "agency_id", "priority"]).where("active", "=", 1).execute(),
    db.selectFrom("admin_unit").select(["id", "code", "parent_id"]).execute(),
  ]);
  const unit = input.unit ? units.find((u) => u.code === input.unit) : null;
  if (input.unit && !unit) throw new InputError("invalid_input", "Không tìm thấy đơn vị hành chính.", { unit: `Không có đơn vị "${input.unit}".` }, 422);
  const agencyName = async (id: number | null) =>
    id ? (await db.selectFrom("agency").select(["code", "name"]).where("id", "=", id).executeTakeFirst()) ?? null : null;
  if (input.kind && isFormal(input.kind)) {
    const code = await setting(db, "inspectorateAgency");
    const a = await db.selectFrom("agency").select(["code", "name"]).where("code", "=", code).executeTakeFirst();
    return { agency: a ?? null, ruleId: null, reason: "Khiếu nại, tố cáo luôn được chuyển đến Thanh tra tỉnh, không theo quy tắc phân loại." };
  }
  const rule = routeItem(
    { topic: input.topic, unitId: unit?.id ?? null },
    rules.map((r) => ({ id: r.id, topic: r.topic, unitId: r.unit_id, agencyId: r.agency_id, priority: r.priority })),
    new Map(units.map((u) => [u.id, u.parent_id])),
  );
  if (!rule) return { agency: null, ruleId: null, reason: "Không có quy tắc phù hợp: phản ánh vào hàng chờ điều phối của Văn phòng UBND tỉnh." };
  return {
    agency: await agencyName(rule.agencyId),
    ruleId: rule.id,
    reason: rule.topic && rule.unitId ? "Quy tắc theo cả lĩnh vực và địa bàn." : rule.topic ? "Quy tắc theo lĩnh vực." : "Quy tắc theo địa bàn.",
  };
}

// ---------------------------------------------------------------- holidays and deadline rules

export async function listHolidays(db: Db, year: number) {
  return db.selectFrom("holiday").selectAll().where("day", ">=", `${year}-01-01`).where("day", "<=", `${year}-12-31`).orderBy("day").execute();
}

export async function holidayYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom("holiday").select("day").execute();
  return [...new Set(rows.map((r) => Number(r.day.slice(0, 4))))].sort((a, b) => b - a);
}

const isoDay = z.string({ error: "Hãy nhập ngày." }).trim().min(1, "Hãy nhập ngày.")
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, "Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2025-04-30).");

export const holidayForm = z.object({
  day: isoDay,
  kind: z.enum(["holiday", "working_weekend"], { error: "Hãy chọn: ngày nghỉ hoặc ngày làm bù." }),
  name: z.string().trim().max(120, "Tên quá dài (tối đa 120 ký tự).").optional().transform((v) => v || null),
}).superRefine((h, ctx) => {
  const dow = new Date(`${h.day}T00:00:00Z`).getUTCDay();
  if (h.kind === "working_weekend" && dow !== 0 && dow !== 6) ctx.addIssue({ code: "custom", path: ["kind"], message: "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật." });
});
export const holidayRemove = z.object({ day: isoDay });

export async function addHoliday(db: Db, input: z.infer<typeof holidayForm>, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const prior = await trx.selectFrom("holiday").selectAll().where("day", "=", input.day).executeTakeFirst();
    if (prior) throw new InputError("duplicate", `Ngày ${fmtDay(input.day)} đã có trong lịch.`, { day: "Ngày này đã có trong lịch: hãy xóa trước nếu muốn đổi." }, 409);
    await trx.insertInto("holiday").values(input).execute();
    await audit(trx, { userId: actor.userId, action: "holiday.add", entity: "holiday", entityId: input.day, after: input, ip: actor.ip });
  });
}

export async function removeHoliday(db: Db, day: string, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const prior = await trx.selectFrom("holiday").selectAll().where("day", "=", day).executeTakeFirst();
    if (!prior) throw new InputError("not_found", `Ngày ${fmtDay(day)} không có trong lịch.`, {}, 404);
    await trx.deleteFrom("holiday").where("day", "=", day).execute();
    await audit(trx, { userId: actor.userId, action: "holiday.remove", entity: "holiday", entityId: day, before: prior, ip: actor.ip });
  });
}


/** The deadline grid: each kind × step, its own value (or empty: inherited) and the effective days. */
export async function deadlineGrid(db: Db) {
  const rows = await db.selectFrom("deadline_rule").select(["kind", "step", "working_days"]).execute();
  const own = new Map(rows.map((r) => [`${r.kind}:${r.step}`, r.working_days]));
  const grid = [];
  for (const kind of DEADLINE_KINDS) {
    for (const step of DEADLINE_STEPS) {
      const value = own.get(`${kind}:${step}`) ?? null;
      const effective = value ?? (kind === "*" ? DEFAULT_DEADLINES[`*:${step}`] ?? 10 : await deadlineDays(db, kind, step));
      grid.push({ kind, step, value, effective });
    }
  }
  return grid;
}

const dayCount = z.string().trim().optional().transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 90), "Số ngày làm việc là số nguyên từ 1 đến 90.");

export const deadlineForm = z.object(Object.fromEntries(DEADLINE_KINDS.flatMap((k) => DEADLINE_STEPS.map((s) => [`d_${k === "*" ? "all" : k}_${s}`, dayCount])))) as z.ZodObject<Record<string, typeof dayCount>>;

/** Use case: save the whole grid in one transaction with one audit row (empty = inherit the general rule). */
export async function saveDeadlines(db: Db, input: Record<string, number | null>, actor: Actor) {
  const fields: Record<string, string> = {};
  for (const s of DEADLINE_STEPS) if (input[`d_all_${s}`] == null) fields[`d_all_${s}`] = "Quy tắc chung không được để trống.";
  if (Object.keys(fields).length) throw new InputError("invalid_input", "Chưa lưu được: quy tắc chung (mọi loại) phải có số ngày.", fields, 422);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("deadline_rule").select(["kind", "step", "working_days"]).orderBy("kind").orderBy("step").execute();
    for (const kind of DEADLINE_KINDS) {
      for (const step of DEADLINE_STEPS) {
        const v = input[`d_${kind === "*" ? "all" : kind}_${step}`];
        if (v == null) await trx.deleteFrom("deadline_rule").where("kind", "=", kind).where("step", "=", step).execute();
        else await trx.insertInto("deadline_rule").values({ kind, step, working_days: v })
          .onConflict((oc) => oc.columns(["kind", "step"]).doUpdateSet({ working_days: v })).execute();
      }
    }
    const after = await trx.selectFrom("deadline_rule").select(["kind", "step", "working_days"]).orderBy("kind").orderBy("step").execute();
    const map = (rs: typeof before) => Object.fromEntries(rs.map((r) => [`${r.kind}:${r.step}`, r.working_days]));
    await audit(trx, { userId: actor.userId, action: "deadline_rule.update", entity: "deadline_rule", entityId: null, before: map(before), after: map(after), ip: actor.ip });
  });
}

export const duePreview = z.object({
  from: isoDay,
  kind: z.enum(FEEDBACK_KINDS, { error: "Hãy chọn loại phản ánh." }),
  step: z.enum(DEADLINE_STEPS).optional().transform((v) => v ?? "handling"),
});

/** "Tính thử hạn": the due day of an item received on `from`, with the calendar as it is now. */
export async function previewDue(db: Db | Tx, input: z.infer<typeof duePreview>) {
  const days = await deadlineDays(db, input.kind, input.step);
  return { days, due: addWorkingDays(input.from, days, await loadCalendar(db)) };
}

// ---------------------------------------------------------------- outbox

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

// ---------------------------------------------------------------- figures for leaders

interface AgencyFigures {
  agencyCode: string | null;
  agencyName: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  /** answeredOnTime / answered; null when nothing was answered. */
  onTimeRate: number | null;
  /** Median working days from receipt to answer; null when nothing was answered. */
  medianWorkingDays: number | null;
  backlog: number;
  overdue: number;
}

export interface FeedbackFiguresData {
  year: number;
  unitId: number | null;
  asOf: string;
  totals: Omit<AgencyFigures, "agencyCode" | "agencyName">;
  agencies: AgencyFigures[];
  ratings: { channel: string; count: number; satisfied: number; satisfiedShare: number | null };
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function figuresOf(items: Array<{ received_day: string; due_day: string; answered_at: string | null; status: string }>, today: string, cal: Calendar) {
  let answered = 0;
  let onTime = 0;
  let backlog = 0;
  let overdue = 0;
  const durations: number[] = [];
  for (const it of items) {
    if (it.answered_at && DONE_STATUSES.includes(it.status)) {
      answered += 1;
      const day = localDay(it.answered_at);
      if (day <= it.due_day) onTime += 1;
      durations.push(workingDaysBetween(it.received_day, day, cal));
    } else if ((OPEN_STATUSES as readonly string[]).includes(it.status)) {
      backlog += 1;
      if (today > it.due_day) overdue += 1;
    }
  }
  return { received: items.length, answered, answeredOnTime: onTime, onTimeRate: answered ? onTime / answered : null, medianWorkingDays: median(durations), backlog, overdue };
}

/**
 * Handling figures of a year (items received that year), per agency, for the items of a unit's
 * subtree (or all). On time = answered on or before the due day (Vietnam local day). Handling time
 * in working days with the holiday calendar. Weakest (lowest on-time rate) first; agencies with
 * nothing answered yet come after, most overdue first. Sender ratings form their own channel:
 * "phản hồi sau xử lý".
 */
export async function feedbackFigures(db: Db, opts: { year: number; unitId: number | null; now?: Date; days?: { from: string; to: string } }): Promise<FeedbackFiguresData> {
  const now = opts.now ?? new Date();
  const today = localDay(now);
  // Items received in the year, or in a narrower range of local days (a quarter for reports).
  const days = opts.days ?? { from: `${opts.year}-01-01`, to: `${opts.year}-12-31` };
  let q = db.selectFrom("feedback_item as f").leftJoin("agency as a", "a.id", "f.agency_id")
    .select(["f.agency_id", "f.received_day", "f.due_day", "f.answered_at", "f.status", "f.rating", "a.code as agency_code", "a.name as agency_name"])
    .where("f.received_day", ">=", days.from).where("f.received_day", "<=", days.to);
  if (opts.unitId !== null) {
    const units = await db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id"]).execute();
    q = q.where("f.unit_id", "in", [...subtreeIds(units, opts.unitId)]);
  }
  const [items, cal] = await Promise.all([q.execute(), loadCalendar(db)]);
  const groups = new Map<string, typeof items>();
  for (const it of items) {
    const key = it.agency_code ?? "";
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const agencies: AgencyFigures[] = [...groups.entries()].map(([code, rows]) => ({
    agencyCode: code || null,
    agencyName: rows[0].agency_name ?? "Chưa phân công (hàng chờ điều phối)",
    ...figuresOf(rows, today, cal),
  }));
  agencies.sort((a, b) => {
    if (a.onTimeRate === null && b.onTimeRate !== null) return 1;
    if (b.onTimeRate === null && a.onTimeRate !== null) return -1;
    return (a.onTimeRate ?? 0) - (b.onTimeRate ?? 0) || b.overdue - a.overdue || b.received - a.received || a.agencyName.localeCompare(b.agencyName, "vi");
  });
  const rated = items.filter((i) => i.rating !== null);
  const satisfied = rated.filter((i) => (i.rating ?? 0) >= 4).length;
  return {
    year: opts.year,
    unitId: opts.unitId,
    asOf: today,
    totals: figuresOf(items, today, cal),
    agencies,
    ratings: { channel: "phản hồi sau xử lý", count: rated.length, satisfied, satisfiedShare: rated.length ? satisfied / rated.length : null },
  };
}

// ---------------------------------------------------------------- small helpers

function fmtDay(day: string): string {
  return day.split("-").reverse().join("/");
}

// ---------------------------------------------------------------- page frame

const FEEDBACK_PAGES = ["/hop-thu", "/dieu-phoi", "/tiep-nhan"];

/** Demo flag and the feedback sub-menu (only the pages this user may open). */
export async function feedbackChrome(db: Db, user: SessionUser) {
  const perms = permissionsOf(user.grants);
  if (user.tokenPermissions) for (const p of [...perms]) if (!user.tokenPermissions.includes(p)) perms.delete(p);
  return {
    demo: await hasDemoData(db),
    nav: STAFF_MENU.filter((m) => FEEDBACK_PAGES.includes(m.href) && perms.has(m.permission)).map(({ href, label }) => ({ href, label })),
  };
}

/** Label lists for selects (kinds, statuses, channels), built from the one source of labels. */
export function labelOptions() {
  return {
    kinds: FEEDBACK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] })),
    statuses: Object.entries(STATUS_SHORT).map(([value, label]) => ({ value, label })),
    channels: FEEDBACK_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] })),
    staffChannels: STAFF_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] })),
  };
}

