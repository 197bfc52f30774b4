import { parse } from "csv-parse/sync";
import { excel } from "../../platform/libraries.server";
import { z } from "zod";
import type { Db, Tx } from "../../platform/db.server";
import parSeed from "../../../db/seed/par-index-2024.json";
import papiSeed from "../../../db/seed/plans-papi-2021.json";
import sipasSeed from "../../../db/seed/plans-sipas-2024.json";
import { readPlanFile, type PlanFile } from "../../domain/plan-import";
import { parseSchedule, parseTarget, resolveAssignee, type PlanTarget } from "../../domain/plans";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { planContext } from "./org-context.server";

/**
 * Plans made by the coordinator, not only seeded (issue 16): create a draft, copy last year's plan
 * as a draft, edit a draft, issue it (then frozen except for reports), and import a whole plan
 * (header and tasks) from a CSV or XLSX file in the seed documents' shape. One transaction each.
 */

const INDEX_MAX: Record<string, number> = { PAPI: 80, PAR: 100, SIPAS: 100 };

/** Standard dimensions of a new plan by index: PAPI's 8, SIPAS's 5 sub-indices, PAR's 8 fields. */
function standardDimensions(index: string): Array<{ code: string; name: string; maxScore: number | null; indexNode: string | null }> {
  if (index === "PAPI") return papiSeed.dimensions.map((d) => ({ code: d.code, name: d.name, maxScore: d.maxScore, indexNode: null }));
  if (index === "SIPAS") {
    return sipasSeed.dimensions.filter((d) => d.code.startsWith("8.1.")).map((d) => ({ code: d.code, name: d.name, maxScore: d.maxScore ?? null, indexNode: ("indexNode" in d ? d.indexNode : null) ?? null }));
  }
  return parSeed.nodes.filter((n) => n.parent === null).map((n) => ({ code: n.code, name: n.name, maxScore: n.maxPoints, indexNode: null }));
}

const optInt = (min: number, max: number, msg: string) =>
  z.string().trim().optional().transform((v) => (v ? Number(v) : null)).refine((v) => v === null || (Number.isInteger(v) && v >= min && v <= max), msg);

/** Targets written one per line; "Năm 2023: tăng 2 bậc" is a yearly target inside a span. */
function readTargets(text: string, year: number, yearTo: number | null): { targets: Array<PlanTarget & { year?: number }>; errors: string[] } {
  const targets: Array<PlanTarget & { year?: number }> = [];
  const errors: string[] = [];
  for (const raw of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^năm\s*(\d{4})\s*:\s*(.+)$/i.exec(raw);
    const line = m ? m[2] : raw;
    const y = m ? Number(m[1]) : undefined;
    if (y !== undefined && (y < year || y > (yearTo ?? year))) errors.push(`Mục tiêu "${raw.slice(0, 40)}": năm ${y} nằm ngoài kế hoạch.`);
    const t = parseTarget(line);
    if (!t) errors.push(`Không hiểu mục tiêu "${raw.slice(0, 40)}"; ghi ví dụ "tăng 5 bậc", "top 30/63", "nhóm trung bình cao", "đạt 85%".`);
    else targets.push({ ...t, label: raw, ...(y !== undefined ? { year: y } : {}) });
  }
  return { targets, errors };
}

