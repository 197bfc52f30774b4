// The leader's view: each dimension's tasks beside its score.
import { z } from "zod";
import { evaluateTarget, periodCodeEnd, taskOverdue, taskPeriods, targetLabel, type ReportStatus, type TargetEvaluation } from "../../domain/plans";

import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { computeIndices, type IndexNodeView } from "../indices/indices.server";
import { papiYears } from "../indices/papi-scores.server";
import { taskView, loadPlan, type TaskRow, taskAgencies, type PlanRow, windowOf } from "./plans.server";
import { planContext } from "./org-context.server";
import type { Db } from "../../platform/db.server";


export interface DimensionView {
  id: number;
  code: string;
  name: string;
  /** surveys (SIPAS sub-index) or the plan's recorded official score */
  source: "measured" | "recorded" | "none";
  value: number | null;
  valueLabel: string;
  n: number | null;
  rank: number | null;
  targetText: string | null;
  /** the published (official) figure and the province's own measured one (issue 16) */
  official: number | null;
  measured: number | null;
  subs: Array<{ name: string; tasks: TaskSummary[] }>;
  tasks: TaskSummary[];
  /** PAPI plans: the official score of the plan's year and of its baseline year, out of 10 */
  papi: { year: number; score: number | null; baselineYear: number | null; baseline: number | null; change: number | null } | null;
}

export interface TaskSummary extends ReturnType<typeof taskView> {
  reported: number;
  expected: number;
  done: number;
  delayed: number;
  lastStatus: ReportStatus | null;
  overdue: boolean;
}

export function flat(nodes: IndexNodeView[], into = new Map<string, IndexNodeView>()) {
  for (const n of nodes) {
    into.set(n.code, n);
    flat(n.children, into);
  }
  return into;
}

/** Use case: each dimension's tasks beside its score (measured for SIPAS, recorded for PAPI/PAR). */
export async function planOverview(db: Db, planCode: string, today: string) {
  const { plan, dimensions, tasks } = await loadPlan(db, planCode);
  const ctx = await planContext(db);
  const reports = tasks.length ? await db.selectFrom("plan_report").select(["task_id", "period", "status", "submitted_day"]).where("task_id", "in", tasks.map((t) => t.id)).execute() : [];
  const measured = dimensions.some((d) => d.index_node) ? flat((await computeIndices(db, { year: plan.year, index: "SIPAS" })).nodes) : new Map<string, IndexNodeView>();
  const summary = (t: TaskRow): TaskSummary => {
    const mine = reports.filter((r) => r.task_id === t.id).sort((a, b) => periodCodeEnd(a.period).localeCompare(periodCodeEnd(b.period)) || a.submitted_day.localeCompare(b.submitted_day));
    const expected = duePeriodCount(t, plan, today) * taskAgencies(t, ctx).size;
    const lastStatus = (mine.at(-1)?.status as ReportStatus | undefined) ?? null;
    return {
      ...taskView(t, ctx), reported: mine.length, expected, done: mine.filter((r) => r.status === "done").length,
      delayed: mine.filter((r) => r.status === "delayed").length, lastStatus, overdue: taskOverdue(t.schedule, lastStatus, today),
    };
  };
  const tops = dimensions.filter((d) => d.parent_id === null);
  const papi = plan.indexCode === "PAPI" ? await papiYears(db, [plan.year, ...(plan.baseline.year ? [plan.baseline.year] : [])]) : [];
  const papiNow = papi.find((y) => y.year === plan.year);
  const papiBase = papi.find((y) => y.year === plan.baseline.year);
  const views: DimensionView[] = tops.map((d) => {
    const subs = dimensions.filter((s) => s.parent_id === d.id);
    // a survey node without responses measures nothing: the official figure then stands alone, labelled
    const node = d.index_node ? measured.get(d.index_node) : undefined;
    const m = node && node.value !== null ? node : undefined;
    const official = papiNow?.scores[d.code] ?? null;
    const baseline = papiBase?.scores[d.code] ?? null;
    const source = m ? "measured" : official !== null || d.score !== null ? "recorded" : "none";
    const value = m ? m.value : official ?? d.score;
    return {
      id: d.id, code: d.code, name: d.name, source, value, n: m ? m.n : null, rank: d.rank, targetText: d.target_text,
      /** the published figure and the province's own measured one, each for what it is (issue 16) */
      official: official ?? d.score, measured: m ? m.value : null,
      valueLabel: m ? "tỷ lệ hài lòng đo được" : official !== null ? `điểm PAPI ${plan.year} /${d.max_score ?? 10}` : plan.indexCode === "SIPAS" ? "% chính thức (Bộ công bố); chưa có số đo được" : d.max_score ? `điểm chính thức /${d.max_score}` : "điểm chính thức",
      papi: plan.indexCode === "PAPI" ? {
        year: plan.year, score: official, baselineYear: plan.baseline.year, baseline,
        change: official !== null && baseline !== null ? Math.round((official - baseline) * 10000) / 10000 : null,
      } : null,
      tasks: tasks.filter((t) => t.dimensionId === d.id).map(summary),
      subs: subs.map((s) => ({ name: s.name, tasks: tasks.filter((t) => t.dimensionId === s.id).map(summary) })).filter((s) => s.tasks.length),
    };
  });
  // The published PAPI total and rank stand in for a result or baseline nobody typed on the plan.
  if (papiNow && plan.result.score === null && plan.result.rank === null) plan.result = { ...plan.result, score: papiNow.totalShown, rank: papiNow.rank };
  if (papiBase && plan.baseline.score === null && plan.baseline.rank === null) plan.baseline = { ...plan.baseline, score: papiBase.totalShown, rank: papiBase.rank };
  const targets: Array<{ label: string } & TargetEvaluation> = plan.targets.map((t) => ({ label: targetLabel(t), ...evaluateTarget(t, plan.baseline, plan.result) }));
  return { plan, dimensions: views, targets };
}

