import fs from "node:fs";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type ExcelJS from "exceljs";
import { excel } from "../../platform/libraries.server";
import { detectDelimiter, detectFileEncoding, detectTextEncoding, ENCODING_MESSAGES, tcvn3ToUnicode, utcWallClock } from "../../domain/paper-files";
import { audit } from "../../platform/auth.server";
import { setExcludedIn } from "./exclusion.server";
import { InputError } from "../../platform/errors";
import { type Db, type Tx, inWriteTransaction } from "../../platform/db.server";
import {
  FIXED_COLUMNS,
  IMPORT_MESSAGES,
  IMPORT_QUESTIONNAIRE,
  importRowSchema,
  issueColumn,
  REQUIRED_COLUMNS,
  type FixedColumn,
  type ImportRow,
  type RawImportRow,
} from "../../schemas/import";
import { localDay } from "../../domain/periods";
import { currentVersion, loadIndex } from "./questionnaires.server";
import { questionIdMap } from "./answers.server";
import { insertResponses, RollupBatch, type NewResponse } from "./response-store.server";
import type { ImportError } from "../../platform/csv.server";

interface PointCount {
  servicePoint: string;
  name: string;
  imported: number;
  alreadyPresent: number;
}

export type ImportResult =
  | {
      ok: true;
      /** Data rows read (blank rows are not counted). */
      rows: number;
      imported: number;
      alreadyPresent: number;
      perPoint: PointCount[];
      ms: number;
      /** The upload's batch (none from the command line). */
      batchId?: number | null;
      /** The same file was imported before: nothing was read or stored. */
      duplicateOf?: { batchId: number; at: string; fileName: string } | null;
    }
  | { ok: false; rows: number; errors: ImportError[]; ms: number };

interface ImportProgress {
  phase: "check" | "store";
  /** Rows checked (phase check) or rows stored or skipped (phase store) so far. */
  done: number;
  /** Rows in the file, when known (phase store). */
  total: number | null;
}

interface ImportOptions {
  now?: Date;
  /** Rows per insert batch inside the single transaction. */
  batchSize?: number;
  /** Called about every `progressEvery` rows of each phase. */
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
  /** Questionnaire code (default "sipas"): its current published version is used. */
  questionnaire?: string;
  /** Service point codes the user may import for (desk officers); absent: all. */
  allowedPoints?: ReadonlySet<string>;
  /** Files with at most this many rows are kept in memory between the check and the store passes; larger ones are read twice. */
  memoryRows?: number;
}

/** Where the CSV comes from: a file path, or anything that can be opened more than once. */
type CsvSource = string | { open: () => Readable };

/** A CSV held in memory (tests, uploads). */
export function csvText(text: string | Buffer): { open: () => Readable } {
  return { open: () => Readable.from([typeof text === "string" ? Buffer.from(text, "utf8") : text]) };
}

function openSource(source: CsvSource): Readable {
  return typeof source === "string" ? fs.createReadStream(source) : source.open();
}

/** The system cannot run the import (no questionnaire, unreadable database…): not a problem of the file. */
export class ImportSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportSetupError";
  }
}

interface Header {
  /** column name → cell index */
  fixed: Partial<Record<FixedColumn, number>>;
  questions: Array<{ code: string; index: number }>;
  width: number;
  errors: ImportError[];
  /** Rows cannot be read when a required column is missing. */
  usable: boolean;
  /** The product's own responses export (xuat-du-lieu): respondents are numbered by its "STT" column. */
  stt: number | null;
}

/** Vietnamese column names (the template's question-text row, the responses export) for the fixed columns. */
const HEADER_ALIASES: Record<string, FixedColumn> = {
  "mã người trả lời": "respondent_id",
  "mã phiếu": "respondent_id",
  "mã điểm phục vụ": "service_point",
  "ngày": "submitted_at",
  "ngày nộp phiếu": "submitted_at",
  "ngày khảo sát": "submitted_at",
  "lĩnh vực": "procedure_field",
  "mã lĩnh vực": "procedure_field",
  // The machine variant of the responses export ("mã máy").
  "service_point_code": "service_point",
  "local_day": "submitted_at",
};
/** Columns of the responses export that the import does not need (it recomputes them). */
const EXPORT_ONLY = new Set([
  "điểm phục vụ", "mã đơn vị", "kênh", "phiếu khảo sát", "mã hồ sơ (đã băm)", "có ý kiến thêm",
  "unit_code", "channel", "questionnaire_version", "dossier_hash", "has_comment",
]);

