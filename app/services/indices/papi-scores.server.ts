import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { Db, Tx } from "../../platform/db.server";
import papiSeed from "../../../db/seed/plans-papi-2021.json";
import { PAPI_CSV_COLUMNS } from "../../domain/plans";
import { audit, type Actor } from "../../platform/auth.server";
import { formatImportError, type ImportError } from "../../platform/csv.server";
import { zodFields } from "../../schemas/admin";

/**
 * The official PAPI scores of the province, as published each year (UNDP, CECODES, Fatherland
 * Front): 8 dimensions scored 1–10, a total out of 80 and a rank among the 63 provinces. The
 * coordinator enters them per year (or imports a CSV); plan pages show each dimension's score
 * beside its tasks, with the change against the plan's baseline year.
 */

export const PAPI_DIMENSIONS = papiSeed.dimensions.map((d) => ({ code: d.code, name: d.name }));
const PAPI_MAX = 10;

const decimal = (label: string, min: number, max: number) =>
  z.string().trim().optional().transform((v, c) => {
    if (!v) return null;
    const n = Number(v.replace(",", "."));
    if (!/^\d+([.,]\d{1,4})?$/.test(v) || !Number.isFinite(n) || n < min || n > max) {
      c.addIssue({ code: "custom", message: `${label} phải là số từ ${min} đến ${max} (tối đa 4 chữ số thập phân), ví dụ 5,12.` });
      return null;
    }
    return n;
  });

const integer = (label: string, min: number, max: number) =>
  z.string().trim().optional().transform((v, c) => {
    if (!v) return null;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      c.addIssue({ code: "custom", message: `${label} phải là số nguyên từ ${min} đến ${max}.` });
      return null;
    }
    return n;
  });

export const papiForm = z.object({
  year: z.string({ error: "Nhập năm PAPI." }).trim().regex(/^\d{4}$/, "Năm gồm 4 chữ số, ví dụ 2021.").transform(Number)
    .refine((y) => y >= 2018 && y <= 2100, "PAPI có 8 lĩnh vực từ năm 2018; nhập năm từ 2018."),
  ...Object.fromEntries(PAPI_DIMENSIONS.map((d) => [`d${d.code}`, decimal(`Điểm lĩnh vực ${d.code}`, 1, PAPI_MAX)])) as Record<`d${string}`, ReturnType<typeof decimal>>,
  total: decimal("Tổng điểm", 8, 80),
  rank: integer("Thứ hạng", 1, 63),
  rankOf: integer("Số tỉnh, thành phố xếp hạng", 1, 63),
  source: z.string().trim().max(200, "Nguồn dài quá 200 ký tự.").optional().transform((v) => v || null),
}).superRefine((f, c) => {
  const scores = PAPI_DIMENSIONS.map((d) => (f as Record<string, unknown>)[`d${d.code}`] as number | null);
  if (scores.every((s) => s === null) && f.total === null) c.addIssue({ code: "custom", path: ["d1"], message: "Nhập điểm ít nhất một lĩnh vực (hoặc tổng điểm)." });
  const rankOf = f.rankOf ?? 63;
  if (f.rank !== null && f.rank > rankOf) c.addIssue({ code: "custom", path: ["rank"], message: `Thứ hạng không lớn hơn số tỉnh xếp hạng (${rankOf}).` });
  if (f.total !== null && scores.every((s) => s !== null)) {
    const sum = scores.reduce((a, s) => a + (s ?? 0), 0);
    if (Math.abs(sum - f.total) > 0.05) {
      c.addIssue({ code: "custom", path: ["total"], message: `Tổng điểm ${String(f.total).replace(".", ",")} khác tổng 8 lĩnh vực ${String(Math.round(sum * 100) / 100).replace(".", ",")}; kiểm tra lại hoặc để trống ô tổng.` });
    }
  }
});
export type PapiInput = z.infer<typeof papiForm>;

interface PapiYear {
  year: number;
  total: number | null;
  /** the published total, or the sum of the 8 dimensions when all are entered */
  totalShown: number | null;
  rank: number | null;
  rankOf: number;
  source: string | null;
  scores: Record<string, number | null>;
}

/** Every year entered, newest first. */
export async function papiYears(db: Db, years?: number[]): Promise<PapiYear[]> {
  if (years && years.length === 0) return [];
  let q = db.selectFrom("papi_year").selectAll().orderBy("year", "desc");
  if (years) q = q.where("year", "in", years);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const scores = await db.selectFrom("papi_dimension_score").select(["year", "dimension", "score"]).where("year", "in", rows.map((r) => r.year)).execute();
  return rows.map((r) => {
    const mine: Record<string, number | null> = Object.fromEntries(PAPI_DIMENSIONS.map((d) => [d.code, scores.find((s) => s.year === r.year && s.dimension === d.code)?.score ?? null]));
    const all = Object.values(mine).every((v) => v !== null);
    return {
      year: r.year, total: r.total, rank: r.rank, rankOf: r.rank_of, source: r.source, scores: mine,
      totalShown: r.total ?? (all ? Math.round(Object.values(mine).reduce<number>((a, v) => a + (v ?? 0), 0) * 100) / 100 : null),
    };
  });
}

