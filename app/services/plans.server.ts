import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import groupsSeed from "../../db/seed/plans-agency-groups.json";
import parSeed from "../../db/seed/par-index-2024.json";
import papi2020Seed from "../../db/seed/plans-papi-2020.json";
import papiSeed from "../../db/seed/plans-papi-2021.json";
import dakNongSeed from "../../db/seed/plans-dak-nong-papi-2019.json";
import phuYen2021Seed from "../../db/seed/plans-phu-yen-papi-2021.json";
import phuYenSpanSeed from "../../db/seed/plans-phu-yen-papi-2021-2025.json";
import sipasSeed from "../../db/seed/plans-sipas-2024.json";
import { STAFF_MENU } from "../components/staff-menu";
import { localDay } from "../domain/periods";
import { permissionsOf } from "../domain/permissions";
import {
  assigneeLabel, duePeriods, evaluateTarget, needsReview, expandAssignees, openPeriods, parseSchedule, parSumMismatches, REPORT_STATUSES, reportState,
  resolveAssignee, scheduleLabel, sumParTree, taskOverdue, taskPeriods, targetLabel,
  type AgencyGroup, type AgencyInfo, type AgencyLevel, type Assignee, type ParNodeSum, type PlanTarget,
  type ReportStatus, type Schedule, type Standing, type TargetEvaluation, TASK_COLUMNS, TASK_COLUMN_LABEL, TASK_REQUIRED,
} from "../domain/plans";

import { parPoints } from "../domain/scoring";
import { audit, type SessionUser } from "./auth.server";
import { InputError } from "./errors";
import { feedbackFigures } from "./feedback-staff.server";
import { formatImportError, type ImportError } from "./import.server";
import { computeIndices, type IndexNodeView } from "./indices.server";
import { indexRoots, indicesOfKind } from "./index-kinds.server";
import type { Actor } from "./org-admin.server";
import { papiYears } from "./papi-scores.server";
import { evidenceOf, storeEvidence, type EvidenceFile } from "./plan-evidence.server";
import { hasDemoData } from "./reference.server";
import type { Tx } from "./responses.server";
import { userCan } from "./session.server";

/**
 * Use cases of improvement plans (/ke-hoach…) and the PAR Index tree (/chi-so-par…): loading and
 * importing plans and tasks, filing an agency's periodic report, the coordinator's list of missing
 * and late reports, the leader's view of each dimension's tasks beside its score, and the PAR tree
 * with measured criteria (8.1 from the surveys, 3.5.1 from feedback handled on time).
 */

// ---------------------------------------------------------------- organisation context

interface AgencyRow extends AgencyInfo {
  id: number;
}

interface PlanContext {
  agencies: AgencyRow[];
  groups: AgencyGroup[];
  aliases: Record<string, string>;
}

export async function planContext(db: Db | Tx): Promise<PlanContext> {
  const [agencies, groups, members] = await Promise.all([
    db.selectFrom("agency as a").leftJoin("admin_unit as u", "u.id", "a.unit_id")
      .select(["a.id", "a.code", "a.name", "a.kind", "a.active", "u.level"]).orderBy("a.id").execute(),
    db.selectFrom("plan_agency_group").selectAll().orderBy("id").execute(),
    db.selectFrom("plan_agency_group_member as m").innerJoin("agency as a", "a.id", "m.agency_id").select(["m.group_id", "m.mode", "a.code"]).orderBy("m.id").execute(),
  ]);
  const codes = (groupId: number, mode: string) => members.filter((m) => m.group_id === groupId && m.mode === mode).map((m) => m.code);
  return {
    agencies: agencies.map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, active: !!a.active, level: (a.level as AgencyLevel | null) ?? null })),
    groups: groups.map((g) => ({
      code: g.code, name: g.name, aliases: JSON.parse(g.aliases) as string[], rule: JSON.parse(g.rule) as AgencyGroup["rule"],
      include: codes(g.id, "include"), exclude: codes(g.id, "exclude"),
    })),
    aliases: groupsSeed.agencyAliases,
  };
}

// ---------------------------------------------------------------- task rows (CSV import and seeds)

interface TaskDraft {
  dimension: string;
  sub: string | null;
  code: string;
  title: string;
  lead: Assignee[];
  implementers: Assignee[];
  deliverable: string | null;
  scheduleText: string;
  schedule: Schedule;
  /** the task's own target ("Chỉ tiêu"), as written */
  target?: string | null;
  /** the agencies as the plan wrote them */
  leadText?: string | null;
  implementersText?: string | null;
}

