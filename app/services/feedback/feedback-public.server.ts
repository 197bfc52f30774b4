/**
 * The citizen side of feedback: what the public pages and the public API need on top of
 * feedback.server.ts (which holds the use cases: intake, tracking, rating, publication).
 * Nothing here ever returns a sender's name, phone or e-mail, nor internal notes.
 */
import { z } from "zod";
import { FORM_FIELDS, type FormField, type FormValues } from "../../schemas/feedback-form";
import type { Db } from "../../platform/db.server";
import { localDay } from "../../domain/periods";
import { FEEDBACK_KINDS, type FeedbackKind } from "../../domain/routing";
import type { Lang } from "../../i18n/format";
import { trackingCodeSchema } from "../../schemas/feedback";
import { InputError } from "../../platform/errors";
import { KIND_LABEL, listPublished, normaliseTrackingCode, STATUS_LABEL, submitFeedback, trackItem, type FeedbackChannel, type ReadyPhoto } from "./feedback.server";
import { PHOTO_LIMITS, sniffImage, stripJpegMetadata } from "../../domain/photos";
import { listProcedureFields, listServicePoints, listUnits } from "../org/reference.server";

/** issue 17: the address of a photo the coordinator published (the public route strips any location). */
const publicPhotoUrl = (id: number) => `/anh-cong-khai/${id}`;

/** The published photos of public items (item id → photo URLs): only photos the coordinator published, of items whose sender agreed. */
async function publishedPhotos(db: Db, itemIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (itemIds.length === 0) return out;
  const rows = await db.selectFrom("feedback_photo as p").innerJoin("feedback_item as f", "f.id", "p.item_id").select(["p.id", "p.item_id"])
    .where("p.item_id", "in", itemIds).where("p.published_at", "is not", null).where("f.consent_publish", "=", 1).orderBy("p.id").execute();
  for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), publicPhotoUrl(r.id)]);
  return out;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Reads the posted form: strings only (a file in a text field counts as invalid), CRLF → LF. */
export function readFeedbackForm(form: FormData): FormValues {
  const out: FormValues = {};
  for (const k of FORM_FIELDS) {
    const v = form.get(k);
    if (v === null) continue;
    out[k] = typeof v === "string" ? v.replace(/\r\n?/g, "\n") : "\u0000";
  }
  return out;
}

/** What is shown again in the form after an error: what was typed, without control characters. */
export function echoValues(values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(values) as [FormField, string][]) out[k] = v.replace(CONTROL_ALL, "").slice(0, 6000);
  return out;
}

/**
 * Intake from a citizen (web form or public API): the fields that the shared schema does not
 * check for control characters are checked here, then the use case validates and stores.
 */
export async function submitCitizenFeedback(db: Db, body: unknown, channel: Extract<FeedbackChannel, "web" | "api">, photos: ReadyPhoto[] = []) {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const fields: Record<string, string> = {};
    for (const k of ["contactName", "contactPhone", "contactEmail", "topic", "unit", "servicePoint"] as const) {
      const v = (body as Record<string, unknown>)[k];
      if (typeof v === "string" && CONTROL.test(v)) fields[k] = "Có ký tự không hợp lệ (ký tự điều khiển).";
    }
    if (Object.keys(fields).length) throw new InputError("invalid_input", "Phản ánh chưa hợp lệ, vui lòng kiểm tra các mục được nêu.", fields, 422);
  }
  return submitFeedback(db, body, { channel, photos });
}