/** Vietnamese names of the fixed columns, for messages. */
export const FIXED_COLUMN_LABELS: Record<FixedColumn, string> = {
  respondent_id: "Mã người trả lời",
  service_point: "Mã điểm phục vụ",
  submitted_at: "Ngày nộp phiếu",
  procedure_field: "Lĩnh vực thủ tục",
};

const headerName = (cell: string) => cell.replace(/^\uFEFF/, "").normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

function fixedName(name: string): FixedColumn | null {
  if ((FIXED_COLUMNS as readonly string[]).includes(name)) return name as FixedColumn;
  return HEADER_ALIASES[name] ?? null;
}

/** Whether a first row names the columns (rather than being the template's row of question texts). */
function isCodeRow(cells: string[], questionCodes: Set<string>): boolean {
  return cells.some((c) => {
    const n = headerName(c);
    return (FIXED_COLUMNS as readonly string[]).includes(n) || questionCodes.has(n) || n === "stt";
  });
}

function readHeader(cells: string[], questionCodes: Set<string>, row: number, knownCodes: Set<string>): Header {
  const errors: ImportError[] = [];
  const fixed: Header["fixed"] = {};
  const questions: Header["questions"] = [];
  const seen = new Set<string>();
  const names = cells.map(headerName);
  const isExport = (names.includes("stt") && names.includes("phiếu khảo sát")) || (names.includes("row") && names.includes("questionnaire_version"));
  let stt: number | null = null;
  names.forEach((name, index) => {
    const cell = cells[index];
    if (name === "") {
      errors.push({ row, column: null, message: IMPORT_MESSAGES.emptyColumn });
      return;
    }
    if (seen.has(name)) {
      errors.push({ row, column: name, message: IMPORT_MESSAGES.duplicateColumn(name) });
      return;
    }
    seen.add(name);
    const f = fixedName(name);
    if (f) fixed[f] = index;
    else if (questionCodes.has(name)) questions.push({ code: name, index });
    else if (isExport && (name === "stt" || name === "row")) stt = index;
    else if (isExport && (EXPORT_ONLY.has(name) || knownCodes.has(name))) return; // other questionnaires' columns of the export
    else errors.push({ row, column: cell.trim().slice(0, 80), message: IMPORT_MESSAGES.unknownColumn(cell.trim().slice(0, 80)) });
  });
  let usable = true;
  for (const c of REQUIRED_COLUMNS) {
    if (fixed[c] === undefined && !(c === "respondent_id" && stt !== null)) {
      errors.push({ row, column: c, message: IMPORT_MESSAGES.missingColumn(c) });
      usable = false;
    }
  }
  if (questions.length === 0) {
    errors.push({ row, column: null, message: IMPORT_MESSAGES.noQuestions });
    usable = false;
  }
  return { fixed, questions, width: cells.length, errors, usable, stt };
}

/** A file the reader refuses as a whole (legacy encoding, not a spreadsheet…): one error, nothing read. */
class FileRefused extends Error {}

const SNIFF_BYTES = 64 * 1024;

async function sniff(source: CsvSource): Promise<{ sample: Buffer; complete: boolean }> {
  const input = openSource(source);
  const chunks: Buffer[] = [];
  let n = 0;
  let complete = true;
  try {
    for await (const c of input) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
      chunks.push(b);
      n += b.length;
      if (n >= SNIFF_BYTES) {
        complete = false;
        break;
      }
    }
  } finally {
    input.destroy();
  }
  return { sample: Buffer.concat(chunks).subarray(0, SNIFF_BYTES), complete };
}

type RawRecord = { row: number; record: string[] };

