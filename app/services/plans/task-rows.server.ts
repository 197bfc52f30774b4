// Task rows as the seeds and the CSV import give them: read, checked, stored (all or nothing).
import { parse } from "csv-parse/sync";
import type { Db, Tx } from "../../platform/db.server";
import { parseSchedule, resolveAssignee, type Assignee, type Schedule, TASK_COLUMNS, TASK_COLUMN_LABEL, TASK_REQUIRED } from "../../domain/plans";

import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { formatImportError, type ImportError } from "../../platform/csv.server";
import { type PlanContext, planContext } from "./org-context.server";


export interface TaskDraft {
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

export type TaskImportResult =
  | { ok: true; rows: number; created: number; updated: number; external: string[] }
  | { ok: false; rows: number; errors: ImportError[]; messages: string[] };

/** Stores checked tasks (insert or update by code), creating sub-dimensions named in the rows. */
export async function storeTasks(trx: Tx, planId: number, drafts: TaskDraft[], isDemo: boolean): Promise<{ created: number; updated: number }> {
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
