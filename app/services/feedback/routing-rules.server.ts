// Routing rules: list, add, deactivate, test.
import { z } from "zod";
import { FEEDBACK_KINDS, isFormal, routeItem, type FeedbackKind } from "../../domain/routing";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { setting } from "./feedback.server";
import { optional } from "./inbox.server";
import type { Db } from "../../platform/db.server";


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
