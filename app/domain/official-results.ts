/**
 * Official results as published (issue 16): SIPAS per sub-index in % (the Ministry of Home Affairs),
 * the PAR Index per field and criterion in points with the province's rank, PAPI per dimension on
 * 1–10. One row of an import file is one published figure. Pure: reads rows of cells, returns
 * typed rows or Vietnamese errors by row and column; never guesses a value.
 */

export const OFFICIAL_INDICES = ["SIPAS", "PAR", "PAPI"] as const;
export type OfficialIndex = (typeof OFFICIAL_INDICES)[number];

export const OFFICIAL_INDEX_LABEL: Record<OfficialIndex, string> = {
  SIPAS: "SIPAS (Chỉ số hài lòng)",
  PAR: "PAR Index (Chỉ số CCHC)",
  PAPI: "PAPI",
};

/** The code of a whole index (its total and overall rank). */
export const TOTAL_CODE = "TONG";

/** The columns of the import file, by their Vietnamese headers (the template's first row). */
export const OFFICIAL_COLUMNS = [
  { key: "year", header: "Năm", required: true },
  { key: "index", header: "Chỉ số", required: true },
  { key: "code", header: "Mã", required: true },
  { key: "name", header: "Tên lĩnh vực, tiêu chí", required: false },
  { key: "score", header: "Điểm", required: true },
  { key: "rank", header: "Thứ hạng", required: false },
  { key: "rankOf", header: "Số tỉnh xếp hạng", required: false },
  { key: "source", header: "Nguồn", required: false },
] as const;
type ColumnKey = (typeof OFFICIAL_COLUMNS)[number]["key"];

/** SIPAS sub-indices as the Ministry numbers them inside the PAR Index (criterion 8.1), with the survey's own node. */
export const SIPAS_SUB_INDICES: ReadonlyArray<{ code: string; node: string; name: string }> = [
  { code: "8.1.1", node: "access", name: "Chỉ số hài lòng về tiếp cận dịch vụ" },
  { code: "8.1.2", node: "procedures", name: "Chỉ số hài lòng về thủ tục hành chính" },
  { code: "8.1.3", node: "servants", name: "Chỉ số hài lòng về công chức giải quyết TTHC" },
  { code: "8.1.4", node: "results", name: "Chỉ số hài lòng về kết quả giải quyết TTHC" },
  { code: "8.1.5", node: "feedback", name: "Chỉ số hài lòng về tiếp nhận, xử lý phản ánh, kiến nghị liên quan đến TTHC" },
];

export interface OfficialRow {
  /** the file's row (the header is row 1) */
  row: number;
  year: number;
  index: OfficialIndex;
  code: string;
  name: string | null;
  score: number;
  rank: number | null;
  rankOf: number;
  source: string | null;
}

interface Problem {
  row: number;
  column: string | null;
  message: string;
}

/** What the rows are checked against: the PAR tree's codes and maxima of a year (none when the year has no tree). */
export type ParCodes = (year: number) => Map<string, number> | null;

const norm = (s: string) => s.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");

/** "SIPAS", "PAR INDEX", "Chỉ số CCHC", "PAPI" → the index; anything else → null. */
export function readIndex(s: string): OfficialIndex | null {
  const t = norm(s).replace(/[()]/g, " ").replace(/\s+/g, " ").trim();
  if (/^sipas\b/.test(t) || t.startsWith("chỉ số hài lòng")) return "SIPAS";
  if (/^par( index)?\b/.test(t) || t === "chỉ số cchc" || t === "cchc" || t.startsWith("chỉ số cải cách hành chính")) return "PAR";
  if (/^papi\b/.test(t)) return "PAPI";
  return null;
}

function readCode(s: string): string | null {
  const t = norm(s);
  if (["tổng", "tong", "tổng điểm", "chung", "toàn chỉ số"].includes(t)) return TOTAL_CODE;
  const m = /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?$/.exec(t);
  return m ? m[1] : null;
}

