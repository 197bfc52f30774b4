import type { Db } from "../../platform/db.server";
import { sipasCode, TOTAL_CODE, type OfficialIndex } from "../../domain/official-results";

/**
 * The official (published) figure of a year for an index and one of its parts, wherever the project
 * keeps it (issue 16): PAPI per dimension and total (papi_year, entered or imported), the PAR Index
 * per field and criterion (par_node.official_points, entered or imported), SIPAS per sub-index (the
 * dimensions of SIPAS plans covering the year, entered or imported), then any imported figure the
 * pages have no place for (a PAR total, a SIPAS total, a year without a PAR tree). Neither this nor
 * its caller replaces a measured figure: it is shown beside it.
 */
export interface OfficialFigure {
  year: number;
  index: OfficialIndex;
  /** as asked: a dimension ("5"), a criterion ("8.1"), a SIPAS sub-index ("8.1.2"), or TONG */
  code: string;
  score: number;
  /** SIPAS: percent (0–100); PAR: points of the node; PAPI: 1–10 per dimension, up to 80 in total */
  unit: "percent" | "points";
  rank: number | null;
  rankOf: number;
  /** "file" when the figure is the one the latest import brought, else "form" (typed on a page) */
  from: "file" | "form";
}

async function imported(db: Db, year: number, index: OfficialIndex, code: string) {
  return db.selectFrom("official_result").selectAll().where("year", "=", year).where("index_code", "=", index).where("item_code", "=", code)
    .where("replaced_at", "is", null).orderBy("id", "desc").executeTakeFirst();
}

/**
 * The official figure for (year, index, part); `code` is "TONG" (or "total") for the whole index. For
 * SIPAS the survey's own node names are accepted too ("procedures" → "8.1.2"). null when none was
 * entered or imported.
 */
export async function officialScore(db: Db, year: number, index: OfficialIndex, partCode: string): Promise<OfficialFigure | null> {
  const code = partCode === "total" || partCode === TOTAL_CODE ? TOTAL_CODE : index === "SIPAS" ? sipasCode(partCode) : partCode;
  const file = await imported(db, year, index, code);
  const unit = index === "SIPAS" ? "percent" : "points";
  const out = (score: number, rank: number | null, rankOf: number | null): OfficialFigure => ({
    year, index, code, score, unit, rank, rankOf: rankOf ?? file?.rank_of ?? 63,
    from: file && Math.abs(file.score - score) < 1e-9 && (file.rank ?? null) === (rank ?? null) ? "file" : "form",
  });
  if (index === "PAPI") {
    const y = await db.selectFrom("papi_year").selectAll().where("year", "=", year).executeTakeFirst();
    if (y && code === TOTAL_CODE) {
      const dims = await db.selectFrom("papi_dimension_score").select("score").where("year", "=", year).execute();
      const total = y.total ?? (dims.length === 8 ? Math.round(dims.reduce((a, d) => a + d.score, 0) * 100) / 100 : null);
      if (total !== null) return out(total, y.rank, y.rank_of);
    } else if (y) {
      const d = await db.selectFrom("papi_dimension_score").select("score").where("year", "=", year).where("dimension", "=", code).executeTakeFirst();
      if (d) return out(d.score, null, y.rank_of);
    }
  } else if (index === "PAR" && code !== TOTAL_CODE) {
    const n = await db.selectFrom("par_node").select(["official_points", "official_rank"]).where("year", "=", year).where("code", "=", code).executeTakeFirst();
    if (n && n.official_points !== null) return out(n.official_points, n.official_rank, null);
  } else if (index === "SIPAS" && code !== TOTAL_CODE) {
    const d = await db.selectFrom("plan_dimension as d").innerJoin("plan as p", "p.id", "d.plan_id").select(["d.score", "d.rank"])
      .where("p.index_code", "=", "SIPAS").where("p.year", "<=", year).where((eb) => eb(eb.fn.coalesce("p.year_to", "p.year"), ">=", year))
      .where("d.code", "=", code).where("d.score", "is not", null).orderBy("p.id", "desc").executeTakeFirst();
    if (d && d.score !== null) return out(d.score, d.rank, null);
  }
  return file ? { year, index, code, score: file.score, unit, rank: file.rank, rankOf: file.rank_of, from: "file" } : null;
}

/** The figures the latest imports brought, still current, for a year (or every year), in file order. */
export async function currentOfficialResults(db: Db, year?: number) {
  let q = db.selectFrom("official_result as r").innerJoin("official_import as i", "i.id", "r.import_id")
    .select(["r.year", "r.index_code", "r.item_code", "r.item_name", "r.score", "r.rank", "r.rank_of", "r.source", "i.created_at", "i.file_name"])
    .where("r.replaced_at", "is", null);
  if (year !== undefined) q = q.where("r.year", "=", year);
  return q.orderBy("r.year", "desc").orderBy("r.index_code").orderBy("r.id").execute();
}