export const planForm = z.object({
  title: z.string({ error: "Nhập tên kế hoạch." }).trim().min(5, "Nhập tên kế hoạch (ít nhất 5 ký tự).").max(300, "Tên kế hoạch dài quá 300 ký tự."),
  index: z.enum(["PAPI", "PAR", "SIPAS"], { error: "Chọn chỉ số: PAPI, PAR Index hoặc SIPAS." }),
  year: z.coerce.number({ error: "Nhập năm." }).int("Năm là số nguyên.").min(2000, "Năm từ 2000.").max(2100, "Năm đến 2100."),
  yearTo: optInt(2000, 2100, "Năm cuối giai đoạn không hợp lệ."),
  docNumber: z.string().trim().max(60, "Số, ký hiệu dài quá 60 ký tự.").optional().transform((v) => v || null),
  issuedOn: z.string().trim().optional().transform((v) => v || null).refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), "Ngày ban hành không hợp lệ."),
  issuedBy: z.string().trim().max(200, "Người ký dài quá 200 ký tự.").optional().transform((v) => v || null),
  baselineYear: optInt(2000, 2100, "Năm gốc không hợp lệ."),
  baselineScore: z.string().trim().optional().transform((v) => (v ? Number(v.replace(",", ".")) : null))
    .refine((v) => v === null || (Number.isFinite(v) && v >= 0 && v <= 100), "Điểm năm gốc là số từ 0 đến 100, ví dụ 41,53."),
  baselineRank: optInt(1, 63, "Thứ hạng năm gốc là số nguyên từ 1 đến 63."),
  baselineSource: z.enum(["official", "measured"], { error: "Chọn điểm năm gốc là điểm chính thức hay số đo được." }).optional().transform((v) => v ?? "official"),
  targets: z.string().trim().max(4000, "Mục tiêu dài quá 4.000 ký tự.").optional().transform((v) => v ?? ""),
}).superRefine((f, c) => {
  if (f.yearTo !== null && (f.yearTo <= f.year || f.yearTo > f.year + 10)) c.addIssue({ code: "custom", path: ["yearTo"], message: "Năm cuối giai đoạn phải sau năm đầu, tối đa 10 năm." });
  const r = readTargets(f.targets, f.year, f.yearTo);
  if (r.errors.length) c.addIssue({ code: "custom", path: ["targets"], message: r.errors[0] });
});
type PlanInput = z.infer<typeof planForm>;

async function freeCode(trx: Tx | Db, base: string): Promise<string> {
  const taken = new Set((await trx.selectFrom("plan").select("code").where("code", "like", `${base}%`).execute()).map((p) => p.code));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function headerValues(f: PlanInput) {
  return {
    title: f.title, index_code: f.index, year: f.year, year_to: f.yearTo, doc_number: f.docNumber, issued_on: f.issuedOn, issued_by: f.issuedBy,
    baseline_year: f.baselineYear ?? f.year - 1, baseline_score: f.baselineScore, baseline_rank: f.baselineRank, baseline_source: f.baselineSource, max_score: INDEX_MAX[f.index],
    report_from: f.issuedOn ?? `${f.year}-01-01`, report_to: `${f.yearTo ?? f.year}-12-31`, targets: JSON.stringify(readTargets(f.targets, f.year, f.yearTo).targets),
  };
}

/** Use case: create a draft plan with the index's standard dimensions and no tasks yet. */
export async function createPlan(db: Db, f: PlanInput, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // a retried submission (same draft already made) is stored once
    const same = await trx.selectFrom("plan").select("code").where("status", "=", "draft").where("title", "=", f.title).where("index_code", "=", f.index)
      .where("year", "=", f.year).where("year_to", f.yearTo === null ? "is" : "=", f.yearTo).where("copied_from", "is", null).executeTakeFirst();
    if (same) return same.code;
    const code = await freeCode(trx, `${f.index}-${f.year}${f.yearTo ? `-${f.yearTo}` : ""}`);
    const p = await trx.insertInto("plan").values({
      code, ...headerValues(f), rank_of: 63, result_score: null, result_rank: null, result_group: null, is_demo: 0, created_at: new Date().toISOString(),
      province: null, former_province: null, status: "draft", copied_from: null, source_note: null,
    }).returning("id").executeTakeFirstOrThrow();
    for (const [i, d] of standardDimensions(f.index).entries()) {
      await trx.insertInto("plan_dimension").values({ plan_id: p.id, parent_id: null, code: d.code, name: d.name, index_node: d.indexNode, max_score: d.maxScore, score: null, rank: null, target_text: null, sort: i + 1 }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "plan.create", entity: "plan", entityId: code, after: { ...f }, ip: actor.ip });
    return code;
  });
}

/**
 * Use case: copy a plan into a draft for the next year (or the next span): header, dimensions and
 * tasks as written, times read again against the new years; no number, date or report is copied.
 * The baseline becomes the copied plan's official result where one was entered.
 */