/** The rows of a CSV, delimiter detected from the header, bytes read as UTF-8 or Latin-1. */
async function* csvRecords(source: CsvSource, sample: Buffer, complete: boolean): AsyncGenerator<RawRecord> {
  const enc = detectFileEncoding(sample, complete);
  const firstLine = sample.subarray(enc.bom ? 3 : 0).toString(enc.bytes).split(/\r?\n/, 1)[0] ?? "";
  const delimiter = detectDelimiter(firstLine);
  const input = openSource(source);
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, delimiter, encoding: enc.bytes });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let lastRow = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
      // Spreadsheet row: records so far (header included) plus blank lines skipped before it.
      lastRow = info.records + info.empty_lines;
      yield { row: lastRow, record };
    }
  } catch (e) {
    const err = e as { code?: string; message?: string; lines?: number };
    if (typeof err.code === "string" && err.code.startsWith("CSV_")) throw new CsvBroken(err.lines ?? lastRow + 1, err.message ?? err.code);
    throw e;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

class CsvBroken extends Error {
  constructor(public row: number, detail: string) {
    super(detail);
  }
}

/** A cell of an XLSX sheet as the text the office typed; dates as local wall clock. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return utcWallClock(v);
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join("");
    if ("result" in o) return cellText(o.result as ExcelJS.CellValue);
    if (typeof o.text === "string") return o.text;
    if ("error" in o) return String(o.error);
    return "";
  }
  return String(v);
}

/** The rows of the first sheet of an XLSX, streamed (exceljs WorkbookReader). */
async function* xlsxRecords(source: CsvSource): AsyncGenerator<RawRecord> {
  const input = openSource(source);
  const reader = new (await excel()).stream.xlsx.WorkbookReader(input, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" } as never);
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = (r.values as ExcelJS.CellValue[]) ?? [];
        const record: string[] = [];
        for (let i = 1; i < values.length; i++) record.push(cellText(values[i]));
        while (record.length && record[record.length - 1] === "") record.pop();
        if (record.length === 0) continue;
        yield { row: r.number, record };
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof FileRefused) throw e;
    throw new FileRefused(IMPORT_FILE_MESSAGES.xlsxUnreadable);
  } finally {
    input.destroy();
  }
}

const IMPORT_FILE_MESSAGES = {
  xlsxUnreadable: "Không đọc được tệp Excel. Hãy mở tệp bằng Excel và lưu lại dạng “Excel Workbook (.xlsx)” hoặc “CSV UTF-8”.",
  notUtf8: "Tệp không ở dạng Unicode (UTF-8). Trong Excel hãy chọn Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)” hoặc “Excel Workbook (.xlsx)”, rồi tải lên lại.",
  vni: ENCODING_MESSAGES.vni,
} as const;

/** Records to look at before the encoding of the text is decided. */
const DETECT_RECORDS = 200;

/**
 * The records of a CSV or XLSX file with text converted to Unicode: TCVN3 is converted, VNI (and
 * Latin-1 bytes that are neither) refused, so that nothing is stored as mojibake.
 */
async function* fileRecords(source: CsvSource): AsyncGenerator<RawRecord> {
  const { sample, complete } = await sniff(source);
  const xlsx = sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
  const latin1 = !xlsx && detectFileEncoding(sample, complete).bytes === "latin1";
  const inner = xlsx ? xlsxRecords(source) : csvRecords(source, sample, complete);
  const head: RawRecord[] = [];
  let convert: ((s: string) => string) | null = null;
  let decided = false;
  const decide = () => {
    decided = true;
    const text = head.map((r) => r.record.join(" ")).join("\n");
    const enc = detectTextEncoding(text);
    if (enc === "vni") throw new FileRefused(IMPORT_FILE_MESSAGES.vni);
    if (enc === "tcvn3") convert = tcvn3ToUnicode;
    // Latin-1 bytes that are not TCVN3: a legacy Windows code page; refuse rather than guess.
    else if (latin1 && /[\u0080-\u00ff]/.test(text)) throw new FileRefused(IMPORT_FILE_MESSAGES.notUtf8);
  };
  const out = (r: RawRecord): RawRecord => (convert ? { row: r.row, record: r.record.map(convert) } : r);
  try {
    for await (const r of inner) {
      if (!decided) {
        head.push(r);
        if (head.length < DETECT_RECORDS) continue;
        decide();
        for (const h of head) yield out(h);
        continue;
      }
      yield out(r);
    }
    if (!decided) {
      decide();
      for (const h of head) yield out(h);
    }
  } finally {
    await inner.return(undefined);
  }
}

/** Example rows of the template carry this mark in their first column; they are not read. */
export const EXAMPLE_MARK = "VÍ DỤ";
// Only a cell that starts with a V is normalised: most cells are answers (1–5), and normalising
// every cell of every row was a tenth of the check of a large file.
const isExampleRow = (record: string[]) => record.some((c) => /^\s*v/i.test(c) && c.normalize("NFC").trim().toUpperCase().startsWith(EXAMPLE_MARK));

/** identity: service point and respondent id as typed (trimmed), for the duplicate check. */
type RowOutcome = { row: number; identity: string | null; point: string; month: string | null } & ({ value: ImportRow } | { errors: ImportError[] });

