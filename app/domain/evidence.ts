/**
 * Evidence files attached to plan reports: which types are accepted, told by the file's first
 * bytes (magic numbers) and, for office documents, the entries of the ZIP container; the name's
 * extension must agree. Pure: works on a Uint8Array.
 */

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 5;

interface EvidenceType {
  ext: string[];
  contentType: string;
  label: string;
}

const EVIDENCE_TYPES: Record<string, EvidenceType> = {
  pdf: { ext: ["pdf"], contentType: "application/pdf", label: "PDF" },
  jpg: { ext: ["jpg", "jpeg"], contentType: "image/jpeg", label: "ảnh JPG" },
  png: { ext: ["png"], contentType: "image/png", label: "ảnh PNG" },
  docx: { ext: ["docx"], contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word (.docx)" },
  xlsx: { ext: ["xlsx"], contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel (.xlsx)" },
  odt: { ext: ["odt"], contentType: "application/vnd.oasis.opendocument.text", label: "OpenDocument (.odt)" },
  ods: { ext: ["ods"], contentType: "application/vnd.oasis.opendocument.spreadsheet", label: "OpenDocument (.ods)" },
};

/** The accepted extensions, for the file input's accept attribute and the messages. */
export const EVIDENCE_ACCEPT = Object.values(EVIDENCE_TYPES).flatMap((t) => t.ext.map((e) => `.${e}`)).join(",");
export const EVIDENCE_KINDS_TEXT = "PDF, JPG, PNG, Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods)";

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => new TextDecoder("latin1").decode(b.subarray(from, Math.min(to, b.length)));

/** The type of a file by its content, or null when it is none of the accepted types. */
export function sniffEvidence(b: Uint8Array): keyof typeof EVIDENCE_TYPES | null {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // OpenDocument: the first entry is "mimetype", stored, holding the media type.
    const head = ascii(b, 30, 120);
    if (head.startsWith("mimetypeapplication/vnd.oasis.opendocument.text")) return "odt";
    if (head.startsWith("mimetypeapplication/vnd.oasis.opendocument.spreadsheet")) return "ods";
    // Office Open XML: entry names sit in the local headers and the central directory (plain text).
    const names = ascii(b, 0, 65536) + ascii(b, Math.max(0, b.length - 65536), b.length);
    if (!names.includes("[Content_Types].xml")) return null;
    if (names.includes("word/document.xml") || names.includes("word/")) return "docx";
    if (names.includes("xl/workbook.xml") || names.includes("xl/")) return "xlsx";
  }
  return null;
}

type EvidenceCheck =
  | { ok: true; type: keyof typeof EVIDENCE_TYPES; contentType: string; fileName: string }
  | { ok: false; message: string };

/** A name safe to store and to send back: no path, no control or quote characters, at most 120 characters. */
export function safeFileName(name: string): string {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?;]/g, "_").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  if (!clean) return "minh-chung";
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : "";
  return clean.slice(0, 120 - ext.length) + ext;
}

/** Checks one uploaded file: not empty, not too big, an accepted type whose content matches its name. */
export function checkEvidence(name: string, bytes: Uint8Array): EvidenceCheck {
  const fileName = safeFileName(name);
  if (bytes.length === 0) return { ok: false, message: `Tệp "${fileName}" rỗng; hãy chọn lại tệp.` };
  if (bytes.length > EVIDENCE_MAX_BYTES) return { ok: false, message: `Tệp "${fileName}" lớn hơn 10 MB; hãy nén hoặc chia nhỏ rồi gửi lại.` };
  const type = sniffEvidence(bytes);
  const ext = /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (!type) return { ok: false, message: `Tệp "${fileName}" không phải loại được nhận (${EVIDENCE_KINDS_TEXT}); hãy lưu lại đúng định dạng rồi gửi.` };
  if (!EVIDENCE_TYPES[type].ext.includes(ext)) {
    return { ok: false, message: `Tệp "${fileName}" có nội dung là ${EVIDENCE_TYPES[type].label} nhưng tên có đuôi ".${ext || "?"}"; hãy đặt đuôi .${EVIDENCE_TYPES[type].ext[0]} rồi gửi lại.` };
  }
  return { ok: true, type, contentType: EVIDENCE_TYPES[type].contentType, fileName };
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentHeader(fileName: string): string {
  const safe = safeFileName(fileName);
  const fallback = safe.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e]/g, "_").replace(/[%\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