export async function copyPlan(db: Db, fromCode: string, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const from = await trx.selectFrom("plan").selectAll().where("code", "=", fromCode).executeTakeFirst();
    if (!from) throw new InputError("not_found", "Không tìm thấy kế hoạch để sao chép.", { from: "Chọn kế hoạch trong danh sách." }, 404);
    // copying again while its draft is open gives the same draft (a retried submission is stored once)
    const open = await trx.selectFrom("plan").select("code").where("copied_from", "=", from.id).where("status", "=", "draft").executeTakeFirst();
    if (open) return open.code;
    const span = from.year_to ? from.year_to - from.year + 1 : 1;
    const year = from.year + span;
    const yearTo = from.year_to ? from.year_to + span : null;
    const code = await freeCode(trx, `${from.index_code}-${year}${yearTo ? `-${yearTo}` : ""}`);
    const title = from.title.replace(new RegExp(`${from.year}(\\s*[-–]\\s*)${from.year_to ?? "$^"}`), `${year}$1${yearTo}`).replace(new RegExp(`\\b${from.year}\\b`, "g"), String(year));
    const p = await trx.insertInto("plan").values({
      code, year, year_to: yearTo, index_code: from.index_code, title, doc_number: null, issued_by: from.issued_by, issued_on: null,
      report_from: `${year}-01-01`, report_to: `${yearTo ?? year}-12-31`, grace_days: from.grace_days, event_days: from.event_days,
      baseline_year: from.year_to ?? from.year, baseline_score: from.result_score, baseline_rank: from.result_rank, max_score: from.max_score, rank_of: from.rank_of,
      result_score: null, result_rank: null, result_group: null, targets: from.targets, is_demo: 0, created_at: new Date().toISOString(),
      province: from.province, former_province: from.former_province, status: "draft", copied_from: from.id, source_note: null,
    }).returning("id").executeTakeFirstOrThrow();
    const dims = await trx.selectFrom("plan_dimension").selectAll().where("plan_id", "=", from.id).orderBy("parent_id").orderBy("sort").execute();
    const idMap = new Map<number, number>();
    for (const d of [...dims.filter((x) => x.parent_id === null), ...dims.filter((x) => x.parent_id !== null)]) {
      const r = await trx.insertInto("plan_dimension").values({
        plan_id: p.id, parent_id: d.parent_id === null ? null : idMap.get(d.parent_id) ?? null, code: d.code, name: d.name, index_node: d.index_node,
        max_score: d.max_score, score: null, rank: null, target_text: d.target_text, sort: d.sort,
      }).returning("id").executeTakeFirstOrThrow();
      idMap.set(d.id, r.id);
    }
    const tasks = await trx.selectFrom("plan_task").selectAll().where("plan_id", "=", from.id).orderBy("sort").execute();
    for (const t of tasks) {
      await trx.insertInto("plan_task").values({
        plan_id: p.id, dimension_id: idMap.get(t.dimension_id)!, code: t.code, title: t.title, lead: t.lead, implementers: t.implementers, deliverable: t.deliverable,
        schedule_text: t.schedule_text, schedule: JSON.stringify(parseSchedule(t.schedule_text, yearTo ? { from: year, to: yearTo } : year)), triggered_on: null,
        sort: t.sort, is_demo: 0, target_text: t.target_text, lead_text: t.lead_text, implementers_text: t.implementers_text,
      }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "plan.copy", entity: "plan", entityId: code, after: { from: from.code, tasks: tasks.length }, ip: actor.ip });
    return code;
  });
}

/** Refuses any change to an issued plan except reports. */
async function assertDraft(trx: Tx | Db, code: string) {
  const p = await trx.selectFrom("plan").selectAll().where("code", "=", code).executeTakeFirst();
  if (!p) throw new InputError("not_found", `Không tìm thấy kế hoạch "${code.slice(0, 40)}".`, {}, 404);
  if (p.status !== "draft") throw new InputError("frozen", "Kế hoạch đã ban hành nên không sửa được; chỉ các cơ quan ghi báo cáo thực hiện. Muốn thay đổi, hãy sao chép thành dự thảo mới.", {}, 409);
  return p;
}

/** Use case: edit a draft's header (the edit is audited with what it replaced). */
export async function updateDraft(db: Db, code: string, f: PlanInput, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await assertDraft(trx, code);
    if (before.index_code !== f.index) throw new InputError("invalid_input", "Không đổi được chỉ số của kế hoạch đã có lĩnh vực; hãy tạo kế hoạch mới.", { index: "Giữ nguyên chỉ số." });
    await trx.updateTable("plan").set(headerValues(f)).where("id", "=", before.id).execute();
    await audit(trx, { userId: actor.userId, action: "plan.edit", entity: "plan", entityId: code, before, after: { ...f }, ip: actor.ip });
  });
}

