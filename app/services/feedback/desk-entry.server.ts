// Feedback entered at a desk on a citizen's behalf (hotline, paper, suggestion box, in person).
import crypto from "node:crypto";
import { z } from "zod";
import { can, grantsFor } from "../../domain/permissions";
import { feedbackInput } from "../../schemas/feedback";
import { STAFF_CHANNELS } from "../../domain/channels";
import { fieldErrors } from "../../schemas/response";
import { loadOrg, type SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { submitFeedback } from "./feedback.server";
import type { Db } from "../../platform/db.server";


/** The service points for which the user may enter feedback; `free` = may also enter without one. */
export async function deskPoints(db: Db, user: SessionUser) {
  const [points, org, root] = await Promise.all([
    db.selectFrom("service_point as sp").innerJoin("admin_unit as u", "u.id", "sp.unit_id")
      .select(["sp.id", "sp.code", "sp.name", "u.code as unit_code", "u.name as unit_name"]).where("sp.active", "=", 1).orderBy("sp.id").execute(),
    loadOrg(db),
    db.selectFrom("admin_unit").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirst(),
  ]);
  const grants = grantsFor(user, "enter:feedback");
  return {
    points: points.filter((p) => can(grants, "enter:feedback", { servicePointId: p.id }, org)),
    free: root ? can(grants, "enter:feedback", { unitId: root.id }, org) : false,
  };
}

/** A fresh idempotency key per desk form shown: a double submit stores once. */
export function newDeskKey(): string {
  return `desk-${crypto.randomUUID()}`;
}

export const deskForm = z.object({
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