/**
 * Streams the file: the header, then one outcome per non-blank data row (its spreadsheet row number
 * and either the validated row or its errors). An unreadable file ends the stream with an error outcome.
 */
async function* readRows(
  source: CsvSource,
  questionCodes: Set<string>,
  ctx: Omit<Parameters<typeof importRowSchema>[0], "questionCodes">,
  onHeader: (h: Header) => void,
  knownCodes: Set<string> = questionCodes,
): AsyncGenerator<RowOutcome> {
  let header: Header | null = null;
  let schema: ReturnType<typeof importRowSchema> | null = null;
  let first = true;
  const refuse = (row: number, message: string): RowOutcome => ({ row, identity: null, point: "", month: null, errors: [{ row, column: null, message }] });
  try {
    for await (const { row, record } of fileRecords(source)) {
      if (!header) {
        if (record.every((c) => c.trim() === "")) continue;
        // The template's first row holds the question texts; the codes follow on the next row.
        if (first && !isCodeRow(record, questionCodes)) {
          first = false;
          continue;
        }
        first = false;
        header = readHeader(record, questionCodes, row, knownCodes);
        onHeader(header);
        if (!header.usable) return;
        schema = importRowSchema({ ...ctx, questionCodes: header.questions.map((q) => q.code) });
        continue;
      }
      if (record.every((c) => c.trim() === "")) continue; // a spreadsheet's empty row: ",,,,"
      if (isExampleRow(record)) continue;
      const errors: ImportError[] = [];
      if (record.length > header.width && record.slice(header.width).some((c) => c.trim() !== "")) {
        errors.push({ row, column: null, message: IMPORT_MESSAGES.fieldCount(record.length, header.width) });
      }
      const raw: RawImportRow = { answers: {} };
      for (const [name, index] of Object.entries(header.fixed)) raw[name as FixedColumn] = record[index] ?? "";
      if (header.stt !== null && header.fixed.respondent_id === undefined) raw.respondent_id = record[header.stt] ? `STT-${record[header.stt].trim()}` : "";
      for (const q of header.questions) raw.answers[q.code] = record[q.index] ?? "";
      const parsed = schema!.safeParse(raw);
      if (!parsed.success) {
        const perColumn = new Set<string>();
        for (const issue of parsed.error.issues) {
          const column = issueColumn(issue.path);
          const key = column ?? "";
          if (perColumn.has(key)) continue;
          perColumn.add(key);
          errors.push({ row, column, message: issue.message });
        }
      }
      const point = raw.service_point?.trim() ?? "";
      const respondent = raw.respondent_id?.trim() ?? "";
      const identity = point && respondent ? `${point}\u0000${respondent}` : null;
      if (errors.length) yield { row, identity, point, month: null, errors };
      else yield { row, identity, point, month: localMonth(parsed.data!.submitted_at), value: parsed.data! };
    }
    if (!header) onHeader({ fixed: {}, questions: [], width: 0, errors: [{ row: 1, column: null, message: IMPORT_MESSAGES.emptyFile }], usable: false, stt: null });
  } catch (e) {
    if (e instanceof FileRefused) {
      if (!header) onHeader({ fixed: {}, questions: [], width: 0, errors: [{ row: 1, column: null, message: e.message }], usable: false, stt: null });
      else yield refuse(1, e.message);
      return;
    }
    if (e instanceof CsvBroken) {
      yield refuse(e.row, IMPORT_MESSAGES.unreadable(e.message));
      return;
    }
    throw e;
  }
}

const localMonth = (iso: string) => localDay(iso).slice(0, 7);


function paperIdempotencyKey(servicePoint: string, respondentId: string): string {
  return `paper:${servicePoint}:${respondentId}`;
}

/** The questionnaires whose current version takes paper forms, for the upload page's choice. */
export async function paperVersions(db: Db): Promise<Array<{ code: string; name: string; version: number; versionId: number }>> {
  const qs = await db.selectFrom("questionnaire").select(["code"]).orderBy("id").execute();
  const out: Array<{ code: string; name: string; version: number; versionId: number }> = [];
  for (const q of qs) {
    const v = await currentVersion(db, q.code);
    if (v && v.channels.includes("paper")) out.push({ code: v.code, name: v.name, version: v.version, versionId: v.id });
  }
  return out;
}

interface PointMonthCount {
  servicePoint: string;
  name: string;
  /** yyyy-mm, Vietnam time */
  month: string;
  respondents: number;
}