export const issueForm = z.object({
  docNumber: z.string({ error: "Nhập số, ký hiệu văn bản." }).trim().min(3, "Nhập số, ký hiệu văn bản, ví dụ 116/KH-UBND.").max(60, "Số, ký hiệu dài quá 60 ký tự."),
  issuedOn: z.string({ error: "Chọn ngày ban hành." }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Chọn ngày ban hành."),
});

/** Use case: issue a draft with its number and date; from then on it is frozen except for reports. */
export async function issuePlan(db: Db, code: string, f: z.infer<typeof issueForm>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await assertDraft(trx, code);
    const tasks = await trx.selectFrom("plan_task").select("id").where("plan_id", "=", p.id).execute();
    if (tasks.length === 0) throw new InputError("invalid_input", "Kế hoạch chưa có nhiệm vụ nào; nhập nhiệm vụ trước khi ban hành.", {});
    await trx.updateTable("plan").set({ status: "issued", doc_number: f.docNumber, issued_on: f.issuedOn, report_from: f.issuedOn }).where("id", "=", p.id).execute();
    await audit(trx, { userId: actor.userId, action: "plan.issue", entity: "plan", entityId: code, before: { status: p.status }, after: f, ip: actor.ip });
  });
}

/** The rows of a CSV (UTF-8, comma) or XLSX (first sheet) file, cells as text. */
export async function fileRows(name: string, bytes: Buffer): Promise<string[][]> {
  if (/\.xlsx$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const ExcelJS = await excel();
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new InputError("invalid_input", "Tệp XLSX không đọc được; hãy lưu lại bằng Excel hoặc LibreOffice.", { file: "Chọn tệp .xlsx hoặc .csv." });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new InputError("invalid_input", "Tệp XLSX không có trang tính nào.", { file: "Chọn tệp có dữ liệu." });
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, col) => { cells[col - 1] = c.text ?? ""; });
      rows[n - 1] = Array.from(cells, (c) => c ?? "");
    });
    return Array.from(rows, (r) => r ?? []);
  }
  try {
    return parse(bytes.toString("utf8").replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    throw new InputError("invalid_input", "Tệp CSV không đọc được (dấu ngoặc kép không đóng?). Hãy lưu lại dưới dạng CSV UTF-8.", { file: "Chọn tệp CSV UTF-8." });
  }
}

const splitNames = (s: string) => s.split(/[;\n]/).map((x) => x.replace(/^\s*[-–•+]\s*/, "").replace(/[.;,]+$/, "").trim()).filter(Boolean);

type WholePlanResult = { ok: true; code: string; tasks: number } | { ok: false; messages: string[] };

/**
 * Use case: import a whole plan (header lines, then the task table in the seeds' column shape) as a
 * new draft. All or nothing: the file's errors come back by row and nothing is stored. A time cell
 * never fails the import (kept as written when not understood); an empty task does.
 */
