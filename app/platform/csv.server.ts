// CSV, both ways: cells written safely for spreadsheets, and the errors of a file read in.

/**
 * A text cell that a spreadsheet would read as a formula (= + - @, or a leading tab / carriage
 * return) gets a leading apostrophe, so an exported answer can never run in Excel.
 */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A cell of an exported sheet: text, a number, or empty. */
export type Cell = string | number | null;

/** One RFC 4180 line (CRLF): text neutralised, quoted when it holds a comma, quote or line break. */
export function csvLine(cells: Cell[]): string {
  return cells.map((c) => {
    if (c === null) return "";
    if (typeof c === "number") return Number.isFinite(c) ? String(c) : "";
    const s = neutralise(c);
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(",") + "\r\n";
}

/** One problem of an import file. row: spreadsheet row (the header is row 1); column: a header name, or null for the whole row. */
export interface ImportError {
  row: number;
  column: string | null;
  message: string;
}

/** "Dòng 7, cột access.3: Câu trả lời phải là số 1–5…" */
export function formatImportError(e: ImportError): string {
  return e.column ? `Dòng ${e.row}, cột ${e.column}: ${e.message}` : `Dòng ${e.row}: ${e.message}`;
}
