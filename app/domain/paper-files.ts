/**
 * The files offices really have (issue 20), as pure rules: which delimiter a CSV uses, which
 * character encoding a file is in (UTF-8, or the legacy Vietnamese font encodings TCVN3/ABC and
 * VNI), the conversion of TCVN3 text to Unicode, Vietnamese dates, Excel serial dates and the
 * answer label words. No I/O.
 */
import { VIETNAM_OFFSET_MS } from "./periods";

// ---------------------------------------------------------------- delimiter

type Delimiter = "," | ";" | "\t";

/**
 * The delimiter of a CSV, from its first line (the header): the one of comma, semicolon and tab
 * that occurs most often outside quotes. A header with none of them is read as comma-separated.
 */
export function detectDelimiter(firstLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch] += 1;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
  }
  let best: Delimiter = ",";
  for (const d of [";", "\t"] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

// ---------------------------------------------------------------- encodings

/**
 * TCVN3 (ABC, TCVN 5712:1993, fonts .VnTime…) → Unicode. TCVN3 puts each Vietnamese letter on one
 * byte of 0xA1–0xFE; text typed in such a font and saved by Excel shows these bytes as Latin-1
 * characters ("Hµi lßng"). Capital letters with tone marks do not exist in TCVN3 (the capital
 * fonts .VnTimeH reuse the lower-case codes), so only these are mapped.
 */
const TCVN3_TO_UNICODE: Readonly<Record<string, string>> = {
  "\u00b5": "à", "\u00b8": "á", "\u00b6": "ả", "\u00b7": "ã", "\u00b9": "ạ",
  "\u00a8": "ă", "\u00bb": "ằ", "\u00be": "ắ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00c6": "ặ",
  "\u00a9": "â", "\u00c7": "ầ", "\u00ca": "ấ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00cb": "ậ",
  "\u00ae": "đ",
  "\u00cc": "è", "\u00d0": "é", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d1": "ẹ",
  "\u00aa": "ê", "\u00d2": "ề", "\u00d5": "ế", "\u00d3": "ể", "\u00d4": "ễ", "\u00d6": "ệ",
  "\u00d7": "ì", "\u00dd": "í", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00de": "ị",
  "\u00df": "ò", "\u00e3": "ó", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e4": "ọ",
  "\u00ab": "ô", "\u00e5": "ồ", "\u00e8": "ố", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e9": "ộ",
  "\u00ac": "ơ", "\u00ea": "ờ", "\u00ed": "ớ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ee": "ợ",
  "\u00ef": "ù", "\u00f3": "ú", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f4": "ụ",
  "\u00ad": "ư", "\u00f5": "ừ", "\u00f8": "ứ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f9": "ự",
  "\u00fa": "ỳ", "\u00fd": "ý", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fe": "ỵ",
  "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư", "\u00a7": "Đ",
};

const TCVN3_CHARS = new RegExp(`[${Object.keys(TCVN3_TO_UNICODE).join("")}]`, "g");

/** TCVN3 text (read as Latin-1) to Unicode; ASCII is unchanged. */
export function tcvn3ToUnicode(s: string): string {
  return s.replace(TCVN3_CHARS, (c) => TCVN3_TO_UNICODE[c] ?? c);
}

/** Letters only Unicode Vietnamese has (ă â đ ê ô ơ ư and the toned vowels of U+1EA0–U+1EF9). */
const UNICODE_VIETNAMESE = /[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/;
/** Characters TCVN3 text is full of and VNI text never uses (µ ¸ ¶ · ¹ ¨ © ® « ¬ ª and the soft hyphen of ư). */
const TCVN3_SIGNS = /[\u00b5\u00b8\u00b6\u00b7\u00b9\u00a8\u00a9\u00ae\u00ab\u00ac\u00aa\u00ad]/g;
/** VNI writes a vowel then its marks as Latin-1 letters: "Haøi loøng", "Coäng hoaø". */
const VNI_SIGNS = /[aeiouyAEIOUY][\u00f8\u00f9\u00fb\u00f5\u00ef\u00e2\u00ea\u00e4\u00e1\u00e0\u00e5\u00e3\u00e9\u00e8\u00fa\u00fc\u00eb\u00d8\u00d9\u00db\u00d5\u00cf\u00c2\u00ca\u00c4]|[\u00f4\u00f6\u00d4\u00d6][\u00f8\u00f9\u00fb\u00f5\u00ef]/g;

type TextEncoding = "unicode" | "tcvn3" | "vni";

/**
 * Which encoding text is written in. Text with Unicode Vietnamese letters is Unicode; otherwise
 * several TCVN3 signs mean TCVN3 and several VNI vowel-and-mark pairs mean VNI. Plain ASCII (codes
 * and numbers only) is Unicode.
 */
export function detectTextEncoding(text: string): TextEncoding {
  if (UNICODE_VIETNAMESE.test(text)) return "unicode";
  const tcvn = (text.match(TCVN3_SIGNS) ?? []).length;
  const vni = (text.match(VNI_SIGNS) ?? []).length;
  if (tcvn >= 2 && tcvn >= vni / 2) return "tcvn3";
  if (vni >= 2) return "vni";
  return "unicode";
}

/**
 * Whether bytes are UTF-8. `complete` false: the bytes are the first part of a longer file, so a
 * character cut at the end is allowed.
 */
export function isUtf8(bytes: Uint8Array, complete = true): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return false;
    if (i + need >= n && need > 0) return !complete && [...bytes.subarray(i + 1)].every((c) => (c & 0xc0) === 0x80);
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += need + 1;
  }
  return true;
}

