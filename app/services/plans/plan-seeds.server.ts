// The demo plans, loaded from the seed documents (db/seed/plans-*.json) as written.
import type { Db, Tx } from "../../platform/db.server";
import groupsSeed from "../../../db/seed/plans-agency-groups.json";
import parSeed from "../../../db/seed/par-index-2024.json";
import papi2020Seed from "../../../db/seed/plans-papi-2020.json";
import papiSeed from "../../../db/seed/plans-papi-2021.json";
import dakNongSeed from "../../../db/seed/plans-dak-nong-papi-2019.json";
import phuYen2021Seed from "../../../db/seed/plans-phu-yen-papi-2021.json";
import phuYenSpanSeed from "../../../db/seed/plans-phu-yen-papi-2021-2025.json";
import sipasSeed from "../../../db/seed/plans-sipas-2024.json";
import { parseSchedule, resolveAssignee, type Assignee } from "../../domain/plans";
import { type PlanContext, planContext } from "./org-context.server";
import { type TaskDraft, storeTasks } from "./task-rows.server";



/** A demo plan as copied from a seed document (db/seed/plans-*.json). */
export interface PlanSeed {
  code: string;
  year: number;
  yearTo?: number;
  index: string;
  title: string;
  documentNumber: string | null;
  issuedBy: string | null;
  issuedOn: string | null;
  province?: string;
  formerProvince?: string;
  source?: string;
  baseline: { year: number; score: number | null; maxScore: number; rank: number | null; rankOf: number };
  targets: unknown[];
  dimensions: Array<{ code: string; name: string; maxScore?: number | null; indexNode?: string; target?: string }>;
  tasks: Array<{
    dimension: string; sub?: string | null; code: string; task: string; target?: string | null; lead: string[]; implementers: string[];
    leadText?: string; implementersText?: string; deliverable?: string | null; schedule: string;
  }>;
}

/** Every seed plan, in the order they load. */
export const PLAN_SEEDS: PlanSeed[] = [papiSeed, sipasSeed, papi2020Seed, dakNongSeed, phuYen2021Seed, phuYenSpanSeed] as PlanSeed[];

/**
 * A seed task as the document has it: nothing filled in. A blank merged cell stays blank (no lead,
 * no time); the time is read or kept as written. Agencies of a former province (Phú Yên, Đắk
 * Nông) are not matched against this province's agencies: they stay as written, nobody reports.
 */
export function seedTaskDraft(t: PlanSeed["tasks"][number], seed: PlanSeed, ctx: PlanContext): TaskDraft {
  const resolve = (n: string): Assignee => (seed.formerProvince ? { type: "external", name: n.trim() } : resolveAssignee(n, ctx.agencies, ctx.groups, ctx.aliases));
  return {
    dimension: t.dimension, sub: t.sub ?? null, code: t.code, title: t.task, lead: t.lead.map(resolve), implementers: t.implementers.map(resolve),
    deliverable: t.deliverable ?? null, scheduleText: t.schedule, schedule: parseSchedule(t.schedule, seed.yearTo ? { from: seed.year, to: seed.yearTo } : seed.year),
    target: t.target ?? null, leadText: t.leadText ?? (t.lead.join("; ") || null), implementersText: t.implementersText ?? (t.implementers.join("; ") || null),
  };
}

async function seedPlan(trx: Tx, seed: PlanSeed, ctx: PlanContext): Promise<void> {
  const now = new Date().toISOString();
  const year = seed.year;
  const p = await trx.insertInto("plan").values({
    code: seed.code, year, index_code: seed.index as "PAPI", title: seed.title, doc_number: seed.documentNumber, issued_by: seed.issuedBy,
    issued_on: seed.issuedOn, report_from: seed.issuedOn ?? `${year}-01-01`, report_to: `${seed.yearTo ?? year}-12-31`, grace_days: 10, event_days: 30,
    baseline_year: seed.baseline.year, baseline_score: seed.baseline.score, max_score: seed.baseline.maxScore, baseline_rank: seed.baseline.rank,
    rank_of: seed.baseline.rankOf, result_score: null, result_rank: null, result_group: null, targets: JSON.stringify(seed.targets), is_demo: 1, created_at: now,
    year_to: seed.yearTo ?? null, province: seed.province ?? null, former_province: seed.formerProvince ?? null, status: "issued", copied_from: null, source_note: seed.source ?? null,
  }).returning("id").executeTakeFirstOrThrow();
  for (const [i, d] of seed.dimensions.entries()) {
    await trx.insertInto("plan_dimension").values({
      plan_id: p.id, parent_id: null, code: d.code, name: d.name, index_node: d.indexNode ?? null, max_score: d.maxScore ?? null,
      score: null, rank: null, target_text: d.target ?? null, sort: i + 1,
    }).execute();
  }
  const dims = new Set(seed.dimensions.map((d) => d.code));
  const bad = seed.tasks.filter((t) => !dims.has(t.dimension) || !t.task.trim());
  if (bad.length) throw new Error(`seed ${seed.code}: tasks ${bad.map((t) => t.code).join(", ")} have no dimension or no text`);
  await storeTasks(trx, p.id, seed.tasks.map((t) => seedTaskDraft(t, seed, ctx)), true);
}

/** Demo plans (PAPI 2021, PAR/SIPAS 2024) and the 2024 PAR tree, all marked demo; agency groups the migration has not added. */
export async function loadPlanData(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const have = new Set((await trx.selectFrom("plan_agency_group").select("code").execute()).map((g) => g.code));
    for (const g of groupsSeed.groups.filter((x) => !have.has(x.code))) {
      await trx.insertInto("plan_agency_group").values({ code: g.code, name: g.name, aliases: JSON.stringify(g.aliases), rule: JSON.stringify(g.rule) }).execute();
    }
    const ctx = await planContext(trx);
    for (const seed of PLAN_SEEDS) await seedPlan(trx, seed, ctx);
    const agencyId = new Map(ctx.agencies.map((a) => [a.code, a.id]));
    for (const [i, n] of parSeed.nodes.entries()) {
      await trx.insertInto("par_node").values({
        year: parSeed.year, code: n.code, parent_code: n.parent, name: n.name, max_points: n.maxPoints, target_points: n.target, target_rank: n.targetRank,
        owner_text: n.owner, owner_agency_id: n.ownerAgency ? agencyId.get(n.ownerAgency) ?? null : null, self_points: null, source: n.source, sort: i + 1, is_demo: 1, updated_at: null,
      }).execute();
    }
  });
}