const splitNames = (s: string) => s.split(/[;\n]/).map((x) => x.replace(/^\s*[-–•]\s*/, "").trim()).filter(Boolean);

/** Checks one task row; errors name the column and say what to fix. */
function checkTask(
  raw: Record<string, string | string[] | null | undefined>,
  row: number,
  year: number,
  dimensions: Set<string>,
  ctx: PlanContext,
): { value: TaskDraft; external: string[] } | { errors: ImportError[] } {
  const errors: ImportError[] = [];
  const text = (k: string) => {
    const v = raw[k];
    return (Array.isArray(v) ? v.join("; ") : v ?? "").trim();
  };
  for (const c of TASK_REQUIRED) if (!text(c)) errors.push({ row, column: c, message: `Thiếu ${TASK_COLUMN_LABEL[c]}.` });
  const dimension = text("dimension");
  if (dimension && !dimensions.has(dimension)) errors.push({ row, column: "dimension", message: `Không có lĩnh vực "${dimension.slice(0, 40)}" trong kế hoạch; dùng một trong: ${[...dimensions].join(", ")}.` });
  const code = text("code");
  if (code && !/^[0-9A-Za-z.\-_]{1,20}$/.test(code)) errors.push({ row, column: "code", message: "Mã nhiệm vụ chỉ gồm chữ, số, dấu chấm, gạch (tối đa 20 ký tự), ví dụ 2.1." });
  if (text("task").length > 2000) errors.push({ row, column: "task", message: "Nội dung nhiệm vụ dài quá 2.000 ký tự." });
  // a time cell is never an error: not understood, it is kept as written and flagged for review
  const scheduleText = text("schedule");
  const schedule = parseSchedule(scheduleText, year);
  const names = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as string[]) : splitNames(text(k)));
  const lead = names("lead").map((n) => resolveAssignee(n, ctx.agencies, ctx.groups, ctx.aliases));
  const implementers = names("implementers").map((n) => resolveAssignee(n, ctx.agencies, ctx.groups, ctx.aliases));
  if (errors.length) return { errors };
  const external = [...lead, ...implementers].filter((a): a is Extract<Assignee, { type: "external" }> => a.type === "external").map((a) => a.name);
  return {
    value: { dimension, sub: text("subdimension") || null, code, title: text("task"), lead, implementers, deliverable: text("deliverable") || null, scheduleText, schedule },
    external,
  };
}

type TaskImportResult =
  | { ok: true; rows: number; created: number; updated: number; external: string[] }
  | { ok: false; rows: number; errors: ImportError[]; messages: string[] };

/** Stores checked tasks (insert or update by code), creating sub-dimensions named in the rows. */
async function storeTasks(trx: Tx, planId: number, drafts: TaskDraft[], isDemo: boolean): Promise<{ created: number; updated: number }> {
  const dims = await trx.selectFrom("plan_dimension").select(["id", "code", "name", "parent_id", "sort"]).where("plan_id", "=", planId).execute();
  const existing = new Map((await trx.selectFrom("plan_task").select(["id", "code"]).where("plan_id", "=", planId).execute()).map((t) => [t.code, t.id]));
  let created = 0;
  let updated = 0;
  let sort = existing.size;
  for (const d of drafts) {
    const top = dims.find((x) => x.code === d.dimension && x.parent_id === null)!;
    let dimId = top.id;
    if (d.sub) {
      let sub = dims.find((x) => x.parent_id === top.id && x.name.toLowerCase() === d.sub!.toLowerCase());
      if (!sub) {
        const n = dims.filter((x) => x.parent_id === top.id).length + 1;
        const r = await trx.insertInto("plan_dimension").values({
          plan_id: planId, parent_id: top.id, code: `${top.code}.${n}`, name: d.sub, index_node: null, max_score: null, score: null, rank: null, target_text: null, sort: top.sort * 100 + n,
        }).returning("id").executeTakeFirstOrThrow();
        sub = { id: r.id, code: `${top.code}.${n}`, name: d.sub, parent_id: top.id, sort: top.sort * 100 + n };
        dims.push(sub);
      }
      dimId = sub.id;
    }
    const values = {
      dimension_id: dimId, title: d.title, lead: JSON.stringify(d.lead), implementers: JSON.stringify(d.implementers),
      deliverable: d.deliverable, schedule_text: d.scheduleText, schedule: JSON.stringify(d.schedule),
      target_text: d.target ?? null, lead_text: d.leadText ?? null, implementers_text: d.implementersText ?? null,
    };
    const id = existing.get(d.code);
    if (id !== undefined) {
      await trx.updateTable("plan_task").set(values).where("id", "=", id).execute();
      updated += 1;
    } else {
      sort += 1;
      const r = await trx.insertInto("plan_task").values({ ...values, plan_id: planId, code: d.code, triggered_on: null, sort, is_demo: isDemo ? 1 : 0 }).returning("id").executeTakeFirstOrThrow();
      existing.set(d.code, r.id);
      created += 1;
    }
  }
  return { created, updated };
}

