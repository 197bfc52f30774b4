import { createHash } from "node:crypto";
import { excel } from "../../platform/libraries.server";
import type { Db, Tx } from "../../platform/db.server";
import { viDay } from "../../domain/days";
import { localDay } from "../../domain/periods";
import {
  OFFICIAL_COLUMNS, OFFICIAL_INDEX_LABEL, officialSets, readOfficialRows, SIPAS_SUB_INDICES, TOTAL_CODE, type OfficialIndex, type OfficialRow,
} from "../../domain/official-results";
import { audit, type Actor } from "../../platform/auth.server";
import { csvLine, formatImportError } from "../../platform/csv.server";
import { PAPI_DIMENSIONS, writePapiYear, type PapiInput } from "../indices/papi-scores.server";
import { fileRows } from "./plan-drafts.server";

/**
 * Official results imported from a file (CSV or XLSX, Vietnamese headers; issue 16). All or
 * nothing: any row's problem comes back by row and column and nothing is stored. Every import is
 * kept with its file's name and SHA-256, every figure it brought with it. A year and index that
 * already has published figures (imported or typed on a page) is replaced only when the coordinator
 * ticks "Thay thế"; the earlier imported rows are then marked replaced, the pages' figures are
 * overwritten and the audit log keeps what they were. The figures go where the pages read them:
 * PAPI to the PAPI years, PAR to the PAR tree of the year, SIPAS to the SIPAS plans of the year.
 */

type ImportResult =
  | { ok: true; id: number; again: boolean; sets: Array<{ year: number; index: OfficialIndex; rows: number; replaced: boolean }> }
  | { ok: false; messages: string[] };

async function parTrees(db: Db) {
  const nodes = await db.selectFrom("par_node").select(["year", "code", "name", "max_points"]).execute();
  const byYear = new Map<number, Map<string, number>>();
  for (const n of nodes) byYear.set(n.year, (byYear.get(n.year) ?? new Map<string, number>()).set(n.code, n.max_points));
  const names = new Map(nodes.map((n) => [`${n.year}|${n.code}`, n.name]));
  return { codes: (year: number) => byYear.get(year) ?? null, names };
}

/** The name of a part as the project knows it, when the file leaves it blank. */
function knownName(r: OfficialRow, parNames: Map<string, string>): string | null {
  if (r.code === TOTAL_CODE) return null;
  if (r.index === "SIPAS") return SIPAS_SUB_INDICES.find((s) => s.code === r.code)?.name ?? null;
  if (r.index === "PAR") return parNames.get(`${r.year}|${r.code}`) ?? null;
  return PAPI_DIMENSIONS.find((d) => d.code === r.code)?.name ?? null;
}

/** SIPAS plans whose years cover a year. */
async function sipasPlans(trx: Tx | Db, year: number) {
  return trx.selectFrom("plan").select(["id", "code"]).where("index_code", "=", "SIPAS").where("year", "<=", year)
    .where((eb) => eb(eb.fn.coalesce("year_to", "year"), ">=", year)).execute();
}

/** What a year and index already holds, in words ("" when nothing). */
async function alreadyHeld(trx: Tx, year: number, index: OfficialIndex): Promise<string> {
  const file = await trx.selectFrom("official_result as r").innerJoin("official_import as i", "i.id", "r.import_id").select(["i.created_at", "i.file_name"])
    .where("r.year", "=", year).where("r.index_code", "=", index).where("r.replaced_at", "is", null).orderBy("i.id", "desc").executeTakeFirst();
  if (file) return `đã nhập từ tệp “${file.file_name}” ngày ${viDay(localDay(file.created_at))}`;
  if (index === "PAPI" && (await trx.selectFrom("papi_year").select("id").where("year", "=", year).executeTakeFirst())) return "đã nhập tay điểm PAPI năm này";
  if (index === "PAR" && (await trx.selectFrom("par_node").select("id").where("year", "=", year).where("official_points", "is not", null).executeTakeFirst())) return "đã nhập tay điểm chính thức trên cây Chỉ số CCHC";
  if (index === "SIPAS") {
    const plans = await sipasPlans(trx, year);
    if (plans.length && (await trx.selectFrom("plan_dimension").select("id").where("plan_id", "in", plans.map((p) => p.id)).where("score", "is not", null).executeTakeFirst())) return "đã nhập tay điểm chính thức trên kế hoạch SIPAS";
  }
  return "";
}

