// Reading plans: the list, one plan with its tasks and report states.
import type { Db, Tx } from "../../platform/db.server";
import { assigneeLabel, needsReview, expandAssignees, scheduleLabel, type Assignee, type PlanTarget, type Schedule, type Standing } from "../../domain/plans";

import { InputError } from "../../platform/errors";
import type { PlanContext } from "./org-context.server";


export interface PlanRow {
  id: number;
  code: string;
  year: number;
  indexCode: string;
  title: string;
  docNumber: string | null;
  issuedBy: string | null;
  issuedOn: string | null;
  reportFrom: string;
  reportTo: string;
  graceDays: number;
  eventDays: number;
  baseline: Standing & { year: number | null };
  result: Standing;
  targets: PlanTarget[];
  /** last year of a plan covering a span; null for one year */
  yearTo: number | null;
  province: string | null;
  /** the former province whose plan this is (its agencies are kept as written) */
  formerProvince: string | null;
  status: "draft" | "issued";
  sourceNote: string | null;
  /** which figure the baseline is */
  baselineSource: "official" | "measured";
}

export interface TaskRow {
  id: number;
  code: string;
  dimensionId: number;
  title: string;
  lead: Assignee[];
  implementers: Assignee[];
  deliverable: string | null;
  scheduleText: string;
  schedule: Schedule;
  triggeredOn: string | null;
  target: string | null;
  leadText: string | null;
  implementersText: string | null;
}

export async function listPlans(db: Db) {
  return db.selectFrom("plan").select(["code", "year", "year_to", "index_code", "title", "doc_number", "issued_on", "status", "former_province"]).orderBy("year", "desc").orderBy("code").execute();
}

export async function loadPlan(db: Db | Tx, code: string) {
  const p = await db.selectFrom("plan").selectAll().where("code", "=", code).executeTakeFirst();
  if (!p) throw new InputError("not_found", `Không tìm thấy kế hoạch "${code.slice(0, 40)}".`, {}, 404);
  const [dims, tasks] = await Promise.all([
    db.selectFrom("plan_dimension").selectAll().where("plan_id", "=", p.id).orderBy("sort").orderBy("id").execute(),
    db.selectFrom("plan_task").selectAll().where("plan_id", "=", p.id).orderBy("sort").orderBy("id").execute(),
  ]);
  const plan: PlanRow = {
    id: p.id, code: p.code, year: p.year, indexCode: p.index_code, title: p.title, docNumber: p.doc_number, issuedBy: p.issued_by, issuedOn: p.issued_on,
    reportFrom: p.report_from, reportTo: p.report_to, graceDays: p.grace_days, eventDays: p.event_days,
    baseline: { year: p.baseline_year, score: p.baseline_score, maxScore: p.max_score, rank: p.baseline_rank, rankOf: p.rank_of },
    result: { score: p.result_score, maxScore: p.max_score, rank: p.result_rank, rankOf: p.rank_of, group: p.result_group },
    targets: JSON.parse(p.targets) as PlanTarget[],
    yearTo: p.year_to, province: p.province, formerProvince: p.former_province, status: p.status === "draft" ? "draft" : "issued", sourceNote: p.source_note,
    baselineSource: p.baseline_source === "measured" ? "measured" : "official",
  };
  const taskRows: TaskRow[] = tasks.map((t) => ({
    id: t.id, code: t.code, dimensionId: t.dimension_id, title: t.title, lead: JSON.parse(t.lead), implementers: JSON.parse(t.implementers),
    deliverable: t.deliverable, scheduleText: t.schedule_text, schedule: JSON.parse(t.schedule), triggeredOn: t.triggered_on,
    target: t.target_text, leadText: t.lead_text, implementersText: t.implementers_text,
  }));
  return { plan, dimensions: dims, tasks: taskRows };
}

export const windowOf = (p: PlanRow) => ({ from: p.reportFrom, to: p.reportTo, graceDays: p.graceDays, eventDays: p.eventDays });

/** Agency codes that must report on a task: its lead and implementing agencies, groups expanded. */
export function taskAgencies(t: TaskRow, ctx: PlanContext): Set<string> {
  return expandAssignees([...t.lead, ...t.implementers], ctx.agencies, ctx.groups);
}

export function taskView(t: TaskRow, ctx: PlanContext) {
  return {
    id: t.id, code: t.code, title: t.title, deliverable: t.deliverable, scheduleText: t.scheduleText, scheduleLabel: scheduleLabel(t.schedule), scheduleKind: t.schedule.kind,
    scheduleReview: needsReview(t.schedule), target: t.target, leadText: t.leadText, implementersText: t.implementersText,
    lead: t.lead.map((a) => ({ label: assigneeLabel(a, ctx.agencies, ctx.groups), type: a.type })),
    implementers: t.implementers.map((a) => ({ label: assigneeLabel(a, ctx.agencies, ctx.groups), type: a.type })),
  };
}