export interface CheckResult {
  ok: boolean;
  rows: number;
  errors: ImportError[];
  /** Respondents per service point and month (valid rows only). */
  perPointMonth: PointMonthCount[];
  /** Column code → what the office reads: the question's text, or the fixed column's name. */
  columnLabels: Record<string, string>;
  version: { id: number; code: string; name: string; version: number };
  /** Respondents of the file already stored (they will be skipped). */
  alreadyPresent: number;
  /** The same file (by SHA-256) was imported before and not withdrawn. */
  alreadyImported: { batchId: number; at: string; fileName: string } | null;
  ms: number;
}

interface BatchInfo {
  fileName: string;
  sha256: string;
  userId: number | null;
}

interface Setup {
  version: NonNullable<Awaited<ReturnType<typeof currentVersion>>>;
  pointByCode: Map<string, { id: number; code: string; name: string }>;
  questionCodes: Set<string>;
  knownCodes: Set<string>;
  ctx: Omit<Parameters<typeof importRowSchema>[0], "questionCodes">;
}

async function setup(db: Db, opts: ImportOptions): Promise<Setup> {
  const code = opts.questionnaire ?? IMPORT_QUESTIONNAIRE;
  const version = await currentVersion(db, code);
  if (!version) throw new ImportSetupError(`Cơ sở dữ liệu chưa có bảng hỏi "${code}" đang phát hành. Hãy nạp danh mục trước: khởi động máy chủ một lần, hoặc chạy npx tsx scripts/setup-db.ts.`);
  if (!version.channels.includes("paper")) throw new ImportSetupError(`Bảng hỏi "${code}" không dùng cho kênh phiếu giấy (paper).`);
  const points = await db.selectFrom("service_point").select(["id", "code", "name", "valid_from", "valid_to"]).where("active", "=", 1).execute();
  // The days each desk was in service: a form dated outside them is refused (docs/decisions/0012).
  const pointService = new Map(points.map((p) => [p.code, { from: p.valid_from, to: p.valid_to }]));
  const pointByCode = new Map(points.map((p) => [p.code, p]));
  const fields = await db.selectFrom("procedure_field").select("code").execute();
  const all = await db.selectFrom("question").select("code").distinct().execute();
  const questionCodes = new Set(version.questions.map((q) => q.code));
  const ctx = { servicePoints: new Set(pointByCode.keys()), allowedPoints: opts.allowedPoints, procedureFields: new Set(fields.map((f) => f.code)), now: opts.now ?? new Date(), pointService };
  return { version, pointByCode, questionCodes, knownCodes: new Set(all.map((q) => q.code)), ctx };
}

async function findBatch(db: Db, versionId: number, sha256: string | undefined) {
  if (!sha256) return null;
  const b = await db.selectFrom("import_batch").select(["id", "created_at", "file_name"])
    .where("sha256", "=", sha256).where("version_id", "=", versionId).where("withdrawn_at", "is", null)
    .orderBy("id").executeTakeFirst();
  return b ? { batchId: b.id, at: b.created_at, fileName: b.file_name } : null;
}

/**
 * Pass 1 of an import: reads and checks every row (the one place where a row is validated: the
 * schema of app/schemas/import.ts with the context built here). Returns every error, the
 * respondents per point and month, and the valid rows while they fit in memory.
 */
async function checkRows(s: Setup, source: CsvSource, opts: ImportOptions) {
  const every = opts.progressEvery ?? 5000;
  const memoryRows = opts.memoryRows ?? 50_000;
  const errors: ImportError[] = [];
  const firstRowOf = new Map<string, number>();
  const perPointMonth = new Map<string, number>();
  let rows = 0;
  let kept: Array<{ row: number; value: ImportRow }> | null = [];
  for await (const outcome of readRows(source, s.questionCodes, s.ctx, (h) => errors.push(...h.errors), s.knownCodes)) {
    rows += 1;
    if ("errors" in outcome) errors.push(...outcome.errors);
    else {
      const k = `${outcome.point}\u0000${outcome.month}`;
      perPointMonth.set(k, (perPointMonth.get(k) ?? 0) + 1);
      if (kept) {
        kept.push({ row: outcome.row, value: outcome.value });
        if (kept.length > memoryRows) kept = null;
      }
    }
    if (outcome.identity !== null) {
      const first = firstRowOf.get(outcome.identity);
      if (first !== undefined) errors.push({ row: outcome.row, column: "respondent_id", message: IMPORT_MESSAGES.duplicate(first) });
      else firstRowOf.set(outcome.identity, outcome.row);
    }
    if (rows % every === 0) opts.onProgress?.({ phase: "check", done: rows, total: null });
  }
  // A file refused as a whole (encoding) has no rows; say only that.
  if (errors.length === 0 && rows === 0) errors.push({ row: 2, column: null, message: IMPORT_MESSAGES.noRows });
  errors.sort((a, b) => a.row - b.row);
  const counts: PointMonthCount[] = [...perPointMonth.entries()].map(([k, respondents]) => {
    const [code, month] = k.split("\u0000");
    return { servicePoint: code, name: s.pointByCode.get(code)?.name ?? code, month, respondents };
  }).sort((a, b) => a.servicePoint.localeCompare(b.servicePoint) || a.month.localeCompare(b.month));
  return { errors, rows, kept, perPointMonth: counts, identities: firstRowOf };
}

