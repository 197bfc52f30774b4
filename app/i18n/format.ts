/** vi-VN (default) and en formats: 81,57%; 17/06/2024. */
/** A registered language code: "vi", "en", or a data file's code (see locales.ts). */
export type Lang = string;
const locale = (lang: Lang) => (lang === "en" ? "en-GB" : "vi-VN");

export function formatPercent(v: number | null | undefined, lang: Lang = "vi", digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function formatNumber(v: number | null | undefined, lang: Lang = "vi", digits = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** Percentage points, signed: +3,00 đ.p. */
export function formatPoints(v: number | null | undefined, lang: Lang = "vi"): string {
  if (v === null || v === undefined) return "—";
  const s = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "always" }).format(v * 100);
  return lang === "en" ? `${s} pp` : `${s} điểm %`;
}

/** A date in Vietnam time: 17/06/2024. */
export function formatDate(iso: string | null | undefined, lang: Lang = "vi"): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(lang), { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, lang: Lang = "vi"): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  }).format(new Date(iso));
}