/**
 * Use case: import a plan's tasks from CSV (UTF-8, comma-separated, header row with the columns of
 * TASK_COLUMNS). All or nothing: one bad row and nothing is stored; each problem names its row and
 * column in Vietnamese.
 */
export async function importTasksCsv(db: Db, planCode: string, csv: string | Buffer, actor: Actor): Promise<TaskImportResult> {
  const plan = await db.selectFrom("plan").selectAll().where("code", "=", planCode).executeTakeFirst();
  if (!plan) throw new InputError("not_found", `Không có kế hoạch ${planCode}.`, {}, 404);
  if (plan.status !== "draft") {
    const errors = [{ row: 1, column: null, message: "Kế hoạch đã ban hành nên không thêm, sửa nhiệm vụ được; hãy sao chép thành dự thảo rồi nhập vào dự thảo." }];
    return { ok: false, rows: 0, errors, messages: errors.map(formatImportError) };
  }
  const text = (typeof csv === "string" ? csv : csv.toString("utf8")).replace(/^\uFEFF/, "");
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const errors = [{ row: line ?? 1, column: null, message: "Tệp CSV không đọc được (dấu ngoặc kép không đóng?). Hãy lưu lại dưới dạng CSV UTF-8, phân cách bằng dấu phẩy." }];
    return { ok: false, rows: 0, errors, messages: errors.map(formatImportError) };
  }
  const errors: ImportError[] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (header.length === 1 && /[;\t]/.test(records[0][0] ?? "")) {
    errors.push({ row: 1, column: null, message: "Tệp dùng dấu chấm phẩy hoặc tab để phân cách cột; hãy lưu dưới dạng CSV UTF-8 (phân cách bằng dấu phẩy)." });
  } else {
    for (const h of header) if (h && !(TASK_COLUMNS as readonly string[]).includes(h)) errors.push({ row: 1, column: h.slice(0, 40), message: `Cột "${h.slice(0, 40)}" không dùng được; các cột: ${TASK_COLUMNS.join(", ")}.` });
    for (const c of TASK_REQUIRED) if (!header.includes(c)) errors.push({ row: 1, column: c, message: `Thiếu cột ${c} (${TASK_COLUMN_LABEL[c]}).` });
  }
  if (errors.length) return { ok: false, rows: 0, errors, messages: errors.map(formatImportError) };
  const ctx = await planContext(db);
  const dims = new Set((await db.selectFrom("plan_dimension").select("code").where("plan_id", "=", plan.id).where("parent_id", "is", null).execute()).map((d) => d.code));
  const drafts: TaskDraft[] = [];
  const external = new Set<string>();
  const seen = new Map<string, number>();
  let rows = 0;
  for (const [i, cells] of records.slice(1).entries()) {
    const row = i + 2;
    if (cells.every((c) => c.trim() === "")) continue;
    rows += 1;
    const raw = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ""]));
    const r = checkTask(raw, row, plan.year, dims, ctx);
    if ("errors" in r) {
      errors.push(...r.errors);
      continue;
    }
    const before = seen.get(r.value.code);
    if (before) {
      errors.push({ row, column: "code", message: `Mã nhiệm vụ ${r.value.code} trùng với dòng ${before}.` });
      continue;
    }
    seen.set(r.value.code, row);
    r.external.forEach((n) => external.add(n));
    drafts.push(r.value);
  }
  if (rows === 0) errors.push({ row: 2, column: null, message: "Tệp không có dòng nhiệm vụ nào." });
  if (errors.length) return { ok: false, rows, errors, messages: errors.slice(0, 200).map(formatImportError) };
  const counts = await db.transaction().execute(async (trx) => {
    const c = await storeTasks(trx, plan.id, drafts, false);
    await audit(trx, { userId: actor.userId, action: "plan.tasks.import", entity: "plan", entityId: plan.code, after: { rows, ...c }, ip: actor.ip });
    return c;
  });
  return { ok: true, rows, ...counts, external: [...external] };
}