export async function importWholePlan(db: Db, name: string, bytes: Buffer, actor: Actor): Promise<WholePlanResult> {
  const read = readPlanFile(await fileRows(name, bytes));
  if (!read.ok) return { ok: false, messages: read.errors.slice(0, 200).map((e) => `Dòng ${e.row}: ${e.message}`) };
  const plan: PlanFile = read.plan;
  const ctx = await planContext(db);
  const h = plan.header;
  const years = h.yearTo ? { from: h.year, to: h.yearTo } : h.year;
  return db.transaction().execute(async (trx) => {
    const same = await trx.selectFrom("plan").select("code").where("status", "=", "draft").where("title", "=", h.title).where("index_code", "=", h.index)
      .where("year", "=", h.year).where("source_note", "=", `Nhập từ tệp ${name.slice(0, 80)}`).executeTakeFirst();
    if (same) return { ok: true as const, code: same.code, tasks: plan.tasks.length };
    const code = await freeCode(trx, `${h.index}-${h.year}${h.yearTo ? `-${h.yearTo}` : ""}`);
    const p = await trx.insertInto("plan").values({
      code, year: h.year, year_to: h.yearTo, index_code: h.index, title: h.title, doc_number: h.docNumber, issued_by: h.issuedBy, issued_on: null,
      report_from: `${h.year}-01-01`, report_to: `${h.yearTo ?? h.year}-12-31`, baseline_year: h.year - 1, baseline_score: null, baseline_rank: null,
      max_score: INDEX_MAX[h.index], rank_of: 63, result_score: null, result_rank: null, result_group: null, targets: "[]", is_demo: 0, created_at: new Date().toISOString(),
      province: null, former_province: null, status: "draft", copied_from: null, source_note: `Nhập từ tệp ${name.slice(0, 80)}`,
    }).returning("id").executeTakeFirstOrThrow();
    const dimIds = new Map<string, number>();
    for (const [i, d] of plan.dimensions.entries()) {
      const r = await trx.insertInto("plan_dimension").values({ plan_id: p.id, parent_id: null, code: d.code, name: d.name, index_node: null, max_score: null, score: null, rank: null, target_text: null, sort: i + 1 }).returning("id").executeTakeFirstOrThrow();
      dimIds.set(d.code, r.id);
    }
    const subIds = new Map<string, number>();
    for (const [i, t] of plan.tasks.entries()) {
      let dimId = dimIds.get(t.dimension)!;
      if (t.sub) {
        const k = `${t.dimension}|${t.sub}`;
        if (!subIds.has(k)) {
          const n = [...subIds.keys()].filter((x) => x.startsWith(`${t.dimension}|`)).length + 1;
          const r = await trx.insertInto("plan_dimension").values({ plan_id: p.id, parent_id: dimId, code: `${t.dimension}.${n}`, name: t.sub, index_node: null, max_score: null, score: null, rank: null, target_text: null, sort: Number(t.dimension) * 100 + n }).returning("id").executeTakeFirstOrThrow();
          subIds.set(k, r.id);
        }
        dimId = subIds.get(k)!;
      }
      const resolve = (n: string) => resolveAssignee(n, ctx.agencies, ctx.groups, ctx.aliases);
      await trx.insertInto("plan_task").values({
        plan_id: p.id, dimension_id: dimId, code: t.code, title: t.task, lead: JSON.stringify(splitNames(t.lead).map(resolve)), implementers: JSON.stringify(splitNames(t.implementers).map(resolve)),
        deliverable: t.deliverable, schedule_text: t.schedule, schedule: JSON.stringify(parseSchedule(t.schedule, years)), triggered_on: null, sort: i + 1, is_demo: 0,
        target_text: t.target, lead_text: t.lead || null, implementers_text: t.implementers || null,
      }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "plan.import", entity: "plan", entityId: code, after: { file: name.slice(0, 80), tasks: plan.tasks.length }, ip: actor.ip });
    return { ok: true as const, code, tasks: plan.tasks.length };
  });
}

// ---------------------------------------------------------------- official scores per dimension

const num = (v: unknown) => (typeof v === "string" && v.trim() ? Number(v.trim().replace(",", ".")) : null);

/**
 * Use case: record the published (official) score and rank of each dimension of a plan — SIPAS per
 * sub-index as the Ministry published it, PAR per field — beside the measured ones. Fields
 * `score_<code>` and `rank_<code>`; blank clears. Audited with what it replaced; allowed on issued
 * plans (a result, not the plan's content).
 */
export async function recordDimensionScores(db: Db, planCode: string, fields: Record<string, unknown>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom("plan").selectAll().where("code", "=", planCode).executeTakeFirst();
    if (!p) throw new InputError("not_found", "Không tìm thấy kế hoạch.", {}, 404);
    const dims = await trx.selectFrom("plan_dimension").selectAll().where("plan_id", "=", p.id).where("parent_id", "is", null).execute();
    const errors: Record<string, string> = {};
    const next = dims.map((d) => {
      const score = num(fields[`score_${d.code}`]);
      const rank = num(fields[`rank_${d.code}`]);
      const max = d.max_score !== null && p.index_code !== "SIPAS" ? d.max_score : 100;
      if (score !== null && !(Number.isFinite(score) && score >= 0 && score <= max)) errors[`score_${d.code}`] = `Điểm lĩnh vực ${d.code} là số từ 0 đến ${formatMax(max)}.`;
      if (rank !== null && !(Number.isInteger(rank) && rank >= 1 && rank <= 63)) errors[`rank_${d.code}`] = `Thứ hạng lĩnh vực ${d.code} là số nguyên từ 1 đến 63.`;
      return { d, score, rank };
    });
    if (Object.keys(errors).length) throw new InputError("invalid_input", `Chưa lưu được: ${Object.values(errors)[0]}`, errors, 400);
    for (const { d, score, rank } of next) await trx.updateTable("plan_dimension").set({ score, rank }).where("id", "=", d.id).execute();
    await audit(trx, {
      userId: actor.userId, action: "plan.dimension_scores", entity: "plan", entityId: planCode,
      before: dims.map((d) => ({ code: d.code, score: d.score, rank: d.rank })), after: next.map((x) => ({ code: x.d.code, score: x.score, rank: x.rank })), ip: actor.ip,
    });
  });
}

const formatMax = (m: number) => String(m).replace(".", ",");
