/**
 * A whole plan read from a spreadsheet in the seed documents' own shape (issue 16): a few header
 * lines "Tên kế hoạch | …", "Năm | 2027" …, then the task table with its Vietnamese column titles
 * (STT, Nhiệm vụ, optional Chỉ tiêu, Đơn vị chủ trì, Đơn vị thực hiện, optional Sản phẩm, optional
 * Thời gian). A roman STT (I, II…) opens a dimension, an arabic STT is a task, a row without STT is
 * a task of a plan that numbers none (seed 002) or, when it has only a name, a sub-dimension. Pure.
 */

interface PlanFileHeader {
  title: string;
  index: "PAPI" | "PAR" | "SIPAS";
  year: number;
  yearTo: number | null;
  docNumber: string | null;
  issuedBy: string | null;
}

interface PlanFileTask {
  row: number;
  dimension: string;
  sub: string | null;
  code: string;
  task: string;
  target: string | null;
  lead: string;
  implementers: string;
  deliverable: string | null;
  schedule: string;
}

export interface PlanFile {
  header: PlanFileHeader;
  dimensions: Array<{ code: string; name: string }>;
  tasks: PlanFileTask[];
}

interface PlanFileError {
  row: number;
  message: string;
}

type Col = "stt" | "task" | "target" | "lead" | "implementers" | "deliverable" | "schedule";

/** Column titles of the seeds, lower-cased, mapped to a column. */
const COLUMN_TITLES: Array<[RegExp, Col]> = [
  [/^(stt|số tt|số thứ tự)$/, "stt"],
  [/^(nhiệm vụ|nhiệm vụ trọng tâm|nội dung nhiệm vụ|nhiệm vụ, giải pháp)$/, "task"],
  [/^chỉ tiêu$/, "target"],
  [/^(đơn vị chủ trì|cơ quan chủ trì|đầu mối chủ trì thực hiện|chủ trì)$/, "lead"],
  [/^(đơn vị thực hiện|cơ quan phối hợp|đơn vị phối hợp|cơ quan thực hiện|phối hợp)$/, "implementers"],
  [/^(sản phẩm\/kết quả công việc|sản phẩm|kết quả thực hiện|sản phẩm\/kết quả)$/, "deliverable"],
  [/^(thời gian hoàn thành|thời gian thực hiện|thời gian)$/, "schedule"],
];

const HEADER_KEYS: Array<[RegExp, keyof PlanFileHeader]> = [
  [/^tên kế hoạch$/, "title"],
  [/^chỉ số$/, "index"],
  [/^năm$/, "year"],
  [/^đến năm$/, "yearTo"],
  [/^(số|số, ký hiệu|số văn bản)$/, "docNumber"],
  [/^(người ký|cơ quan ban hành)$/, "issuedBy"],
];

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };
const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
const key = (s: string) => norm(s).toLowerCase().replace(/[:.]$/, "");

