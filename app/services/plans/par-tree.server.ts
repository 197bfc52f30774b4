// The PAR Index tree: criteria, points and the measured ones (8.1 from surveys, 3.5.1 from feedback).
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { parSumMismatches, resolveAssignee, sumParTree, type ParNodeSum } from "../../domain/plans";

import { parPoints } from "../../domain/scoring";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { feedbackFigures } from "../feedback/leader-figures.server";
import { formatImportError, type ImportError } from "../../platform/csv.server";
import { computeIndices, type IndexNodeView } from "../indices/indices.server";
import { indexRoots, indicesOfKind } from "../indices/index-kinds.server";
import { flat } from "./leader-view.server";
import { planContext } from "./org-context.server";
import type { TaskImportResult } from "./task-rows.server";
import type { Db } from "../../platform/db.server";


export type ParSource = "entered" | "measured" | "pending";

export interface ParNodeView {
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