/** How many of the file's respondents (service point and respondent id) are stored already. */
async function countPresent(db: Db, s: Setup, identities: Map<string, number>): Promise<number> {
  const byPoint = new Map<number, string[]>();
  for (const key of identities.keys()) {
    const [code, respondent] = key.split("\u0000");
    const point = s.pointByCode.get(code);
    if (!point) continue;
    const list = byPoint.get(point.id);
    if (list) list.push(respondent);
    else byPoint.set(point.id, [respondent]);
  }
  let present = 0;
  for (const [pointId, ids] of byPoint) {
    for (let i = 0; i < ids.length; i += 500) {
      const r = await db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("c"))
        .where("service_point_id", "=", pointId).where("respondent_key", "in", ids.slice(i, i + 500)).executeTakeFirstOrThrow();
      present += Number(r.c);
    }
  }
  return present;
}

function columnLabels(s: Setup): Record<string, string> {
  const out: Record<string, string> = { ...FIXED_COLUMN_LABELS };
  for (const q of s.version.questions) out[q.code] = q.text;
  return out;
}

/** Use case (upload page, step 1): checks a file and shows what would be stored. Stores nothing. */
export async function checkPaperFile(db: Db, source: CsvSource, opts: ImportOptions & { sha256?: string } = {}): Promise<CheckResult> {
  const t0 = Date.now();
  const s = await setup(db, opts);
  const { errors, rows, perPointMonth, identities } = await checkRows(s, source, { ...opts, memoryRows: 0 });
  return {
    alreadyPresent: errors.length === 0 ? await countPresent(db, s, identities) : 0,
    ok: errors.length === 0,
    rows,
    errors,
    perPointMonth,
    columnLabels: columnLabels(s),
    version: { id: s.version.id, code: s.version.code, name: s.version.name, version: s.version.version },
    alreadyImported: await findBatch(db, s.version.id, opts.sha256),
    ms: Date.now() - t0,
  };
}

/**
 * Use case: imports paper forms of a questionnaire (default "sipas") from a CSV or XLSX file. The
 * whole file is checked first; if any row is wrong, every error is returned and nothing is stored.
 * Otherwise every row is stored as channel "paper" in one transaction, with its import batch when
 * `batch` is given (the upload page); rows imported before (same service point and respondent id)
 * are skipped and counted as already present, and a file imported before (same SHA-256, batch not
 * withdrawn) is not read again.
 */
