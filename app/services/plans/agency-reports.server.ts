// An agency's periodic report on its tasks, with evidence.
import { z } from "zod";
import { localDay } from "../../domain/periods";
import { expandAssignees, openPeriods, REPORT_STATUSES, reportForPeriod, reportState, taskPeriods } from "../../domain/plans";

import { audit, type SessionUser, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { evidenceOf, storeEvidence, type EvidenceFile } from "./plan-evidence.server";
import { userCan } from "../../platform/session.server";
import { type PlanContext, type AgencyRow, planContext } from "./org-context.server";
import { loadPlan, taskAgencies, windowOf, taskView } from "./plans.server";
import type { Db } from "../../platform/db.server";


export const reportForm = z.object({
  task: z.coerce.number({ error: "Chọn nhiệm vụ." }).int().positive("Chọn nhiệm vụ."),
  agency: z.string({ error: "Chọn cơ quan báo cáo." }).trim().min(1, "Chọn cơ quan báo cáo."),
  period: z.string({ error: "Chọn kỳ báo cáo." }).trim().min(1, "Chọn kỳ báo cáo."),
  status: z.enum(REPORT_STATUSES, { error: "Chọn tình trạng: chưa triển khai, đang thực hiện, hoàn thành hoặc chậm." }),
  text: z.string({ error: "Nhập kết quả thực hiện." }).trim().min(10, "Nhập kết quả thực hiện (ít nhất 10 ký tự).").max(5000, "Kết quả thực hiện dài quá 5.000 ký tự."),
  evidenceUrl: z.string().trim().max(500, "Đường dẫn dài quá 500 ký tự.").optional().transform((v) => v || null)
    .refine((v) => v === null || /^https?:\/\/[^\s]+$/i.test(v), "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://."),
  evidenceDoc: z.string().trim().max(120, "Số, ký hiệu văn bản dài quá 120 ký tự.").optional().transform((v) => v || null),
  /** ids of files already attached to the report that the agency takes off */
  removeEvidence: z.array(z.coerce.number().int().positive()).default([]),
});
export type ReportInput = z.infer<typeof reportForm>;

/** Agencies a user may report for: any agency for an admin, else the agencies of their report:plans grants. */
export async function reportingAgencies(user: SessionUser, ctx: PlanContext): Promise<AgencyRow[]> {
  if (user.grants.some((g) => g.role === "admin") && !user.tokenPermissions) return ctx.agencies.filter((a) => a.active);
  const out: AgencyRow[] = [];
  for (const a of ctx.agencies) {
    if (user.grants.some((g) => g.agencyId === a.id) && (await userCan(user, "report:plans", { agencyId: a.id }))) out.push(a);
  }
  return out;
}

/** A plan's tasks that one agency leads or implements, with their periods and the agency's reports. */
export async function agencyTasks(db: Db, planCode: string, agencyCode: string, today: string) {
  const { plan, dimensions, tasks } = await loadPlan(db, planCode);
  const ctx = await planContext(db);
  const agency = ctx.agencies.find((a) => a.code === agencyCode);
  if (!agency) throw new InputError("not_found", "Không tìm thấy cơ quan.", { agency: "Chọn cơ quan trong danh sách." }, 404);
  const mine = tasks.filter((t) => taskAgencies(t, ctx).has(agency.code));
  const reports = mine.length
    ? await db.selectFrom("plan_report").selectAll().where("agency_id", "=", agency.id).where("task_id", "in", mine.map((t) => t.id)).execute()
    : [];
  const dimName = new Map(dimensions.map((d) => [d.id, d]));
  const files = await evidenceOf(db, reports.map((r) => r.id));
  return {
    plan, agency: { code: agency.code, name: agency.name },
    tasks: mine.map((t) => {
      const periods = openPeriods(taskPeriods(t.schedule, windowOf(plan), t.triggeredOn), today);
      const dim = dimName.get(t.dimensionId);
      const top = dim?.parent_id ? dimName.get(dim.parent_id) : dim;
      return {
        ...taskView(t, ctx),
        role: expandAssignees(t.lead, ctx.agencies, ctx.groups).has(agency.code) ? "lead" : "implementer",
        dimension: top ? `${top.code}. ${top.name}` : "",
        periods: periods.map((p) => {
          const r = reportForPeriod(reports.filter((x) => x.task_id === t.id), p.code);
          return { ...p, state: reportState(p, r?.submitted_day ?? null, today), report: r ? { status: r.status, text: r.text, evidenceUrl: r.evidence_url, evidenceDoc: r.evidence_doc, submittedDay: r.submitted_day, files: files.get(r.id) ?? [] } : null };
        }),
      };
    }),
  };
}

/**
 * Use case: an agency files (or corrects) its report on a task for a period. Refused with 403 when
 * the user may not report for the agency or the agency neither leads nor implements the task.
 */
export async function fileReport(
  db: Db, user: SessionUser, input: ReportInput, actor: Actor, now = new Date(), files: EvidenceFile[] = [],
): Promise<{ id: number; state: string }> {
  const ctx = await planContext(db);
  const agency = ctx.agencies.find((a) => a.code === input.agency);
  if (!agency) throw new InputError("invalid_input", "Chưa lưu được: cơ quan không có trong danh sách.", { agency: "Chọn cơ quan trong danh sách." });
  if (!(await userCan(user, "report:plans", { agencyId: agency.id }))) {
    throw new InputError("forbidden", `Bạn không được báo cáo thay ${agency.name}.`, {}, 403);
  }
  const task = await db.selectFrom("plan_task as t").innerJoin("plan as p", "p.id", "t.plan_id").select(["t.id", "t.code", "p.code as plan_code"]).where("t.id", "=", input.task).executeTakeFirst();
  if (!task) throw new InputError("not_found", "Không tìm thấy nhiệm vụ.", { task: "Nhiệm vụ không tồn tại." }, 404);
  const { plan, tasks } = await loadPlan(db, task.plan_code);
  const t = tasks.find((x) => x.id === task.id)!;
  if (!taskAgencies(t, ctx).has(agency.code)) {
    throw new InputError("forbidden", `${agency.name} không chủ trì hay thực hiện nhiệm vụ ${t.code}, nên không báo cáo nhiệm vụ này.`, {}, 403);
  }
  const today = localDay(now);
  const period = openPeriods(taskPeriods(t.schedule, windowOf(plan), t.triggeredOn), today).find((p) => p.code === input.period);
  if (!period) throw new InputError("invalid_input", "Chưa lưu được: kỳ báo cáo không thuộc lịch của nhiệm vụ này.", { period: "Chọn một kỳ trong danh sách." });
  const at = now.toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("plan_report").selectAll().where("task_id", "=", t.id).where("agency_id", "=", agency.id).where("period", "=", period.code).executeTakeFirst();
    const values = { status: input.status, text: input.text, evidence_url: input.evidenceUrl, evidence_doc: input.evidenceDoc, submitted_by: user.id, updated_at: at };
    let rid: number;
    if (before) {
      // A correction keeps the first filing day: lateness is judged on when the report first came in.
      await trx.updateTable("plan_report").set(values).where("id", "=", before.id).execute();
      rid = before.id;
    } else {
      // A report stored under an earlier code for the same round (2021-Q3 for 2021-9T) stays as it was;
      // the new one keeps its first filing day, as a correction would.
      const earlier = reportForPeriod(await trx.selectFrom("plan_report").select(["period", "submitted_at", "submitted_day"]).where("task_id", "=", t.id).where("agency_id", "=", agency.id).execute(), period.code);
      rid = (await trx.insertInto("plan_report").values({ ...values, task_id: t.id, agency_id: agency.id, period: period.code, submitted_at: earlier?.submitted_at ?? at, submitted_day: earlier?.submitted_day ?? today })
        .returning("id").executeTakeFirstOrThrow()).id;
    }
    // The files go in with the report: a refused file (too many) rolls the report back too.
    const evidence = await storeEvidence(trx, rid, files, before ? input.removeEvidence : [], user.id, at);
    const fileNames = files.map((f) => f.fileName);
    await audit(trx, { userId: actor.userId, action: before ? "plan.report.update" : "plan.report.create", entity: "plan_report", entityId: rid, before, after: { task: t.code, agency: agency.code, period: period.code, ...values, files: fileNames, removedFiles: evidence.removed }, ip: actor.ip });
    return rid;
  });
  return { id, state: reportState(period, today, today) };
}