/** Puts one set's figures where the pages read them; returns what was there before (for the audit). */
async function writeStores(trx: Tx, set: { year: number; index: OfficialIndex; rows: OfficialRow[] }, actor: Actor, at: string): Promise<unknown> {
  const byCode = new Map(set.rows.map((r) => [r.code, r]));
  const total = byCode.get(TOTAL_CODE);
  if (set.index === "PAPI") {
    const input = {
      year: set.year, total: total?.score ?? null, rank: total?.rank ?? null, rankOf: total?.rankOf ?? set.rows[0].rankOf,
      source: (total ?? set.rows[0]).source ?? "Nhập từ tệp kết quả công bố",
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`d${i + 1}`, byCode.get(String(i + 1))?.score ?? null])),
    } as unknown as PapiInput;
    await writePapiYear(trx, input, actor, "papi.scores.import", at);
    return { papi: "audited as papi.scores.import" };
  }
  if (set.index === "PAR") {
    const nodes = await trx.selectFrom("par_node").select(["id", "code", "official_points", "official_rank"]).where("year", "=", set.year).execute();
    for (const n of nodes) {
      const r = byCode.get(n.code);
      const next = { official_points: r?.score ?? null, official_rank: r?.rank ?? null };
      if (next.official_points !== n.official_points || next.official_rank !== n.official_rank) await trx.updateTable("par_node").set(next).where("id", "=", n.id).execute();
    }
    return nodes.filter((n) => n.official_points !== null || n.official_rank !== null).map((n) => ({ code: n.code, points: n.official_points, rank: n.official_rank }));
  }
  const plans = await sipasPlans(trx, set.year);
  const before: unknown[] = [];
  for (const p of plans) {
    const dims = await trx.selectFrom("plan_dimension").select(["id", "code", "score", "rank"]).where("plan_id", "=", p.id).where("code", "in", SIPAS_SUB_INDICES.map((s) => s.code)).execute();
    for (const d of dims) {
      const r = byCode.get(d.code);
      before.push({ plan: p.code, code: d.code, score: d.score, rank: d.rank });
      await trx.updateTable("plan_dimension").set({ score: r?.score ?? null, rank: r?.rank ?? null }).where("id", "=", d.id).execute();
    }
  }
  return before;
}

/** Use case: import the official results in a file. `replace`: the coordinator said to replace what a year and index already holds. */
export async function importOfficialResults(db: Db, fileName: string, bytes: Buffer, replace: boolean, actor: Actor, now = new Date()): Promise<ImportResult> {
  const trees = await parTrees(db);
  const read = readOfficialRows(await fileRows(fileName, bytes), trees.codes);
  if (!read.ok) return { ok: false, messages: read.errors.slice(0, 200).map(formatImportError) };
  const sets = officialSets(read.rows);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<ImportResult> => {
    // The same file again, its figures still current: a retried upload (double click) stores nothing more.
    const same = await trx.selectFrom("official_import").selectAll().where("sha256", "=", sha256).orderBy("id", "desc").executeTakeFirst();
    if (same && !(await trx.selectFrom("official_result").select("id").where("import_id", "=", same.id).where("replaced_at", "is not", null).executeTakeFirst())) {
      return { ok: true, id: same.id, again: true, sets: JSON.parse(same.sets) };
    }
    const held = await Promise.all(sets.map(async (s) => ({ s, held: await alreadyHeld(trx, s.year, s.index) })));
    const refused = held.filter((h) => h.held && !replace);
    if (refused.length) {
      return { ok: false, messages: refused.map((h) => `Năm ${h.s.year}, ${OFFICIAL_INDEX_LABEL[h.s.index]}: ${h.held}. Đánh dấu “Thay thế kết quả đã có” để nhập lại; kết quả cũ vẫn được lưu trong lịch sử.`) };
    }
    const summary = held.map((h) => ({ year: h.s.year, index: h.s.index, rows: h.s.rows.length, replaced: !!h.held }));
    const imp = await trx.insertInto("official_import").values({ file_name: fileName.slice(0, 120), sha256, rows: read.rows.length, sets: JSON.stringify(summary), created_by: actor.userId, created_at: at })
      .returning("id").executeTakeFirstOrThrow();
    const before: unknown[] = [];
    for (const { s } of held) {
      const old = await trx.selectFrom("official_result").select(["id", "item_code", "score", "rank", "import_id"]).where("year", "=", s.year).where("index_code", "=", s.index).where("replaced_at", "is", null).execute();
      if (old.length) await trx.updateTable("official_result").set({ replaced_at: at, replaced_by: imp.id }).where("id", "in", old.map((o) => o.id)).execute();
      for (const r of s.rows) {
        await trx.insertInto("official_result").values({
          import_id: imp.id, year: r.year, index_code: r.index, item_code: r.code, item_name: r.name ?? knownName(r, trees.names), score: r.score, rank: r.rank, rank_of: r.rankOf, source: r.source, replaced_at: null, replaced_by: null,
        }).execute();
      }
      before.push({ year: s.year, index: s.index, imported: old.map((o) => ({ code: o.item_code, score: o.score, rank: o.rank, import: o.import_id })), pages: await writeStores(trx, s, actor, at) });
    }
    await audit(trx, { userId: actor.userId, action: "official.import", entity: "official_import", entityId: imp.id, before: before.length ? before : null, after: { file: fileName.slice(0, 120), sha256, replace, sets: summary }, ip: actor.ip });
    return { ok: true, id: imp.id, again: false, sets: summary };
  });
}