export async function importPaperFile(db: Db, source: CsvSource, opts: ImportOptions & { batch?: BatchInfo } = {}): Promise<ImportResult> {
  const t0 = Date.now();
  const batchSize = opts.batchSize ?? 1000;
  const every = opts.progressEvery ?? 5000;
  const s = await setup(db, opts);
  const { version, pointByCode, questionCodes, ctx } = s;

  if (opts.batch) {
    const before = await findBatch(db, version.id, opts.batch.sha256);
    if (before) return { ok: true, rows: 0, imported: 0, alreadyPresent: 0, perPoint: [], ms: Date.now() - t0, batchId: null, duplicateOf: before };
  }

  // Pass 1: check everything.
  const { errors, rows, kept } = await checkRows(s, source, opts);
  if (errors.length > 0) return { ok: false, rows, errors, ms: Date.now() - t0 };

  // Pass 2: store, in one transaction, batch by batch.
  const { tree } = await loadIndex(db, version.indexCode);
  const qids = questionIdMap(version);
  const counts = new Map<string, { imported: number; alreadyPresent: number }>();
  const bump = (code: string, k: "imported" | "alreadyPresent") => {
    const c = counts.get(code) ?? { imported: 0, alreadyPresent: 0 };
    c[k] += 1;
    counts.set(code, c);
  };
  const secondPass = async function* (): AsyncGenerator<{ row: number; value: ImportRow }> {
    if (kept) {
      yield* kept;
      return;
    }
    for await (const o of readRows(source, questionCodes, ctx, () => undefined, s.knownCodes)) {
      // The file changed between the passes: give up rather than store half of it.
      if ("errors" in o) throw new ImportSetupError(`Tệp đã thay đổi trong lúc nhập (dòng ${o.row}); không có phiếu nào được lưu.`);
      yield { row: o.row, value: o.value };
    }
  };

  // Rollup increments of the whole file, summed in memory and written once before the commit.
  const rollups = new RollupBatch();
  let batchId: number | null = null;
  const flush = async (trx: Tx, batch: ImportRow[]) => {
    if (batch.length === 0) return;
    const keys = batch.map((r) => paperIdempotencyKey(r.service_point, r.respondent_id));
    const present = new Set<string>();
    const byKey = await trx.selectFrom("response").select("idempotency_key").where("idempotency_key", "in", keys).execute();
    for (const r of byKey) present.add(r.idempotency_key);
    // The same respondent at the same point stored under another key also counts as present
    // (one query per point, on the unique index (service_point_id, respondent_key)).
    const idsByPoint = new Map<string, string[]>();
    for (const r of batch) {
      const ids = idsByPoint.get(r.service_point);
      if (ids) ids.push(r.respondent_id);
      else idsByPoint.set(r.service_point, [r.respondent_id]);
    }
    for (const [code, ids] of idsByPoint) {
      const rows = await trx
        .selectFrom("response")
        .select("respondent_key")
        .where("service_point_id", "=", pointByCode.get(code)!.id)
        .where("respondent_key", "in", ids)
        .execute();
      for (const r of rows) if (r.respondent_key !== null) present.add(paperIdempotencyKey(code, r.respondent_key));
    }
    const items: NewResponse[] = [];
    batch.forEach((r, i) => {
      if (present.has(keys[i])) {
        bump(r.service_point, "alreadyPresent");
        return;
      }
      present.add(keys[i]);
      bump(r.service_point, "imported");
      items.push({
        versionId: version.id,
        servicePointId: pointByCode.get(r.service_point)!.id,
        channel: "paper",
        procedureField: r.procedure_field,
        dossierCode: null,
        respondentKey: r.respondent_id,
        submittedAt: r.submitted_at,
        idempotencyKey: keys[i],
        comment: null,
        answers: r.answers,
      });
    });
    if (!items.length) return;
    const ids = await insertResponses(trx, tree, qids, items, rollups);
    if (batchId !== null) await trx.updateTable("response").set({ import_batch_id: batchId }).where("id", "in", ids).execute();
  };

  await inWriteTransaction(db, async (trx) => {
    if (opts.batch) {
      const b = await trx.insertInto("import_batch").values({
        version_id: version.id, file_name: opts.batch.fileName.slice(0, 200), sha256: opts.batch.sha256, rows, imported: 0, already_present: 0,
        created_by: opts.batch.userId, created_at: (opts.now ?? new Date()).toISOString(),
      }).returning("id").executeTakeFirstOrThrow();
      batchId = Number(b.id);
    }
    let batch: ImportRow[] = [];
    let done = 0;
    for await (const { value } of secondPass()) {
      batch.push(value);
      if (batch.length >= batchSize) {
        await flush(trx, batch);
        batch = [];
      }
      done += 1;
      if (done % every === 0) opts.onProgress?.({ phase: "store", done, total: rows });
    }
    await flush(trx, batch);
    await rollups.apply(trx);
    if (batchId !== null) {
      let imported = 0;
      let alreadyPresent = 0;
      for (const c of counts.values()) {
        imported += c.imported;
        alreadyPresent += c.alreadyPresent;
      }
      await trx.updateTable("import_batch").set({ imported, already_present: alreadyPresent }).where("id", "=", batchId).execute();
      await audit(trx, {
        userId: opts.batch!.userId, action: "import.paper", entity: "import_batch", entityId: batchId,
        before: null, after: { fileName: opts.batch!.fileName, sha256: opts.batch!.sha256, version: `${version.code} v${version.version}`, rows, imported, alreadyPresent },
      });
    }
  });

  const perPoint: PointCount[] = [...counts.entries()]
    .map(([code, c]) => ({ servicePoint: code, name: pointByCode.get(code)!.name, ...c }))
    .sort((a, b) => a.servicePoint.localeCompare(b.servicePoint));
  return {
    ok: true,
    rows,
    imported: perPoint.reduce((a, p) => a + p.imported, 0),
    alreadyPresent: perPoint.reduce((a, p) => a + p.alreadyPresent, 0),
    perPoint,
    ms: Date.now() - t0,
    batchId,
    duplicateOf: null,
  };
}