// ---------------------------------------------------------------- seeds

/** A demo plan as copied from a seed document (db/seed/plans-*.json). */
interface PlanSeed {
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
function seedTaskDraft(t: PlanSeed["tasks"][number], seed: PlanSeed, ctx: PlanContext): TaskDraft {
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

// ---------------------------------------------------------------- reading plans

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

interface TaskRow {
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

const windowOf = (p: PlanRow) => ({ from: p.reportFrom, to: p.reportTo, graceDays: p.graceDays, eventDays: p.eventDays });

/** Agency codes that must report on a task: its lead and implementing agencies, groups expanded. */
export function taskAgencies(t: TaskRow, ctx: PlanContext): Set<string> {
  return expandAssignees([...t.lead, ...t.implementers], ctx.agencies, ctx.groups);
}

function taskView(t: TaskRow, ctx: PlanContext) {
  return {
    id: t.id, code: t.code, title: t.title, deliverable: t.deliverable, scheduleText: t.scheduleText, scheduleLabel: scheduleLabel(t.schedule), scheduleKind: t.schedule.kind,
    scheduleReview: needsReview(t.schedule), target: t.target, leadText: t.leadText, implementersText: t.implementersText,
    lead: t.lead.map((a) => ({ label: assigneeLabel(a, ctx.agencies, ctx.groups), type: a.type })),
    implementers: t.implementers.map((a) => ({ label: assigneeLabel(a, ctx.agencies, ctx.groups), type: a.type })),
  };
}

// ---------------------------------------------------------------- agency reports

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
type ReportInput = z.infer<typeof reportForm>;

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
          const r = reports.find((x) => x.task_id === t.id && x.period === p.code);
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
      rid = (await trx.insertInto("plan_report").values({ ...values, task_id: t.id, agency_id: agency.id, period: period.code, submitted_at: at, submitted_day: today })
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

// ---------------------------------------------------------------- coordinator

interface Gap {
  task: string;
  taskId: number;
  period: string;
  periodLabel: string;
  due: string;
  submittedDay?: string;
}

interface AgencyGaps {
  agency: string;
  agencyName: string;
  missing: Gap[];
  late: Gap[];
  overdueTasks: string[];
}

/** Use case: per agency and task, the reports that are missing (due day passed) or came in late. */
export async function reportGaps(db: Db, planCode: string, today: string): Promise<{ plan: PlanRow; agencies: AgencyGaps[]; totals: { expected: number; onTime: number; late: number; missing: number } }> {
  const { plan, tasks } = await loadPlan(db, planCode);
  const ctx = await planContext(db);
  const reports = tasks.length ? await db.selectFrom("plan_report").select(["task_id", "agency_id", "period", "status", "submitted_day"]).where("task_id", "in", tasks.map((t) => t.id)).execute() : [];
  const byKey = new Map(reports.map((r) => [`${r.task_id}|${r.agency_id}|${r.period}`, r]));
  const out = new Map<string, AgencyGaps>();
  const totals = { expected: 0, onTime: 0, late: 0, missing: 0 };
  for (const t of tasks) {
    const periods = taskPeriods(t.schedule, windowOf(plan), t.triggeredOn).filter((p) => p.start <= today);
    for (const code of taskAgencies(t, ctx)) {
      const a = ctx.agencies.find((x) => x.code === code)!;
      const entry = out.get(code) ?? { agency: code, agencyName: a.name, missing: [], late: [], overdueTasks: [] };
      let latest: { period: string; status: string } | null = null;
      for (const p of periods) {
        const r = byKey.get(`${t.id}|${a.id}|${p.code}`);
        if (r && (!latest || p.code > latest.period)) latest = { period: p.code, status: r.status };
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
    .sort((x, y) => y.missing.length - x.missing.length || y.late.length - x.late.length || x.agencyName.localeCompare(y.agencyName, "vi"));
  return { plan, agencies, totals };
}

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

// ---------------------------------------------------------------- leader view

interface DimensionView {
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

function flat(nodes: IndexNodeView[], into = new Map<string, IndexNodeView>()) {
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
    const mine = reports.filter((r) => r.task_id === t.id).sort((a, b) => a.period.localeCompare(b.period));
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
    const m = d.index_node ? measured.get(d.index_node) : undefined;
    const official = papiNow?.scores[d.code] ?? null;
    const baseline = papiBase?.scores[d.code] ?? null;
    const source = m ? "measured" : official !== null || d.score !== null ? "recorded" : "none";
    const value = m ? m.value : official ?? d.score;
    return {
      id: d.id, code: d.code, name: d.name, source, value, n: m ? m.n : null, rank: d.rank, targetText: d.target_text,
      /** the published figure and the province's own measured one, each for what it is (issue 16) */
      official: official ?? d.score, measured: m ? m.value : null,
      valueLabel: m ? "tỷ lệ hài lòng đo được" : official !== null ? `điểm PAPI ${plan.year} /${d.max_score ?? 10}` : d.max_score ? `điểm chính thức /${d.max_score}` : "điểm chính thức",
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
  return duePeriods(taskPeriods(t.schedule, windowOf(plan), t.triggeredOn), today).length;
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

// ---------------------------------------------------------------- PAR Index tree

type ParSource = "entered" | "measured" | "pending";

interface ParNodeView {
  code: string;
  name: string;
  maxPoints: number;
  target: number | null;
  targetRank: string | null;
  owner: string | null;
  points: number | null;
  /** the published points and rank (issue 16), shown beside `points` */
  official: number | null;
  officialRank: number | null;
  /** measured: from the surveys or the feedback register; entered: self-assessed; pending: no data yet */
  source: ParSource;
  note: string | null;
  missing: number;
  depth: number;
  children: ParNodeView[];
}

/**
 * Use case: the PAR Index tree of a year. Leaves get points from the surveys (8.1.x = the PAR
 * conversion of the SIPAS sub-index), from feedback handled on time (3.5.1), from the Circular
 * 01/2018 counter ratings (3.4.5: the province's total out of 18 of a circular01 index, when it
 * has ratings that year) or as entered; parents sum their children.
 */
export async function parTree(db: Db, year: number, now = new Date()) {
  const rows = await db.selectFrom("par_node as n").leftJoin("agency as a", "a.id", "n.owner_agency_id")
    .select(["n.code", "n.parent_code", "n.name", "n.max_points", "n.target_points", "n.target_rank", "n.owner_text", "n.self_points", "n.source", "n.official_points", "n.official_rank", "a.name as agency_name", "a.code as agency_code"])
    .where("n.year", "=", year).orderBy("n.sort").orderBy("n.id").execute();
  if (rows.length === 0) return { year, nodes: [] as ParNodeView[], total: null as ParNodeView | null, sipasN: 0 };
  const needsSipas = rows.some((r) => r.source.startsWith("sipas:"));
  const sipas = needsSipas ? flat((await computeIndices(db, { year, index: "SIPAS" })).nodes) : new Map<string, IndexNodeView>();
  const fb = rows.some((r) => r.source === "feedback_on_time") ? await feedbackFigures(db, { year, unitId: null, now }) : null;
  const counter = rows.some((r) => r.source === "circular01") ? await circular01Total(db, year) : null;
  const meta = new Map<string, { source: ParSource; note: string | null }>();
  const points = new Map<string, number | null>();
  const parents = new Set(rows.map((r) => r.parent_code).filter(Boolean));
  for (const r of rows) {
    if (parents.has(r.code)) continue;
    if (r.source.startsWith("sipas:")) {
      const node = sipas.get(r.source.slice(6));
      const p = parPoints(node?.value ?? null, r.max_points);
      points.set(r.code, p);
      meta.set(r.code, p === null
        ? { source: "pending", note: "Chưa có dữ liệu khảo sát năm này." }
        : { source: "measured", note: `Khảo sát SIPAS: ${(node!.value! * 100).toFixed(2).replace(".", ",")} % hài lòng, ${node!.n} người trả lời.` });
    } else if (r.source === "circular01" && counter) {
      points.set(r.code, parPoints(counter.total / counter.max, r.max_points));
      meta.set(r.code, {
        source: "measured",
        note: `Đánh giá theo Thông tư 01/2018/TT-VPCP: ${String(counter.total).replace(".", ",")}/${counter.max} điểm (${counter.grade ?? "chưa xếp loại"}), ${counter.n} hồ sơ.`,
      });
    } else if (r.source === "circular01") {
      points.set(r.code, r.self_points);
      meta.set(r.code, r.self_points === null
        ? { source: "pending", note: "Chưa có dữ liệu đánh giá theo Thông tư 01/2018/TT-VPCP." }
        : { source: "entered", note: "Tự chấm (chưa có dữ liệu đánh giá theo Thông tư 01/2018)." });
    } else if (r.source === "feedback_on_time") {
      const rate = fb?.totals.onTimeRate ?? null;
      const p = parPoints(rate, r.max_points);
      points.set(r.code, p ?? r.self_points);
      meta.set(r.code, p !== null
        ? { source: "measured", note: `Phản ánh, kiến nghị xử lý đúng hạn: ${fb!.totals.answeredOnTime}/${fb!.totals.answered}.` }
        : r.self_points !== null ? { source: "entered", note: "Tự chấm (chưa có phản ánh nào được trả lời trong năm)." } : { source: "pending", note: "Chưa có dữ liệu phản ánh, kiến nghị đã trả lời trong năm." });
    } else {
      points.set(r.code, r.self_points);
      meta.set(r.code, { source: r.self_points === null ? "pending" : "entered", note: null });
    }
  }
  const sums = sumParTree(rows.map((r) => ({ code: r.code, parent: r.parent_code, maxPoints: r.max_points, target: r.target_points, points: points.get(r.code) ?? null })));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const view = (s: ParNodeSum, depth: number): ParNodeView => {
    const r = byCode.get(s.code)!;
    const children = s.children.map((c) => view(c, depth + 1));
    const m = meta.get(s.code);
    const source: ParSource = children.length
      ? children.every((c) => c.source === "measured") ? "measured" : children.every((c) => c.source === "pending") ? "pending" : "entered"
      : m?.source ?? "pending";
    return {
      code: s.code, name: r.name, maxPoints: s.maxPoints, target: s.target, targetRank: r.target_rank, owner: r.agency_name ?? r.owner_text,
      points: s.points, source, note: children.length ? null : m?.note ?? null, missing: s.missing, depth, children,
      official: r.official_points ?? (children.length && children.every((c) => c.official !== null) ? Math.round(children.reduce((a, c) => a + (c.official ?? 0), 0) * 1e6) / 1e6 : null),
      officialRank: r.official_rank,
    };
  };
  const nodes = sums.map((s) => view(s, 0));
  const total: ParNodeView = {
    code: "TỔNG", name: "Tổng điểm Chỉ số CCHC", maxPoints: nodes.reduce((a, n) => a + n.maxPoints, 0), target: nodes.reduce((a, n) => a + (n.target ?? 0), 0),
    targetRank: null, owner: null, points: nodes.some((n) => n.points !== null) ? nodes.reduce((a, n) => a + (n.points ?? 0), 0) : null,
    source: "entered", note: null, missing: nodes.reduce((a, n) => a + n.missing, 0), depth: 0, children: [],
    official: nodes.length && nodes.every((n) => n.official !== null) ? Math.round(nodes.reduce((a, n) => a + (n.official ?? 0), 0) * 1e6) / 1e6 : null, officialRank: null,
  };
  return { year, nodes, total, sipasN: sipas.get("SIPAS")?.n ?? 0 };
}

/** The province's Circular 01/2018 counter rating of a year (total out of 18 and grade), or null without ratings. */
async function circular01Total(db: Db, year: number): Promise<{ total: number; max: number; grade: string | null; n: number } | null> {
  const root = (await indexRoots(db)).find((r) => r.kind === "circular01");
  if (!root) return null;
  const { summary } = await indicesOfKind(db, { year, index: root.code });
  return summary.total === null || summary.n === 0 ? null : { total: summary.total, max: summary.max, grade: summary.gradeLabel, n: summary.n };
}

export async function parYears(db: Db): Promise<number[]> {
  return (await db.selectFrom("par_node").select("year").distinct().orderBy("year", "desc").execute()).map((r) => r.year);
}

const num = (label: string, opts: { required?: boolean } = {}) =>
  z.string().trim().optional().transform((v, c) => {
    if (!v) {
      if (opts.required) c.addIssue({ code: "custom", message: `Nhập ${label}.` });
      return null;
    }
    const n = Number(v.replace(",", "."));
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      c.addIssue({ code: "custom", message: `${label[0].toUpperCase()}${label.slice(1)} phải là số từ 0 đến 100, ví dụ 1,5.` });
      return null;
    }
    return n;
  });

export const parNodeForm = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  code: z.string().trim().min(1).max(20),
  maxPoints: num("điểm tối đa", { required: true }),
  target: num("mục tiêu"),
  selfPoints: num("điểm tự chấm"),
  officialPoints: num("điểm chính thức"),
  officialRank: z.string().trim().optional().transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 63), "Thứ hạng là số nguyên từ 1 đến 63."),
  owner: z.string().trim().max(200, "Tên cơ quan chủ trì dài quá 200 ký tự.").optional().transform((v) => v || null),
});

/** Use case: edit one PAR node (max points, target, owner, self-assessed points of a leaf). */
export async function updateParNode(db: Db, input: z.infer<typeof parNodeForm>, actor: Actor): Promise<void> {
  const n = await db.selectFrom("par_node").selectAll().where("year", "=", input.year).where("code", "=", input.code).executeTakeFirst();
  if (!n) throw new InputError("not_found", `Không có tiêu chí ${input.code} năm ${input.year}.`, {}, 404);
  const isParent = !!(await db.selectFrom("par_node").select("id").where("year", "=", input.year).where("parent_code", "=", input.code).executeTakeFirst());
  if (isParent && input.selfPoints !== null) throw new InputError("invalid_input", "Chưa lưu được: điểm của mục có mục con là tổng các mục con, không nhập trực tiếp.", { selfPoints: "Để trống; nhập điểm ở các mục con." });
  if (input.maxPoints !== null && input.selfPoints !== null && input.selfPoints > input.maxPoints) throw new InputError("invalid_input", "Chưa lưu được: điểm tự chấm lớn hơn điểm tối đa.", { selfPoints: `Tối đa ${input.maxPoints}.` });
  if (input.maxPoints !== null && input.officialPoints !== null && input.officialPoints > input.maxPoints) throw new InputError("invalid_input", "Chưa lưu được: điểm chính thức lớn hơn điểm tối đa.", { officialPoints: `Tối đa ${input.maxPoints}.` });
  if (input.maxPoints !== null && input.target !== null && input.target > input.maxPoints) throw new InputError("invalid_input", "Chưa lưu được: mục tiêu lớn hơn điểm tối đa.", { target: `Tối đa ${input.maxPoints}.` });
  const ctx = await planContext(db);
  const owner = input.owner ? resolveAssignee(input.owner, ctx.agencies, ctx.groups, ctx.aliases) : null;
  const after = {
    max_points: input.maxPoints!, target_points: input.target, self_points: isParent ? null : input.selfPoints, owner_text: input.owner,
    owner_agency_id: owner?.type === "agency" ? ctx.agencies.find((a) => a.code === owner.code)!.id : null, updated_at: new Date().toISOString(),
    official_points: input.officialPoints, official_rank: input.officialRank,
  };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("par_node").set(after).where("id", "=", n.id).execute();
    await audit(trx, { userId: actor.userId, action: "par.node.update", entity: "par_node", entityId: `${n.year}:${n.code}`, before: n, after, ip: actor.ip });
  });
}

const PAR_SOURCES = ["entered", "circular01", "feedback_on_time", "sipas:access", "sipas:procedures", "sipas:servants", "sipas:results", "sipas:feedback"];

/**
 * Use case: import a year's PAR tree from CSV (columns PAR_COLUMNS) or JSON (an array of objects
 * with the same keys). All or nothing; the year's tree is replaced; parents must sum their children.
 */
export async function importParTree(db: Db, year: number, body: string, format: "csv" | "json", actor: Actor): Promise<TaskImportResult> {
  const errors: ImportError[] = [];
  let records: Array<Record<string, unknown>> = [];
  try {
    if (format === "json") {
      const data = JSON.parse(body) as unknown;
      const list = Array.isArray(data) ? data : (data as { nodes?: unknown })?.nodes;
      if (!Array.isArray(list)) throw new Error("not a list");
      records = list as Array<Record<string, unknown>>;
    } else {
      records = parse(body.replace(/^\uFEFF/, ""), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, unknown>>;
    }
  } catch {
    errors.push({ row: 1, column: null, message: format === "json" ? "Tệp JSON không hợp lệ: cần một mảng các tiêu chí (code, parent, name, max_points…)." : "Tệp CSV không đọc được; hãy lưu dưới dạng CSV UTF-8, phân cách bằng dấu phẩy." });
  }
  const nodes: Array<{ code: string; parent: string | null; name: string; maxPoints: number; target: number | null; targetRank: string | null; owner: string | null; source: string; selfPoints: number | null }> = [];
  const seen = new Set<string>();
  const val = (r: Record<string, unknown>, k: string, alt?: string) => {
    const v = r[k] ?? (alt ? r[alt] : undefined);
    return v === undefined || v === null ? "" : String(v).trim();
  };
  const numOf = (s: string) => (s === "" ? null : Number(s.replace(",", ".")));
  records.forEach((r, i) => {
    const row = format === "csv" ? i + 2 : i + 1;
    const code = val(r, "code").replace(/\.$/, "");
    const parent = val(r, "parent").replace(/\.$/, "") || null;
    const max = numOf(val(r, "max_points", "maxPoints"));
    const target = numOf(val(r, "target"));
    const self = numOf(val(r, "self_points", "selfPoints"));
    const source = val(r, "source") || "entered";
    if (!/^\d+(\.\d+)*$/.test(code)) errors.push({ row, column: "code", message: "Mã tiêu chí dạng 1, 1.3 hoặc 1.3.1." });
    else if (seen.has(code)) errors.push({ row, column: "code", message: `Mã ${code} bị lặp.` });
    if (!val(r, "name")) errors.push({ row, column: "name", message: "Thiếu tên tiêu chí." });
    if (max === null || !Number.isFinite(max) || max < 0 || max > 100) errors.push({ row, column: "max_points", message: "Điểm tối đa là số từ 0 đến 100." });
    if (target !== null && (!Number.isFinite(target) || target < 0 || (max !== null && target > max))) errors.push({ row, column: "target", message: "Mục tiêu là số từ 0 đến điểm tối đa." });
    if (self !== null && (!Number.isFinite(self) || self < 0 || (max !== null && self > max))) errors.push({ row, column: "self_points", message: "Điểm tự chấm là số từ 0 đến điểm tối đa." });
    if (!PAR_SOURCES.includes(source)) errors.push({ row, column: "source", message: `Nguồn điểm phải là một trong: ${PAR_SOURCES.join(", ")}.` });
    if (parent && !seen.has(parent)) errors.push({ row, column: "parent", message: `Mục cha ${parent} phải đứng trước trong tệp.` });
    seen.add(code);
    nodes.push({ code, parent, name: val(r, "name"), maxPoints: max ?? 0, target, targetRank: val(r, "target_rank", "targetRank") || null, owner: val(r, "owner") || null, source, selfPoints: self });
  });
  if (!errors.length && nodes.length === 0) errors.push({ row: 1, column: null, message: "Tệp không có tiêu chí nào." });
  if (!errors.length) for (const m of parSumMismatches(nodes)) errors.push({ row: 1 + nodes.findIndex((n) => m.startsWith(`${n.code}:`)) + (format === "csv" ? 1 : 0), column: null, message: `Mục cha phải bằng tổng các mục con — ${m}.` });
  if (errors.length) return { ok: false, rows: records.length, errors, messages: errors.slice(0, 200).map(formatImportError) };
  const ctx = await planContext(db);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("par_node").where("year", "=", year).execute();
    for (const [i, n] of nodes.entries()) {
      const owner = n.owner ? resolveAssignee(n.owner, ctx.agencies, ctx.groups, ctx.aliases) : null;
      await trx.insertInto("par_node").values({
        year, code: n.code, parent_code: n.parent, name: n.name, max_points: n.maxPoints, target_points: n.target, target_rank: n.targetRank, owner_text: n.owner,
        owner_agency_id: owner?.type === "agency" ? ctx.agencies.find((a) => a.code === owner.code)!.id : null, self_points: n.selfPoints, source: n.source, sort: i + 1, is_demo: 0, updated_at: new Date().toISOString(),
      }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "par.import", entity: "par_node", entityId: String(year), after: { nodes: nodes.length }, ip: actor.ip });
  });
  return { ok: true, rows: nodes.length, created: nodes.length, updated: 0, external: [] };
}

// ---------------------------------------------------------------- page frame

/** Demo flag and the plan pages this user may open (the sub-menu of /ke-hoach and /chi-so-par). */
export async function plansChrome(db: Db, user: SessionUser) {
  const perms = permissionsOf(user.grants);
  if (user.tokenPermissions) for (const p of [...perms]) if (!user.tokenPermissions.includes(p)) perms.delete(p);
  return {
    demo: await hasDemoData(db),
    nav: STAFF_MENU.filter((m) => (m.href.startsWith("/ke-hoach") || m.href.startsWith("/chi-so-par")) && perms.has(m.permission)).map(({ href, label }) => ({ href, label })),
  };
}