/** Choices of the public form, in the page's language. */
export async function feedbackFormOptions(db: Db, lang: Lang) {
  const name = (r: { name: string; name_en: string | null }) => (lang === "en" && r.name_en ? r.name_en : r.name);
  const [fields, units, points] = await Promise.all([listProcedureFields(db), listUnits(db), listServicePoints(db)]);
  const province = units.find((u) => u.level === "province") ?? null;
  const districts = units
    .filter((u) => u.level === "district")
    .map((d) => ({ code: d.code, name: name(d), communes: units.filter((c) => c.parent_id === d.id).map((c) => ({ code: c.code, name: name(c) })) }));
  // Since 1 July 2025 the communes and wards sit directly under the province (two levels).
  const communes = units
    .filter((u) => province && u.parent_id === province.id && u.level !== "district")
    .map((c) => ({ code: c.code, name: name(c) }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return {
    kinds: [...FEEDBACK_KINDS],
    fields: fields.map((f) => ({ code: f.code, name: name(f) })),
    province: province ? { code: province.code, name: name(province) } : null,
    districts,
    communes,
    points: points.map((p) => ({ code: p.code, name: name(p), kind: p.kind })),
  };
}

/** Whether a typed code has the right shape; the normalised code (7KQM-42XD) or null. */
export function parseTrackingCode(raw: string | null | undefined): string | null {
  const r = trackingCodeSchema.safeParse(raw ?? "");
  return r.success ? normaliseTrackingCode(r.data) : null;
}

type TimelineEvent = { at: string; kind: string; agency: string | null; reason: string | null; channel: string | null };

/** The public tracking view (page and JSON): status, dates, timeline, answer. Null when unknown. */
export async function publicTracking(db: Db, rawCode: string, now = new Date()) {
  const code = parseTrackingCode(rawCode);
  if (!code) return null;
  const item = await trackItem(db, code);
  if (!item) return null;
  // What the sender wrote, for the holder of the code (the sender); never the contact fields.
  const own = await db.selectFrom("feedback_item").select(["id", "text"]).where("tracking_code", "=", item.tracking_code).executeTakeFirst();
  const photos = own ? (await publishedPhotos(db, [own.id])).get(own.id) ?? [] : [];
  const answered = ["answered", "published", "closed"].includes(item.status);
  const events: TimelineEvent[] = item.events.map((e) => {
    const ch = e.kind === "received" ? /^Kênh: ([a-z_]+)$/.exec(e.reason ?? "")?.[1] ?? null : null;
    // Only the reason of a transfer is for the sender; how an item was routed (rule numbers) stays internal.
    return { at: e.at, kind: e.kind, agency: e.to_agency ?? null, reason: e.kind === "transferred" ? e.reason ?? null : null, channel: ch };
  });
  return {
    trackingCode: item.tracking_code,
    kind: item.kind as FeedbackKind,
    kindLabel: KIND_LABEL[item.kind as FeedbackKind],
    status: item.status,
    statusLabel: STATUS_LABEL[item.status] ?? item.status,
    agency: item.agency_name ?? null,
    text: own?.text ?? "",
    receivedAt: item.received_at,
    receivedDay: localDay(item.received_at),
    dueDay: answered ? null : item.due_day,
    /** received: the due day is for reaching the competent body; assigned: for the answer. */
    dueFor: answered ? null : item.status === "received" ? ("forwarding" as const) : ("answer" as const),
    overdue: !answered && localDay(now) > item.due_day,
    answer: answered ? item.answer_text ?? null : null,
    answeredAt: answered ? item.answered_at ?? null : null,
    publishedAt: item.published_at ?? null,
    rating: item.rating ?? null,
    canRate: answered && !item.rating,
    isDemo: item.is_demo === 1,
    /** Only the photos the coordinator published (issue 17). */
    photos,
    events,
  };
}

export const publicAnswersQuery = z.object({
  q: z.string().trim().max(200, "Từ khóa quá dài (tối đa 200 ký tự).").optional().nullable().transform((v) => v || null),
  page: z.coerce.number({ error: "Số trang phải là số nguyên từ 1." }).int("Số trang phải là số nguyên từ 1.").min(1, "Số trang phải là số nguyên từ 1.").max(100000, "Số trang quá lớn.").optional().nullable().transform((v) => v ?? 1),
});

const PUBLIC_PAGE_SIZE = 20;

/** Published answers, 20 a page, with the field's name; never the sender's details. */
export async function publicAnswers(db: Db, opts: { q: string | null; page: number }, lang: Lang = "vi") {
  const [res, fields] = await Promise.all([listPublished(db, { q: opts.q, page: opts.page, pageSize: PUBLIC_PAGE_SIZE }), listProcedureFields(db)]);
  const fieldName = new Map(fields.map((f) => [f.code, lang === "en" && f.name_en ? f.name_en : f.name]));
  const photos = await publishedPhotos(db, res.items.map((i) => i.id));
  return {
    q: opts.q,
    total: res.total,
    page: res.page,
    pageSize: res.pageSize,
    pages: Math.max(1, Math.ceil(res.total / res.pageSize)),
    items: res.items.map((i) => ({
      kind: i.kind as FeedbackKind,
      kindLabel: KIND_LABEL[i.kind as FeedbackKind],
      topic: i.topic ?? null,
      topicName: i.topic ? fieldName.get(i.topic) ?? null : null,
      agency: i.agency_name ?? null,
      receivedAt: i.received_at,
      answeredAt: i.answered_at ?? null,
      publishedAt: i.published_at ?? null,
      summary: i.public_summary ?? "",
      answer: i.answer_text ?? "",
      isDemo: i.is_demo === 1,
      photos: photos.get(i.id) ?? [],
    })),
  };
}

/**
 * issue 17: the photos of a posted form, checked by their content (JPEG, PNG, WebP) and size, at most
 * three; a JPEG's EXIF (GPS position, camera, time) is removed unless the sender agreed to share the
 * location. Empty file inputs are ignored. Throws an InputError on "photos" in Vietnamese.
 */
export async function readFeedbackPhotos(form: FormData, lang: Lang): Promise<ReadyPhoto[]> {
  const files = form.getAll("photos").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && (f as File).size > 0);
  const en = lang === "en";
  const fail = (vi: string, enMsg: string): never => {
    throw new InputError("invalid_input", en ? "Please check the photos." : "Vui lòng kiểm tra lại ảnh đính kèm.", { photos: en ? enMsg : vi }, 422);
  };
  if (files.length > PHOTO_LIMITS.maxCount) fail(`Chỉ gửi được tối đa ${PHOTO_LIMITS.maxCount} ảnh.`, `At most ${PHOTO_LIMITS.maxCount} photos.`);
  const share = form.get("shareLocation") === "on";
  const out: ReadyPhoto[] = [];
  for (const f of files) {
    if (f.size > PHOTO_LIMITS.maxBytes) fail("Mỗi ảnh tối đa 5 MB.", "Each photo can be at most 5 MB.");
    const bytes = new Uint8Array(await f.arrayBuffer());
    const type = sniffImage(bytes);
    if (!type) fail("Chỉ nhận ảnh JPEG, PNG hoặc WebP.", "Only JPEG, PNG or WebP photos are accepted.");
    let kept: Uint8Array = bytes;
    if (type === "image/jpeg" && !share) {
      try {
        kept = stripJpegMetadata(bytes);
      } catch {
        fail("Ảnh bị hỏng, không đọc được. Vui lòng chọn ảnh khác.", "The photo is damaged. Please choose another one.");
      }
    }
    out.push({ bytes: Buffer.from(kept), contentType: type!, locationShared: share });
  }
  return out;
}