/** Reads a plan file's rows (cells as text). All or nothing: any error and no plan is returned. */
export function readPlanFile(rows: string[][]): { ok: true; plan: PlanFile } | { ok: false; errors: PlanFileError[] } {
  const errors: PlanFileError[] = [];
  const header: Partial<Record<keyof PlanFileHeader, string>> = {};
  let i = 0;
  let cols: Partial<Record<Col, number>> | null = null;
  for (; i < rows.length; i++) {
    const cells = rows[i].map((c) => norm(c ?? ""));
    if (cells.every((c) => !c)) continue;
    const titles = cells.map((c) => COLUMN_TITLES.find(([re]) => re.test(key(c)))?.[1] ?? null);
    if (titles.includes("task")) {
      cols = {};
      titles.forEach((t, j) => { if (t && cols![t] === undefined) cols![t] = j; });
      i += 1;
      break;
    }
    const h = HEADER_KEYS.find(([re]) => re.test(key(cells[0])));
    if (h) header[h[1]] = cells.slice(1).find((c) => c) ?? "";
    else errors.push({ row: i + 1, message: `Không hiểu dòng đầu "${cells[0].slice(0, 40)}"; dùng: Tên kế hoạch, Chỉ số, Năm, Đến năm, Số, Người ký.` });
  }
  if (!cols) return { ok: false, errors: [...errors, { row: 1, message: "Không thấy dòng tiêu đề bảng nhiệm vụ (cần ít nhất cột “Nhiệm vụ” và “Đơn vị chủ trì”)." }] };
  if (cols.lead === undefined) errors.push({ row: i, message: "Thiếu cột “Đơn vị chủ trì” (hoặc “Cơ quan chủ trì”)." });

  const year = Number(header.year);
  const yearTo = header.yearTo ? Number(header.yearTo) : null;
  const index = (header.index ?? "").toUpperCase();
  if (!header.title) errors.push({ row: 1, message: "Thiếu dòng “Tên kế hoạch”." });
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.push({ row: 1, message: "Dòng “Năm” phải là năm, ví dụ 2027." });
  if (yearTo !== null && (!Number.isInteger(yearTo) || yearTo <= year || yearTo > year + 10)) errors.push({ row: 1, message: "Dòng “Đến năm” phải sau “Năm” và không quá 10 năm, ví dụ 2030." });
  if (!["PAPI", "PAR", "SIPAS"].includes(index)) errors.push({ row: 1, message: "Dòng “Chỉ số” phải là PAPI, PAR hoặc SIPAS." });

  const cell = (cells: string[], c: Col) => (cols![c] === undefined ? "" : norm(cells[cols![c]!] ?? ""));
  const dimensions: PlanFile["dimensions"] = [];
  const tasks: PlanFileTask[] = [];
  const seen = new Map<string, number>();
  let dim: string | null = null;
  let sub: string | null = null;
  let n = 0;
  let subN = 0;
  let arabicDims = false;
  for (; i < rows.length; i++) {
    const cells = rows[i].map((c) => c ?? "");
    const row = i + 1;
    if (cells.every((c) => !norm(c))) continue;
    const stt = cell(cells, "stt").replace(/\.$/, "");
    const text = cell(cells, "task");
    const rest = (["target", "lead", "implementers", "deliverable", "schedule"] as Col[]).some((c) => cell(cells, c));
    if (ROMAN[stt.toLowerCase()]) {
      dim = String(ROMAN[stt.toLowerCase()]);
      sub = null;
      n = 0;
      subN = 0;
      if (dimensions.some((d) => d.code === dim)) errors.push({ row, message: `Lĩnh vực ${stt} lặp lại.` });
      else dimensions.push({ code: dim, name: text.replace(/^Chỉ số:\s*/i, "") || `Lĩnh vực ${stt}` });
      continue;
    }
    const nameOnly = !rest && !!text && /^\d+$/.test(stt);
    if (nameOnly && /^\d+$/.test(stt) && (!dim || arabicDims)) {
      // seed 000's shape: "1 | Tham gia của người dân ở cấp cơ sở" opens a dimension, tasks are 1.1, 1.2…
      arabicDims = true;
      dim = stt;
      sub = null;
      n = 0;
      if (dimensions.some((d) => d.code === dim)) errors.push({ row, message: `Lĩnh vực ${stt} lặp lại.` });
      else dimensions.push({ code: dim, name: text });
      continue;
    }
    if (!dim) {
      errors.push({ row, message: "Dòng nhiệm vụ trước dòng lĩnh vực đầu tiên (STT bằng số La Mã I, II… hoặc số 1, 2…)." });
      continue;
    }
    if (nameOnly) {
      // a row with only a name under a dimension: a sub-dimension ("1 | Tri thức công dân")
      sub = text;
      subN += 1;
      n = 0;
      continue;
    }
    if (!text) {
      errors.push({ row, message: "Thiếu nội dung nhiệm vụ." });
      continue;
    }
    n += 1;
    const code = stt && /^[0-9A-Za-z.\-_]{1,20}$/.test(stt) ? (stt.includes(".") ? stt : `${dim}.${stt}`) : `${dim}.${sub ? `${subN}.` : ""}${n}`;
    if (stt && !/^[0-9A-Za-z.\-_]{1,20}$/.test(stt)) errors.push({ row, message: `STT "${stt.slice(0, 20)}" không dùng được; ghi số, ví dụ 1 hoặc 2.3.` });
    const before = seen.get(code);
    if (before) errors.push({ row, message: `Mã nhiệm vụ ${code} trùng với dòng ${before}.` });
    seen.set(code, row);
    if (text.length > 6000) errors.push({ row, message: "Nội dung nhiệm vụ dài quá 6.000 ký tự." });
    tasks.push({
      row, dimension: dim, sub, code, task: text, target: cell(cells, "target") || null, lead: cell(cells, "lead"), implementers: cell(cells, "implementers"),
      deliverable: cell(cells, "deliverable") || null, schedule: cell(cells, "schedule"),
    });
  }
  if (tasks.length === 0) errors.push({ row: rows.length || 1, message: "Tệp không có dòng nhiệm vụ nào." });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      header: { title: header.title!, index: index as PlanFileHeader["index"], year, yearTo, docNumber: header.docNumber || null, issuedBy: header.issuedBy || null },
      dimensions, tasks,
    },
  };
}
