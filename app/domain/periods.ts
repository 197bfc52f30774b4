/** Periods are calendar days and years in Vietnam time (UTC+7, no daylight saving). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The local calendar day (YYYY-MM-DD) in Vietnam of a UTC instant. */
export function localDay(instant: Date | string): string {
  const t = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${String(instant)}`);
  return new Date(t + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function localYear(instant: Date | string): number {
  return Number(localDay(instant).slice(0, 4));
}

/** A local-time wall clock string (paper forms) read as Vietnam time, returned as UTC ISO. */
export function fromVietnamLocal(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(date.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - VIETNAM_OFFSET_MS;
  const back = new Date(t + VIETNAM_OFFSET_MS);
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d) return null;
  return new Date(t).toISOString();
}

/** A reporting period within a year: the whole year, a quarter (Q1…Q4) or a month (M01…M12). */
export type PeriodCode = "year" | `Q${1 | 2 | 3 | 4}` | `M${string}`;

const PERIOD_CODES: readonly string[] = ["year", "Q1", "Q2", "Q3", "Q4", ...Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, "0")}`)];

export function isPeriodCode(s: string): s is PeriodCode {
  return PERIOD_CODES.includes(s);
}

/** The months (YYYY-MM, inclusive) and local days of a period. */
export function periodRange(year: number, period: PeriodCode): { months: { from: string; to: string }; days: { from: string; to: string } } {
  let first = 1;
  let last = 12;
  if (period.startsWith("Q")) {
    first = (Number(period.slice(1)) - 1) * 3 + 1;
    last = first + 2;
  } else if (period.startsWith("M")) {
    first = last = Number(period.slice(1));
  }
  const mm = (m: number) => `${year}-${String(m).padStart(2, "0")}`;
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { months: { from: mm(first), to: mm(last) }, days: { from: `${mm(first)}-01`, to: `${mm(last)}-${String(lastDay).padStart(2, "0")}` } };
}

/** The quarter before (Q1 2025 → Q4 2024). */
export function previousQuarter(year: number, quarter: number): { year: number; quarter: number } {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/** Vietnamese label of a period: "năm 2024", "quý II/2024", "tháng 03/2024". */
export function periodLabel(year: number, period: PeriodCode): string {
  if (period.startsWith("Q")) return `quý ${["I", "II", "III", "IV"][Number(period.slice(1)) - 1]}/${year}`;
  if (period.startsWith("M")) return `tháng ${period.slice(1)}/${year}`;
  return `năm ${year}`;
}

/** The months of a year, as the month range the rollups read. */
export function yearMonths(year: number): { from: string; to: string } {
  return { from: `${year}-01`, to: `${year}-12` };
}
