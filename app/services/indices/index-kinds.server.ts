import type { Db } from "../../platform/db.server";
import { GRADE_LABEL, INDEX_KIND_LABEL, indexKind, reportTree, type IndexKind, type KindReport } from "../../domain/index-kinds";
import { InputError } from "../../platform/errors";
import { cachedIndices } from "./indices-cache.server";
import { resolveScope, type IndexQuery, type IndicesResult } from "./indices.server";
import { closedMonthsRows } from "./closed-months.server";

/**
 * Index trees of any kind (docs/decisions/0006): which tree a query names, and its report on the
 * kind's scale (SIPAS %, PAPI 1–10 per dimension and total /80, Circular 01 0–2 per index, total
 * /18 and grade), computed from the same rollups as the SIPAS figures.
 */
interface IndexRoot {
  code: string;
  name: string;
  nameEn: string | null;
  kind: IndexKind;
}

export async function indexRoots(db: Db): Promise<IndexRoot[]> {
  const rows = await db.selectFrom("index_node").select(["code", "name", "name_en", "kind"]).where("parent_id", "is", null).orderBy("sort").orderBy("id").execute();
  return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, kind: indexKind(r.kind) }));
}

/**
 * The index a request names: an index's root code (`SIPAS`, `PAPI`, `TT01`; any case) or the
 * code or slug of a questionnaire mapped to it (`papi`, `thong-tu-01`). None = SIPAS.
 */
async function resolveIndex(db: Db, raw: string | null | undefined): Promise<IndexRoot> {
  const roots = await indexRoots(db);
  const wanted = (raw ?? "").trim() || "SIPAS";
  const lower = wanted.toLowerCase();
  let root = roots.find((r) => r.code.toLowerCase() === lower);
  if (!root) {
    const q = await db.selectFrom("questionnaire").select(["code", "slug", "index_code"]).execute();
    const hit = q.find((x) => x.code.toLowerCase() === lower || x.slug.toLowerCase() === lower);
    root = hit ? roots.find((r) => r.code === hit.index_code) : undefined;
  }
  if (!root) {
    throw new InputError("not_found", "Không tìm thấy chỉ số.", {
      index: `Không có chỉ số "${wanted.slice(0, 40)}". Các chỉ số hiện có: ${roots.map((r) => r.code).join(", ")}.`,
    }, 404);
  }
  return root;
}

interface IndexReport {
  index: IndexRoot & { kindLabel: string };
  summary: KindReport & { gradeLabel: string | null };
}

/** The kind's report of a computed tree. */
function reportOf(root: IndexRoot, result: IndicesResult): IndexReport {
  const summary = reportTree(root.kind, result.nodes[0]);
  return {
    index: { ...root, kindLabel: INDEX_KIND_LABEL[root.kind] },
    summary: { ...summary, gradeLabel: summary.grade ? GRADE_LABEL[summary.grade] : null },
  };
}

/** Use case (GET /api/v1/indices?index=): a tree scored by its kind, through the indices cache. */
export async function indicesOfKind(db: Db, q: IndexQuery & { index: string }): Promise<IndicesResult & IndexReport> {
  const root = await resolveIndex(db, q.index);
  const result = await cachedIndices(db, { ...q, index: root.code });
  return { ...result, ...reportOf(root, result) };
}

export interface OtherIndex extends IndexReport {
  year: number;
}

/**
 * The indices other than SIPAS that have data in a unit's subtree for a year (and channel): a
 * cheap look at the roots' node rollups first, then each such tree scored by its kind.
 */
export async function otherIndices(db: Db, q: Pick<IndexQuery, "year" | "unit" | "channel" | "tree">): Promise<OtherIndex[]> {
  const roots = (await indexRoots(db)).filter((r) => r.code !== "SIPAS");
  if (roots.length === 0) return [];
  const { pointIds } = await resolveScope(db, q.unit, { months: { from: `${q.year}-01`, to: `${q.year}-12` }, tree: q.tree });
  if (pointIds.length === 0) return [];
  const codes = roots.map((r) => r.code);
  const channel = q.channel && q.channel !== "all" ? q.channel : null;
  const withData = new Set(await closedMonthsRows(db, {
    key: `roots|${codes.join(",")}|${channel ?? "all"}|${pointIds.join(",")}`,
    months: { from: `${q.year}-01`, to: `${q.year}-12` },
    read: async (m) => (await db.selectFrom("rollup_node_month").select("node_code")
      .where("node_code", "in", codes)
      .where("month", ">=", m.from).where("month", "<=", m.to)
      .where("service_point_id", "in", pointIds)
      .where("n", ">", 0)
      .$if(channel !== null, (w) => w.where("channel", "=", channel!))
      .groupBy("node_code").execute()).map((r) => r.node_code),
  }));
  const out: OtherIndex[] = [];
  for (const root of roots.filter((r) => withData.has(r.code))) {
    const result = await cachedIndices(db, { year: q.year, unit: q.unit, channel: q.channel, index: root.code, tree: q.tree });
    if (result.nodes[0].n > 0) out.push({ ...reportOf(root, result), year: q.year });
  }
  return out;
}
