// Libraries that only a few requests need, loaded on their first use instead of at start: a server
// that never makes a spreadsheet or a poster does not hold them (exceljs, docx and qrcode together
// were about 45 MB of the server's memory at start; docs/performance.md).

/** exceljs: XLSX exports, imports and templates. */
export async function excel() {
  return (await import("exceljs")).default;
}

/** docx: the consolidated plan report as an editable Word file. */
export function docx() {
  return import("docx");
}

/** qrcode: the QR codes of the posters. */
export async function qrCode() {
  return (await import("qrcode")).default;
}
