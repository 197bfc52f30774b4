// The coordinator's view: missing and late reports.
import { reportForPeriod, reportState, taskOverdue, taskPeriods, type ReportStatus, type Schedule } from "../../domain/plans";

import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { evidenceOf } from "./plan-evidence.server";
import { type PlanRow, loadPlan, windowOf, taskAgencies } from "./plans.server";
import { planContext } from "./org-context.server";
import type { Db } from "../../platform/db.server";


export interface Gap {
  task: string;
  taskId: number;
  period: string;
  periodLabel: string;
  due: string;
  submittedDay?: string;
}

export interface AgencyGaps {
  agency: string;
  agencyName: string;
  /** the level of the agency's unit: province (departments), district, commune */
  level: "province" | "district" | "commune";
  missing: Gap[];
  late: Gap[];
  overdueTasks: string[];
}

/** Use case: per agency and task, the reports that are missing (due day passed) or came in late. */
export async function reportGaps(db: Db, planCode: string, today: string): Promise<{ plan: PlanRow; agencies: AgencyGaps[]; totals: { expected: number; onTime: number; late: number; missing: number }; levels: Array<{ level: AgencyGaps["level"]; label: string; agencies: number; missing: number; late: number }> }> {
  const { plan, tasks } = await loadPlan(db, planCode);
  const ctx = await planContext(db);
  const reports = tasks.length ? await db.selectFrom("plan_report").select(["task_id", "agency_id", "period", "status", "submitted_day"]).where("task_id", "in", tasks.map((t) => t.id)).execute() : [];
  const byKey = new Map<string, typeof reports>();
  for (const r of reports) byKey.set(`${r.task_id}|${r.agency_id}`, [...(byKey.get(`${r.task_id}|${r.agency_id}`) ?? []), r]);
  const out = new Map<string, AgencyGaps>();
  const totals = { expected: 0, onTime: 0, late: 0, missing: 0 };
  for (const t of tasks) {
    const periods = taskPeriods(t.schedule, windowOf(plan), t.triggeredOn).filter((p) => p.start <= today);
    for (const code of taskAgencies(t, ctx)) {
      const a = ctx.agencies.find((x) => x.code === code)!;
      const entry = out.get(code) ?? { agency: code, agencyName: a.name, level: a.level ?? "province", missing: [], late: [], overdueTasks: [] };
      let latest: { period: string; status: string } | null = null;
      for (const p of periods) {
        const r = reportForPeriod(byKey.get(`${t.id}|${a.id}`) ?? [], p.code);
        if (r) latest = { period: p.code, status: r.status }; // periods come in time order
        const state = reportState(p, r?.submitted_day ?? null, today);
        if (state === "not_due") continue;
        totals.expected += 1;
        const gap: Gap = { task: t.code, taskId: t.id, period: p.code, periodLabel: p.label, due: p.due };
        if (state === "missing") { entry.missing.push(gap); totals.missing += 1; }
        else if (state === "late") { entry.late.push({ ...gap, submittedDay: r!.submitted_day }); totals.late += 1; }
        else totals.onTime += 1;
      }
      if (taskOverdue(t.schedule, (latest?.status as ReportStatus | undefined) ?? null, today)) entry.overdueTasks.push(t.code);
      out.set(code, entry);
    }
  }
  const agencies = [...out.values()]
    .filter((g) => g.missing.length || g.late.length || g.overdueTasks.length)
    .sort((x, y) => LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level) || y.missing.length - x.missing.length || y.late.length - x.late.length || x.agencyName.localeCompare(y.agencyName, "vi"));
  const levels = LEVELS.map((level) => {
    const all = [...out.values()].filter((g) => g.level === level);
    return { level, label: LEVEL_LABEL[level], agencies: all.length, missing: all.filter((g) => g.missing.length).length, late: all.filter((g) => g.late.length).length };
  }).filter((l) => l.agencies > 0);
  return { plan, agencies, totals, levels };
}

const LEVELS = ["province", "district", "commune"] as const;
/** The levels reports climb: a commune's (before 2025, a district's) agencies, then the province's departments. */
export const LEVEL_LABEL: Record<(typeof LEVELS)[number], string> = { province: "Cấp tỉnh (sở, ban, ngành)", district: "Cấp huyện", commune: "Cấp xã" };

/** The latest reports filed on a plan's tasks, with their evidence files (the coordinator's in-tray). */
export async function recentReports(db: Db, planCode: string, limit = 15) {
  const rows = await db.selectFrom("plan_report as r").innerJoin("plan_task as t", "t.id", "r.task_id").innerJoin("plan as p", "p.id", "t.plan_id").innerJoin("agency as a", "a.id", "r.agency_id")
    .select(["r.id", "r.period", "r.status", "r.text", "r.evidence_doc", "r.evidence_url", "r.submitted_day", "r.updated_at", "t.code as task", "a.name as agency_name", "a.code as agency"])
    .where("p.code", "=", planCode).orderBy("r.updated_at", "desc").orderBy("r.id", "desc").limit(limit).execute();
  const files = await evidenceOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, task: r.task, agency: r.agency, agencyName: r.agency_name, period: r.period, status: r.status, text: r.text,
    evidenceDoc: r.evidence_doc, evidenceUrl: r.evidence_url, submittedDay: r.submitted_day, files: files.get(r.id) ?? [],
  }));
}

/** Use case: the coordinator records that a task's triggering event happened (its report becomes due). */
export async function triggerTask(db: Db, planCode: string, taskCode: string, day: string, actor: Actor): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new InputError("invalid_input", "Ngày phát sinh không hợp lệ.", { day: "Nhập ngày dạng ngày/tháng/năm." });
  const plan = await db.selectFrom("plan").select("id").where("code", "=", planCode).executeTakeFirst();
  if (!plan) throw new InputError("not_found", "Không tìm thấy kế hoạch.", {}, 404);
  const t = await db.selectFrom("plan_task").selectAll().where("plan_id", "=", plan.id).where("code", "=", taskCode).executeTakeFirst();
  if (!t || (JSON.parse(t.schedule) as Schedule).kind !== "event") throw new InputError("invalid_input", "Chỉ ghi ngày phát sinh cho nhiệm vụ thực hiện khi có sự kiện.", {});
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("plan_task").set({ triggered_on: day }).where("id", "=", t.id).execute();
    await audit(trx, { userId: actor.userId, action: "plan.task.trigger", entity: "plan_task", entityId: t.id, before: { triggered_on: t.triggered_on }, after: { triggered_on: day }, ip: actor.ip });
  });
}
