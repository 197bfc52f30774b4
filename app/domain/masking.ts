/**
 * Personal data in citizens' own words, masked before any staff page or export shows them (pure).
 *
 * `maskPersonalData(text)` replaces, in this order:
 *   1. e-mail addresses                → "[email]"
 *   2. dossier codes                   → "[mã hồ sơ]": a token of ASCII letters and digits joined by
 *      "." "-" or "/" that holds both a letter and a digit and either two separators or six digits,
 *      e.g. "H15.01-261204-0001", "000.00.18.H15-240101-0001", "HS-2024-00123"; an amount such as
 *      "1.500.000VND" is not a code, nor is "COVID-19" (one separator, two digits);
 *   3. phone numbers                   → "[số điện thoại]": a Vietnamese number of 10 or 11 digits
 *      starting with 0 (mobile 03/05/07/08/09…, landline 02…), or the same after +84 / (+84) / 84
 *      instead of the 0, digits grouped by spaces, dots or dashes ("0912 345 678", "0912.345.678",
 *      "+84 912 345 678", "028-3829-1234");
 *   4. CCCD / CMND numbers             → "[số CCCD/CMND]": 12 or 9 digits, written together or in
 *      groups of three separated by spaces;
 *   5. names after a cue               → "[họ tên]": one to four capitalised words ("Nguyễn Văn An")
 *      right after "tên tôi là", "tôi tên là", "tôi là", "ông", "bà", "anh", "chị", "cô", "chú",
 *      "bác", "em" or "cán bộ" (the cue itself is kept: "chị [họ tên]").
 *
 * Limits, said plainly: a name with no cue before it ("Hỏi Nguyễn Văn An thì biết") or written in
 * lower case is not found; a capitalised word after a cue is taken for a name even when it is not
 * ("anh Hà Nội" is masked — better too much than too little); a phone number written in words, or
 * cut in irregular pieces, is not found. Ordinary numbers ("5 phút", "năm 2024", "1.500.000 đồng",
 * dates "12/05/2024") are left alone. The text is NFC-normalised first (some keyboards send
 * decomposed Vietnamese), so the output is NFC.
 */
export const MASK = {
  email: "[email]",
  dossier: "[mã hồ sơ]",
  phone: "[số điện thoại]",
  id: "[số CCCD/CMND]",
  name: "[họ tên]",
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const CODE = /(?<![\p{L}\p{N}])[A-Za-z0-9]+(?:[./-][A-Za-z0-9]+)+(?![\p{L}\p{N}])/gu;

// 0 (or +84, (+84), 84) then 9 or 10 digits, each optionally after one space, dot or dash.
const PHONE = /(?<![\p{L}\p{N}+])(?:\(\+84\)|\+84|84|0)[\s.-]?\d(?:[\s.-]?\d){8,9}(?!\d)/gu;

const ID_NUMBER = /(?<!\d)(?:\d{12}|\d{9}|\d{3}(?: \d{3}){3}|\d{3}(?: \d{3}){2})(?!\d)/g;

const CUES = ["tên tôi là", "tôi tên là", "tôi là", "cán bộ", "ông", "bà", "anh", "chị", "cô", "chú", "bác", "em"];
/** "tôi là" → "[Tt]ôi là": a cue at the start of a sentence counts too (no /i flag: it would blur \p{Lu}). */
const cueSource = CUES.map((c) => `[${c[0].toUpperCase()}${c[0]}]${c.slice(1).replace(/ /g, "\\s+")}`).join("|");
const NAME_WORD = "\\p{Lu}[\\p{Ll}\\p{M}]*";
const NAME = new RegExp(`(?<![\\p{L}\\p{M}])(${cueSource})(\\s+)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,3})(?![\\p{L}\\p{M}\\p{N}])`, "gu");

function isDossierCode(token: string): boolean {
  if (!/[A-Za-z]/.test(token) || !/\d/.test(token)) return false;
  if (/^[\d.,]+(?:VND|VNĐ|USD|đ|d|k)$/i.test(token)) return false;
  const separators = (token.match(/[./-]/g) ?? []).length;
  const digits = (token.match(/\d/g) ?? []).length;
  return separators >= 2 || digits >= 6;
}

/** A citizen's text with e-mails, dossier codes, phones, ID numbers and cued names masked. */
export function maskPersonalData(text: string): string {
  let s = text.normalize("NFC");
  s = s.replace(EMAIL, MASK.email);
  s = s.replace(CODE, (m) => (isDossierCode(m) ? MASK.dossier : m));
  s = s.replace(PHONE, MASK.phone);
  s = s.replace(ID_NUMBER, MASK.id);
  s = s.replace(NAME, (_m, cue: string, space: string) => `${cue}${space}${MASK.name}`);
  return s;
}
