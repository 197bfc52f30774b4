import { outOfService } from "../domain/lineage";
import { localDay, fromVietnamLocal } from "../domain/periods";
import { z } from "zod";
import type { AnswerValue } from "../domain/index-tree";
import { excelSerialToLocal, readAnswer, vietnameseDateToLocal } from "../domain/paper-files";

/**
 * Paper forms typed into a spreadsheet and imported as CSV (scripts/import-csv.ts).
 * Header: respondent_id,service_point,submitted_at,procedure_field,<question codes of "sipas"…>
 */
export const IMPORT_QUESTIONNAIRE = "sipas";
export const FIXED_COLUMNS = ["respondent_id", "service_point", "submitted_at", "procedure_field"] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];
/** procedure_field may be left out of the header; the other fixed columns may not. */
export const REQUIRED_COLUMNS: readonly FixedColumn[] = ["respondent_id", "service_point", "submitted_at"];
const MAX_RESPONDENT_ID = 64;
/** Responses before this instant are refused, as by the API. */
const EARLIEST_SUBMISSION = Date.UTC(2015, 0, 1);

export const IMPORT_MESSAGES = {
  answer: "Câu trả lời phải là số 1–5, một mức của thang đo (“Rất không hài lòng”, “Không hài lòng”, “Bình thường”, “Hài lòng”, “Rất hài lòng”), hoặc để trống / KAD nếu không áp dụng.",
  respondentMissing: "Thiếu mã người trả lời (respondent_id).",
  respondentTooLong: `Mã người trả lời dài tối đa ${MAX_RESPONDENT_ID} ký tự.`,
  respondentControl: "Mã người trả lời có ký tự không hợp lệ (ký tự điều khiển).",
  pointMissing: "Thiếu mã điểm phục vụ (service_point).",
  pointUnknown: (code: string) => `Không có điểm phục vụ đang hoạt động với mã "${code}".`,
  pointNotAllowed: (code: string) => `Anh/chị không được giao nhập phiếu cho điểm phục vụ "${code}"; hãy xoá dòng này hoặc chuyển cho cán bộ của điểm đó.`,
  dateMissing: "Thiếu ngày nộp phiếu (submitted_at).",
  dateFormat: "Ngày phải có dạng dd/mm/yyyy hoặc dd/mm/yyyy hh:mm (giờ Việt Nam), ví dụ 17/06/2024 hoặc 17/06/2024 09:30; cũng nhận YYYY-MM-DD và ISO-8601 có múi giờ.",
  dateFuture: "Ngày nộp phiếu không được ở tương lai.",
  dateTooOld: "Ngày nộp phiếu quá cũ (trước năm 2015).",
  fieldUnknown: (code: string) => `Không có lĩnh vực thủ tục với mã "${code}".`,
  duplicate: (row: number) => `Mã người trả lời bị trùng với dòng ${row} (cùng điểm phục vụ).`,
  unknownColumn: (name: string) => `Cột "${name}" không có trong bảng hỏi ${IMPORT_QUESTIONNAIRE}; hãy xoá cột này hoặc sửa tên cột.`,
  missingColumn: (name: string) => `Thiếu cột bắt buộc "${name}" ở dòng tiêu đề.`,
  duplicateColumn: (name: string) => `Cột "${name}" xuất hiện nhiều lần ở dòng tiêu đề.`,
  emptyColumn: "Dòng tiêu đề có một cột không có tên.",
  noQuestions: `Tệp phải có ít nhất một cột câu hỏi của bảng hỏi ${IMPORT_QUESTIONNAIRE} (ví dụ access.1).`,
  emptyFile: "Tệp không có dòng tiêu đề.",
  wrongDelimiter: "Các cột phải cách nhau bằng dấu phẩy (,); tệp này dùng dấu chấm phẩy hoặc tab. Hãy lưu lại bằng \"CSV UTF-8 (phân cách bằng dấu phẩy)\".",
  noRows: "Tệp không có dòng dữ liệu nào.",
  fieldCount: (got: number, want: number) => `Dòng có ${got} ô nhưng dòng tiêu đề có ${want} cột.`,
  unreadable: (detail: string) => `Không đọc được tệp CSV: ${detail}`,
} as const;

/** One answer cell: 1–5, a label word ("Hài lòng"), or empty / NA / KAD (not applicable) → null. */
const answerCell = z.string().transform((raw, ctx): AnswerValue => {
  const v = readAnswer(raw);
  if (v !== undefined) return v as AnswerValue;
  ctx.addIssue({ code: "custom", message: IMPORT_MESSAGES.answer });
  return z.NEVER;
});

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A submission time as written on a paper form: YYYY-MM-DD or YYYY-MM-DD HH:MM in Vietnam time,
 * or ISO-8601 with an offset. Returns a UTC ISO string, or null when it is not a real date.
 */