/** The imports, newest first, with who made them and what each set replaced. */
export async function officialImports(db: Db, limit = 30) {
  const rows = await db.selectFrom("official_import as i").leftJoin("app_user as u", "u.id", "i.created_by")
    .select(["i.id", "i.file_name", "i.rows", "i.sets", "i.created_at", "u.display_name"]).orderBy("i.id", "desc").limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, rows: r.rows, on: localDay(r.created_at), by: r.display_name ?? "",
    sets: (JSON.parse(r.sets) as Array<{ year: number; index: OfficialIndex; rows: number; replaced: boolean }>).map((s) => ({ ...s, label: OFFICIAL_INDEX_LABEL[s.index] })),
  }));
}

const GUIDE = [
  "Mỗi dòng là một kết quả đã công bố. Dòng đầu là tên cột, giữ nguyên.",
  "Năm: năm của kết quả (ví dụ 2025). Chỉ số: SIPAS, PAR INDEX hoặc PAPI.",
  "Mã: SIPAS 8.1.1 đến 8.1.5; PAR INDEX số hiệu lĩnh vực, tiêu chí như trên cây Chỉ số CCHC (1, 1.3, 1.3.1…); PAPI lĩnh vực 1 đến 8. Ghi “Tổng” cho cả chỉ số.",
  "Điểm: SIPAS theo phần trăm (83,1); PAR INDEX theo điểm, không quá điểm tối đa; PAPI từ 1 đến 10 mỗi lĩnh vực, tổng đến 80. Dấu phẩy thập phân.",
  "Thứ hạng và Số tỉnh xếp hạng: để trống nếu không công bố (số tỉnh mặc định 63).",
  "Có một dòng sai thì không dòng nào được lưu. Năm và chỉ số đã có kết quả chỉ được thay thế khi chọn “Thay thế kết quả đã có”; kết quả cũ vẫn được lưu.",
];

/** The template: the Vietnamese headers (and, in the XLSX, a second sheet with the rules). */
export async function officialTemplate(format: "csv" | "xlsx"): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const headers = OFFICIAL_COLUMNS.map((c) => c.header);
  if (format === "csv") {
    return { fileName: "mau-ket-qua-cong-bo.csv", contentType: "text/csv; charset=utf-8", body: Buffer.from(`\uFEFF${csvLine(headers)}`, "utf8") };
  }
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Kết quả công bố");
  ws.addRow(headers).font = { bold: true };
  ws.columns = headers.map((h) => ({ width: Math.max(12, h.length + 4) }));
  ws.getColumn(1).numFmt = "@";
  ws.getColumn(3).numFmt = "@";
  ws.getColumn(5).numFmt = "@";
  const guide = wb.addWorksheet("Hướng dẫn");
  guide.getColumn(1).width = 120;
  for (const line of GUIDE) guide.addRow([line]);
  return { fileName: "mau-ket-qua-cong-bo.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: Buffer.from(await wb.xlsx.writeBuffer()) };
}
