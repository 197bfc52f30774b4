// Holidays and deadline rules: the working-day calendar feedback deadlines are counted on.
import { z } from "zod";
import type { Db, Tx } from "../../platform/db.server";
import { addWorkingDays } from "../../domain/deadlines";
import { DEADLINE_KINDS, DEADLINE_STEPS } from "../../domain/feedback-labels";
import { FEEDBACK_KINDS } from "../../domain/routing";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { deadlineDays, DEFAULT_DEADLINES, loadCalendar } from "./feedback.server";
import { viDay } from "../../domain/days";


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
    if (prior) throw new InputError("duplicate", `Ngày ${viDay(input.day)} đã có trong lịch.`, { day: "Ngày này đã có trong lịch: hãy xóa trước nếu muốn đổi." }, 409);
    await trx.insertInto("holiday").values(input).execute();
    await audit(trx, { userId: actor.userId, action: "holiday.add", entity: "holiday", entityId: input.day, after: input, ip: actor.ip });
  });
}

export async function removeHoliday(db: Db, day: string, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    const prior = await trx.selectFrom("holiday").selectAll().where("day", "=", day).executeTakeFirst();
    if (!prior) throw new InputError("not_found", `Ngày ${viDay(day)} không có trong lịch.`, {}, 404);
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