interface FileEncoding {
  /** How the bytes become characters. */
  bytes: "utf8" | "latin1";
  /** Which Vietnamese encoding the characters are in. */
  text: TextEncoding;
  bom: boolean;
}

/** The encoding of a file from its first bytes (a sample; `complete` when it is the whole file). */
export function detectFileEncoding(sample: Uint8Array, complete = true): FileEncoding {
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = bom ? sample.subarray(3) : sample;
  const bytes = isUtf8(body, complete) ? "utf8" : "latin1";
  const text = Buffer.from(body).toString(bytes);
  return { bytes, text: detectTextEncoding(text), bom };
}

export const ENCODING_MESSAGES = {
  vni:
    "Tệp được gõ bằng bảng mã VNI (phông VNI-Times…), hệ thống không đọc được chữ tiếng Việt trong tệp này. " +
    "Hãy chuyển sang Unicode rồi tải lên lại: mở tệp bằng Excel, chép vùng dữ liệu, trong Unikey chọn Công cụ (Ctrl+Shift+F6), " +
    "bảng mã nguồn “VNI Windows”, bảng mã đích “Unicode”, bấm “Chuyển mã”, dán lại vào Excel và lưu dạng “CSV UTF-8” hoặc “Excel Workbook (.xlsx)”.",
} as const;

// ---------------------------------------------------------------- dates

const pad2 = (n: number | string) => String(n).padStart(2, "0");

/**
 * A date as written in Vietnam: dd/mm/yyyy or dd/mm/yyyy hh:mm[:ss] (also d/m/yyyy, dd-mm-yyyy,
 * dd.mm.yyyy), returned as the local wall-clock "yyyy-mm-dd[ hh:mm[:ss]]", or null when it has
 * another form. Whether the day exists is checked by the caller (fromVietnamLocal).
 */
export function vietnameseDateToLocal(raw: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(raw.trim());
  if (!m) return null;
  const [, d, mo, y, h, mi, s] = m;
  const day = `${y}-${pad2(mo)}-${pad2(d)}`;
  if (h === undefined) return day;
  return `${day} ${pad2(h)}:${mi}${s !== undefined ? `:${s}` : ""}`;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * An Excel serial date (days since 1899-12-30, the fraction is the time of day) as local wall-clock
 * "yyyy-mm-dd hh:mm:ss"; null outside 1 January 1900 … 31 December 9999.
 */
export function excelSerialToLocal(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const t = Math.round((EXCEL_EPOCH_MS + serial * 86_400_000) / 1000) * 1000;
  return utcWallClock(new Date(t));
}

/** The wall clock of a Date whose UTC fields hold local time (how exceljs reads date cells). */
export function utcWallClock(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** A UTC instant as dd/mm/yyyy hh:mm in Vietnam time (for messages and templates). */
export function vietnamDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

// ---------------------------------------------------------------- answers

/** The answer scale's words, as printed on the form (app/i18n/messages.ts scale.1…5). */
export const ANSWER_LABELS: ReadonlyArray<readonly [string, 1 | 2 | 3 | 4 | 5]> = [
  ["Rất không hài lòng", 1],
  ["Không hài lòng", 2],
  ["Bình thường", 3],
  ["Hài lòng", 4],
  ["Rất hài lòng", 5],
];

/** Words that mean not applicable: "KAD" (không áp dụng), "NA", "Không áp dụng". */
const NOT_APPLICABLE = ["kad", "na", "n/a", "không áp dụng"] as const;

const fold = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");
const LABELS = new Map(ANSWER_LABELS.map(([w, v]) => [fold(w), v]));

/**
 * One answer cell: 1–5 (also "5.0" as Excel may write it), a label word of the scale (any case,
 * with or without "1 - " in front), blank or a not-applicable word (null). undefined: not an answer.
 */
export function readAnswer(raw: string): 1 | 2 | 3 | 4 | 5 | null | undefined {
  // The common cells first, without folding (a locale-aware lower case per cell was most of the
  // check of a large file): a single digit 1–5, or an empty cell.
  if (raw.length === 1) {
    const c = raw.charCodeAt(0) - 48;
    if (c >= 1 && c <= 5) return c as 1 | 2 | 3 | 4 | 5;
  } else if (raw.length === 0) return null;
  const s = fold(raw);
  if (s === "" || (NOT_APPLICABLE as readonly string[]).includes(s)) return null;
  const num = /^([1-5])(?:[.,]0+)?$/.exec(s);
  if (num) return Number(num[1]) as 1 | 2 | 3 | 4 | 5;
  const label = LABELS.get(s.replace(/^[1-5]\s*[-–.:)]\s*/, ""));
  return label;
}
