// Files chosen in a staff form (CSV, JSON, XLSX): one rule for what counts as chosen, one size
// check with one Vietnamese answer, and the text pasted instead of a file where a page allows it.
import { InputError } from "./errors";

/** 262144 → "256 KB", 2097152 → "2 MB". */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`.replace(".", ",") : `${Math.round(bytes / 1024)} KB`;
}

/** The file chosen in a field: null when none was chosen (an empty file input sends an empty part). */
export function chosenFile(form: FormData, field = "file", maxBytes?: number): File | null {
  const file = form.get(field);
  if (!file || typeof file === "string" || file.size === 0) return null;
  if (maxBytes !== undefined && file.size > maxBytes) {
    throw new InputError("too_large", `Tệp quá lớn (tối đa ${sizeText(maxBytes)}).`, { [field]: `Chọn tệp nhỏ hơn ${sizeText(maxBytes)}.` }, 413);
  }
  return file;
}

/**
 * The text of an uploaded file, or of the text pasted in `pastedField` when no file was chosen.
 * Nothing at all → `missing` as the refusal (400 unless the page says otherwise).
 */
export async function uploadedText(
  form: FormData,
  opts: { maxBytes: number; missing: string; missingField?: string; missingStatus?: number; field?: string; pastedField?: string; pastedName?: string; types?: string[] },
): Promise<{ text: string; fileName: string }> {
  const field = opts.field ?? "file";
  const file = chosenFile(form, field, opts.maxBytes);
  if (file && opts.types) checkType(file, opts.types, field);
  const pasted = opts.pastedField ? String(form.get(opts.pastedField) ?? "") : "";
  if (!file && pasted.length > opts.maxBytes) {
    throw new InputError("too_large", `Nội dung quá dài (tối đa ${sizeText(opts.maxBytes)}).`, { [field]: `Dán nội dung ngắn hơn ${sizeText(opts.maxBytes)}.` }, 413);
  }
  const text = file ? await file.text() : pasted;
  if (!text.trim()) throw new InputError("invalid_input", opts.missing, { [field]: opts.missingField ?? "Chọn tệp." }, opts.missingStatus ?? 400);
  return { text, fileName: file?.name ?? opts.pastedName ?? "nội dung dán vào" };
}

/**
 * A file the form must carry, of one of the given types (by name: "csv", "xlsx", "json"): none →
 * `missing` (400), too large (413), another type (415), each in Vietnamese.
 */
export function requiredFile(form: FormData, opts: { maxBytes: number; missing: string; types: string[]; field?: string }): File {
  const field = opts.field ?? "file";
  const file = chosenFile(form, field, opts.maxBytes);
  if (!file) throw new InputError("invalid_input", opts.missing, { [field]: "Chọn tệp." });
  checkType(file, opts.types, field);
  return file;
}

/** A file named as one of the types ("csv", "xlsx", "json"), else a 415 in Vietnamese. */
function checkType(file: File, types: string[], field: string): void {
  const list = types.map((t) => `.${t}`).join(" hoặc ");
  if (!types.some((t) => file.name.toLowerCase().endsWith(`.${t}`))) {
    throw new InputError("invalid_input", `Chỉ nhận tệp ${list}.`, { [field]: `Chọn tệp ${list}.` }, 415);
  }
}