/** A decimal with a comma or a point and at most 4 decimals: "83,1" → 83.1; anything else → null. */
function readDecimal(s: string): number | null {
  const t = s.trim().replace(/\s*%$/, "");
  if (!/^\d{1,3}([.,]\d{1,4})?$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

const fmt = (n: number) => String(n).replace(".", ",");

/**
 * Reads the rows of a file (first row: headers). Every problem comes back with its row and
 * column; a file with any problem stores nothing. Two rows for the same year, index and code are
 * a problem, never a silent choice.
 */
export function readOfficialRows(rows: string[][], parCodes: ParCodes): { ok: true; rows: OfficialRow[] } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const header = (rows[0] ?? []).map((h) => norm(h ?? ""));
  const at = new Map<ColumnKey, number>();
  for (const c of OFFICIAL_COLUMNS) {
    const i = header.indexOf(norm(c.header));
    if (i >= 0) at.set(c.key, i);
    else if (c.required) errors.push({ row: 1, column: c.header, message: `Thiếu cột “${c.header}”. Các cột: ${OFFICIAL_COLUMNS.map((x) => x.header).join(", ")}.` });
  }
  header.forEach((h, i) => {
    if (h && !OFFICIAL_COLUMNS.some((c) => norm(c.header) === h)) errors.push({ row: 1, column: rows[0][i].trim().slice(0, 40), message: `Cột không dùng được. Các cột: ${OFFICIAL_COLUMNS.map((x) => x.header).join(", ")}.` });
  });
  if (errors.length) return { ok: false, errors };
  const out: OfficialRow[] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    const cell = (k: ColumnKey) => (at.has(k) ? String(cells[at.get(k)!] ?? "").trim() : "");
    if (OFFICIAL_COLUMNS.every((c) => cell(c.key) === "")) continue;
    const n = r + 1;
    const bad = (k: ColumnKey, message: string) => errors.push({ row: n, column: OFFICIAL_COLUMNS.find((c) => c.key === k)!.header, message });
    const yearText = cell("year");
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    if (year === null || year < 2012 || year > 2100) { bad("year", "Năm gồm 4 chữ số, từ 2012, ví dụ 2025."); continue; }
    const index = readIndex(cell("index"));
    if (!index) { bad("index", "Chỉ số phải là SIPAS, PAR INDEX (Chỉ số CCHC) hoặc PAPI."); continue; }
    const code = readCode(cell("code"));
    if (!code) { bad("code", "Mã là số hiệu lĩnh vực, tiêu chí (ví dụ 8.1.2) hoặc “Tổng” cho cả chỉ số."); continue; }
    let max = 100;
    let min = 0;
    let scoreText = "phần trăm từ 0 đến 100";
    if (index === "SIPAS") {
      if (code !== TOTAL_CODE && !SIPAS_SUB_INDICES.some((s) => s.code === code)) { bad("code", `SIPAS có 5 chỉ số thành phần ${SIPAS_SUB_INDICES.map((s) => s.code).join(", ")} và “Tổng”.`); continue; }
    } else if (index === "PAPI") {
      if (code !== TOTAL_CODE && !/^[1-8]$/.test(code)) { bad("code", "PAPI có 8 lĩnh vực, mã từ 1 đến 8, và “Tổng”."); continue; }
      [min, max] = code === TOTAL_CODE ? [8, 80] : [1, 10];
      scoreText = `số từ ${min} đến ${max}`;
    } else {
      const tree = parCodes(year);
      if (code !== TOTAL_CODE && tree && !tree.has(code)) { bad("code", `Cây Chỉ số CCHC năm ${year} không có lĩnh vực, tiêu chí ${code}.`); continue; }
      max = code === TOTAL_CODE ? 100 : tree?.get(code) ?? 100;
      scoreText = `số điểm từ 0 đến ${fmt(max)}`;
    }
    const score = readDecimal(cell("score"));
    if (score === null || score < min || score > max) { bad("score", `Điểm phải là ${scoreText} (dấu phẩy thập phân, tối đa 4 chữ số sau dấu phẩy), ví dụ ${index === "PAPI" ? "5,12" : "83,1"}.`); continue; }
    const rankOfText = cell("rankOf");
    const rankOf = rankOfText === "" ? 63 : /^\d{1,2}$/.test(rankOfText) ? Number(rankOfText) : NaN;
    if (!(rankOf >= 1 && rankOf <= 63)) { bad("rankOf", "Số tỉnh xếp hạng là số nguyên từ 1 đến 63 (để trống: 63)."); continue; }
    const rankText = cell("rank");
    const rank = rankText === "" ? null : /^\d{1,2}$/.test(rankText) ? Number(rankText) : NaN;
    if (rank !== null && !(rank >= 1 && rank <= rankOf)) { bad("rank", `Thứ hạng là số nguyên từ 1 đến ${rankOf}.`); continue; }
    const key = `${year}|${index}|${code}`;
    if (seen.has(key)) { bad("code", `Trùng với dòng ${seen.get(key)} (cùng năm, chỉ số và mã).`); continue; }
    seen.set(key, n);
    const name = cell("name").slice(0, 300) || null;
    const source = cell("source").slice(0, 200) || null;
    out.push({ row: n, year, index, code, name, score, rank, rankOf, source });
  }
  if (errors.length) return { ok: false, errors };
  if (out.length === 0) return { ok: false, errors: [{ row: 2, column: null, message: "Tệp không có dòng kết quả nào." }] };
  return { ok: true, rows: out };
}

/** The sets a file holds: one per year and index, in the order they appear. */
export function officialSets(rows: OfficialRow[]): Array<{ year: number; index: OfficialIndex; rows: OfficialRow[] }> {
  const out: Array<{ year: number; index: OfficialIndex; rows: OfficialRow[] }> = [];
  for (const r of rows) {
    const s = out.find((x) => x.year === r.year && x.index === r.index);
    if (s) s.rows.push(r);
    else out.push({ year: r.year, index: r.index, rows: [r] });
  }
  return out;
}

/** A SIPAS sub-index named either way ("8.1.2" or the survey's node "procedures") → its published code. */
export function sipasCode(code: string): string {
  return SIPAS_SUB_INDICES.find((s) => s.node === code)?.code ?? code;
}