function duePeriodCount(t: TaskRow, plan: PlanRow, today: string): number {
  return taskPeriods(t.schedule, windowOf(plan), t.triggeredOn).filter((p) => p.due < today).length;
}

export const resultForm = z.object({
  resultScore: z.string().trim().optional().transform((v) => (v ? Number(v.replace(",", ".")) : null))
    .refine((v) => v === null || (Number.isFinite(v) && v >= 0), "Điểm phải là số không âm, ví dụ 43,25."),
  resultRank: z.string().trim().optional().transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 63), "Thứ hạng là số nguyên từ 1 đến 63."),
  resultGroup: z.string().trim().max(40).optional().transform((v) => v || null),
  baselineRank: z.string().trim().optional().transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 63), "Thứ hạng là số nguyên từ 1 đến 63."),
});

/** Use case: record the official result (score, rank, group) and the baseline rank of a plan. */
export async function recordResult(db: Db, planCode: string, input: z.infer<typeof resultForm>, actor: Actor): Promise<void> {
  const p = await db.selectFrom("plan").selectAll().where("code", "=", planCode).executeTakeFirst();
  if (!p) throw new InputError("not_found", "Không tìm thấy kế hoạch.", {}, 404);
  if (input.resultScore !== null && input.resultScore > p.max_score) throw new InputError("invalid_input", `Chưa lưu được: điểm vượt điểm tối đa ${p.max_score}.`, { resultScore: `Tối đa ${p.max_score}.` });
  const after = { result_score: input.resultScore, result_rank: input.resultRank, result_group: input.resultGroup, baseline_rank: input.baselineRank ?? p.baseline_rank };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("plan").set(after).where("id", "=", p.id).execute();
    await audit(trx, { userId: actor.userId, action: "plan.result", entity: "plan", entityId: p.code, before: { result_score: p.result_score, result_rank: p.result_rank, result_group: p.result_group, baseline_rank: p.baseline_rank }, after, ip: actor.ip });
  });
}