/** The command line's name for the same use case (it reads XLSX too). */
export const importPaperCsv = importPaperFile;

interface BatchRow {
  id: number;
  fileName: string;
  sha256: string;
  version: string;
  rows: number;
  imported: number;
  alreadyPresent: number;
  createdAt: string;
  createdBy: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
  /** Whether the viewer may withdraw it (coordinator, or the desk officer who imported it). */
  mine: boolean;
}

/** The batches a user sees: all for the coordinator, their own for a desk officer. Newest first. */
export async function listBatches(db: Db, opts: { userId: number; all: boolean; limit?: number }): Promise<BatchRow[]> {
  let q = db.selectFrom("import_batch as b")
    .innerJoin("questionnaire_version as v", "v.id", "b.version_id")
    .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .leftJoin("app_user as u", "u.id", "b.created_by")
    .leftJoin("app_user as w", "w.id", "b.withdrawn_by")
    .select(["b.id", "b.file_name", "b.sha256", "b.rows", "b.imported", "b.already_present", "b.created_at", "b.created_by", "b.withdrawn_at", "b.withdraw_reason",
      "q.name as qname", "v.version", "u.display_name as by_name", "w.display_name as w_name"]);
  if (!opts.all) q = q.where("b.created_by", "=", opts.userId);
  const rows = await q.orderBy("b.id", "desc").limit(opts.limit ?? 50).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, sha256: r.sha256, version: `${r.qname}, phiên bản ${r.version}`, rows: r.rows, imported: r.imported, alreadyPresent: r.already_present,
    createdAt: r.created_at, createdBy: r.by_name, withdrawnAt: r.withdrawn_at, withdrawnBy: r.w_name, withdrawReason: r.withdraw_reason,
    mine: opts.all || r.created_by === opts.userId,
  }));
}

/**
 * Use case: withdraws an import batch as a whole. Each of its responses is excluded (audited, its
 * contribution moved out of the rollups) and the batch marked withdrawn, in one transaction.
 * Nothing is deleted. Idempotent: a withdrawn batch stays as it is.
 */
export async function withdrawBatch(db: Db, batchId: number, reason: string, actor: { userId: number; all: boolean }, now = new Date()): Promise<{ excluded: number; changed: boolean }> {
  const why = reason.trim();
  if (!why) throw new InputError("invalid_input", "Cần nêu lý do rút lô phiếu.", { reason: "Vui lòng nhập lý do rút lô phiếu (ví dụ: nhập nhầm tệp)." }, 422);
  return inWriteTransaction(db, async (trx) => {
    const b = await trx.selectFrom("import_batch").select(["id", "created_by", "withdrawn_at", "file_name"]).where("id", "=", batchId).executeTakeFirst();
    if (!b || (!actor.all && b.created_by !== actor.userId)) throw new InputError("not_found", "Không tìm thấy lô phiếu.", { batch: "Không có lô phiếu này, hoặc anh/chị không được rút lô này." }, 404);
    if (b.withdrawn_at) return { excluded: 0, changed: false };
    const ids = await trx.selectFrom("response").select("id").where("import_batch_id", "=", batchId).where("excluded", "=", 0).orderBy("id").execute();
    let excluded = 0;
    for (const r of ids) if ((await setExcludedIn(trx, r.id, true, `Rút lô phiếu giấy số ${batchId}: ${why}`, actor.userId)).changed) excluded += 1;
    await trx.updateTable("import_batch").set({ withdrawn_at: now.toISOString(), withdrawn_by: actor.userId, withdraw_reason: why.slice(0, 500) }).where("id", "=", batchId).execute();
    await audit(trx, { userId: actor.userId, action: "import.withdraw", entity: "import_batch", entityId: batchId, before: { withdrawn: false }, after: { withdrawn: true, reason: why, excluded, fileName: b.file_name } });
    return { excluded, changed: true };
  });
}
