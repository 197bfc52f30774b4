import type ExcelJS from "exceljs";
import { excel } from "../../platform/libraries.server";
import type { Db } from "../../platform/db.server";
import { ANSWER_LABELS } from "../../domain/paper-files";
import { FIXED_COLUMNS } from "../../schemas/import";
import { csvLine } from "../../platform/csv.server";
import { EXAMPLE_MARK, FIXED_COLUMN_LABELS, ImportSetupError } from "./import.server";
import { currentVersion } from "./questionnaires.server";

/** Rows of the template that carry data validation (after the example row). */
const VALIDATED_ROWS = 2000;

interface PaperTemplate {
  fileName: string;
  contentType: string;
  body: Buffer;
}

function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * The template of a questionnaire version for paper forms: a first row of question texts in
 * Vietnamese, a row of the codes the reader uses, an example row marked "VÍ DỤ" (not imported),
 * and, in the XLSX, data validation on the answer cells (1–5, the scale's words or KAD).
 */
export async function paperTemplate(db: Db, questionnaire: string, format: "xlsx" | "csv", examplePoint: string | null): Promise<PaperTemplate> {
  const v = await currentVersion(db, questionnaire);
  if (!v || !v.channels.includes("paper")) throw new ImportSetupError("Bảng hỏi này không dùng cho phiếu giấy.");
  const codes = [...FIXED_COLUMNS, ...v.questions.map((q) => q.code)];
  const texts = [...FIXED_COLUMNS.map((c) => FIXED_COLUMN_LABELS[c]), ...v.questions.map((q) => q.text)];
  const example = [
    `${EXAMPLE_MARK} (dòng mẫu, không được nhập)`, examplePoint ?? "", "17/06/2024 09:30", "",
    ...v.questions.map((_, i) => (i === 0 ? "Hài lòng" : i === 1 ? "KAD" : i % 2 === 0 ? "5" : "4")),
  ];
  const base = `mau-phieu-giay-${v.code}-v${v.version}`;
  if (format === "csv") {
    const text = "\uFEFF" + csvLine(texts) + csvLine(codes) + csvLine(example);
    return { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: Buffer.from(text, "utf8") };
  }
  const wb = new (await excel()).Workbook();
  wb.creator = "Hài Lòng";
  const ws = wb.addWorksheet("Phiếu giấy", { views: [{ state: "frozen", ySplit: 2 }] });
  ws.addRow(texts);
  ws.addRow(codes);
  ws.addRow(example);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "top" };
  ws.getRow(1).height = 90;
  ws.getRow(2).font = { color: { argb: "FF555555" }, italic: true };
  ws.getRow(3).font = { color: { argb: "FF8A5A00" }, italic: true };
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 26 : i < FIXED_COLUMNS.length ? 18 : 14));
  const last = codes.length;
  const first = FIXED_COLUMNS.length + 1;
  const list = ["1", "2", "3", "4", "5", "KAD", ...ANSWER_LABELS.map(([w]) => w)];
  // exceljs keeps a range as one rule (dataValidations.add is not in its typings).
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    `${columnLetter(first)}4:${columnLetter(last)}${VALIDATED_ROWS + 3}`,
    {
      type: "list", allowBlank: true, formulae: [`"${list.join(",")}"`], showErrorMessage: true,
      errorTitle: "Câu trả lời không hợp lệ", error: "Nhập 1–5, một mức của thang đo (ví dụ Hài lòng) hoặc KAD nếu không áp dụng.",
    },
  );
  (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    `C4:C${VALIDATED_ROWS + 3}`,
    { type: "custom", allowBlank: true, formulae: ["TRUE"], showInputMessage: true, promptTitle: "Ngày nộp phiếu", prompt: "dd/mm/yyyy hoặc dd/mm/yyyy hh:mm, giờ Việt Nam" },
  );
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body };
}