/** Writes one year's PAPI scores inside a transaction (replacing what was entered), audited with what it replaced. */
export async function writePapiYear(trx: Tx, input: PapiInput, actor: Actor, action: string, at: string): Promise<void> {
  const before = await trx.selectFrom("papi_year").selectAll().where("year", "=", input.year).executeTakeFirst();
  const values = { total: input.total, rank: input.rank, rank_of: input.rankOf ?? 63, source: input.source, updated_by: actor.userId, updated_at: at };
  if (before) await trx.updateTable("papi_year").set(values).where("id", "=", before.id).execute();
  else await trx.insertInto("papi_year").values({ ...values, year: input.year }).execute();
  const beforeScores = await trx.selectFrom("papi_dimension_score").select(["dimension", "score"]).where("year", "=", input.year).execute();
  await trx.deleteFrom("papi_dimension_score").where("year", "=", input.year).execute();
  const scores: Record<string, number> = {};
  for (const d of PAPI_DIMENSIONS) {
    const s = (input as Record<string, unknown>)[`d${d.code}`] as number | null;
    if (s === null || s === undefined) continue;
    scores[d.code] = s;
    await trx.insertInto("papi_dimension_score").values({ year: input.year, dimension: d.code, score: s }).execute();
  }
  await audit(trx, { userId: actor.userId, action, entity: "papi_year", entityId: String(input.year), before: before ? { ...before, scores: Object.fromEntries(beforeScores.map((x) => [x.dimension, x.score])) } : null, after: { ...values, scores }, ip: actor.ip });
}

async function store(db: Db, rows: PapiInput[], actor: Actor, action: string): Promise<void> {
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const input of rows) await writePapiYear(trx, input, actor, action, at);
  });
}

/** Use case: the coordinator saves one year's official PAPI scores (replacing what was entered). */
export async function savePapiYear(db: Db, input: PapiInput, actor: Actor): Promise<void> {
  await store(db, [input], actor, "papi.scores.save");
}

/**
 * Use case: import PAPI scores from CSV (columns PAPI_CSV_COLUMNS, one row per year, decimal
 * comma or point). All or nothing; each problem names its row and column.
 */
export async function importPapiCsv(db: Db, text: string, actor: Actor): Promise<{ ok: true; years: number[] } | { ok: false; messages: string[] }> {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>;
  } catch {
    return { ok: false, messages: ["Tệp CSV không đọc được; hãy lưu dưới dạng CSV UTF-8, phân cách bằng dấu phẩy (số thập phân trong ngoặc kép nếu dùng dấu phẩy)."] };
  }
  const errors: ImportError[] = [];
  const header = Object.keys(records[0] ?? {});
  for (const h of header) if (!(PAPI_CSV_COLUMNS as readonly string[]).includes(h)) errors.push({ row: 1, column: h.slice(0, 30), message: `Cột không dùng được; các cột: ${PAPI_CSV_COLUMNS.join(", ")}.` });
  if (!header.includes("year")) errors.push({ row: 1, column: "year", message: "Thiếu cột year (năm)." });
  if (records.length === 0) errors.push({ row: 2, column: null, message: "Tệp không có dòng điểm nào." });
  const rows: PapiInput[] = [];
  const seen = new Set<number>();
  if (errors.length === 0) {
    records.forEach((r, i) => {
      const fields = { ...Object.fromEntries(PAPI_DIMENSIONS.map((d) => [`d${d.code}`, r[`d${d.code}`] ?? ""])), year: r.year ?? "", total: r.total ?? "", rank: r.rank ?? "", rankOf: r.rank_of ?? "", source: "Nhập từ CSV" };
      const p = papiForm.safeParse(fields);
      if (!p.success) {
        for (const [k, m] of Object.entries(zodFields(p.error))) errors.push({ row: i + 2, column: k === "rankOf" ? "rank_of" : k, message: m });
        return;
      }
      if (seen.has(p.data.year)) errors.push({ row: i + 2, column: "year", message: `Năm ${p.data.year} đã có ở dòng trên.` });
      seen.add(p.data.year);
      rows.push(p.data);
    });
  }
  if (errors.length) return { ok: false, messages: errors.slice(0, 100).map(formatImportError) };
  await store(db, rows, actor, "papi.scores.import");
  return { ok: true, years: rows.map((r) => r.year) };
}
