import type { Db } from "../../platform/db.server";
import { scheduleLabel } from "../../domain/plan-times";
import { assigneeLabel, needsReview, reportForPeriod, reportState, taskPeriods, type Assignee } from "../../domain/plans";
import { planOverview } from "./leader-view.server";
import { listPlans, loadPlan, taskAgencies, type PlanRow } from "./plans.server";
import { planContext } from "./org-context.server";

/**
 * The read API of plans (GET /api/v1/plans, /api/v1/plans/<code>; docs/api.md): headers, tasks with
 * their dimension, agencies, deliverable, target, time as written and as understood, and the report
 * status of each task per period and agency.
 */

function header(p: PlanRow) {
  return {
    code: p.code, index: p.indexCode, title: p.title, year: p.year, yearTo: p.yearTo, status: p.status, documentNumber: p.docNumber, issuedOn: p.issuedOn,
    issuedBy: p.issuedBy, province: p.province, formerProvince: p.formerProvince, source: p.sourceNote,
    baseline: { year: p.baseline.year, score: p.baseline.score, maxScore: p.baseline.maxScore, rank: p.baseline.rank, rankOf: p.baseline.rankOf, source: p.baselineSource },
    result: { score: p.result.score, rank: p.result.rank, group: p.result.group ?? null },
    targets: p.targets,
  };
}

export async function planListApi(db: Db) {
  const rows = await listPlans(db);
  return rows.map((p) => ({ code: p.code, index: p.index_code, title: p.title, year: p.year, yearTo: p.year_to, status: p.status, documentNumber: p.doc_number, issuedOn: p.issued_on, formerProvince: p.former_province }));
}

export async function planApi(db: Db, code: string, today: string) {
  const { plan, dimensions, tasks } = await loadPlan(db, code);
  const ctx = await planContext(db);
  const overview = await planOverview(db, code, today);
  const dimCode = new Map(dimensions.map((d) => [d.id, d]));
  const topOf = (id: number) => {
    const d = dimCode.get(id)!;
    return d.parent_id === null ? { dimension: d.code, sub: null } : { dimension: dimCode.get(d.parent_id)!.code, sub: d.name };
  };
  const reports = tasks.length
    ? await db.selectFrom("plan_report as r").innerJoin("agency as a", "a.id", "r.agency_id")
      .select(["r.task_id", "r.period", "r.status", "r.submitted_day", "a.code"]).where("r.task_id", "in", tasks.map((t) => t.id)).execute()
    : [];
  const window = { from: plan.reportFrom, to: plan.reportTo, graceDays: plan.graceDays, eventDays: plan.eventDays };
  const who = (list: Assignee[]) => list.map((a) => ({ type: a.type, code: a.type === "external" ? null : a.code, name: assigneeLabel(a, ctx.agencies, ctx.groups) }));
  return {
    plan: header(plan),
    dimensions: dimensions.filter((d) => d.parent_id === null).map((d) => {
      const v = overview.dimensions.find((x) => x.id === d.id);
      // the published figure and the province's own measured one (a share 0–1), each for what it is
      return { code: d.code, name: d.name, maxScore: d.max_score, target: d.target_text, official: v?.official ?? null, officialRank: d.rank, measured: v?.measured ?? null };
    }),
    tasks: tasks.map((t) => {
      const agencies = [...taskAgencies(t, ctx)].sort();
      const periods = taskPeriods(t.schedule, window, t.triggeredOn);
      return {
        code: t.code, ...topOf(t.dimensionId), task: t.title, target: t.target, deliverable: t.deliverable,
        lead: who(t.lead), implementers: who(t.implementers), leadAsWritten: t.leadText, implementersAsWritten: t.implementersText,
        time: { asWritten: t.scheduleText, kind: t.schedule.kind, reading: t.schedule, label: scheduleLabel(t.schedule), review: needsReview(t.schedule) },
        periods: periods.map((p) => ({
          code: p.code, label: p.label, start: p.start, end: p.end, due: p.due,
          reports: agencies.map((a) => {
            const r = reportForPeriod(reports.filter((x) => x.task_id === t.id && x.code === a), p.code);
            return { agency: a, status: r?.status ?? null, submittedOn: r?.submitted_day ?? null, filedAs: r?.period ?? null, state: reportState(p, r?.submitted_day ?? null, today) };
          }),
        })),
      };
    }),
  };
}
