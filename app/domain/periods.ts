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

/** The first and last local day of a year, for range queries over `local_day`. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
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