export function parseSubmittedAt(raw: string): string | null {
  const s = raw.trim();
  const iso = ISO_WITH_OFFSET.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec = "00"] = iso;
    if (+h > 23 || +mi > 59 || +sec > 59) return null;
    const day = new Date(Date.UTC(+y, +mo - 1, +d));
    if (day.getUTCFullYear() !== +y || day.getUTCMonth() !== +mo - 1 || day.getUTCDate() !== +d) return null;
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  // A date cell Excel wrote as its serial number (45460 = 17/06/2024).
  const serial = /^\d{5}(?:\.\d+)?$/.test(s) ? excelSerialToLocal(Number(s)) : null;
  const local = serial ?? vietnameseDateToLocal(s) ?? s;
  const m = /^\d{4}-\d{2}-\d{2}(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) return null;
  if (m[1] !== undefined && (+m[1] > 23 || +m[2] > 59 || +(m[3] ?? 0) > 59)) return null;
  return fromVietnamLocal(local);
}

interface ImportRowContext {
  /** Question codes of the columns present in the file. */
  questionCodes: readonly string[];
  /** Codes of active service points. */
  servicePoints: ReadonlySet<string>;
  /** Codes of the points the importing user may enter forms for (absent: all of them). */
  allowedPoints?: ReadonlySet<string>;
  /** Codes of procedure fields. */
  procedureFields: ReadonlySet<string>;
  now: Date;
  /** The days each service point was in service (a response must fall within them). */
  pointService?: ReadonlyMap<string, { from: string | null; to: string | null }>;
}

/** The raw cells of one data row, by column (absent columns are undefined). */
export interface RawImportRow {
  respondent_id?: string;
  service_point?: string;
  submitted_at?: string;
  procedure_field?: string;
  answers: Record<string, string>;
}

/**
 * The schema of one data row. Issues carry the column in their path: ["access.3"] for an answer,
 * ["service_point"] for a fixed column, so the importer can say "Dòng 7, cột access.3: …".
 */
export function importRowSchema(ctx: ImportRowContext) {
  const answers: Record<string, typeof answerCell> = {};
  for (const code of ctx.questionCodes) answers[code] = answerCell;
  return z.object({
    respondent_id: z
      .string({ error: IMPORT_MESSAGES.respondentMissing })
      .trim()
      .min(1, IMPORT_MESSAGES.respondentMissing)
      .max(MAX_RESPONDENT_ID, IMPORT_MESSAGES.respondentTooLong)
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), IMPORT_MESSAGES.respondentControl),
    service_point: z
      .string({ error: IMPORT_MESSAGES.pointMissing })
      .trim()
      .min(1, IMPORT_MESSAGES.pointMissing)
      .superRefine((code, c) => {
        if (!ctx.servicePoints.has(code)) c.addIssue({ code: "custom", message: IMPORT_MESSAGES.pointUnknown(code.slice(0, 80)) });
        else if (ctx.allowedPoints && !ctx.allowedPoints.has(code)) c.addIssue({ code: "custom", message: IMPORT_MESSAGES.pointNotAllowed(code.slice(0, 80)) });
      }),
    submitted_at: z
      .string({ error: IMPORT_MESSAGES.dateMissing })
      .trim()
      .min(1, IMPORT_MESSAGES.dateMissing)
      .transform((s, c) => {
        const iso = parseSubmittedAt(s);
        if (!iso) {
          c.addIssue({ code: "custom", message: IMPORT_MESSAGES.dateFormat });
          return z.NEVER;
        }
        const t = Date.parse(iso);
        if (t > ctx.now.getTime()) {
          c.addIssue({ code: "custom", message: IMPORT_MESSAGES.dateFuture });
          return z.NEVER;
        }
        if (t < EARLIEST_SUBMISSION) {
          c.addIssue({ code: "custom", message: IMPORT_MESSAGES.dateTooOld });
          return z.NEVER;
        }
        return iso;
      }),
    procedure_field: z
      .string()
      .trim()
      .optional()
      .transform((s, c) => {
        if (!s) return null;
        if (!ctx.procedureFields.has(s)) {
          c.addIssue({ code: "custom", message: IMPORT_MESSAGES.fieldUnknown(s.slice(0, 80)) });
          return z.NEVER;
        }
        return s;
      }),
    answers: z.object(answers),
  }).superRefine((row, c) => {
    // A form dated when its desk was not in service (docs/decisions/0012).
    const service = ctx.pointService?.get(row.service_point);
    const why = service ? outOfService(row.service_point, service.from, service.to, localDay(row.submitted_at)) : null;
    if (why) c.addIssue({ code: "custom", path: ["submitted_at"], message: why });
  });
}

export type ImportRow = z.output<ReturnType<typeof importRowSchema>>;

/** The column an issue is about: the question code for answers, else the fixed column. */
export function issueColumn(path: readonly PropertyKey[]): string | null {
  if (path[0] === "answers") return path.length > 1 ? String(path[1]) : null;
  return path.length > 0 ? String(path[0]) : null;
}
